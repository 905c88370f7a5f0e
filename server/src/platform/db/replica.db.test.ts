import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../app.ts";
import { users } from "../../modules/users/users.table.ts";
import { grant, makeUser, type MadeUser } from "../../../test/factories.ts";
import { createTestEnv, login, type Session, type TestEnv } from "../../../test/harness.ts";
import { freshPostgres } from "../../../test/processes.ts";
import { importJobs } from "../jobs/jobs.table.ts";
import { openReplica, type Replica } from "./replica.ts";

/**
 * DATABASE_REPLICA_URL: the lag-tolerant reads (statistics, dashboard aggregates, fund disclosure)
 * go to the replica, everything else to the primary. The "replica" here is a second database
 * holding other data than the primary — what a lagging replica looks like to the app.
 */
const onPostgres = process.env.TEST_DB === "postgres";

let env: TestEnv;
let provinceAdmin: MadeUser;
let admin: Session;

beforeAll(async () => {
  env = await createTestEnv({ now: "2026-07-15T02:00:00Z" });
  provinceAdmin = await makeUser(env, { grants: [grant.admin()] });
  admin = await provinceAdmin.session();
});
afterAll(() => env.close());

describe("system status (GET /api/system/status)", () => {
  it("tells a province administrator the database, that no replica is configured, and the job queue's depth", async () => {
    await env.deps.db.insert(importJobs).values([
      { id: randomUUID(), kind: "trainee_roster.commit", status: "queued", createdAt: env.clock.now() },
      { id: randomUUID(), kind: "trainee_roster.commit", status: "running", createdAt: env.clock.now() },
      { id: randomUUID(), kind: "trainee_roster.commit", status: "succeeded", createdAt: env.clock.now() },
    ]);
    const res = await admin.get("/api/system/status");
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      database: env.deps.dbKind,
      replica: { configured: false, reachable: null, standby: null, lagSeconds: null },
      // the tests' PGlite lives in memory (fsync off: nothing to lose); the PostgreSQL server keeps its defaults
      durability: onPostgres ? { fsync: true, synchronousCommit: "on", fullPageWrites: true, durable: true } : expect.objectContaining({ fsync: false, durable: false }),
      jobs: { queued: 1, running: 1, depth: 2 },
    });
  });

  it("is refused to a city administrator (403) and to an officer without the permission", async () => {
    const city = await (await makeUser(env, { regionCode: "220100", grants: [grant.admin("220100")] })).session();
    expect((await city.get("/api/system/status")).json().error.code).toBe("auth.forbidden");
    const officer = await (await makeUser(env, { grants: [grant.officer("220000")] })).session();
    expect((await officer.get("/api/system/status")).statusCode).toBe(403);
  });

  it("without a replica, the lag-tolerant reads say they were answered by the primary", async () => {
    const res = await admin.get("/api/stats/overview?year=2026");
    expect(res.statusCode).toBe(200);
    expect(res.headers["x-read-source"]).toBe("primary");
  });
});

describe.skipIf(!onPostgres)("with DATABASE_REPLICA_URL (PostgreSQL only: PGlite has no replicas)", () => {
  let second: { url: string; drop: () => Promise<void> };
  let replica: Replica;
  let writer: pg.Client;
  let app: FastifyInstance;
  let onReplicaApp: Session;

  beforeAll(async () => {
    if (!onPostgres) return;
    second = await freshPostgres();
    // the "replica" has figures the primary does not: 777 classes opened in 南关区 in March 2026
    writer = new pg.Client({ connectionString: second.url });
    await writer.connect();
    await writer.query(
      `insert into stats_monthly (month, region_code, institution_id, program_code, classes_opened) values ('2026-03-01', '220102', $1, 'K1', 777)`,
      [randomUUID()],
    );
    replica = await openReplica(second.url, 2);
    app = await buildApp({ ...env.deps, replicaDb: replica.db }, { serveWeb: false });
    await app.ready();
    onReplicaApp = await login(app, provinceAdmin.username, provinceAdmin.password);
  });
  afterAll(async () => {
    await app?.close();
    await replica?.close();
    await writer?.end();
    await second?.drop();
  });

  it("the statistics overview and the reports read the replica, and say so", async () => {
    const viaReplica = await onReplicaApp.get("/api/stats/overview?year=2026");
    expect(viaReplica.statusCode).toBe(200);
    expect(viaReplica.headers["x-read-source"]).toBe("replica");
    expect(viaReplica.json().totals.classesOpened).toBe(777);
    // the primary has none of it
    const viaPrimary = await admin.get("/api/stats/overview?year=2026");
    expect(viaPrimary.json().totals.classesOpened).toBe(0);
    const report = await onReplicaApp.get("/api/reports?kind=annual&period=2026&layout=region");
    expect(report.statusCode).toBe(200);
    expect(report.headers["x-read-source"]).toBe("replica");
    expect(JSON.stringify(report.json().content)).toContain("777");
  });

  it("the public fund disclosure reads the replica; the to-dos and the user list (not lag-tolerant) read the primary", async () => {
    const spending = await onReplicaApp.request({ method: "GET", url: "/api/public/funds/spending" });
    expect(spending.statusCode).toBe(200);
    expect(spending.headers["x-read-source"]).toBe("replica");
    const todos = await onReplicaApp.get("/api/home/todos");
    expect(todos.statusCode).toBe(200);
    expect(todos.headers["x-read-source"]).toBeUndefined();
  });

  it("a write route writes the primary only, and a session opened on the primary is used at once", async () => {
    const username = `replica_w_${Date.now().toString(36)}`;
    const created = await onReplicaApp.post("/api/users", { username, displayName: "副本写入", regionCode: "220102", password: "Replica-Passw0rd!", grants: [grant.officer("220102")] });
    expect(created.statusCode).toBe(201);
    expect(await env.deps.db.select({ id: users.id }).from(users).where(eq(users.username, username))).toHaveLength(1);
    expect((await writer.query("select 1 from users where username = $1", [username])).rowCount).toBe(0);
    // and is read back from the primary right away (a user detail is not lag-tolerant)
    expect((await onReplicaApp.get(`/api/users/${created.json().user.id}`)).statusCode).toBe(200);
  });

  it("the replica pool refuses writes (read-only sessions), so nothing routed there by mistake can land", async () => {
    const err = await replica.db.execute(sql`insert into counters (key, value, expires_at) values ('x', '1', now())`).then(
      () => undefined,
      (e: unknown) => e as { cause?: { code?: string } },
    );
    expect(err?.cause?.code).toBe("25006");
  });

  it("the status names the replica; lag is null for a database that is not a standby", async () => {
    const res = await onReplicaApp.get("/api/system/status");
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ database: "postgres", replica: { configured: true, reachable: true, standby: false, lagSeconds: null } });
  });
});
