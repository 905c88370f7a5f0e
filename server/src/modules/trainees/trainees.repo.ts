import { and, asc, count, eq, ilike, inArray, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/db.ts";
import { regions } from "../reference/reference.table.ts";
import type { PersonEnrollments } from "./trainees.policy.ts";
import { type EnteredPerson, personCategories, personChangeRequests, personExclusions, personInstitutions, persons } from "./trainees.table.ts";
import { escapeLike } from "../../platform/db/like.ts";
import { readAll } from "../../platform/db/reads.ts";

export type PersonRow = typeof persons.$inferSelect;
export type CategoryRow = typeof personCategories.$inferSelect;
export type ExclusionRow = typeof personExclusions.$inferSelect;

export type LinkRow = typeof personInstitutions.$inferSelect;
export type ChangeRequestRow = typeof personChangeRequests.$inferSelect;

export interface PersonDetails {
  categories: CategoryRow[];
  exclusions: ExclusionRow[];
  institutionIds: string[];
  links: LinkRow[];
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

/** Lists count exactly up to this many matches and then say "10,000+" (a count past it reads every row). */
export const COUNT_CAP = 10_000;

/**
 * The name condition of a search: 1–2 characters match the start of the name (a btree prefix
 * range — pg_trgm has no trigram for them), 3 or more match anywhere, case-insensitively (the
 * trigram index). Both are served by an index on PostgreSQL and PGlite.
 */
export function nameMatches(q: string, codepointOrder = false): SQL {
  const s = q.trim();
  if ([...s].length >= 3) return ilike(persons.name, `%${escapeLike(s)}%`);
  // in code point order the names starting with s are one range of persons_name_idx, already in
  // the list's order: a surname's first page reads 20 entries instead of every name before it
  const next = codepointOrder ? successor(s) : null;
  if (next !== null) return sql`${persons.name} >= ${s} and ${persons.name} < ${next}`;
  return sql`${persons.name} like ${`${escapeLike(s)}%`}`;
}

/** The least string after every string that starts with s, in code point order (null: none). */
function successor(s: string): string | null {
  const cps = [...s].map((c) => c.codePointAt(0)!);
  const last = cps.pop();
  if (last === undefined || last >= 0x10ffff) return null;
  return String.fromCodePoint(...cps, last + 1 === 0xd800 ? 0xe000 : last + 1);
}

const orderCache = new WeakMap<Db, Promise<boolean>>();
/**
 * Does the database compare text in code point order (a C or C.UTF-8 libc collation, the
 * deployment's)? Only then is a name prefix a range of the name index; asked once per database.
 */
export function nameOrderIsCodepoint(db: Db): Promise<boolean> {
  let p = orderCache.get(db);
  if (!p) {
    p = db
      .execute(sql`select datcollate as c, to_jsonb(d) ->> 'datlocprovider' as p from pg_database d where datname = current_database()`)
      .then((r) => {
        const row = (r as unknown as { rows: { c: string; p: string | null }[] }).rows[0];
        return !!row && (row.p === null || row.p === "c") && ["C", "POSIX", "C.UTF-8", "C.utf8"].includes(row.c);
      })
      .catch(() => {
        orderCache.delete(db);
        return false;
      });
    orderCache.set(db, p);
  }
  return p;
}

/**
 * Where a list's page can be read in name order from a scope table alone (its copy of the name,
 * migration 0042): the rows of one region (all of them, or its residents only) or of one
 * institution, with the persons scope still to check unless those rows lie inside it.
 */
export type ListSource =
  | { kind: "region"; code: string; residentsOnly: boolean; checkScope: boolean }
  | { kind: "institution"; institutionId: string; checkScope: boolean };

export async function listPersons(
  db: Db,
  scope: SQL,
  f: { q?: string | undefined; idNumberHash?: string | undefined; regionPrefix?: string | undefined; category?: string | undefined; page: number; pageSize: number },
  /** the scope as ids from its own tables (personScopeIds): an unfiltered list is counted from them alone */
  scopeIds?: SQL | null,
  /** the scope table rows that hold every match (no name search), when there are such: see ListSource */
  source?: ListSource | null,
): Promise<{ rows: PersonRow[]; total: number; totalCapped: boolean }> {
  if (source && !f.q?.trim() && !f.idNumberHash) return listFromSource(db, scope, source, f);
  const conds: (SQL | undefined)[] = [scope];
  if (f.q?.trim()) conds.push(nameMatches(f.q, [...f.q.trim()].length < 3 && (await nameOrderIsCodepoint(db))));
  if (f.idNumberHash) conds.push(eq(persons.idNumberHash, f.idNumberHash));
  if (f.regionPrefix) conds.push(sql`${persons.residenceRegionCode} between ${f.regionPrefix.padEnd(6, "0")} and ${f.regionPrefix.padEnd(6, "9")}`);
  if (f.category) conds.push(sql`exists (select 1 from person_categories pc where pc.person_id = ${persons.id} and pc.category = ${f.category})`);
  const where = and(...conds);
  const [rows, [counted]] = await readAll(db, [
    () => db
      .select()
      .from(persons)
      .where(where)
      .orderBy(asc(persons.name), asc(persons.id))
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize),
    // a capped count: reads at most COUNT_CAP + 1 matching rows, however large the scope
    () =>
      scopeIds && !f.q?.trim() && !f.idNumberHash && !f.regionPrefix && !f.category
      ? db.execute(sql`select count(*)::int as n from (select distinct s.person_id from (${scopeIds}) s(person_id) limit ${COUNT_CAP + 1}) capped`).then((r) => (r as unknown as { rows: { n: number }[] }).rows)
      : db.select({ n: count() }).from(db.select({ one: sql`1` }).from(persons).where(where).limit(COUNT_CAP + 1).as("capped")),
  ]);
  const n = Number(counted?.n ?? 0);
  return { rows, total: Math.min(n, COUNT_CAP), totalCapped: n > COUNT_CAP };
}

/**
 * A page in the lists' order (name, id) read as one range of person_regions_name_idx or
 * person_institutions_name_idx (distinct: a person is in a region by residence and by class), then
 * the page's persons in one statement; the total is capped as in listPersons. `f.regionPrefix`, when given, is
 * what the source is (a region's residents), so it is not checked again.
 */
async function listFromSource(
  db: Db,
  scope: SQL,
  src: ListSource,
  f: { regionPrefix?: string | undefined; category?: string | undefined; page: number; pageSize: number },
): Promise<{ rows: PersonRow[]; total: number; totalCapped: boolean }> {
  const from =
    src.kind === "region"
      ? sql`person_regions s where s.region_code = ${src.code}${src.residentsOnly ? sql` and s.via = 'residence'` : sql``}`
      : sql`person_institutions s where s.institution_id = ${src.institutionId}`;
  const more: SQL[] = [];
  if (f.category) more.push(sql` and exists (select 1 from person_categories pc where pc.person_id = s.person_id and pc.category = ${f.category})`);
  if (src.checkScope) more.push(sql` and exists (select 1 from persons where ${persons.id} = s.person_id and ${scope})`);
  const filters = sql.join(more, sql``);
  const page = sql`select k.id from (select distinct s.name, s.person_id as id from ${from}${filters} order by s.name, s.person_id limit ${f.pageSize} offset ${(f.page - 1) * f.pageSize}) k`;
  const [rows, counted] = await readAll(db, [
    // the page's ids, then their persons in the same order (the copied name is the person's name)
    () => db.select().from(persons).where(sql`${persons.id} in (${page})`).orderBy(asc(persons.name), asc(persons.id)),
    () => db.execute(sql`select count(*)::int as n from (select distinct s.person_id from ${from}${filters} limit ${COUNT_CAP + 1}) capped`),
  ]);
  const n = Number((counted as unknown as { rows: { n: number }[] }).rows[0]?.n ?? 0);
  return { rows, total: Math.min(n, COUNT_CAP), totalCapped: n > COUNT_CAP };
}

export async function loadDetails(db: Db, ids: string[]): Promise<Map<string, PersonDetails>> {
  const out = new Map<string, PersonDetails>(ids.map((id) => [id, { categories: [], exclusions: [], institutionIds: [], links: [] }]));
  if (!ids.length) return out;
  // at once on the pool, one after another on a transaction (platform/db/reads.ts)
  const [cats, excl, links] = await readAll(db, [
    () => db.select().from(personCategories).where(inArray(personCategories.personId, ids)).orderBy(asc(personCategories.createdAt), asc(personCategories.category)),
    () => db.select().from(personExclusions).where(inArray(personExclusions.personId, ids)).orderBy(asc(personExclusions.kind)),
    () => db.select().from(personInstitutions).where(inArray(personInstitutions.personId, ids)).orderBy(asc(personInstitutions.firstLinkedAt)),
  ]);
  for (const c of cats) out.get(c.personId)?.categories.push(c);
  for (const e of excl) out.get(e.personId)?.exclusions.push(e);
  for (const l of links) {
    out.get(l.personId)?.institutionIds.push(l.institutionId);
    out.get(l.personId)?.links.push(l);
  }
  return out;
}

/** person id → the given institutions on whose approved class roster the person is. */
export async function enrolledWith(db: Db, enrollments: PersonEnrollments, personIds: string[], institutionIds: string[]): Promise<Map<string, Set<string>>> {
  const out = new Map<string, Set<string>>();
  if (!personIds.length || !institutionIds.length) return out;
  for (const inst of institutionIds) {
    const rows = await db
      .select({ id: persons.id })
      .from(persons)
      .where(and(inArray(persons.id, personIds), enrollments.inApprovedClassOf(persons.id, inst)));
    for (const r of rows) {
      const set = out.get(r.id) ?? new Set<string>();
      set.add(inst);
      out.set(r.id, set);
    }
  }
  return out;
}

/**
 * Links a person to an institution (registration, import, enrolment). `entered` — what the
 * institution itself entered — replaces the link's previous entry when given; the first link's
 * time is kept.
 * @returns whether a new link was made
 */
export async function linkPersonToInstitution(
  db: Db,
  link: { personId: string; institutionId: string; at: Date; entered?: EnteredPerson | undefined; createdRecord?: boolean | undefined },
): Promise<boolean> {
  const values = { personId: link.personId, institutionId: link.institutionId, firstLinkedAt: link.at, entered: link.entered ?? null, createdRecord: link.createdRecord ?? false };
  const made = await db.insert(personInstitutions).values(values).onConflictDoNothing().returning({ personId: personInstitutions.personId });
  if (made.length) return true;
  if (link.entered) {
    await db
      .update(personInstitutions)
      .set({ entered: link.entered })
      .where(and(eq(personInstitutions.personId, link.personId), eq(personInstitutions.institutionId, link.institutionId)));
  }
  return false;
}

export async function insertChangeRequest(db: Db, row: typeof personChangeRequests.$inferInsert): Promise<void> {
  await db.insert(personChangeRequests).values(row);
}

export async function findChangeRequest(db: Db, id: string, scope: SQL, forUpdate = false): Promise<{ cr: ChangeRequestRow; person: PersonRow } | undefined> {
  const q = db
    .select({ cr: personChangeRequests, person: persons })
    .from(personChangeRequests)
    .innerJoin(persons, eq(persons.id, personChangeRequests.personId))
    .where(and(eq(personChangeRequests.id, id), scope))
    .limit(1);
  const [r] = forUpdate ? await q.for("update") : await q;
  return r;
}

export async function listChangeRequests(db: Db, scope: SQL, status?: ChangeRequestRow["status"]): Promise<{ cr: ChangeRequestRow; person: PersonRow }[]> {
  return db
    .select({ cr: personChangeRequests, person: persons })
    .from(personChangeRequests)
    .innerJoin(persons, eq(persons.id, personChangeRequests.personId))
    .where(and(scope, status ? eq(personChangeRequests.status, status) : undefined))
    .orderBy(asc(personChangeRequests.filedAt), asc(personChangeRequests.id))
    .limit(500);
}

/** One page of change requests matching `where` (over the request joined to its person), oldest first, and the total. */
export async function pageChangeRequests(db: Db, where: SQL, page: number, pageSize: number): Promise<{ rows: { cr: ChangeRequestRow; person: PersonRow }[]; total: number }> {
  const [t] = await db
    .select({ n: count() })
    .from(personChangeRequests)
    .innerJoin(persons, eq(persons.id, personChangeRequests.personId))
    .where(where);
  const total = t?.n ?? 0;
  if (total === 0) return { rows: [], total };
  const rows = await db
    .select({ cr: personChangeRequests, person: persons })
    .from(personChangeRequests)
    .innerJoin(persons, eq(persons.id, personChangeRequests.personId))
    .where(where)
    .orderBy(asc(personChangeRequests.filedAt), asc(personChangeRequests.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  return { rows, total };
}

export async function updateChangeRequest(db: Db, id: string, patch: Partial<typeof personChangeRequests.$inferInsert>): Promise<void> {
  await db.update(personChangeRequests).set(patch).where(eq(personChangeRequests.id, id));
}

/** Inserts unless the ID number is already registered; returns the row only when inserted. */
export async function insertPersonIfNew(db: Db, row: typeof persons.$inferInsert): Promise<PersonRow | undefined> {
  const [p] = await db.insert(persons).values(row).onConflictDoNothing({ target: persons.idNumberHash }).returning();
  return p;
}

export async function updatePerson(db: Db, id: string, patch: Partial<typeof persons.$inferInsert>): Promise<void> {
  await db.update(persons).set(patch).where(eq(persons.id, id));
}

export async function insertCategories(db: Db, rows: (typeof personCategories.$inferInsert)[]): Promise<number> {
  if (!rows.length) return 0;
  return (await db.insert(personCategories).values(rows).onConflictDoNothing().returning({ c: personCategories.category })).length;
}

export async function insertExclusions(db: Db, rows: (typeof personExclusions.$inferInsert)[]): Promise<number> {
  if (!rows.length) return 0;
  return (await db.insert(personExclusions).values(rows).onConflictDoNothing().returning({ k: personExclusions.kind })).length;
}
