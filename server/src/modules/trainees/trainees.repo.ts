import { and, asc, count, eq, ilike, inArray, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/db.ts";
import { regions } from "../reference/reference.table.ts";
import { personCategories, personExclusions, personInstitutions, persons } from "./trainees.table.ts";
import { escapeLike } from "../../platform/db/like.ts";

export type PersonRow = typeof persons.$inferSelect;
export type CategoryRow = typeof personCategories.$inferSelect;
export type ExclusionRow = typeof personExclusions.$inferSelect;

export interface PersonDetails {
  categories: CategoryRow[];
  exclusions: ExclusionRow[];
  institutionIds: string[];
}

const levelCache = new WeakMap<Db, Map<string, "province" | "city" | "county">>();
/** Jilin's region codes and levels (a small, static table: loaded once per database). */
export async function regionLevels(db: Db): Promise<Map<string, "province" | "city" | "county">> {
  let m = levelCache.get(db);
  if (!m) {
    const rows = await db.select({ code: regions.code, level: regions.level }).from(regions);
    m = new Map(rows.map((r) => [r.code, r.level]));
    levelCache.set(db, m);
  }
  return m;
}

export async function regionNames(db: Db, codes: string[]): Promise<Map<string, string>> {
  const uniq = [...new Set(codes)];
  if (!uniq.length) return new Map();
  const rows = await db.select({ code: regions.code, name: regions.name }).from(regions).where(inArray(regions.code, uniq));
  return new Map(rows.map((r) => [r.code, r.name]));
}

export async function findPerson(db: Db, id: string, scope: SQL): Promise<PersonRow | undefined> {
  const [p] = await db
    .select()
    .from(persons)
    .where(and(eq(persons.id, id), scope))
    .limit(1);
  return p;
}

export async function findPersonByHash(db: Db, hash: string): Promise<PersonRow | undefined> {
  const [p] = await db.select().from(persons).where(eq(persons.idNumberHash, hash)).limit(1);
  return p;
}

export async function findPersonByUser(db: Db, userId: string): Promise<PersonRow | undefined> {
  const [p] = await db.select().from(persons).where(eq(persons.userId, userId)).limit(1);
  return p;
}

export async function listPersons(
  db: Db,
  scope: SQL,
  f: { q?: string | undefined; idNumberHash?: string | undefined; regionPrefix?: string | undefined; category?: string | undefined; page: number; pageSize: number },
): Promise<{ rows: PersonRow[]; total: number }> {
  const conds: (SQL | undefined)[] = [scope];
  if (f.q) conds.push(ilike(persons.name, `%${escapeLike(f.q)}%`));
  if (f.idNumberHash) conds.push(eq(persons.idNumberHash, f.idNumberHash));
  if (f.regionPrefix) conds.push(sql`${persons.residenceRegionCode} like ${`${f.regionPrefix}%`}`);
  if (f.category) conds.push(sql`exists (select 1 from person_categories pc where pc.person_id = ${persons.id} and pc.category = ${f.category})`);
  const where = and(...conds);
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(persons)
      .where(where)
      .orderBy(asc(persons.name), asc(persons.id))
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize),
    db.select({ n: count() }).from(persons).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

export async function loadDetails(db: Db, ids: string[]): Promise<Map<string, PersonDetails>> {
  const out = new Map<string, PersonDetails>(ids.map((id) => [id, { categories: [], exclusions: [], institutionIds: [] }]));
  if (!ids.length) return out;
  const [cats, excl, links] = await Promise.all([
    db.select().from(personCategories).where(inArray(personCategories.personId, ids)).orderBy(asc(personCategories.createdAt), asc(personCategories.category)),
    db.select().from(personExclusions).where(inArray(personExclusions.personId, ids)).orderBy(asc(personExclusions.kind)),
    db.select().from(personInstitutions).where(inArray(personInstitutions.personId, ids)).orderBy(asc(personInstitutions.firstLinkedAt)),
  ]);
  for (const c of cats) out.get(c.personId)?.categories.push(c);
  for (const e of excl) out.get(e.personId)?.exclusions.push(e);
  for (const l of links) out.get(l.personId)?.institutionIds.push(l.institutionId);
  return out;
}

/** Inserts unless the ID number is already registered; returns the row only when inserted. */
export async function insertPersonIfNew(db: Db, row: typeof persons.$inferInsert): Promise<PersonRow | undefined> {
  const [p] = await db.insert(persons).values(row).onConflictDoNothing({ target: persons.idNumberHash }).returning();
  return p;
}

export async function updatePerson(db: Db, id: string, patch: Partial<typeof persons.$inferInsert>): Promise<void> {
  await db.update(persons).set(patch).where(eq(persons.id, id));
}

/** @returns whether a new link was made */
export async function linkInstitution(db: Db, personId: string, institutionId: string, at: Date): Promise<boolean> {
  const r = await db.insert(personInstitutions).values({ personId, institutionId, firstLinkedAt: at }).onConflictDoNothing().returning();
  return r.length > 0;
}

export async function insertCategories(db: Db, rows: (typeof personCategories.$inferInsert)[]): Promise<number> {
  if (!rows.length) return 0;
  return (await db.insert(personCategories).values(rows).onConflictDoNothing().returning({ c: personCategories.category })).length;
}

export async function insertExclusions(db: Db, rows: (typeof personExclusions.$inferInsert)[]): Promise<number> {
  if (!rows.length) return 0;
  return (await db.insert(personExclusions).values(rows).onConflictDoNothing().returning({ k: personExclusions.kind })).length;
}
