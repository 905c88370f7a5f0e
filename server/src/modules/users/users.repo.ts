import { and, asc, count, eq, ilike, inArray, or, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/db.ts";
import { regions } from "../reference/reference.table.ts";
import { roleAssignments, sessions, users } from "./users.table.ts";

export type UserRow = typeof users.$inferSelect;
export type AssignmentRow = typeof roleAssignments.$inferSelect;

export async function findUserByUsername(db: Db, username: string): Promise<UserRow | undefined> {
  const [u] = await db
    .select()
    .from(users)
    .where(sql`lower(${users.username}) = lower(${username})`)
    .limit(1);
  return u;
}

export async function findUser(db: Db, id: string, scope: SQL): Promise<UserRow | undefined> {
  const [u] = await db
    .select()
    .from(users)
    .where(and(eq(users.id, id), scope))
    .limit(1);
  return u;
}

export async function listUsers(
  db: Db,
  scope: SQL,
  f: { q?: string | undefined; regionCode?: string | undefined; role?: string | undefined; status?: string | undefined; page: number; pageSize: number },
): Promise<{ rows: UserRow[]; total: number }> {
  const conds: (SQL | undefined)[] = [scope];
  if (f.q) conds.push(or(ilike(users.username, `%${escapeLike(f.q)}%`), ilike(users.displayName, `%${escapeLike(f.q)}%`)));
  if (f.regionCode) conds.push(sql`${users.regionCode} like ${`${regionPrefixSafe(f.regionCode)}%`}`);
  if (f.status) conds.push(eq(users.status, f.status as "active" | "disabled"));
  if (f.role) conds.push(sql`exists (select 1 from ${roleAssignments} ra where ra.user_id = ${users.id} and ra.role = ${f.role})`);
  const where = and(...conds);
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(users)
      .where(where)
      .orderBy(asc(users.regionCode), asc(users.username))
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize),
    db.select({ n: count() }).from(users).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

function regionPrefixSafe(code: string): string {
  if (code.endsWith("0000")) return code.slice(0, 2);
  if (code.endsWith("00")) return code.slice(0, 4);
  return code;
}

export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export async function listAssignments(db: Db, userIds: string[]): Promise<AssignmentRow[]> {
  if (userIds.length === 0) return [];
  return db.select().from(roleAssignments).where(inArray(roleAssignments.userId, userIds)).orderBy(asc(roleAssignments.createdAt));
}

export async function regionNames(db: Db, codes: string[]): Promise<Map<string, string>> {
  const uniq = [...new Set(codes)];
  if (uniq.length === 0) return new Map();
  const rows = await db.select({ code: regions.code, name: regions.name }).from(regions).where(inArray(regions.code, uniq));
  return new Map(rows.map((r) => [r.code, r.name]));
}

export async function insertUser(db: Db, row: typeof users.$inferInsert): Promise<UserRow> {
  const [u] = await db.insert(users).values(row).returning();
  return u!;
}

export async function updateUser(db: Db, id: string, patch: Partial<typeof users.$inferInsert>): Promise<UserRow> {
  const [u] = await db.update(users).set(patch).where(eq(users.id, id)).returning();
  return u!;
}

export async function replaceAssignments(db: Db, userId: string, rows: (typeof roleAssignments.$inferInsert)[]): Promise<void> {
  await db.delete(roleAssignments).where(eq(roleAssignments.userId, userId));
  if (rows.length) await db.insert(roleAssignments).values(rows);
}

export async function deleteSessionsOf(db: Db, userId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.userId, userId));
}

export async function insertSession(db: Db, row: typeof sessions.$inferInsert): Promise<void> {
  await db.insert(sessions).values(row);
}

export async function findSessionWithUser(db: Db, sessionId: string) {
  const [r] = await db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, sessionId))
    .limit(1);
  return r;
}

export async function touchSession(db: Db, sessionId: string, at: Date): Promise<void> {
  await db.update(sessions).set({ lastSeenAt: at }).where(eq(sessions.id, sessionId));
}

export async function deleteSession(db: Db, sessionId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

export async function regionExists(db: Db, code: string): Promise<boolean> {
  const [r] = await db.select({ code: regions.code }).from(regions).where(eq(regions.code, code)).limit(1);
  return !!r;
}
