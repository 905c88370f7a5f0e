import { randomUUID } from "node:crypto";
import { and, asc, count, eq, inArray, isNull, type SQL, sql } from "drizzle-orm";
import type { CreateStandardBody, UpdateStandardBody } from "../../../../shared/src/contracts/catalogue.ts";
import type { ValidationIssue } from "../../../../shared/src/errors.ts";
import { regionPrefix } from "../../../../shared/src/regions.ts";
import { audit } from "../../platform/audit/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Ctx, Deps } from "../../platform/context.ts";
import type { Db } from "../../platform/db/db.ts";
import { AppError, invalid } from "../../platform/http/errors.ts";
import { readAll } from "../../platform/db/reads.ts";
import { addDays } from "../calendar/index.ts";
import { standardReadWhere, standardRules } from "./catalogue.policy.ts";
import { presentStandard } from "./catalogue.presenter.ts";
import { issue, LEVELLED_CERTIFICATES } from "./catalogue.refs.ts";
import { type ItemRow, lockKey, regionExists, regionNames, type StandardDbRow } from "./catalogue.repo.ts";
import { catalogueItems, subsidyStandards } from "./catalogue.table.ts";
import { today } from "./items.service.ts";
import { computeStandard, isStandardRegion, periodsOverlap, type StandardAnswer, type StandardSubsidyType, standardRegionChain, type TrainingMode } from "./standard-lookup.ts";

async function present(db: Db, ctx: Ctx, clock: Clock, rows: StandardDbRow[]) {
  const itemIds = [...new Set(rows.map((r) => r.itemId))];
  const items = itemIds.length ? await db.select({ id: catalogueItems.id, code: catalogueItems.code }).from(catalogueItems).where(inArray(catalogueItems.id, itemIds)) : [];
  const codes = new Map(items.map((i) => [i.id, i.code]));
  const names = await regionNames(db, rows.map((r) => r.regionCode));
  const t = today(clock);
  return rows.map((r) => presentStandard(ctx.actor, r, codes.get(r.itemId) ?? "", names.get(r.regionCode) ?? r.regionCode, t));
}

export async function listStandards(
  deps: Deps,
  ctx: Ctx,
  q: { subsidyType?: StandardSubsidyType | undefined; itemId?: string | undefined; regionCode?: string | undefined; onDate?: string | undefined; page: number; pageSize: number },
) {
  const conds: (SQL | undefined)[] = [standardReadWhere(ctx.actor)];
  if (q.subsidyType) conds.push(eq(subsidyStandards.subsidyType, q.subsidyType));
  if (q.itemId) conds.push(eq(subsidyStandards.itemId, q.itemId));
  if (q.regionCode) conds.push(sql`${subsidyStandards.regionCode} like ${`${regionPrefix(q.regionCode)}%`}`);
  if (q.onDate) conds.push(sql`${subsidyStandards.effectiveFrom} <= ${q.onDate} and (${subsidyStandards.effectiveTo} is null or ${subsidyStandards.effectiveTo} >= ${q.onDate})`);
  const where = and(...conds);
  const [rows, [total]] = await readAll(deps.db, [
    () => deps.db
      .select()
      .from(subsidyStandards)
      .where(where)
      .orderBy(asc(subsidyStandards.itemId), asc(subsidyStandards.subsidyType), asc(subsidyStandards.regionCode), asc(subsidyStandards.certificateType), asc(subsidyStandards.skillLevel), asc(subsidyStandards.effectiveFrom))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    () => deps.db.select({ n: count() }).from(subsidyStandards).where(where),
  ]);
  return { items: await present(deps.db, ctx, deps.clock, rows), total: total?.n ?? 0, page: q.page, pageSize: q.pageSize };
}

async function loadStandard(db: Db, ctx: Ctx, id: string): Promise<StandardDbRow> {
  const [r] = await db
    .select()
    .from(subsidyStandards)
    .where(and(eq(subsidyStandards.id, id), standardReadWhere(ctx.actor)))
    .limit(1);
  if (!r) throw new AppError("standard.not_found", "补贴标准不存在");
  return r;
}

/** @throws standard.not_found (also outside the caller's scope) */
export async function getStandard(deps: Deps, ctx: Ctx, id: string) {
  return (await present(deps.db, ctx, deps.clock, [await loadStandard(deps.db, ctx, id)]))[0]!;
}

/** What an evaluation standard may not be: for 培训合格证书, or with any factor other than 100. */
export function evaluationIssues(
  s: { subsidyType?: StandardSubsidyType | undefined; certificateType: string; shortageFactorPercent?: number | undefined; onlineFactorPercent?: number | undefined; blendedFactorPercent?: number | undefined },
  prefix = "body.",
): ValidationIssue[] {
  if (s.subsidyType !== "evaluation") return [];
  const out: ValidationIssue[] = [];
  if (s.certificateType === "training_completion") out.push(issue(`${prefix}certificateType`, "evaluation_training_completion", "培训合格证书不享受评价补贴，不能设定评价补贴标准"));
  const factors = [
    ["shortageFactorPercent", "紧缺系数"],
    ["onlineFactorPercent", "线上系数"],
    ["blendedFactorPercent", "线上线下结合系数"],
  ] as const;
  for (const [k, name] of factors) {
    const v = s[k];
    if (v !== undefined && v !== 100) out.push(issue(`${prefix}${k}`, "evaluation_factor", `评价补贴标准不按培训方式或紧缺程度调整，${name}须为 100%`));
  }
  return out;
}

/** Field problems of a standard against its item: region level, certificate type, level, and the evaluation rules. */
export async function standardIssues(
  db: Db,
  item: ItemRow | undefined,
  s: Pick<CreateStandardBody, "subsidyType" | "regionCode" | "certificateType" | "skillLevel" | "effectiveFrom" | "effectiveTo" | "shortageFactorPercent" | "onlineFactorPercent" | "blendedFactorPercent">,
  prefix = "body.",
): Promise<ValidationIssue[]> {
  const out: ValidationIssue[] = [];
  if (!item) out.push(issue(`${prefix}itemId`, "unknown_item", "培训项目不存在"));
  if (!(await regionExists(db, s.regionCode))) out.push(issue(`${prefix}regionCode`, "unknown_region", "未知的行政区划代码"));
  else if (!isStandardRegion(s.regionCode)) out.push(issue(`${prefix}regionCode`, "not_city", "补贴标准只能按市（州）或全省（220000）设定，县区按所属市执行"));
  if (item) {
    if (!item.certificateTypes.includes(s.certificateType)) out.push(issue(`${prefix}certificateType`, "not_in_item", "该项目不包含此证书类型"));
    const levelled = LEVELLED_CERTIFICATES.has(s.certificateType);
    if (levelled && !s.skillLevel) out.push(issue(`${prefix}skillLevel`, "required", "此证书类型须指定技能等级"));
    if (!levelled && s.skillLevel) out.push(issue(`${prefix}skillLevel`, "not_allowed", "此证书类型没有技能等级"));
    if (levelled && s.skillLevel && !item.skillLevels.includes(s.skillLevel)) out.push(issue(`${prefix}skillLevel`, "not_in_item", "该项目不包含此技能等级"));
  }
  out.push(...evaluationIssues(s, prefix));
  if (s.effectiveTo && s.effectiveTo < s.effectiveFrom) out.push(issue(`${prefix}effectiveTo`, "too_small", "失效日期不能早于生效日期"));
  return out;
}

type Key = Pick<StandardDbRow, "subsidyType" | "itemId" | "regionCode" | "certificateType" | "skillLevel">;

/** Under a lock on the key, refuses a period that overlaps another standard of the same key. */
async function assertNoOverlap(tx: Db, key: Key, period: { effectiveFrom: string; effectiveTo: string | null }, exceptId?: string): Promise<void> {
  await lockKey(tx, `standard:${key.subsidyType}:${key.itemId}:${key.regionCode}:${key.certificateType}:${key.skillLevel ?? ""}`);
  const same = await tx
    .select()
    .from(subsidyStandards)
    .where(
      and(
        eq(subsidyStandards.subsidyType, key.subsidyType),
        eq(subsidyStandards.itemId, key.itemId),
        eq(subsidyStandards.regionCode, key.regionCode),
        eq(subsidyStandards.certificateType, key.certificateType),
        key.skillLevel === null ? isNull(subsidyStandards.skillLevel) : eq(subsidyStandards.skillLevel, key.skillLevel),
      ),
    );
  const conflicting = same.filter((r) => r.id !== exceptId && periodsOverlap(r, period));
  if (conflicting.length) {
    throw new AppError("standard.overlap", "同一补贴类型、项目、地区、证书类型和等级的补贴标准生效期重叠", {
      conflicting: conflicting.map((r) => ({ id: r.id, effectiveFrom: r.effectiveFrom, effectiveTo: r.effectiveTo })),
    });
  }
}

async function findItemForStandard(db: Db, id: string): Promise<ItemRow | undefined> {
  const [r] = await db.select().from(catalogueItems).where(eq(catalogueItems.id, id)).limit(1);
  return r;
}

export async function insertStandardTx(tx: Db, ctx: Ctx, clock: Clock, input: CreateStandardBody): Promise<StandardDbRow> {
  const item = await findItemForStandard(tx, input.itemId);
  const issues = await standardIssues(tx, item, input);
  if (issues.length) throw invalid(issues);
  standardRules.assert(ctx.actor, "create", input, { today: today(clock) });
  const key = { subsidyType: input.subsidyType ?? "training", itemId: input.itemId, regionCode: input.regionCode, certificateType: input.certificateType, skillLevel: input.skillLevel ?? null };
  const period = { effectiveFrom: input.effectiveFrom, effectiveTo: input.effectiveTo ?? null };
  await assertNoOverlap(tx, key, period);
  const now = clock.now();
  const [row] = await tx
    .insert(subsidyStandards)
    .values({
      id: randomUUID(),
      ...key,
      ...period,
      amountFen: input.amountFen,
      shortageFactorPercent: input.shortageFactorPercent ?? 100,
      onlineFactorPercent: input.onlineFactorPercent ?? 100,
      blendedFactorPercent: input.blendedFactorPercent ?? 100,
      note: input.note ?? null,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  await audit(tx, ctx, clock, { action: "standard.created", entityType: "subsidy_standard", entityId: row!.id, regionCode: row!.regionCode, after: row });
  return row!;
}

/**
 * Sets a standard for an item in a region (a city officer: its own city only, not a 省直管 county within it).
 * @throws request.invalid, standard.scope_outside, standard.overlap
 */
export async function createStandard(deps: Deps, ctx: Ctx, input: CreateStandardBody) {
  const row = await deps.db.transaction((tx) => insertStandardTx(tx, ctx, deps.clock, input));
  return getStandard(deps, ctx, row.id);
}

const LOOSE = ["effectiveTo", "note"];

/**
 * Changes what differs. Once a standard has taken effect only its end date (not before yesterday)
 * and note may change: amounts already used for classes are history; set a new period instead.
 */
export async function patchStandardTx(tx: Db, ctx: Ctx, clock: Clock, before: StandardDbRow, input: UpdateStandardBody): Promise<"updated" | "unchanged"> {
  const patch: Partial<typeof subsidyStandards.$inferInsert> = {};
  for (const [k, v] of Object.entries(input) as [keyof UpdateStandardBody, unknown][]) {
    if (v === undefined) continue;
    if ((v ?? null) !== (before[k] ?? null)) (patch as Record<string, unknown>)[k] = v ?? null;
  }
  if (Object.keys(patch).length === 0) return "unchanged";
  const t = today(clock);
  standardRules.assert(ctx.actor, "update", before, { today: t });
  if (before.effectiveFrom <= t) {
    const fields = Object.keys(patch).filter((k) => !LOOSE.includes(k));
    if (fields.length) throw new AppError("standard.locked", "已生效的补贴标准只能修改失效日期和备注；金额或系数变化请设定新的生效期", { fields });
    if (patch.effectiveTo && patch.effectiveTo < addDays(t, -1)) throw invalid([issue("body.effectiveTo", "too_small", "失效日期不能早于昨天")]);
  }
  const merged = { ...before, ...patch };
  const problems = evaluationIssues(merged);
  if (merged.effectiveTo && merged.effectiveTo < merged.effectiveFrom) problems.push(issue("body.effectiveTo", "too_small", "失效日期不能早于生效日期"));
  if (problems.length) throw invalid(problems);
  await assertNoOverlap(tx, merged, merged, before.id);
  const [after] = await tx
    .update(subsidyStandards)
    .set({ ...patch, updatedAt: clock.now() })
    .where(eq(subsidyStandards.id, before.id))
    .returning();
  await audit(tx, ctx, clock, { action: "standard.updated", entityType: "subsidy_standard", entityId: before.id, regionCode: before.regionCode, before, after });
  return "updated";
}

/** @throws standard.not_found, auth.forbidden, standard.locked, standard.overlap, request.invalid */
export async function updateStandard(deps: Deps, ctx: Ctx, id: string, input: UpdateStandardBody) {
  await deps.db.transaction(async (tx) => patchStandardTx(tx, ctx, deps.clock, await loadStandard(tx, ctx, id), input));
  return getStandard(deps, ctx, id);
}

/** Deletes a standard that has not taken effect yet. @throws standard.not_found, auth.forbidden, standard.locked */
export async function deleteStandard(deps: Deps, ctx: Ctx, id: string): Promise<void> {
  const { clock } = deps;
  await deps.db.transaction(async (tx) => {
    const before = await loadStandard(tx, ctx, id);
    standardRules.assert(ctx.actor, "delete", before, { today: today(clock) });
    await tx.delete(subsidyStandards).where(eq(subsidyStandards.id, id));
    await audit(tx, ctx, clock, { action: "standard.deleted", entityType: "subsidy_standard", entityId: id, regionCode: before.regionCode, before });
  });
}

/** Candidate rows (of one type, or both) for items in the region chain (for computeStandard). */
export async function standardCandidates(db: Db, itemIds: string[], regionCode: string, subsidyType?: StandardSubsidyType): Promise<StandardDbRow[]> {
  if (!itemIds.length) return [];
  return db
    .select()
    .from(subsidyStandards)
    .where(and(inArray(subsidyStandards.itemId, itemIds), inArray(subsidyStandards.regionCode, standardRegionChain(regionCode)), subsidyType ? eq(subsidyStandards.subsidyType, subsidyType) : undefined));
}

/**
 * The standard of a type (default training) for (item, region, certificate type, level, mode, date):
 * amount in fen after the shortage and mode factors (half up to whole fen; evaluation standards have
 * no mode factor) and the row it came from. Null when none applies.
 */
export async function lookupStandard(
  db: Db,
  q: { subsidyType?: StandardSubsidyType | undefined; itemId: string; regionCode: string; certificateType: string; skillLevel?: string | null | undefined; mode: TrainingMode; date: string },
): Promise<StandardAnswer | null> {
  const subsidyType = q.subsidyType ?? "training";
  const rows = await standardCandidates(db, [q.itemId], q.regionCode, subsidyType);
  return computeStandard(rows, { ...q, subsidyType, skillLevel: q.skillLevel ?? null });
}
