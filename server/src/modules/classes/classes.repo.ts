import { randomUUID } from "node:crypto";
import { and, asc, count, desc, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/db.ts";
import { catalogueItems, occupations } from "../catalogue/index.ts";
import { institutions, institutionTeachers } from "../institutions/index.ts";
import { persons } from "../trainees/index.ts";
import { certificates, classChanges } from "./classes-workflow.table.ts";
import { classEnrollments, classes, classSessions } from "./classes.table.ts";
import { escapeLike } from "../../platform/db/like.ts";
import { readAll } from "../../platform/db/reads.ts";

export type ClassRow = typeof classes.$inferSelect;
export type SessionRow = typeof classSessions.$inferSelect;
export type EnrollmentRow = typeof classEnrollments.$inferSelect;
export type CertificateRow = typeof certificates.$inferSelect;

export const newId = () => randomUUID();

export async function lockKey(tx: Db, key: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${key}))`);
}

export async function findClass(db: Db, id: string, scope: SQL, opts: { forUpdate?: boolean } = {}): Promise<ClassRow | undefined> {
  const q = db.select().from(classes).where(and(eq(classes.id, id), scope)).limit(1);
  const [r] = opts.forUpdate ? await q.for("update") : await q;
  return r;
}

export async function listClasses(db: Db, scope: SQL, f: { q?: string | undefined; status?: string | undefined; institutionId?: string | undefined; page: number; pageSize: number }) {
  const conds: SQL[] = [scope];
  if (f.status) conds.push(sql`${classes.status} = ${f.status}`);
  if (f.institutionId) conds.push(eq(classes.institutionId, f.institutionId));
  if (f.q) {
    const like = `%${escapeLike(f.q)}%`;
    conds.push(sql`(${classes.code} ilike ${like} or ${classes.title} ilike ${like})`);
  }
  const where = and(...conds);
  const [rows, [total]] = await readAll(db, [
    () => db
      .select()
      .from(classes)
      .where(where)
      .orderBy(desc(classes.createdAt), desc(classes.id))
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize),
    () => db.select({ n: count() }).from(classes).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

export async function sessionsOf(db: Db, classId: string): Promise<SessionRow[]> {
  return db.select().from(classSessions).where(eq(classSessions.classId, classId)).orderBy(asc(classSessions.startsAt), asc(classSessions.id));
}

export async function enrollmentsOf(db: Db, classId: string): Promise<EnrollmentRow[]> {
  return db.select().from(classEnrollments).where(eq(classEnrollments.classId, classId)).orderBy(asc(classEnrollments.enrolledAt), asc(classEnrollments.id));
}

export async function enrolledCounts(db: Db, classIds: string[]): Promise<Map<string, number>> {
  if (classIds.length === 0) return new Map();
  const rows = await db
    .select({ classId: classEnrollments.classId, n: count() })
    .from(classEnrollments)
    .where(and(inArray(classEnrollments.classId, classIds), eq(classEnrollments.status, "enrolled")))
    .groupBy(classEnrollments.classId);
  return new Map(rows.map((r) => [r.classId, r.n]));
}

export async function personsByIds(db: Db, ids: string[]) {
  if (ids.length === 0) return new Map<string, { id: string; name: string; idNumberMasked: string; userId: string | null }>();
  const rows = await db
    .select({ id: persons.id, name: persons.name, idNumberMasked: persons.idNumberMasked, userId: persons.userId })
    .from(persons)
    .where(inArray(persons.id, ids));
  return new Map(rows.map((r) => [r.id, r]));
}

export async function teacherNames(db: Db, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: institutionTeachers.id, name: institutionTeachers.name }).from(institutionTeachers).where(inArray(institutionTeachers.id, ids));
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function institutionNames(db: Db, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: institutions.id, name: institutions.name }).from(institutions).where(inArray(institutions.id, ids));
  return new Map(rows.map((r) => [r.id, r.name]));
}

export interface ItemInfo {
  id: string;
  status: string;
  trainingType: string;
  certificateTypes: string[];
  skillLevels: string[];
  programCodes: string[];
  occupationCode: string | null;
  occupationName: string | null;
  projectName: string | null;
}

export async function itemInfos(db: Db, ids: string[]): Promise<Map<string, ItemInfo>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({
      id: catalogueItems.id,
      status: catalogueItems.status,
      trainingType: catalogueItems.trainingType,
      certificateTypes: catalogueItems.certificateTypes,
      skillLevels: catalogueItems.skillLevels,
      programCodes: catalogueItems.programCodes,
      occupationCode: occupations.code,
      occupationName: occupations.name,
      projectName: catalogueItems.projectName,
    })
    .from(catalogueItems)
    .leftJoin(occupations, eq(occupations.id, catalogueItems.occupationId))
    .where(inArray(catalogueItems.id, ids));
  return new Map(rows.map((r) => [r.id, r]));
}

/** 车工 / 创业培训: what the class trains, for lists and certificates */
export function subjectName(i: ItemInfo | undefined): string | null {
  return i ? (i.occupationName ?? i.projectName) : null;
}

/** Next class number KB-<county>-<year>-<seq>, under a lock on the prefix. */
export async function nextClassCode(tx: Db, regionCode: string, year: string): Promise<string> {
  const prefix = `KB-${regionCode}-${year}-`;
  await lockKey(tx, `class_code:${prefix}`);
  const [r] = await tx
    .select({ max: sql<string | null>`max(${classes.code})` })
    .from(classes)
    .where(sql`${classes.code} like ${`${prefix}%`}`);
  const last = r?.max ? Number(r.max.slice(prefix.length)) : 0;
  return `${prefix}${String(last + 1).padStart(4, "0")}`;
}

export async function insertChange(tx: Db, row: typeof classChanges.$inferInsert): Promise<void> {
  await tx.insert(classChanges).values(row);
}

export async function changesOf(db: Db, classId: string) {
  return db.select().from(classChanges).where(eq(classChanges.classId, classId)).orderBy(asc(classChanges.revision));
}

export async function certificatesOfClass(db: Db, classId: string): Promise<CertificateRow[]> {
  return db.select().from(certificates).where(eq(certificates.classId, classId)).orderBy(asc(certificates.createdAt), asc(certificates.number));
}

/** How many classes the list would show for the same scope and status (the home page's to-dos). */
export async function countClasses(db: Db, scope: SQL, f: { status?: string | undefined }): Promise<number> {
  const conds: SQL[] = [scope];
  if (f.status) conds.push(sql`${classes.status} = ${f.status}`);
  const [r] = await db.select({ n: count() }).from(classes).where(and(...conds));
  return r?.n ?? 0;
}
