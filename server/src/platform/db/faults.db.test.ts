import { inArray, sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { grant, makeUser } from "../../../test/factories.ts";
import { createTestEnv, type Session, type TestEnv } from "../../../test/harness.ts";
import { users } from "../../modules/users/users.table.ts";
import { counters } from "../http/counters.table.ts";
import { guardPool } from "./db.ts";
import { fromDatabaseError } from "./pg-errors.ts";

/**
 * The server's connections end under the app (restart, `pg_terminate_backend`, network): the
 * process stays up, what was in flight fails with 503 db.unavailable and commits nothing, and the
 * next request works on a fresh connection.
 */
const onPostgres = process.env.TEST_DB === "postgres";

let env: TestEnv;
let admin: Session;
/** a second connection to the test database: takes locks and terminates the app's backends */
let other: pg.Client;
let url: string;
const errors = vi.spyOn(console, "error").mockImplementation(() => {});

async function until(what: string, cond: () => Promise<boolean> | boolean, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** the app's backends on the test database (every one but `other`'s) */
async function appBackends(state?: "waiting on a lock"): Promise<number[]> {
  // inside `other`'s transaction pg_stat_activity would repeat its first snapshot
  await other.query("select pg_stat_clear_snapshot()");
  const { rows } = await other.query<{ pid: number }>(
    `select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'
     ${state ? "and wait_event_type = 'Lock'" : ""}`,
  );
  return rows.map((r) => r.pid);
}

async function terminate(pids: number[]): Promise<void> {
  await other.query("select pg_terminate_backend(pid) from unnest($1::int[]) as pid", [pids]);
  await until("the terminated backends to exit", async () => (await appBackends()).every((p) => !pids.includes(p)));
}

const pool = () => (env.deps.db as unknown as { $client: pg.Pool }).$client;

beforeAll(async () => {
  if (!onPostgres) return;
  env = await createTestEnv({ now: "2026-07-15T02:00:00Z" });
  admin = await (await makeUser(env, { grants: [grant.admin()] })).session();
  const { rows } = (await env.deps.db.execute(sql`select current_database() as name`)) as unknown as { rows: { name: string }[] };
  const u = new URL(process.env.TEST_DATABASE_URL!);
  u.pathname = `/${rows[0]!.name}`;
  url = u.toString();
  other = new pg.Client({ connectionString: url });
  await other.connect();
});
afterAll(async () => {
  await other?.end();
  await env?.close();
  errors.mockRestore();
});

describe.skipIf(!onPostgres)("lost database connections (PostgreSQL only: PGlite runs inside the process, there is no connection to lose)", () => {
  it("a connection terminated inside a transaction, between two statements, does not end the process; nothing of the transaction is kept", async () => {
    const key = `faults-${Date.now()}`;
    const failed = await env.deps.db
      .transaction(async (tx) => {
        await tx.insert(counters).values({ key: `${key}-1`, value: 1, expiresAt: new Date(Date.now() + 3_600_000) });
        const { rows } = (await tx.execute(sql`select pg_backend_pid() as pid`)) as unknown as { rows: { pid: number }[] };
        errors.mockClear();
        await terminate([rows[0]!.pid]);
        // node-pg emits 'error' on the checked-out client: without a listener this throws out of the event loop
        await until("the lost connection to be reported", () => errors.mock.calls.some((c) => String(c[0]).includes("in-use connection lost")));
        await tx.insert(counters).values({ key: `${key}-2`, value: 2, expiresAt: new Date(Date.now() + 3_600_000) });
      })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(failed).toBeDefined();
    expect(fromDatabaseError(failed)).toMatchObject({ code: "db.unavailable", status: 503 });
    const left = await env.deps.db.select().from(counters).where(inArray(counters.key, [`${key}-1`, `${key}-2`]));
    expect(left).toEqual([]);
    // the dead client went back to the pool and was dropped, not kept
    expect(pool().totalCount).toBeLessThanOrEqual(pool().options.max);
  });

  it("requests in flight when their backends are terminated get 503 db.unavailable; queued and later ones succeed; a half-done user creation leaves no row", async () => {
    const body = (username: string) => ({ username, displayName: "断线测试", regionCode: "220102", password: "Fault-Passw0rd!", grants: [grant.officer("220102")] });
    const names = Array.from({ length: 3 }, (_, i) => `fault_user_${i}_${Date.now().toString(36)}`);
    // hold every request at a table it needs: user creation at the audit entry (after inserting the user), statistics at the rollup
    await other.query("begin");
    await other.query("lock table audit_log, stats_monthly in access exclusive mode");
    // (an injected request starts when awaited: Promise.resolve sends them all now)
    const inFlight = [...names.map((n) => admin.post("/api/users", body(n))), ...Array.from({ length: 4 }, () => admin.get("/api/stats/overview?year=2026"))].map((r) => Promise.resolve(r));
    const max = pool().options.max!;
    expect(inFlight.length).toBeGreaterThan(max); // some wait for a connection: they must get a fresh one
    try {
      await until(`${max} requests waiting on the locks`, async () => (await appBackends("waiting on a lock")).length === max);
      await terminate(await appBackends());
    } catch (e) {
      console.log((await other.query("select pid, state, wait_event_type, wait_event, left(query, 80) as q from pg_stat_activity where datname = current_database()")).rows);
      throw e;
    } finally {
      await other.query("commit");
    }
    const answers = await Promise.all(inFlight);

    const failed = answers.filter((a) => a.statusCode === 503);
    expect(failed.length).toBe(max);
    for (const a of failed) {
      expect(a.json().error).toMatchObject({ code: "db.unavailable", message: expect.stringMatching(/数据库连接中断/) });
      expect(a.headers["retry-after"]).toBe("1");
    }
    for (const a of answers) expect([200, 201, 503]).toContain(a.statusCode);
    expect(answers.filter((a) => a.statusCode === 200 || a.statusCode === 201).length).toBe(inFlight.length - max);

    // a creation that failed left no user behind (its user row was written before the audit entry it waited for)
    const created = answers.slice(0, names.length).map((a, i) => ({ name: names[i]!, status: a.statusCode }));
    const rows = await env.deps.db.select({ username: users.username }).from(users).where(inArray(users.username, names));
    expect(rows.map((r) => r.username).sort()).toEqual(created.filter((c) => c.status === 201).map((c) => c.name).sort());
    expect(created.some((c) => c.status === 503)).toBe(true);

    // afterwards everything works again
    expect((await admin.get("/api/stats/overview?year=2026")).statusCode).toBe(200);
    const again = await admin.post("/api/users", body(`${names[0]}_again`));
    expect(again.statusCode).toBe(201);
  });

  it("a client whose connection died while checked out and that is never released (drizzle does not release one whose BEGIN failed) is taken back", async () => {
    const small = new pg.Pool({ connectionString: url, max: 1 });
    guardPool(small, "test", { reclaimAfterMs: 50 });
    const leaked = await small.connect();
    const { rows } = await leaked.query<{ pid: number }>("select pg_backend_pid() as pid");
    await terminate([rows[0]!.pid]);
    await until("the pool to take the dead client back", () => small.totalCount === 0);
    // the pool's only slot serves again
    expect((await small.query<{ one: number }>("select 1 as one")).rows[0]!.one).toBe(1);
    await small.end();
  });

  it("idle pooled connections terminated (a server restart) are dropped quietly; the next request connects again", async () => {
    expect((await admin.get("/api/me")).statusCode).toBe(200);
    await until("an idle pooled connection", () => pool().idleCount > 0);
    errors.mockClear();
    await terminate(await appBackends());
    await until("the pool to drop its dead connections", () => pool().idleCount === 0);
    expect(errors.mock.calls.some((c) => String(c[0]).includes("idle connection lost"))).toBe(true);
    const res = await admin.get("/api/stats/overview?year=2026");
    expect(res.statusCode).toBe(200);
  });
});
