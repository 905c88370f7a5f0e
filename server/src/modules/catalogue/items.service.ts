import { escapeLike } from "../../platform/db/like.ts";
import { randomUUID } from "node:crypto";
import { and, asc, count, eq, type SQL, sql } from "drizzle-orm";
import type { CreateItemBody, ListItemsQuery, UpdateItemBody, UpdateVersionBody, VersionInput } from "../../../../shared/src/contracts/catalogue.ts";
import type { ValidationIssue } from "../../../../shared/src/errors.ts";
import { audit } from "../../platform/audit/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Ctx, Deps } from "../../platform/context.ts";
import type { Db } from "../../platform/db/db.ts";
import { AppError, invalid } from "../../platform/http/errors.ts";
import { readAll } from "../../platform/db/reads.ts";
import { addDays, dateInChina } from "../calendar/index.ts";
import { itemReadWhere, itemRules, NEW_ITEM } from "./catalogue.policy.ts";
import { presentItem } from "./catalogue.presenter.ts";
import { LEVELLED_CERTIFICATES, type Refs, eqText, issue, loadRefs } from "./catalogue.refs.ts";
import { findItem, findOccupation, type ItemRow, lockKey, occupationsByIds, type VersionRow, versionsOf } from "./catalogue.repo.ts";
import { catalogueItems, catalogueItemVersions, occupations } from "./catalogue.table.ts";
import { periodsOverlap } from "./standard-lookup.ts";

export type ItemFields = Omit<CreateItemBody, "code" | "firstVersion">;

export const today = (clock: Clock): string => dateInChina(clock.now());

/** Province-wide catalogue.manage, asked of the declaration before any row is read. @throws catalogue.province_only */
export function assertManage(ctx: Ctx): void {
  itemRules.assert(ctx.actor, "create", NEW_ITEM, { versionCount: 0 });
}

/** Every problem of an item's fields at once; paths are the field names under `prefix`. */
export async function itemIssues(db: Db, refs: Refs, f: ItemFields, prefix = "body."): Promise<ValidationIssue[]> {
  const out: ValidationIssue[] = [];
  if (f.occupationId) {
    const occ = await findOccupation(db, f.occupationId);
    if (!occ) out.push(issue(`${prefix}occupationId`, "unknown_occupation", "职业不存在"));
    else if (occ.status !== "active") out.push(issue(`${prefix}occupationId`, "retired_occupation", "该职业已停用"));
    else if (f.tradeName && occ.trades.length > 0 && !occ.trades.includes(f.tradeName)) out.push(issue(`${prefix}tradeName`, "unknown_trade", "该职业下没有此工种"));
  } else {
    if (!f.projectName) out.push(issue(`${prefix}projectName`, "required", "未选择职业时须填写专项项目名称"));
    if (f.tradeName) out.push(issue(`${prefix}tradeName`, "trade_without_occupation", "工种须属于某一职业"));
  }
  if (!refs.trainingType.has(f.trainingType)) out.push(issue(`${prefix}trainingType`, "unknown_code", "未知的培训类型"));
  f.certificateTypes.forEach((c, i) => {
    if (!refs.certificateType.has(c)) out.push(issue(`${prefix}certificateTypes[${i}]`, "unknown_code", `未知的证书类型 ${c}`));
  });
  if (new Set(f.certificateTypes).size !== f.certificateTypes.length) out.push(issue(`${prefix}certificateTypes`, "duplicate", "证书类型重复"));
  const levelled = f.certificateTypes.some((c) => LEVELLED_CERTIFICATES.has(c));
  const levels = f.skillLevels ?? [];
  if (levelled && levels.length === 0) out.push(issue(`${prefix}skillLevels`, "required", "职业资格/职业技能等级证书须选择技能等级"));
  if (!levelled && levels.length > 0) out.push(issue(`${prefix}skillLevels`, "not_allowed", "所选证书类型没有技能等级"));
  if (new Set(levels).size !== levels.length) out.push(issue(`${prefix}skillLevels`, "duplicate", "技能等级重复"));
  if (f.industryCode && !refs.industry.has(f.industryCode)) out.push(issue(`${prefix}industryCode`, "unknown_code", "未知的行业"));
  (f.programCodes ?? []).forEach((p, i) => {
    if (!refs.programs.has(p)) out.push(issue(`${prefix}programCodes[${i}]`, "unknown_code", `未知的计划项目 ${p}`));
  });
  return out;
}

export function versionIssues(v: Partial<VersionInput>, prefix = "body."): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  if (v.minHours !== undefined && v.maxHours !== undefined && v.maxHours < v.minHours) out.push(issue(`${prefix}maxHours`, "too_small", "最多课时不能少于最少课时"));
  if (v.minTheoryPercent !== undefined && v.minPracticePercent !== undefined && v.minTheoryPercent + v.minPracticePercent > 100) {
    out.push(issue(`${prefix}minPracticePercent`, "too_big", "理论与实操最低占比之和不能超过 100%"));
  }
  if (v.effectiveFrom && v.effectiveTo && v.effectiveTo < v.effectiveFrom) out.push(issue(`${prefix}effectiveTo`, "too_small", "失效日期不能早于生效日期"));
  if (v.modes && new Set(v.modes).size !== v.modes.length) out.push(issue(`${prefix}modes`, "duplicate", "培训方式重复"));
  return out;
}

async function present(db: Db, ctx: Ctx, clock: Clock, rows: ItemRow[]) {
  const [occ, versions] = await readAll(db, [() => occupationsByIds(db, rows.map((r) => r.occupationId)), () => versionsOf(db, rows.map((r) => r.id))]);
  const t = today(clock);
  return rows.map((r) => presentItem(ctx.actor, r, r.occupationId ? occ.get(r.occupationId) : undefined, versions, t));
}

/** Filters shared by the console list and the public search. */
export function itemFilters(q: Partial<ListItemsQuery>): SQL[] {
  const conds: SQL[] = [];
  if (q.q) {
    const like = `%${escapeLike(q.q)}%`;
    conds.push(
      sql`(${catalogueItems.code} ilike ${like} or ${catalogueItems.projectName} ilike ${like} or ${catalogueItems.tradeName} ilike ${like} or exists (select 1 from ${occupations} o where o.id = ${catalogueItems.occupationId} and (o.code ilike ${like} or o.name ilike ${like})))`,
    );
  }
  if (q.trainingType) conds.push(eq(catalogueItems.trainingType, q.trainingType));
  if (q.programCode) conds.push(sql`${q.programCode} = any(${catalogueItems.programCodes})`);
  if (q.industryCode) conds.push(eq(catalogueItems.industryCode, q.industryCode));
  if (q.skillLevel) conds.push(sql`${q.skillLevel} = any(${catalogueItems.skillLevels})`);
  if (q.certificateType) conds.push(sql`${q.certificateType} = any(${catalogueItems.certificateTypes})`);
  if (q.status) conds.push(eq(catalogueItems.status, q.status));
  return conds;
}

export async function listItems(deps: Deps, ctx: Ctx, q: ListItemsQuery) {
  const where = and(itemReadWhere(ctx.actor), ...itemFilters(q));
  const [rows, [total]] = await readAll(deps.db, [
    () => deps.db
      .select()
      .from(catalogueItems)
      .where(where)
      .orderBy(asc(catalogueItems.code))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    () => deps.db.select({ n: count() }).from(catalogueItems).where(where),
  ]);
  return { items: await present(deps.db, ctx, deps.clock, rows), total: total?.n ?? 0, page: q.page, pageSize: q.pageSize };
}

async function loadItem(db: Db, ctx: Ctx, id: string): Promise<ItemRow> {
  const item = await findItem(db, id, itemReadWhere(ctx.actor));
  if (!item) throw new AppError("catalogue.item_not_found", "培训项目不存在");
  return item;
}

/** @throws catalogue.item_not_found (also when outside the caller's scope) */
export async function getItem(deps: Deps, ctx: Ctx, id: string) {
  return (await present(deps.db, ctx, deps.clock, [await loadItem(deps.db, ctx, id)]))[0]!;
}

/** The version of an item in force on `date` (a class keeps the one in force on its start date). */
export async function itemVersionInForce(db: Db, itemId: string, date: string): Promise<VersionRow | null> {
  const [v] = await db
    .select()
    .from(catalogueItemVersions)
    .where(
      and(
        eq(catalogueItemVersions.itemId, itemId),
        sql`${catalogueItemVersions.effectiveFrom} <= ${date}`,
        sql`(${catalogueItemVersions.effectiveTo} is null or ${catalogueItemVersions.effectiveTo} >= ${date})`,
      ),
    )
    .limit(1);
  return v ?? null;
}

/** Refuses a period that overlaps another version of the item (checked under a lock on the item). */
async function assertNoVersionOverlap(tx: Db, itemId: string, period: { effectiveFrom: string; effectiveTo: string | null }, exceptId?: string): Promise<void> {
  await lockKey(tx, `catalogue_item:${itemId}`);
  const conflicting = (await versionsOf(tx, [itemId])).filter((v) => v.id !== exceptId && periodsOverlap(v, period));
  if (conflicting.length) {
    throw new AppError("catalogue.version_overlap", "生效期与该项目的其他版本重叠", {
      conflicting: conflicting.map((v) => ({ id: v.id, effectiveFrom: v.effectiveFrom, effectiveTo: v.effectiveTo })),
    });
  }
}

export async function insertVersionTx(tx: Db, ctx: Ctx, clock: Clock, item: ItemRow, v: VersionInput): Promise<VersionRow> {
  const issues = versionIssues(v);
  if (issues.length) throw invalid(issues);
  const period = { effectiveFrom: v.effectiveFrom, effectiveTo: v.effectiveTo ?? null };
  await assertNoVersionOverlap(tx, item.id, period);
  const now = clock.now();
  const [row] = await tx
    .insert(catalogueItemVersions)
    .values({ id: randomUUID(), itemId: item.id, ...period, minHours: v.minHours, maxHours: v.maxHours, minTheoryPercent: v.minTheoryPercent, minPracticePercent: v.minPracticePercent, modes: v.modes, note: v.note ?? null, createdAt: now, updatedAt: now })
    .returning();
  await audit(tx, ctx, clock, { action: "catalogue.version_added", entityType: "catalogue_item", entityId: item.id, regionCode: "220000", after: row });
  return row!;
}

export async function insertItemTx(tx: Db, ctx: Ctx, clock: Clock, refs: Refs, input: CreateItemBody): Promise<ItemRow> {
  const issues = [...(await itemIssues(tx, refs, input)), ...versionIssues(input.firstVersion, "body.firstVersion.")];
  if (issues.length) throw invalid(issues);
  const now = clock.now();
  const [item] = await tx
    .insert(catalogueItems)
    .values({
      id: randomUUID(),
      code: input.code,
      occupationId: input.occupationId ?? null,
      tradeName: input.tradeName ?? null,
      projectName: input.projectName ?? null,
      trainingType: input.trainingType,
      certificateTypes: input.certificateTypes,
      skillLevels: input.skillLevels ?? [],
      industryCode: input.industryCode ?? null,
      programCodes: input.programCodes ?? [],
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing()
    .returning();
  if (!item) throw new AppError("catalogue.code_taken", `项目编号 ${input.code} 已被使用`);
  await audit(tx, ctx, clock, { action: "catalogue.item_created", entityType: "catalogue_item", entityId: item.id, regionCode: "220000", after: item });
  await insertVersionTx(tx, ctx, clock, item, input.firstVersion);
  return item;
}

/**
 * Creates a draft item with its first version (province only).
 * @throws catalogue.province_only, request.invalid (every field problem), catalogue.code_taken
 */
export async function createItem(deps: Deps, ctx: Ctx, input: CreateItemBody) {
  assertManage(ctx);
  const refs = await loadRefs(deps.db);
  const item = await deps.db.transaction((tx) => insertItemTx(tx, ctx, deps.clock, refs, input));
  return getItem(deps, ctx, item.id);
}

const IDENTITY = ["occupationId", "tradeName", "projectName", "trainingType", "certificateTypes", "skillLevels"] as const;

/** Changes what differs. Identity fields only while draft; programs and industry at any time. */
export async function patchItemTx(tx: Db, ctx: Ctx, clock: Clock, refs: Refs, before: ItemRow, input: UpdateItemBody): Promise<"updated" | "unchanged"> {
  const patch: Partial<typeof catalogueItems.$inferInsert> = {};
  const same = (a: unknown, b: unknown) => (Array.isArray(a) && Array.isArray(b) ? eqText(a, b) : (a ?? null) === (b ?? null));
  for (const k of [...IDENTITY, "industryCode", "programCodes"] as const) {
    if (input[k] !== undefined && !same(input[k], before[k])) (patch as Record<string, unknown>)[k] = input[k] ?? null;
  }
  if (Object.keys(patch).length === 0) return "unchanged";
  if (before.status !== "draft" && IDENTITY.some((k) => k in patch)) {
    throw new AppError("catalogue.item_locked", "已发布或撤销的项目不能修改职业、工种、培训类型、证书类型或等级，请新建项目", { fields: IDENTITY.filter((k) => k in patch) });
  }
  const merged = { ...before, ...patch } as ItemRow;
  const issues = await itemIssues(tx, refs, merged as unknown as ItemFields);
  if (issues.length) throw invalid(issues);
  const [after] = await tx
    .update(catalogueItems)
    .set({ ...patch, updatedAt: clock.now() })
    .where(eq(catalogueItems.id, before.id))
    .returning();
  await audit(tx, ctx, clock, { action: "catalogue.item_updated", entityType: "catalogue_item", entityId: before.id, regionCode: "220000", before, after });
  return "updated";
}

/** @throws catalogue.province_only, catalogue.item_not_found, catalogue.item_locked, request.invalid */
export async function updateItem(deps: Deps, ctx: Ctx, id: string, input: UpdateItemBody) {
  assertManage(ctx);
  const refs = await loadRefs(deps.db);
  await deps.db.transaction(async (tx) => {
    const before = await loadItem(tx, ctx, id);
    itemRules.assert(ctx.actor, "update", before, { versionCount: 0 });
    await patchItemTx(tx, ctx, deps.clock, refs, before, input);
  });
  return getItem(deps, ctx, id);
}

/**
 * draft/withdrawn → published (needs a version); published → withdrawn.
 * @throws catalogue.province_only, catalogue.item_not_found, catalogue.bad_transition, catalogue.no_version
 */
export async function setItemStatus(deps: Deps, ctx: Ctx, id: string, to: "published" | "withdrawn") {
  assertManage(ctx);
  const { clock } = deps;
  await deps.db.transaction(async (tx) => {
    const before = await loadItem(tx, ctx, id);
    itemRules.assert(ctx.actor, to === "published" ? "publish" : "withdraw", before, { versionCount: (await versionsOf(tx, [id])).length });
    const now = clock.now();
    const [after] = await tx
      .update(catalogueItems)
      .set({ status: to, updatedAt: now, ...(to === "published" ? { publishedAt: now } : {}) })
      .where(eq(catalogueItems.id, id))
      .returning();
    await audit(tx, ctx, clock, { action: to === "published" ? "catalogue.item_published" : "catalogue.item_withdrawn", entityType: "catalogue_item", entityId: id, regionCode: "220000", before, after });
  });
  return getItem(deps, ctx, id);
}

/** @throws catalogue.province_only, catalogue.item_not_found, catalogue.version_overlap, request.invalid */
export async function addVersion(deps: Deps, ctx: Ctx, id: string, input: VersionInput) {
  assertManage(ctx);
  await deps.db.transaction(async (tx) => {
    const item = await loadItem(tx, ctx, id);
    itemRules.assert(ctx.actor, "addVersion", item, { versionCount: 0 });
    await insertVersionTx(tx, ctx, deps.clock, item, input);
  });
  return getItem(deps, ctx, id);
}

/**
 * Changes what differs in a version. Once a version of an item that was ever published has taken
 * effect, only its end date may change, and not to before yesterday (started classes keep terms).
 */
export async function patchVersionTx(tx: Db, ctx: Ctx, clock: Clock, item: ItemRow, before: VersionRow, input: UpdateVersionBody): Promise<"updated" | "unchanged"> {
  const patch: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) {
    if (v === undefined) continue;
    const old = before[k as keyof VersionRow];
    const same = Array.isArray(v) && Array.isArray(old) ? eqText(v as string[], old as string[]) : (v ?? null) === (old ?? null);
    if (!same) patch[k] = v ?? null;
  }
  if (Object.keys(patch).length === 0) return "unchanged";
  const t = today(clock);
  if (item.publishedAt && before.effectiveFrom <= t) {
    const other = Object.keys(patch).filter((k) => k !== "effectiveTo");
    if (other.length) throw new AppError("catalogue.version_locked", "已生效的版本只能修改失效日期", { fields: other });
    if (typeof patch.effectiveTo === "string" && patch.effectiveTo < addDays(t, -1)) throw invalid([issue("body.effectiveTo", "too_small", "失效日期不能早于昨天")]);
  }
  const merged = { ...before, ...patch } as VersionRow;
  const issues = versionIssues({ ...merged, modes: merged.modes as VersionInput["modes"] });
  if (issues.length) throw invalid(issues);
  await assertNoVersionOverlap(tx, item.id, merged, before.id);
  const [after] = await tx
    .update(catalogueItemVersions)
    .set({ ...patch, updatedAt: clock.now() })
    .where(eq(catalogueItemVersions.id, before.id))
    .returning();
  await audit(tx, ctx, clock, { action: "catalogue.version_updated", entityType: "catalogue_item", entityId: item.id, regionCode: "220000", before, after });
  return "updated";
}

/** @throws catalogue.version_not_found, catalogue.version_locked, catalogue.version_overlap, request.invalid */
export async function updateVersion(deps: Deps, ctx: Ctx, id: string, versionId: string, input: UpdateVersionBody) {
  assertManage(ctx);
  await deps.db.transaction(async (tx) => {
    const item = await loadItem(tx, ctx, id);
    itemRules.assert(ctx.actor, "updateVersion", item, { versionCount: 0 });
    const [before] = (await versionsOf(tx, [id])).filter((v) => v.id === versionId);
    if (!before) throw new AppError("catalogue.version_not_found", "版本不存在");
    await patchVersionTx(tx, ctx, deps.clock, item, before, input);
  });
  return getItem(deps, ctx, id);
}
