import { and, asc, eq, inArray } from "drizzle-orm";
import { type ListItemsQuery, type StandardSubsidyType, standardSubsidyTypeLabels } from "../../../../shared/src/contracts/catalogue.ts";
import type { Ctx, Deps } from "../../platform/context.ts";
import { type ExportColumn, writeXlsx } from "../../platform/spreadsheet/index.ts";
import { readAll } from "../../platform/db/reads.ts";
import { itemReadWhere, standardReadWhere } from "./catalogue.policy.ts";
import { type ItemRow, type OccupationRow, occupationsByIds, type StandardDbRow, type VersionRow, versionsOf } from "./catalogue.repo.ts";
import { catalogueItems, occupations, subsidyStandards } from "./catalogue.table.ts";
import { itemFilters } from "./items.service.ts";

const MAX_EXPORT = 50_000;
const yesNo = (b: boolean) => (b ? "是" : "否");
const MODE_LABEL: Record<string, string> = { offline: "线下", online: "线上", blended: "线上线下结合" };

/** Same columns as the import, so an export can be edited and imported back. */
export async function exportOccupations(deps: Deps): Promise<Buffer> {
  const rows = await deps.db.select().from(occupations).orderBy(asc(occupations.edition), asc(occupations.code)).limit(MAX_EXPORT);
  const cols: ExportColumn<OccupationRow>[] = [
    { header: "大典版本", value: (r) => String(r.edition) },
    { header: "职业编码", value: (r) => r.code },
    { header: "职业名称", width: 24, value: (r) => r.name },
    { header: "数字职业(S)", value: (r) => yesNo(r.digital) },
    { header: "绿色职业(L)", value: (r) => yesNo(r.green) },
    { header: "工种", width: 30, value: (r) => r.trades.join("、") },
    { header: "备注", width: 30, value: (r) => r.note },
    { header: "演示数据", value: (r) => yesNo(r.demo) },
  ];
  return writeXlsx("职业目录", cols, rows);
}

/** One row per item version, within the caller's read scope and filters. */
export async function exportItems(deps: Deps, ctx: Ctx, q: Partial<ListItemsQuery>): Promise<Buffer> {
  const items = await deps.db
    .select()
    .from(catalogueItems)
    .where(and(itemReadWhere(ctx.actor), ...itemFilters(q)))
    .orderBy(asc(catalogueItems.code))
    .limit(MAX_EXPORT);
  const [occ, versions] = await readAll(deps.db, [() => occupationsByIds(deps.db, items.map((i) => i.occupationId)), () => versionsOf(deps.db, items.map((i) => i.id))]);
  const byId = new Map(items.map((i) => [i.id, i]));
  type Row = { item: ItemRow; occ: OccupationRow | undefined; v: VersionRow };
  const rows: Row[] = versions.map((v) => {
    const item = byId.get(v.itemId)!;
    return { item, occ: item.occupationId ? occ.get(item.occupationId) : undefined, v };
  });
  rows.sort((a, b) => a.item.code.localeCompare(b.item.code) || a.v.effectiveFrom.localeCompare(b.v.effectiveFrom));
  const cols: ExportColumn<Row>[] = [
    { header: "项目编号", value: (r) => r.item.code },
    { header: "职业编码", value: (r) => r.occ?.code },
    { header: "大典版本", value: (r) => (r.occ ? String(r.occ.edition) : null) },
    { header: "职业名称", value: (r) => r.occ?.name },
    { header: "工种", value: (r) => r.item.tradeName },
    { header: "专项项目名称", value: (r) => r.item.projectName },
    { header: "培训类型", value: (r) => r.item.trainingType },
    { header: "证书类型", width: 30, value: (r) => r.item.certificateTypes.join("、") },
    { header: "技能等级", value: (r) => r.item.skillLevels.join("、") },
    { header: "行业", value: (r) => r.item.industryCode },
    { header: "服务计划项目", value: (r) => r.item.programCodes.join("、") },
    { header: "最少课时", value: (r) => r.v.minHours },
    { header: "最多课时", value: (r) => r.v.maxHours },
    { header: "理论最低占比(%)", value: (r) => r.v.minTheoryPercent },
    { header: "实操最低占比(%)", value: (r) => r.v.minPracticePercent },
    { header: "培训方式", value: (r) => r.v.modes.map((m) => MODE_LABEL[m] ?? m).join("、") },
    { header: "生效日期", value: (r) => r.v.effectiveFrom },
    { header: "失效日期", value: (r) => r.v.effectiveTo },
    { header: "备注", value: (r) => r.v.note },
    { header: "状态", value: (r) => r.item.status },
  ];
  return writeXlsx("培训项目目录", cols, rows);
}

/** Amounts as yuan text with two decimals (exact), so re-import gives the same fen. */
export function fenToYuan(fen: number): string {
  return `${Math.trunc(fen / 100)}.${String(fen % 100).padStart(2, "0")}`;
}

export async function exportStandards(deps: Deps, ctx: Ctx, q: { itemId?: string | undefined; subsidyType?: StandardSubsidyType | undefined }): Promise<Buffer> {
  const rows = await deps.db
    .select()
    .from(subsidyStandards)
    .where(and(standardReadWhere(ctx.actor), q.itemId ? inArray(subsidyStandards.itemId, [q.itemId]) : undefined, q.subsidyType ? eq(subsidyStandards.subsidyType, q.subsidyType) : undefined))
    .orderBy(asc(subsidyStandards.itemId), asc(subsidyStandards.subsidyType), asc(subsidyStandards.regionCode), asc(subsidyStandards.effectiveFrom))
    .limit(MAX_EXPORT);
  const ids = [...new Set(rows.map((r) => r.itemId))];
  const items = ids.length ? await deps.db.select({ id: catalogueItems.id, code: catalogueItems.code }).from(catalogueItems).where(inArray(catalogueItems.id, ids)) : [];
  const code = new Map(items.map((i) => [i.id, i.code]));
  const cols: ExportColumn<StandardDbRow>[] = [
    { header: "项目编号", value: (r) => code.get(r.itemId) },
    { header: "补贴类型", value: (r) => standardSubsidyTypeLabels[r.subsidyType] },
    { header: "地区代码", value: (r) => r.regionCode },
    { header: "证书类型", value: (r) => r.certificateType },
    { header: "技能等级", value: (r) => r.skillLevel },
    { header: "补贴标准(元)", value: (r) => fenToYuan(r.amountFen) },
    { header: "紧缺系数(%)", value: (r) => r.shortageFactorPercent },
    { header: "线上系数(%)", value: (r) => r.onlineFactorPercent },
    { header: "线上线下结合系数(%)", value: (r) => r.blendedFactorPercent },
    { header: "生效日期", value: (r) => r.effectiveFrom },
    { header: "失效日期", value: (r) => r.effectiveTo },
    { header: "备注", value: (r) => r.note },
  ];
  return writeXlsx("补贴标准", cols, rows);
}
