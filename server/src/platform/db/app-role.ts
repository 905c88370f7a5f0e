import { sql } from "drizzle-orm";
import type { Db } from "./db.ts";

/**
 * On PostgreSQL the application can run as a role that does not own the tables (migrations run as
 * the owner, DATABASE_MIGRATION_URL): only an owner (or superuser) may `ALTER TABLE … DISABLE
 * TRIGGER`, so the app role cannot switch off the append-only triggers, and it gets no UPDATE or
 * DELETE on the append-only tables at all.
 *
 * A table is append-only when a trigger of it calls a function named `*_forbid_change` (the
 * convention of migrations 0001, 0008, 0010). Re-run after every migration: grants are reset and
 * given again, so new tables are covered and nothing is left over.
 */
/** Both drivers answer raw SQL with `{ rows }`; Db's generic type does not say so. */
async function rows<T>(db: Db, q: ReturnType<typeof sql>): Promise<T[]> {
  return ((await db.execute(q)) as unknown as { rows: T[] }).rows;
}

export async function grantAppRole(owner: Db, role: string): Promise<{ appendOnly: string[] }> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/i.test(role)) throw new Error(`unexpected role name "${role}"`);
  const r = sql.identifier(role);
  const owned = await rows<{ tablename: string }>(owner, sql`select tablename from pg_tables where schemaname = 'public' and tableowner = ${role}`);
  if (owned.length > 0) {
    throw new Error(`role ${role} owns ${owned.map((t) => t.tablename).join(", ")}: it could disable the audit triggers. Run migrations as another role (DATABASE_MIGRATION_URL) and transfer ownership to it.`);
  }
  const appendOnly = (
    await rows<{ relname: string }>(
      owner,
      sql`
      select distinct c.relname from pg_trigger t
      join pg_class c on c.oid = t.tgrelid
      join pg_namespace n on n.oid = c.relnamespace
      join pg_proc p on p.oid = t.tgfoid
      where n.nspname = 'public' and not t.tgisinternal and p.proname like '%\\_forbid\\_change'
      order by c.relname`,
    )
  ).map((t) => t.relname);
  await owner.transaction(async (tx) => {
    await tx.execute(sql`grant usage on schema public to ${r}`);
    await tx.execute(sql`revoke all on all tables in schema public from ${r}`);
    await tx.execute(sql`grant select, insert, update, delete on all tables in schema public to ${r}`);
    for (const t of appendOnly) await tx.execute(sql`revoke update, delete on ${sql.identifier(t)} from ${r}`);
    await tx.execute(sql`grant usage, select on all sequences in schema public to ${r}`);
  });
  return { appendOnly };
}

/** The user name of a postgres:// URL (the role the app connects as). */
export function roleOfUrl(url: string): string {
  const user = decodeURIComponent(new URL(url).username);
  if (!user) throw new Error("DATABASE_URL must name its user when DATABASE_MIGRATION_URL is set: that user is the app role the grants are given to");
  return user;
}
