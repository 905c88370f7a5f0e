import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestEnv, type TestEnv } from "../../../test/harness.ts";
import { audit } from "../audit/audit.ts";
import { grantAppRole } from "./app-role.ts";
import { type Database, openPostgres } from "./db.ts";

/**
 * The app connected as a role that does not own the tables (migrations ran as the owner) cannot
 * switch the append-only triggers off, nor update, delete or truncate the audit tables — the
 * protection no longer depends on the trigger alone. PostgreSQL only: PGlite has one user.
 */
/** Drizzle wraps the server's error; its message is the cause's. */
const refused = (message: RegExp) => ({ cause: expect.objectContaining({ message: expect.stringMatching(message) }) });

describe.skipIf(process.env.TEST_DB !== "postgres")("running as an app role that does not own the tables", () => {
  const role = `jl_app_${randomBytes(4).toString("hex")}`;
  let env: TestEnv;
  let app: Database;

  beforeAll(async () => {
    env = await createTestEnv();
    await env.deps.db.execute(sql`create role ${sql.identifier(role)} login password 'app-role-test'`);
    const { appendOnly } = await grantAppRole(env.deps.db, role);
    expect(appendOnly).toEqual(expect.arrayContaining(["audit_anchors", "audit_log", "attendance_checkins"]));
    const dbName = ((await env.deps.db.execute(sql`select current_database() as name`)) as unknown as { rows: { name: string }[] }).rows[0]!.name;
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.username = role;
    url.password = "app-role-test";
    url.pathname = `/${dbName}`;
    app = await openPostgres(url.toString(), 2);
  });

  afterAll(async () => {
    await app?.close();
    await env?.close();
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`drop role if exists ${role}`);
    await admin.end();
  });

  it("does its work: reads, writes ordinary tables, appends to the audit chain", async () => {
    await app.db.transaction((tx) => audit(tx, env.system, env.clock, { action: "test.app_role", entityType: "test" }));
    await expect(app.db.execute(sql`update users set display_name = display_name where false`)).resolves.toBeDefined();
    const n = ((await app.db.execute(sql`select count(*)::int as n from audit_log where action = 'test.app_role'`)) as unknown as { rows: { n: number }[] }).rows[0]!.n;
    expect(n).toBe(1);
  });

  it.each(["audit_log", "audit_anchors"])("cannot disable %s's trigger, nor update, delete or truncate it", async (table) => {
    const t = sql.identifier(table);
    await expect(app.db.execute(sql`alter table ${t} disable trigger user`)).rejects.toMatchObject(refused(/must be owner/));
    // "permission denied", not the trigger's "append-only": the role itself lacks the right
    await expect(app.db.execute(sql`update ${t} set seq = seq`)).rejects.toMatchObject(refused(/permission denied/));
    await expect(app.db.execute(sql`delete from ${t}`)).rejects.toMatchObject(refused(/permission denied/));
    await expect(app.db.execute(sql`truncate ${t}`)).rejects.toMatchObject(refused(/permission denied/));
  });

  it("refuses to grant to a role that owns a table (it could disable the triggers)", async () => {
    await env.deps.db.execute(sql`alter table audit_anchors owner to ${sql.identifier(role)}`);
    try {
      await expect(grantAppRole(env.deps.db, role)).rejects.toThrow(/owns audit_anchors/);
    } finally {
      await env.deps.db.execute(sql`alter table audit_anchors owner to current_user`);
    }
  });
});
