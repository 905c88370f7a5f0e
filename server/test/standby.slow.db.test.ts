import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openReplica, type Replica, replicaLag } from "../src/platform/db/replica.ts";
import { type Answer, Client, freePort, platformSecrets, type ServerProcess, startServer } from "./processes.ts";

/**
 * DATABASE_REPLICA_URL against a real streaming standby: the test makes its own primary cluster
 * (initdb, trust on 127.0.0.1, replication allowed by initdb's default pg_hba) and a hot standby of
 * it (`pg_basebackup -R -X stream -C -S <slot>`), both from Debian's PostgreSQL binaries, on free
 * ports — the shared server on 5432 takes no replication connections and is left alone. Then the
 * platform runs as `npm start` does with DATABASE_URL on the primary and DATABASE_REPLICA_URL on
 * the standby: the status names a standby and its lag, the reports and the fund disclosure answer
 * what the primary wrote once it has been replayed, and with replay paused they stay behind while
 * the primary's own routes see the write at once and the lag grows; resumed, they catch up and the
 * lag is 0 again. Writes through the app land on the primary. Every wait polls for the event.
 */
const onPostgres = process.env.TEST_DB === "postgres";
const exec = promisify(execFile);

/** Debian's PostgreSQL server binaries, the highest version installed (null when not installed) */
function findPgBin(): string | null {
  const root = "/usr/lib/postgresql";
  if (!fs.existsSync(root)) return null;
  const versions = fs
    .readdirSync(root)
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(b) - Number(a));
  for (const v of versions) {
    const bin = path.join(root, v, "bin");
    if (["initdb", "pg_ctl", "pg_basebackup"].every((b) => fs.existsSync(path.join(bin, b)))) return bin;
  }
  return null;
}
const pgBin = findPgBin();
const skipReason = !onPostgres
  ? "PGlite has no replicas; runs in the PostgreSQL project only"
  : !pgBin
    ? "no PostgreSQL server binaries in /usr/lib/postgresql/<version>/bin (Debian's postgresql package)"
    : null;

/** the postgres server refuses to run as root: then the binaries run as the postgres user */
const asRoot = process.getuid?.() === 0;
async function pgRun(bin: string, args: string[]): Promise<string> {
  const file = path.join(pgBin!, bin);
  const { stdout } = asRoot ? await exec("runuser", ["-u", "postgres", "--", file, ...args]) : await exec(file, args);
  return stdout;
}

const SLOT = "jl_standby";
const DB = "jl_standby_app";
const STEP = 30_000;
let work = "";
let primaryPort = 0;
let standbyPort = 0;
const running: string[] = [];
let server: ServerProcess | undefined;
let primary: pg.Client | undefined;
let standby: pg.Client | undefined;
let primaryApp: pg.Client | undefined;
let standbyApp: pg.Client | undefined;

const url = (port: number, db: string) => `postgres://postgres@127.0.0.1:${port}/${db}`;
async function connect(port: number, db: string): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: url(port, db) });
  await c.connect();
  return c;
}

/** polls `probe` until it returns a value `done` accepts; the last value on timeout (the assertion after it says what was seen) */
async function until<T>(probe: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 20_000, everyMs = 50): Promise<T> {
  const end = Date.now() + timeoutMs;
  let v = await probe();
  while (!done(v) && Date.now() < end) {
    if (everyMs > 0) await new Promise((r) => setTimeout(r, everyMs));
    v = await probe();
  }
  return v;
}

async function startCluster(dir: string, port: number, extra: string[]): Promise<void> {
  const opts = ["-p", String(port), "-k", path.join(work, "sock"), "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", ...extra.flatMap((o) => ["-c", o])];
  await pgRun("pg_ctl", ["-D", dir, "-l", `${dir}.log`, "-w", "-t", "60", "-o", opts.join(" "), "start"]);
  running.push(dir);
}

beforeAll(async () => {
  if (skipReason) return;
  const t0 = Date.now();
  const took: string[] = [];
  const mark = (what: string) => took.push(`${what} ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  work = fs.mkdtempSync(path.join(os.tmpdir(), "jl-standby-"));
  fs.mkdirSync(path.join(work, "sock"));
  if (asRoot) await exec("chown", ["-R", "postgres:postgres", work]);
  fs.chmodSync(work, 0o700);
  [primaryPort, standbyPort] = [await freePort(), await freePort()];
  if (primaryPort === standbyPort) standbyPort = await freePort();

  const primaryDir = path.join(work, "primary");
  const standbyDir = path.join(work, "standby");
  await pgRun("initdb", ["-D", primaryDir, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"]);
  mark("initdb");
  await startCluster(primaryDir, primaryPort, []);
  mark("primary up");
  primary = await connect(primaryPort, "postgres");
  await primary.query(`create database ${DB}`);
  await pgRun("pg_basebackup", ["-h", "127.0.0.1", "-p", String(primaryPort), "-U", "postgres", "-D", standbyDir, "-c", "fast", "-R", "-X", "stream", "-C", "-S", SLOT]);
  mark("pg_basebackup");
  await startCluster(standbyDir, standbyPort, ["hot_standby_feedback=on"]);
  mark("standby up");
  standby = await connect(standbyPort, "postgres");
  expect((await standby.query("select pg_is_in_recovery() as r")).rows[0].r).toBe(true);

  // the platform migrates the primary; the standby replays the migrations
  server = await startServer({ DATABASE_URL: url(primaryPort, DB), DATABASE_REPLICA_URL: url(standbyPort, DB), ...platformSecrets() });
  mark("platform listening (migrated)");
  console.log(`set-up: ${took.join(", ")}`);
  primaryApp = await connect(primaryPort, DB);
  standbyApp = await connect(standbyPort, DB);
}, 120_000);

afterAll(async () => {
  await server?.stop();
  for (const c of [primaryApp, standbyApp, primary, standby]) await c?.end().catch(() => undefined);
  // the standby first (it would keep retrying the primary), then the primary; whatever failed before
  for (const dir of running.reverse()) await pgRun("pg_ctl", ["-D", dir, "-m", "fast", "-w", "-t", "60", "stop"]).catch((e: unknown) => console.error(e));
  if (work) fs.rmSync(work, { recursive: true, force: true });
}, 120_000);

const admin = new Client();
const finance = new Client();
const get = (c: Client, route: string): Promise<Answer> => c.request(server!.url, "GET", route);
type Status = { replica: { configured: boolean; reachable: boolean | null; standby: boolean | null; lagSeconds: number | null } };
const status = async () => (await get(admin, "/api/system/status")).json<Status>().replica;
const classesOpened = async () => {
  const r = await get(admin, "/api/stats/overview?year=2026");
  return { source: r.headers.get("x-read-source"), n: r.json<{ totals: { classesOpened: number } }>().totals.classesOpened };
};
/** a county's row of 开班 in the region report */
const stats = (n: number) =>
  primaryApp!.query(`insert into stats_monthly (month, region_code, institution_id, program_code, classes_opened) values ('2026-03-01', '220102', $1, 'K1', $2)`, [randomUUID(), n]);
const allocatedTo = async (region: string) => {
  const r = await get(finance, "/api/funds/spending?year=2026");
  return { source: r.headers.get("x-read-source"), fen: r.json<{ byRegion: { regionCode: string; allocatedFen: number }[] }>().byRegion.find((x) => x.regionCode === region)?.allocatedFen ?? 0 };
};
const balanceOf = async (region: string) => {
  const r = await get(finance, "/api/funds/accounts?kind=budget");
  expect(r.headers.get("x-read-source")).toBeNull();
  return r.json<{ items: { regionCode: string; balanceFen: number }[] }>().items.find((x) => x.regionCode === region)?.balanceFen ?? 0;
};

describe.skipIf(skipReason !== null)(skipReason ? `streaming standby (skipped: ${skipReason})` : "reports and the disclosure read a real streaming standby", () => {
  it(
    "the status names a reachable standby, caught up (lag 0)",
    async () => {
      expect(server!.output()).toContain("statistics and disclosure read from the replica");
      expect((await admin.request(server!.url, "POST", "/api/auth/login", { username: "admin", password: "Jilin-Str0ng!pw" })).status).toBe(200);
      const s = await until(status, (r) => r.lagSeconds === 0);
      expect(s).toEqual({ configured: true, reachable: true, standby: true, lagSeconds: 0 });
      // the standby is a streaming one: the primary sees it on its slot
      const slot = await primary!.query("select active from pg_replication_slots where slot_name = $1", [SLOT]);
      expect(slot.rows).toEqual([{ active: true }]);
    },
    STEP,
  );

  it(
    "a write through the app lands on the primary; the standby gets it by replay and refuses writes of its own",
    async () => {
      const created = await admin.request(server!.url, "POST", "/api/users", {
        username: "finance_standby",
        displayName: "财务（备库测试）",
        regionCode: "220000",
        password: "Standby-Passw0rd!",
        grants: [{ role: "finance_officer", scopeType: "province" }],
      });
      expect(created.status).toBe(201);
      expect((await primaryApp!.query("select 1 from users where username = 'finance_standby'")).rowCount).toBe(1);
      const replayed = await until(
        async () => (await standbyApp!.query("select 1 from users where username = 'finance_standby'")).rowCount,
        (n) => n === 1,
      );
      expect(replayed).toBe(1);
      // even as superuser: a standby is read-only (25006), so nothing the app routes there can land
      const err = await standbyApp!.query("insert into counters (key, value, expires_at) values ('x', '1', now())").catch((e: { code?: string }) => e);
      expect((err as { code?: string }).code).toBe("25006");
      expect((await finance.request(server!.url, "POST", "/api/auth/login", { username: "finance_standby", password: "Standby-Passw0rd!" })).status).toBe(200);
      const changed = await finance.request(server!.url, "POST", "/api/auth/change-password", { currentPassword: "Standby-Passw0rd!", newPassword: "Standby-Passw0rd!2" });
      expect(changed.status).toBeLessThan(300);
    },
    STEP,
  );

  it(
    "the overview, the report and the disclosure show the primary's figures once replayed, and say they read the replica",
    async () => {
      const before = await classesOpened();
      expect(before).toEqual({ source: "replica", n: 0 });
      await stats(777);
      const seen = await until(classesOpened, (r) => r.n === 777);
      expect(seen).toEqual({ source: "replica", n: 777 });
      const report = await get(admin, "/api/reports?kind=annual&period=2026&layout=region");
      expect(report.status).toBe(200);
      expect(report.headers.get("x-read-source")).toBe("replica");
      expect(JSON.stringify(report.json())).toContain("777");

      const funded = await finance.request(server!.url, "POST", "/api/funds/funding", {
        idempotencyKey: "standby-funding-1",
        fundSource: "employment_subsidy",
        amountFen: 500_000_00,
        valueDate: "2026-03-02",
        memo: "吉财社〔2026〕1号",
      });
      expect(funded.status).toBe(200);
      const allocated = await finance.request(server!.url, "POST", "/api/funds/allocations", {
        idempotencyKey: "standby-alloc-1",
        fundSource: "employment_subsidy",
        fromRegionCode: "220000",
        toRegionCode: "220100",
        amountFen: 120_000_00,
        valueDate: "2026-03-03",
        memo: "吉财社〔2026〕2号",
      });
      expect(allocated.status).toBe(200);
      expect(await until(() => allocatedTo("220100"), (r) => r.fen === 120_000_00)).toEqual({ source: "replica", fen: 120_000_00 });
    },
    STEP,
  );

  it(
    "with replay paused, the replica's answers stay behind while the primary's routes see the write, and the lag grows; resumed, they catch up and the lag is 0",
    async () => {
      await standby!.query("select pg_wal_replay_pause()");
      try {
        await until(
          async () => (await standby!.query("select pg_get_wal_replay_pause_state() as s")).rows[0].s as string,
          (s) => s === "paused",
        );
        await stats(5);
        const allocated = await finance.request(server!.url, "POST", "/api/funds/allocations", {
          idempotencyKey: "standby-alloc-2",
          fundSource: "employment_subsidy",
          fromRegionCode: "220000",
          toRegionCode: "220200",
          amountFen: 33_000_00,
          valueDate: "2026-03-04",
          memo: "吉财社〔2026〕3号",
        });
        expect(allocated.status).toBe(200);
        // the finance officer's balances (primary) show the allocation at once
        expect(await balanceOf("220200")).toBe(33_000_00);
        // the lag grows while replay stays paused (the age of the last transaction replayed)
        const first = await until(status, (r) => (r.lagSeconds ?? 0) > 0);
        expect(first.lagSeconds).toBeGreaterThan(0);
        const later = await until(status, (r) => (r.lagSeconds ?? 0) > first.lagSeconds! + 0.5);
        expect(later.lagSeconds).toBeGreaterThan(first.lagSeconds!);
        // … and all that time the replica-read answers are the old ones
        expect(await classesOpened()).toEqual({ source: "replica", n: 777 });
        expect(await allocatedTo("220200")).toEqual({ source: "replica", fen: 0 });
        expect((await primaryApp!.query("select sum(classes_opened)::int as n from stats_monthly")).rows[0].n).toBe(782);
      } finally {
        await standby!.query("select pg_wal_replay_resume()");
      }
      expect(await until(classesOpened, (r) => r.n === 782)).toEqual({ source: "replica", n: 782 });
      expect(await until(() => allocatedTo("220200"), (r) => r.fen === 33_000_00)).toEqual({ source: "replica", fen: 33_000_00 });
      expect(await until(status, (r) => r.lagSeconds === 0)).toEqual({ configured: true, reachable: true, standby: true, lagSeconds: 0 });
    },
    STEP,
  );

  it(
    "commit on the primary → visible on the standby: measured over 50 writes, and 20 allocations through the app",
    async () => {
      await primaryApp!.query("create table standby_probe (n int primary key, at timestamptz not null default clock_timestamp())");
      await until(async () => (await standbyApp!.query("select to_regclass('standby_probe') as t")).rows[0].t, (t) => t !== null);
      const ms: number[] = [];
      let firstLook = 0;
      for (let i = 0; i < 50; i++) {
        await primaryApp!.query("insert into standby_probe (n) values ($1)", [i]);
        const t0 = process.hrtime.bigint();
        // polled without a pause: the time until the standby's snapshot shows the row
        let looks = 0;
        while ((await standbyApp!.query("select 1 from standby_probe where n = $1", [i])).rowCount === 0) {
          looks++;
          if (process.hrtime.bigint() - t0 > 10_000_000_000n) throw new Error(`write ${i} not replayed within 10 s`);
        }
        if (looks === 0) firstLook++;
        ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
      // as a user meets it: an allocation answered by the app (primary) → in the disclosure (replica)
      const app: number[] = [];
      let total = 0;
      for (let i = 0; i < 20; i++) {
        const posted = await finance.request(server!.url, "POST", "/api/funds/allocations", {
          idempotencyKey: `standby-bench-${i}`,
          fundSource: "employment_subsidy",
          fromRegionCode: "220000",
          toRegionCode: "220300",
          amountFen: 100_00,
          valueDate: "2026-03-05",
          memo: "吉财社〔2026〕测试",
        });
        expect(posted.status).toBe(200);
        total += 100_00;
        const t0 = process.hrtime.bigint();
        const seen = await until(
          () => allocatedTo("220300"),
          (r) => r.fen === total,
          10_000,
          0,
        );
        expect(seen.fen).toBe(total);
        app.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
      // the same-run baselines: one look at the standby, one disclosure read, when nothing is pending
      const look: number[] = [];
      const read: number[] = [];
      for (let i = 0; i < 50; i++) {
        const t0 = process.hrtime.bigint();
        await standbyApp!.query("select 1 from standby_probe where n = $1", [i]);
        look.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
      for (let i = 0; i < 20; i++) {
        const t0 = process.hrtime.bigint();
        await allocatedTo("220300");
        read.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
      const fig = (xs: number[]) => {
        xs.sort((a, b) => a - b);
        const at = (q: number) => xs[Math.min(xs.length - 1, Math.floor(q * xs.length))]!.toFixed(2);
        return `median ${at(0.5)} ms, p90 ${at(0.9)} ms, max ${xs.at(-1)!.toFixed(2)} ms, min ${xs[0]!.toFixed(2)} ms`;
      };
      console.log(
        `replication delay (commit on primary → visible on standby), 50 writes: ${fig(ms)}; ${firstLook}/50 visible at the first look\n` +
          `allocation answered → in the replica-read disclosure, 20 allocations: ${fig(app)} (one disclosure read included)\n` +
          `baselines: one look at the standby ${fig(look)}; one disclosure read ${fig(read)}\n` +
          `load: ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`,
      );
      expect(ms.at(-1)).toBeLessThan(10_000);
    },
    STEP,
  );

  it(
    "a standby cut off from its primary does not claim to be caught up: the lag is the age of its last replayed transaction",
    async () => {
      await server!.stop();
      const replica: Replica = await openReplica(url(standbyPort, DB), 1);
      try {
        expect(await replicaLag(replica.db)).toMatchObject({ reachable: true, standby: true, lagSeconds: 0 });
        // the primary goes away (its sessions closed first); the standby keeps serving what it has
        for (const c of [primaryApp, primary]) await c?.end();
        primaryApp = primary = undefined;
        await pgRun("pg_ctl", ["-D", path.join(work, "primary"), "-m", "fast", "-w", "-t", "60", "stop"]);
        running.splice(running.indexOf(path.join(work, "primary")), 1);
        const cut = await until(
          () => replicaLag(replica.db),
          (r) => (r.lagSeconds ?? 0) > 0,
        );
        expect(cut).toMatchObject({ configured: true, reachable: true, standby: true });
        expect(cut.lagSeconds).toBeGreaterThan(0);
      } finally {
        await replica.close();
      }
    },
    STEP,
  );
});
