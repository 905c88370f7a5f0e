import { and, asc, count, desc, eq, ilike, inArray, or, type SQL, sql } from "drizzle-orm";
import { unionAll } from "drizzle-orm/pg-core";
import { regionPrefix } from "../../../../shared/src/regions.ts";
import type { ListInstitutionsQuery } from "../../../../shared/src/contracts/institutions.ts";
import type { Db } from "../../platform/db/db.ts";
import { programs, regions } from "../reference/index.ts";
import {
  institutionFacilities,
  institutionPrograms,
  institutionQualifications,
  institutionSanctions,
  institutionTeachers,
  institutions,
} from "./institutions.table.ts";
import { escapeLike } from "../../platform/db/like.ts";
import { readAll } from "../../platform/db/reads.ts";

export type InstitutionRow = typeof institutions.$inferSelect;
export type QualificationRow = typeof institutionQualifications.$inferSelect;
export type TeacherRow = typeof institutionTeachers.$inferSelect;
export type FacilityRow = typeof institutionFacilities.$inferSelect;
export type SanctionRow = typeof institutionSanctions.$inferSelect;


/** a department sees institutions that serve a program it leads */
export const servesDepartment = (departmentCode: string): SQL =>
  sql`exists (select 1 from ${institutionPrograms} ip join ${programs} p on p.code = ip.program_code where ip.institution_id = ${institutions.id} and ${departmentCode} = any(p.lead_department_codes))`;

export async function findInstitution(db: Db, id: string, scope: SQL, opts: { forUpdate?: boolean } = {}): Promise<InstitutionRow | undefined> {
  const q = db
    .select()
    .from(institutions)
    .where(and(eq(institutions.id, id), scope))
    .limit(1);
  const [r] = opts.forUpdate ? await q.for("update") : await q;
  return r;
}

export async function findByCreditCode(db: Db, creditCodes: string[]): Promise<InstitutionRow[]> {
  if (creditCodes.length === 0) return [];
  return db.select().from(institutions).where(inArray(institutions.creditCode, creditCodes));
}

export function listWhere(scope: SQL, f: Omit<ListInstitutionsQuery, "page" | "pageSize">): SQL {
  const conds: (SQL | undefined)[] = [scope];
  if (f.q) conds.push(or(ilike(institutions.name, `%${escapeLike(f.q)}%`), ilike(institutions.creditCode, `%${escapeLike(f.q)}%`)));
  if (f.regionCode) conds.push(sql`${institutions.regionCode} like ${`${regionPrefix(f.regionCode)}%`}`);
  if (f.status) conds.push(eq(institutions.status, f.status));
  if (f.type) conds.push(eq(institutions.type, f.type));
  if (f.programCode) {
    conds.push(sql`exists (select 1 from ${institutionPrograms} ip where ip.institution_id = ${institutions.id} and ip.program_code = ${f.programCode})`);
  }
  return and(...conds)!;
}

export async function listInstitutions(db: Db, where: SQL, page: number, pageSize: number): Promise<{ rows: InstitutionRow[]; total: number }> {
  const [rows, [total]] = await readAll(db, [
    () => db
      .select()
      .from(institutions)
      .where(where)
      .orderBy(asc(institutions.regionCode), asc(institutions.name), asc(institutions.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    () => db.select({ n: count() }).from(institutions).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

export async function listAll(db: Db, where: SQL): Promise<InstitutionRow[]> {
  return db.select().from(institutions).where(where).orderBy(asc(institutions.regionCode), asc(institutions.name));
}

export async function regionNames(db: Db, codes: string[]): Promise<Map<string, string>> {
  const uniq = [...new Set(codes)];
  if (uniq.length === 0) return new Map();
  const rows = await db.select({ code: regions.code, name: regions.name }).from(regions).where(inArray(regions.code, uniq));
  return new Map(rows.map((r) => [r.code, r.name]));
}

export async function regionLevel(db: Db, code: string): Promise<"province" | "city" | "county" | null> {
  const [r] = await db.select({ level: regions.level }).from(regions).where(eq(regions.code, code)).limit(1);
  return r?.level ?? null;
}

export async function unknownPrograms(db: Db, codes: string[]): Promise<string[]> {
  if (codes.length === 0) return [];
  const found = await db.select({ code: programs.code }).from(programs).where(inArray(programs.code, codes));
  const known = new Set(found.map((r) => r.code));
  return codes.filter((c) => !known.has(c));
}

export async function insertInstitution(db: Db, row: typeof institutions.$inferInsert): Promise<InstitutionRow> {
  const [r] = await db.insert(institutions).values(row).returning();
  return r!;
}

export async function updateInstitution(db: Db, id: string, patch: Partial<typeof institutions.$inferInsert>): Promise<InstitutionRow> {
  const [r] = await db.update(institutions).set(patch).where(eq(institutions.id, id)).returning();
  return r!;
}

export async function programCodesOf(db: Db, ids: string[]): Promise<Map<string, string[]>> {
  const m = new Map<string, string[]>();
  if (ids.length === 0) return m;
  const rows = await db.select().from(institutionPrograms).where(inArray(institutionPrograms.institutionId, ids)).orderBy(asc(institutionPrograms.programCode));
  for (const r of rows) m.set(r.institutionId, [...(m.get(r.institutionId) ?? []), r.programCode]);
  return m;
}

export async function replacePrograms(db: Db, institutionId: string, codes: string[]): Promise<void> {
  await db.delete(institutionPrograms).where(eq(institutionPrograms.institutionId, institutionId));
  if (codes.length) await db.insert(institutionPrograms).values([...new Set(codes)].map((programCode) => ({ institutionId, programCode })));
}

export async function qualificationsOf(db: Db, ids: string[], states?: QualificationRow["state"][]): Promise<QualificationRow[]> {
  if (ids.length === 0) return [];
  const conds = [inArray(institutionQualifications.institutionId, ids)];
  if (states) conds.push(inArray(institutionQualifications.state, states));
  return db
    .select()
    .from(institutionQualifications)
    .where(and(...conds))
    .orderBy(asc(institutionQualifications.occupationCode), asc(institutionQualifications.projectName), asc(institutionQualifications.state));
}

export async function teachersOf(db: Db, id: string): Promise<TeacherRow[]> {
  return db.select().from(institutionTeachers).where(eq(institutionTeachers.institutionId, id)).orderBy(asc(institutionTeachers.createdAt), asc(institutionTeachers.id));
}

export async function facilitiesOf(db: Db, id: string): Promise<FacilityRow[]> {
  return db.select().from(institutionFacilities).where(eq(institutionFacilities.institutionId, id)).orderBy(asc(institutionFacilities.createdAt), asc(institutionFacilities.id));
}

export async function sanctionsOf(db: Db, id: string): Promise<SanctionRow[]> {
  return db.select().from(institutionSanctions).where(eq(institutionSanctions.institutionId, id)).orderBy(desc(institutionSanctions.date), desc(institutionSanctions.createdAt));
}

export async function countsOf(db: Db, ids: string[]): Promise<Map<string, { teachers: number; facilities: number }>> {
  const m = new Map<string, { teachers: number; facilities: number }>();
  if (ids.length === 0) return m;
  for (const id of ids) m.set(id, { teachers: 0, facilities: 0 });
  // both counts in one statement: a public list page asks for them on every request
  const t = db.select({ id: institutionTeachers.institutionId, kind: sql<string>`'t'`.as("kind"), n: count() }).from(institutionTeachers).where(inArray(institutionTeachers.institutionId, ids)).groupBy(institutionTeachers.institutionId);
  const f = db.select({ id: institutionFacilities.institutionId, kind: sql<string>`'f'`.as("kind"), n: count() }).from(institutionFacilities).where(inArray(institutionFacilities.institutionId, ids)).groupBy(institutionFacilities.institutionId);
  for (const r of await unionAll(t, f)) {
    const c = m.get(r.id)!;
    if (r.kind === "t") c.teachers = Number(r.n);
    else c.facilities = Number(r.n);
  }
  return m;
}
