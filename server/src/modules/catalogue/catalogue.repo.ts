import { and, asc, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/db.ts";
import { regions } from "../reference/index.ts";
import { catalogueItems, catalogueItemVersions, occupations, type subsidyStandards } from "./catalogue.table.ts";

export type OccupationRow = typeof occupations.$inferSelect;
export type ItemRow = typeof catalogueItems.$inferSelect;
export type VersionRow = typeof catalogueItemVersions.$inferSelect;
export type StandardDbRow = typeof subsidyStandards.$inferSelect;


/** Serializes writers of one key (an item's versions, a standard's key) on PGlite and PostgreSQL alike. */
export async function lockKey(tx: Db, key: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${key}))`);
}

export async function findOccupation(db: Db, id: string): Promise<OccupationRow | undefined> {
  const [r] = await db.select().from(occupations).where(eq(occupations.id, id)).limit(1);
  return r;
}

export async function findOccupationByCode(db: Db, edition: number, code: string): Promise<OccupationRow | undefined> {
  const [r] = await db
    .select()
    .from(occupations)
    .where(and(eq(occupations.edition, edition), eq(occupations.code, code)))
    .limit(1);
  return r;
}

export async function occupationsByIds(db: Db, ids: (string | null)[]): Promise<Map<string, OccupationRow>> {
  const uniq = [...new Set(ids.filter((x): x is string => x !== null))];
  if (!uniq.length) return new Map();
  const rows = await db.select().from(occupations).where(inArray(occupations.id, uniq));
  return new Map(rows.map((r) => [r.id, r]));
}

export async function findItem(db: Db, id: string, scope: SQL): Promise<ItemRow | undefined> {
  const [r] = await db
    .select()
    .from(catalogueItems)
    .where(and(eq(catalogueItems.id, id), scope))
    .limit(1);
  return r;
}

export async function findItemByCode(db: Db, code: string): Promise<ItemRow | undefined> {
  const [r] = await db.select().from(catalogueItems).where(eq(catalogueItems.code, code)).limit(1);
  return r;
}

export async function versionsOf(db: Db, itemIds: string[]): Promise<VersionRow[]> {
  if (!itemIds.length) return [];
  return db.select().from(catalogueItemVersions).where(inArray(catalogueItemVersions.itemId, itemIds)).orderBy(asc(catalogueItemVersions.effectiveFrom));
}

export async function regionNames(db: Db, codes: string[]): Promise<Map<string, string>> {
  const uniq = [...new Set(codes)];
  if (!uniq.length) return new Map();
  const rows = await db.select({ code: regions.code, name: regions.name }).from(regions).where(inArray(regions.code, uniq));
  return new Map(rows.map((r) => [r.code, r.name]));
}

export async function regionExists(db: Db, code: string): Promise<boolean> {
  const [r] = await db.select({ code: regions.code }).from(regions).where(eq(regions.code, code)).limit(1);
  return !!r;
}
