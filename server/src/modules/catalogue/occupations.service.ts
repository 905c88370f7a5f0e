import { escapeLike } from "../../platform/db/like.ts";
import { randomUUID } from "node:crypto";
import { and, asc, count, eq, ilike, or, type SQL } from "drizzle-orm";
import type { CreateOccupationBody, UpdateOccupationBody } from "../../../../shared/src/contracts/catalogue.ts";
import { audit } from "../../platform/audit/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Ctx, Deps } from "../../platform/context.ts";
import type { Db } from "../../platform/db/db.ts";
import { AppError } from "../../platform/http/errors.ts";
import { readAll } from "../../platform/db/reads.ts";
import { NEW_OCCUPATION, occupationRules } from "./catalogue.policy.ts";
import { presentOccupation } from "./catalogue.presenter.ts";
import { findOccupation, findOccupationByCode, type OccupationRow } from "./catalogue.repo.ts";
import { eqText } from "./catalogue.refs.ts";
import { occupations } from "./catalogue.table.ts";

export type Outcome = "created" | "updated" | "unchanged";

/**
 * Verified demonstration records shipped with the software (demo = true). Only codes known to be
 * right in the named edition are listed; the real registry is imported by the administrator.
 */
export const demoOccupations: CreateOccupationBody[] = [
  { edition: 2015, code: "6-18-01-01", name: "车工", digital: false, green: false, trades: [], note: "演示数据：2015 版大典示例" },
  { edition: 2022, code: "6-18-01-01", name: "车工", digital: false, green: false, trades: [], note: "演示数据：2022 版大典示例" },
];

/** Idempotent: inserts the demo occupations when missing, never touches existing rows. */
export async function seedDemoOccupations(db: Db, clock: Clock): Promise<void> {
  const now = clock.now();
  await db
    .insert(occupations)
    .values(demoOccupations.map((o) => ({ ...o, trades: o.trades ?? [], note: o.note ?? null, id: randomUUID(), demo: true, createdAt: now, updatedAt: now })))
    .onConflictDoNothing();
}

export function assertManageOccupations(ctx: Ctx): void {
  occupationRules.assert(ctx.actor, "create", NEW_OCCUPATION, {});
}

export async function listOccupations(deps: Deps, ctx: Ctx, q: { q?: string | undefined; edition?: 2015 | 2022 | undefined; page: number; pageSize: number }) {
  const conds: (SQL | undefined)[] = [];
  if (q.q) conds.push(or(ilike(occupations.code, `%${escapeLike(q.q)}%`), ilike(occupations.name, `%${escapeLike(q.q)}%`)));
  if (q.edition) conds.push(eq(occupations.edition, q.edition));
  const where = and(...conds);
  const [rows, [total]] = await readAll(deps.db, [
    () => deps.db
      .select()
      .from(occupations)
      .where(where)
      .orderBy(asc(occupations.edition), asc(occupations.code))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    () => deps.db.select({ n: count() }).from(occupations).where(where),
  ]);
  return { items: rows.map((r) => presentOccupation(ctx.actor, r)), total: total?.n ?? 0, page: q.page, pageSize: q.pageSize };
}

/** @throws occupation.not_found */
export async function getOccupation(deps: Deps, ctx: Ctx, id: string) {
  const o = await findOccupation(deps.db, id);
  if (!o) throw new AppError("occupation.not_found", "职业不存在");
  return presentOccupation(ctx.actor, o);
}

export async function insertOccupationTx(tx: Db, ctx: Ctx, clock: Clock, input: CreateOccupationBody): Promise<OccupationRow> {
  const now = clock.now();
  const [row] = await tx
    .insert(occupations)
    .values({
      id: randomUUID(),
      edition: input.edition,
      code: input.code,
      name: input.name,
      digital: input.digital ?? false,
      green: input.green ?? false,
      trades: input.trades ?? [],
      note: input.note ?? null,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  await audit(tx, ctx, clock, { action: "occupation.created", entityType: "occupation", entityId: row!.id, regionCode: "220000", after: row });
  return row!;
}

/** Applies the fields that differ; nothing written (and no audit) when nothing differs. */
export async function patchOccupationTx(tx: Db, ctx: Ctx, clock: Clock, before: OccupationRow, input: UpdateOccupationBody): Promise<{ row: OccupationRow; outcome: Outcome }> {
  const patch: Partial<typeof occupations.$inferInsert> = {};
  if (input.name !== undefined && input.name !== before.name) patch.name = input.name;
  if (input.digital !== undefined && input.digital !== before.digital) patch.digital = input.digital;
  if (input.green !== undefined && input.green !== before.green) patch.green = input.green;
  if (input.trades !== undefined && !eqText(input.trades, before.trades)) patch.trades = input.trades;
  if (input.note !== undefined && (input.note ?? null) !== before.note) patch.note = input.note ?? null;
  if (input.status !== undefined && input.status !== before.status) patch.status = input.status;
  if (Object.keys(patch).length === 0) return { row: before, outcome: "unchanged" };
  // an edited demo record is no longer ours
  const [row] = await tx
    .update(occupations)
    .set({ ...patch, demo: false, updatedAt: clock.now() })
    .where(eq(occupations.id, before.id))
    .returning();
  await audit(tx, ctx, clock, { action: "occupation.updated", entityType: "occupation", entityId: before.id, regionCode: "220000", before, after: row });
  return { row: row!, outcome: "updated" };
}

/**
 * Adds an occupation to the registry (province only).
 * @throws catalogue.province_only, occupation.code_taken
 */
export async function createOccupation(deps: Deps, ctx: Ctx, input: CreateOccupationBody) {
  assertManageOccupations(ctx);
  const row = await deps.db.transaction(async (tx) => {
    if (await findOccupationByCode(tx, input.edition, input.code)) throw new AppError("occupation.code_taken", `${input.edition} 版大典中已有职业编码 ${input.code}`);
    return insertOccupationTx(tx, ctx, deps.clock, input);
  });
  return presentOccupation(ctx.actor, row);
}

/** @throws catalogue.province_only, occupation.not_found */
export async function updateOccupation(deps: Deps, ctx: Ctx, id: string, input: UpdateOccupationBody) {
  assertManageOccupations(ctx);
  const row = await deps.db.transaction(async (tx) => {
    const before = await findOccupation(tx, id);
    if (!before) throw new AppError("occupation.not_found", "职业不存在");
    return (await patchOccupationTx(tx, ctx, deps.clock, before, input)).row;
  });
  return presentOccupation(ctx.actor, row);
}

/** Import step: insert, update or leave one occupation keyed by (edition, code). */
export async function upsertOccupationTx(tx: Db, ctx: Ctx, clock: Clock, input: CreateOccupationBody): Promise<Outcome> {
  const existing = await findOccupationByCode(tx, input.edition, input.code);
  if (!existing) {
    await insertOccupationTx(tx, ctx, clock, input);
    return "created";
  }
  return (await patchOccupationTx(tx, ctx, clock, existing, { ...input, note: input.note ?? null })).outcome;
}
