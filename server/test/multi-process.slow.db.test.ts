import { randomUUID } from "node:crypto";
import { type SQL, sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nextIdNumber } from "../src/modules/trainees/trainees.factory.ts";
import { TestClock } from "../src/platform/clock.ts";
import { loadConfig } from "../src/platform/config.ts";
import type { Deps } from "../src/platform/context.ts";
import { createDataCrypto } from "../src/platform/crypto.ts";
import { type Database, openPostgres } from "../src/platform/db/db.ts";
import { failInterruptedJobs } from "../src/platform/jobs/jobs.ts";
import { Client, freshPostgres, platformSecrets, type ServerProcess, startServer } from "./processes.ts";

/**
 * Two app processes (`server/src/main.ts`, as `npm start` runs it) on one PostgreSQL behave as one:
 * a session opened on one is valid on the other, a rate limit counts requests to both, a public
 * answer one keeps is dropped when the other changes it, and a background import accepted by one
 * runs once and is followed from the other.
 */
const onPostgres = process.env.TEST_DB === "postgres";
const ROWS = 2_000;

/** raw SQL rows, typed by the caller */
async function rowsOf<T>(db: { execute(q: SQL): Promise<unknown> }, q: SQL): Promise<{ rows: T[] }> {
  return (await db.execute(q)) as { rows: T[] };
}

let a: ServerProcess;
let b: ServerProcess;
let direct: Database;
let drop: () => Promise<void>;

beforeAll(async () => {
  if (!onPostgres) return;
  const db = await freshPostgres();
  drop = db.drop;
  const env = { DATABASE_URL: db.url, ...platformSecrets() };
  // both at once: the start-up (migrations, seeds, admin) is serialized by an advisory lock
  [a, b] = await Promise.all([startServer(env), startServer(env)]);
  direct = await openPostgres(db.url, 2);
}, 120_000);

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await direct?.close();
  await drop?.();
});

async function roster(rows: number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("花名册");
  ws.addRow(["身份证号", "姓名", "性别", "手机号", "居住地区划代码", "文化程度", "人员类别", "证明方式", "名册名称或承诺书编号", "证明日期"]);
  for (let i = 0; i < rows; i++) {
    ws.addRow([nextIdNumber({ birthYear: 1970 + (i % 30) }), `多进程${i}`, "", `137${String(i).padStart(8, "0")}`, "220102", "初中", "农村转移就业劳动者", "承诺书", `MP-${i}`, "2026-02-01"]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe.skipIf(!onPostgres)("two app processes on one PostgreSQL", () => {
  it("started together, they migrated and created the administrator once", async () => {
    const { rows } = await rowsOf<{ n: number }>(direct.db, sql`select count(*)::int as n from users where username = 'admin'`);
    expect(rows[0]!.n).toBe(1);
    expect((await fetch(`${a.url}/api/health`)).status).toBe(200);
    expect((await fetch(`${b.url}/api/health`)).status).toBe(200);
  });

  it("a session opened on A is used on B, and ended on B is ended on A", async () => {
    const admin = new Client();
    expect((await admin.request(a.url, "POST", "/api/auth/login", { username: "admin", password: "Jilin-Str0ng!pw" })).status).toBe(200);
    const onB = await admin.request(b.url, "GET", "/api/me");
    expect(onB.status).toBe(200);
    expect(onB.json<{ user: { username: string } }>().user.username).toBe("admin");
    expect((await admin.request(b.url, "POST", "/api/auth/logout", {})).status).toBeLessThan(300);
    expect((await admin.request(a.url, "GET", "/api/me")).status).toBe(401);
  });

  it("a public answer A keeps in memory is dropped as soon as B changes a table behind it", async () => {
    const anon = new Client();
    const path = "/api/public/catalogue?pageSize=100";
    expect((await anon.request(a.url, "GET", path)).status).toBe(200);
    expect((await anon.request(a.url, "GET", path)).headers.get("x-cache")).toBe("hit");
    const admin = new Client();
    expect((await admin.request(b.url, "POST", "/api/auth/login", { username: "admin", password: "Jilin-Str0ng!pw" })).status).toBe(200);
    const made = await admin.request(b.url, "POST", "/api/occupations", { edition: 2022, code: "4-99-99-97", name: "多进程测试职业" });
    expect(made.status).toBe(201);
    // B's commit reaches A's listener: wait for that event (the answer computed again), not for a fixed time
    let seen = "";
    for (const started = Date.now(); Date.now() - started < 10_000; ) {
      seen = (await anon.request(a.url, "GET", path)).headers.get("x-cache") ?? "";
      if (seen === "miss") break;
    }
    expect(seen).toBe("miss");
    expect((await anon.request(a.url, "GET", path)).headers.get("x-cache")).toBe("hit");
  });

  it("the certificate check's 30 a minute per address counts requests to both processes", async () => {
    const anon = new Client();
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) {
      const r = await anon.request(i % 2 === 0 ? a.url : b.url, "GET", `/api/public/certificates/verify?number=NOPE${i}&name=${encodeURIComponent("无此人")}`);
      statuses.push(r.status);
    }
    // alone, each process would have seen 15 or 16 requests, well under 30
    expect(statuses.slice(0, 30).every((s) => s === 404)).toBe(true);
    expect(statuses[30]).toBe(429);
    const other = await anon.request(a.url, "GET", `/api/public/certificates/verify?number=NOPE&name=x`);
    expect(other.status).toBe(429);
    expect(Number(other.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("failed logins (of a name that does not exist) count toward the name's lock and the address's back-off whichever process gets them", async () => {
    const guesser = new Client();
    const statuses: number[] = [];
    // LOGIN_BACKOFF: 10 free failures, then the address waits
    for (let i = 0; i < 11; i++) {
      statuses.push((await guesser.request(i % 2 === 0 ? b.url : a.url, "POST", "/api/auth/login", { username: "nobody", password: `wrong-${i}` })).status);
    }
    // the name locks at its fifth failure (counted in the shared store, as for a real account)
    expect(statuses.slice(0, 4)).toEqual([401, 401, 401, 401]);
    expect(statuses.slice(4, 10)).toEqual([423, 423, 423, 423, 423, 423]);
    expect(statuses[10]).toBe(429);
  });

  it("an import accepted by A runs once, is followed from B, and survives B's sweep of dead jobs", async () => {
    // the back-off above is per address and route; this journey logs in from a clean window
    await direct.db.execute(sql`delete from counters`);
    const admin = new Client();
    expect((await admin.request(b.url, "POST", "/api/auth/login", { username: "admin", password: "Jilin-Str0ng!pw" })).status).toBe(200);
    const started = await admin.request(a.url, "POST", "/api/trainee-imports?mode=commit&filename=roster.xlsx&background=true", await roster(ROWS), {
      "content-type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    });
    expect(started.status).toBe(202);
    const { jobId } = started.json<{ jobId: string }>();
    // what every process does at start and every minute: fail jobs of processes that died — not A's
    const deps: Deps = { db: direct.db, dbKind: "postgres", clock: new TestClock(), config: loadConfig({}), crypto: createDataCrypto("unused") };
    await failInterruptedJobs(deps);
    let job: { status: string; created?: number } = { status: "queued" };
    while (job.status === "queued" || job.status === "running") {
      await new Promise((r) => setTimeout(r, 200));
      const seen = await admin.request(b.url, "GET", `/api/trainee-imports/${jobId}`);
      expect(seen.status).toBe(200);
      job = seen.json<typeof job>();
    }
    expect(job).toMatchObject({ status: "succeeded", created: ROWS });
    const { rows } = await rowsOf<{ persons: number; audited: number }>(direct.db, sql`
      select (select count(*)::int from persons where name like '多进程%') as persons,
             (select count(*)::int from audit_log where action = 'person.imported' and entity_id = ${jobId}) as audited`);
    expect(rows[0]).toEqual({ persons: ROWS, audited: 1 });
  });

  it("a job whose process stopped beating is failed by any process's sweep; a live one is left alone", async () => {
    const deps: Deps = { db: direct.db, dbKind: "postgres", clock: new TestClock(), config: loadConfig({}), crypto: createDataCrypto("unused") };
    const dead = randomUUID();
    const alive = randomUUID();
    await direct.db.execute(sql`
      insert into import_jobs (id, kind, status, created_at, runner, heartbeat_at) values
        (${dead}, 'trainee_roster.commit', 'running', now(), 'gone:1:x', now() - interval '2 minutes'),
        (${alive}, 'trainee_roster.commit', 'running', now(), 'other:2:y', now())`);
    await failInterruptedJobs(deps);
    const { rows } = await rowsOf<{ id: string; status: string }>(direct.db, sql`select id, status from import_jobs where id in (${dead}, ${alive})`);
    expect(Object.fromEntries(rows.map((r) => [r.id, r.status]))).toEqual({ [dead]: "failed", [alive]: "running" });
  });
});
