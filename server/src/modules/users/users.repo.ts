import { and, asc, count, eq, ilike, inArray, ne, or, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/db.ts";
import { queryPrepared } from "../../platform/db/prepared.ts";
import { institutionNames } from "../institutions/index.ts";
import { departments, regions } from "../reference/index.ts";
import { roleAssignments, sessions, users } from "./users.table.ts";
import { regionPrefix } from "../../../../shared/src/regions.ts";
import { escapeLike } from "../../platform/db/like.ts";
import { readAll } from "../../platform/db/reads.ts";

export type UserRow = typeof users.$inferSelect;
export type AssignmentRow = typeof roleAssignments.$inferSelect;

/**
 * The account a trainee means by an ID number (its keyed hash) or a phone number: the phone only
 * when exactly one active trainee account has it (a shared family phone is no identity).
 */
export async function findUserByLoginId(db: Db, by: { idHash?: string; phone?: string }): Promise<UserRow | undefined> {
  if (by.idHash) {
    const [u] = await db.select().from(users).where(eq(users.loginIdHash, by.idHash)).limit(1);
    return u;
  }
  if (by.phone) {
    const rows = await db
      .select()
      .from(users)
      .where(sql`${users.phone} = ${by.phone} and ${users.loginIdHash} is not null`)
      .limit(2);
    return rows.length === 1 ? rows[0] : undefined;
  }
  return undefined;
}

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
  if (f.regionCode) conds.push(sql`${users.regionCode} like ${`${regionPrefix(f.regionCode)}%`}`);
  if (f.status) conds.push(eq(users.status, f.status as "active" | "disabled"));
  if (f.role) conds.push(sql`exists (select 1 from ${roleAssignments} ra where ra.user_id = ${users.id} and ra.role = ${f.role})`);
  const where = and(...conds);
  const [rows, [total]] = await readAll(db, [
    () => db
      .select()
      .from(users)
      .where(where)
      .orderBy(asc(users.regionCode), asc(users.username))
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize),
    () => db.select({ n: count() }).from(users).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
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

/** The names of the homes and grants of some accounts: one query per kind (regions, departments, institutions). */
export async function grantNames(
  db: Db,
  homeRegions: readonly string[],
  grants: readonly { regionCode?: string | null; departmentCode?: string | null; institutionId?: string | null }[],
): Promise<{ regions: Map<string, string>; departments: Map<string, string>; institutions: Map<string, string> }> {
  const depts = [...new Set(grants.flatMap((g) => (g.departmentCode ? [g.departmentCode] : [])))];
  const [regionMap, deptRows, institutionMap] = await readAll(db, [
    () => regionNames(db, [...homeRegions, ...grants.flatMap((g) => (g.regionCode ? [g.regionCode] : []))]),
    () => depts.length ? db.select({ code: departments.code, name: departments.name }).from(departments).where(inArray(departments.code, depts)) : [],
    () => institutionNames(db, grants.flatMap((g) => (g.institutionId ? [g.institutionId] : []))),
  ]);
  return { regions: regionMap, departments: new Map(deptRows.map((d) => [d.code, d.name])), institutions: institutionMap };
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

/** Ends every session of the user, except `keep` (the one changing its own password). */
export async function deleteSessionsOf(db: Db, userId: string, keep?: string): Promise<void> {
  await db.delete(sessions).where(keep ? and(eq(sessions.userId, userId), ne(sessions.id, keep)) : eq(sessions.userId, userId));
}

export async function insertSession(db: Db, row: typeof sessions.$inferInsert): Promise<void> {
  await db.insert(sessions).values(row);
}

export interface SessionForRequest {
  createdAt: Date;
  lastSeenAt: Date;
  user: { id: string; username: string; regionCode: string; status: string; mustChangePassword: boolean };
  grants: { role: string; scopeType: AssignmentRow["scopeType"]; regionCode: string | null; departmentCode: string | null; institutionId: string | null }[];
}

/**
 * Every request's session look-up in ONE round trip: the session, its user and the user's role
 * assignments, and — when last seen before `touchBefore` but not idle past `idleSince` — the
 * last-seen refresh (a data-modifying CTE; the SELECT still sees the old value). Replaces three
 * queries (session+user, assignments, touch) on the hottest path (check-in).
 */
export async function findSessionForRequest(db: Db, sessionId: string, now: Date, touchBefore: Date, idleSince: Date): Promise<SessionForRequest | undefined> {
  const [row] = await queryPrepared<Record<string, unknown>>(db, "users_session_for_request", sql`
    with touched as (
      update sessions set last_seen_at = ${now.toISOString()}::timestamptz
      where id = ${sessionId} and last_seen_at < ${touchBefore.toISOString()}::timestamptz and last_seen_at >= ${idleSince.toISOString()}::timestamptz
      returning id
    )
    select s.created_at, s.last_seen_at, u.id, u.username, u.region_code, u.status, u.must_change_password,
      coalesce((select json_agg(json_build_object('role', ra.role, 'scopeType', ra.scope_type, 'regionCode', ra.region_code,
        'departmentCode', ra.department_code, 'institutionId', ra.institution_id) order by ra.created_at)
        from role_assignments ra where ra.user_id = u.id), '[]'::json) as grants
    from sessions s join users u on u.id = s.user_id
    where s.id = ${sessionId}`);
  if (!row) return undefined;
  const grants = typeof row.grants === "string" ? JSON.parse(row.grants) : row.grants;
  const asDate = (v: unknown) => (v instanceof Date ? v : new Date(String(v)));
  return {
    createdAt: asDate(row.created_at),
    lastSeenAt: asDate(row.last_seen_at),
    user: {
      id: String(row.id),
      username: String(row.username),
      regionCode: String(row.region_code),
      status: String(row.status),
      mustChangePassword: row.must_change_password === true,
    },
    grants: grants as SessionForRequest["grants"],
  };
}

export async function deleteSession(db: Db, sessionId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

export async function regionExists(db: Db, code: string): Promise<boolean> {
  const [r] = await db.select({ code: regions.code }).from(regions).where(eq(regions.code, code)).limit(1);
  return !!r;
}
