import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq, type SQL, sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { dateInChina } from "../../shared/src/china-date.ts";
import { addDays } from "../src/modules/calendar/index.ts";
import { ctxOf, dailySessions, makeClass, makeWorld } from "../src/modules/classes/classes.factory.ts";
import { postTransaction } from "../src/modules/funds/index.ts";
import { institutions } from "../src/modules/institutions/index.ts";
import { savePayeeAccount } from "../src/modules/payments/payments.accounts.ts";
import { batchFile, createBatch } from "../src/modules/payments/payments.batches.ts";
import { createAdvance } from "../src/modules/payments/payments.orders.ts";
import { generateClaim } from "../src/modules/subsidies/claims.generate.ts";
import { reviewClaim, signCommitment, submitClaim } from "../src/modules/subsidies/claims.review.ts";
import { currentCommitment } from "../src/modules/subsidies/commitment.ts";
import { makeAssessedClass, STANDARD_FEN } from "../src/modules/subsidies/subsidies.factory.ts";
import { nextIdNumber } from "../src/modules/trainees/trainees.factory.ts";
import { verifyAuditChain } from "../src/platform/audit/audit.ts";
import { TestClock } from "../src/platform/clock.ts";
import type { Ctx } from "../src/platform/context.ts";
import { loadConfig } from "../src/platform/config.ts";
import { createDataCrypto } from "../src/platform/crypto.ts";
import { type Database, type Db, openPglite, openPostgres } from "../src/platform/db/db.ts";
import { failInterruptedJobs } from "../src/platform/jobs/jobs.ts";
import { makeUser, TEST_PASSWORD } from "./factories.ts";
import { createTestEnv } from "./harness.ts";
import { type Answer, Client, freshPostgres, platformSecrets, runScript, type ServerProcess, startServer } from "./processes.ts";

/**
 * kill -9 in the middle of a roster import, a class approval, a claim's final approval and a
 * payment (a bank result booked to the ledger), then a restart on the same data: each is wholly
 * there or wholly absent, nothing is doubled, the ledger balances, the audit chain verifies, and the
 * same request sent again has exactly one effect.
 *
 * "In the middle" without guessing: the server runs with JL_FAULT_PAUSE=<point> (platform/faults.ts)
 * and stops there, saying so; the test kills it on that line. Points: audit:<action> — inside the
 * operation's database transaction, right after its last write (the audit entry); answer:<route> —
 * committed, the answer not yet sent; job:finished — a background import committed, its runner not
 * yet done. Every wait is for an event (a
 * line of output, an exit, a job's status), never a fixed time. Runs on the store of the project
 * (embedded PGlite data folder, or a PostgreSQL database cloned from the run's template).
 */
const onPostgres = process.env.TEST_DB === "postgres";
const ROSTER_ROWS = 400;
const STEP_TIMEOUT = 240_000;
const secrets = platformSecrets();
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

let dataDir = "";
let pgUrl = "";
let dropPg: (() => Promise<void>) | undefined;
const servers: ServerProcess[] = [];

/** Opens the store the server uses (the server must be down on PGlite: one process per folder). */
async function openStore(): Promise<Database> {
  return onPostgres ? openPostgres(pgUrl, 2) : openPglite(dataDir);
}

async function start(faultAt?: string): Promise<ServerProcess> {
  const where: Record<string, string> = onPostgres ? { DATABASE_URL: pgUrl } : { DATA_DIR: dataDir };
  const s = await startServer({ ...where, ...secrets, JL_FAULT_PAUSE: faultAt ?? "" });
  servers.push(s);
  return s;
}

async function login(s: ServerProcess, username: string): Promise<Client> {
  const c = new Client();
  const r = await c.request(s.url, "POST", "/api/auth/login", { username, password: TEST_PASSWORD });
  expect(r.status, r.text).toBe(200);
  return c;
}

async function rows<T>(db: Db, q: SQL): Promise<T[]> {
  return ((await db.execute(q)) as unknown as { rows: T[] }).rows;
}

/** With the server down: `check` on the store, then what must hold after any crash. */
async function inspect(check: (db: Db) => Promise<void>): Promise<void> {
  const store = await openStore();
  try {
    await check(store.db);
    const chain = await verifyAuditChain(store.db);
    expect(chain.firstBad).toBeUndefined();
    expect(chain.ok).toBe(true);
    // every ledger transaction balances (postings sum to zero)
    expect(await rows(store.db, sql`select transaction_id from ledger_postings group by transaction_id having sum(amount_fen) <> 0`)).toEqual([]);
  } finally {
    await store.close();
  }
}

/**
 * Sends the request, waits until the server is paused inside its transaction, kills it (SIGKILL)
 * and returns what the client got: an error (no answer) unless the request had been answered earlier
 * (a background job accepted with 202).
 */
async function killAt(s: ServerProcess, point: string, send: () => Promise<Answer>): Promise<Answer | Error> {
  const answer = send().catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
  await s.waitFor(`fault point ${point} reached`);
  await s.kill();
  expect(s.child.signalCode).toBe("SIGKILL");
  return answer;
}

const auditCount = async (db: Db, action: string, entityId: string) =>
  (await rows<{ n: number }>(db, sql`select count(*)::int as n from audit_log where action = ${action} and entity_id = ${entityId}`))[0]!.n;

const count = async (db: Db, q: SQL) => (await rows<{ n: number }>(db, q))[0]!.n;
const inList = (ids: string[]) => sql.join(ids.map((id) => sql`${id}`), sql`, `);

const classState = async (db: Db, x: World) => ({
  status: (await rows<{ status: string }>(db, sql`select status from classes where id = ${x.classId}`))[0]!.status,
  audited: await auditCount(db, "class.approve", x.classId),
});
const claimState = async (db: Db, x: World) => ({
  claim: (await rows<{ status: string }>(db, sql`select status from subsidy_claims where id = ${x.claimId}`))[0]!.status,
  approvedLines: await count(db, sql`select count(*)::int as n from subsidy_claim_lines where claim_id = ${x.claimId} and approved_at is not null`),
  cityReviews: await count(db, sql`select count(*)::int as n from subsidy_claim_reviews where claim_id = ${x.claimId} and step = 'city'`),
  audited: await auditCount(db, "claim.city_approve", x.claimId),
});
const paymentState = async (db: Db, x: World, key: string) => ({
  batch: (await rows<{ status: string }>(db, sql`select status from payment_batches where id = ${x.batchId}`))[0]!.status,
  paidOrders: await count(db, sql`select count(*)::int as n from payment_orders where id in (${inList(x.orderIds)}) and status = 'paid'`),
  ledgerTransactions: await count(db, sql`select count(*)::int as n from ledger_transactions where idempotency_key in (${inList(x.orderIds.map((id) => `payment-order:${id}`))})`),
  keys: await count(db, sql`select count(*)::int as n from payment_requests where key = ${key}`),
  audited: await auditCount(db, "payment.result_imported", x.batchId),
});
const rosterState = async (db: Db, x: World) =>
  (await rows<{ persons: number; distinct: number }>(db, sql`select count(*)::int as persons, count(distinct id_number_hash)::int as distinct from persons where name like ${`${x.tag}%`}`))[0]!;

/** Uploads the world's roster as a background import: 202 and the job's id. */
const upload = (s: ServerProcess, c: Client, x: World) =>
  c.request(s.url, "POST", "/api/trainee-imports?mode=commit&filename=roster.xlsx&background=true", x.roster, { "content-type": XLSX });

/** Uploads the roster and follows the job to its end: the job as the importer sees it. */
async function importToEnd(s: ServerProcess, c: Client, x: World): Promise<Record<string, unknown>> {
  const r = await upload(s, c, x);
  expect(r.status, r.text).toBe(202);
  const { jobId } = r.json<{ jobId: string }>();
  let job: Record<string, unknown> = { status: "queued" };
  while (job.status === "queued" || job.status === "running") {
    await new Promise((resolve) => setTimeout(resolve, 200)); // polling the job's status, as the console does
    job = (await c.request(s.url, "GET", `/api/trainee-imports/${jobId}`)).json();
  }
  return job;
}

// ——— what the four operations need, written to the store before any server starts ———
interface World {
  /** the roster's names start with it */
  tag: string;
  classId: string;
  classOfficer: string;
  claimId: string;
  cityOfficer: string;
  batchId: string;
  orderIds: string[];
  finance: string;
  bankFile: Buffer;
  importer: string;
  roster: Buffer;
}
/** killed inside each operation's transaction */
let w: World;
/** killed after each operation committed, before its answer left */
let w2: World;

/** Monday on or before `date` */
function mondayOf(date: string): string {
  const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
  return addDays(date, -((dow + 6) % 7));
}

async function rosterFile(tag: string, n: number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("花名册");
  ws.addRow(["身份证号", "姓名", "性别", "手机号", "居住地区划代码", "文化程度", "人员类别", "证明方式", "名册名称或承诺书编号", "证明日期"]);
  for (let i = 0; i < n; i++) {
    ws.addRow([nextIdNumber({ birthYear: 1970 + (i % 30) }), `${tag}${i}`, "", `136${String(i).padStart(8, "0")}`, "220102", "初中", "农村转移就业劳动者", "承诺书", `KILL-${i}`, "2026-01-05"]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

type Env = Awaited<ReturnType<typeof createTestEnv>>;

/** An assessed class of three trained a month ago and its training claim, county-approved (and city-approved when `city`). */
async function claimOf(env: Env, regionCode: string, past: string, o: { enterprise?: boolean; city?: boolean } = {}) {
  const a = await makeAssessedClass(env, [{}, {}, {}], { regionCode, startDate: past });
  if (o.enterprise) await env.deps.db.update(institutions).set({ type: "enterprise" }).where(eq(institutions.id, a.world.institution.id));
  const claim = await generateClaim(env.deps, a.world.staffCtx, a.classId, { subsidyType: "training" });
  await signCommitment(env.deps, a.world.staffCtx, claim.id, { textVersion: currentCommitment.version, textHash: currentCommitment.hash });
  await submitClaim(env.deps, a.world.staffCtx, claim.id);
  await reviewClaim(env.deps, a.countyCtx, claim.id, { step: "county", decision: "approve" });
  if (o.city) await reviewClaim(env.deps, a.cityCtx, claim.id, { step: "city", decision: "approve" });
  return { a, claim };
}

async function seedWorld(env: Env, tag: string, finance: { username: string; ctx: Ctx }): Promise<World> {
  const today = dateInChina(new Date());
  // a class submitted now to start in three weeks: its county officer approves it
  const forClass = await makeWorld(env, { regionCode: "220102", roster: 3 });
  const start = mondayOf(addDays(today, 21));
  const cls = await makeClass(env, forClass, { status: "submitted", body: { startDate: start, endDate: addDays(start, 4), sessions: dailySessions(forClass, start, 5) } });
  // a class assessed a month ago whose claim the county approved: the city approves it
  const past = mondayOf(addDays(today, -35));
  const forCity = await claimOf(env, "220102", past);
  // an enterprise's approved claim, its advance (≤ 50%) ordered and sent in a bank batch: the bank's answer is booked
  const forPay = await claimOf(env, "220103", past, { enterprise: true, city: true });
  await savePayeeAccount(env.deps, finance.ctx, { payeeType: "enterprise", payeeId: forPay.a.world.institution.id, accountName: "测试收款户", bankName: "中国工商银行长春分行", accountNumber: "6222020200112233445" });
  await createAdvance(env.deps, finance.ctx, forPay.claim.id, { amountFen: 1.5 * STANDARD_FEN }, `adv-${randomUUID()}`);
  const orders = await rows<{ id: string }>(env.deps.db, sql`select id from payment_orders where claim_id = ${forPay.claim.id}`);
  const batch = await createBatch(env.deps, finance.ctx, { orderIds: orders.map((o) => o.id) }, `batch-${randomUUID()}`);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await batchFile(env.deps, finance.ctx, batch.id)).buffer as unknown as ArrayBuffer);
  wb.getWorksheet("支付明细")!.eachRow((row, n) => {
    const no = Number(row.getCell(2).value);
    if (n === 1 || !no) return;
    row.getCell(8).value = "成功";
    row.getCell(9).value = `BANK${no}-${randomUUID().slice(0, 8)}`;
  });
  return {
    tag,
    classId: cls.id,
    classOfficer: forClass.officer.username,
    claimId: forCity.claim.id,
    cityOfficer: forCity.a.cityCtx.actor.username,
    batchId: batch.id,
    orderIds: orders.map((o) => o.id),
    finance: finance.username,
    bankFile: Buffer.from(await wb.xlsx.writeBuffer()),
    importer: forClass.staff.username,
    roster: await rosterFile(tag, ROSTER_ROWS),
  };
}

async function seed(): Promise<[World, World]> {
  const open = async () => ({ database: await openStore(), drop: async () => {} });
  const env = await createTestEnv({ open, dataKey: secrets.DATA_KEY!, now: new Date().toISOString() });
  try {
    const county = "220103";
    await env.deps.db.transaction((tx) =>
      postTransaction(tx, env.system, env.clock, {
        kind: "funding",
        idempotencyKey: `fund-${randomUUID()}`,
        fundSource: "employment_subsidy",
        regionCode: county,
        valueDate: addDays(dateInChina(new Date()), -60),
        memo: "测试预算",
        postings: [
          { account: { kind: "budget", fundSource: "employment_subsidy", regionCode: county }, amountFen: 10_000_000 },
          { account: { kind: "source", fundSource: "employment_subsidy", regionCode: "220000" }, amountFen: -10_000_000 },
        ],
      }),
    );
    const financeGrants = [{ role: "finance_officer" as const, scopeType: "region" as const, regionCode: "220100" }];
    const user = await makeUser(env, { regionCode: "220100", grants: financeGrants });
    const finance = { username: user.username, ctx: ctxOf(user, "220100", financeGrants) };
    return [await seedWorld(env, "断电甲", finance), await seedWorld(env, "断电乙", finance)];
  } finally {
    await env.close();
  }
}

beforeAll(async () => {
  if (onPostgres) {
    const db = await freshPostgres();
    pgUrl = db.url;
    dropPg = db.drop;
  } else {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "jl-kill-"));
    const tpl = await openPglite(dataDir, { loadDataDir: new Blob([fs.readFileSync(inject("pgliteTemplate"))]) });
    await tpl.close();
  }
  [w, w2] = await seed();
}, STEP_TIMEOUT);

afterAll(async () => {
  for (const s of servers) await s.kill();
  await dropPg?.();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

describe.sequential(`kill -9 mid-operation, then restart (${onPostgres ? "PostgreSQL" : "PGlite"})`, { timeout: STEP_TIMEOUT }, () => {
  it("roster import: no person of a killed import; its job ends failed, not running forever; the re-import creates each once", async () => {
    let s = await start("audit:person.imported");
    let importer = await login(s, w.importer);
    const accepted = await killAt(s, "audit:person.imported", () => upload(s, importer, w));
    // a background import is accepted (202) before it runs: the kill lands in the job's transaction
    expect(accepted).not.toBeInstanceOf(Error);
    expect((accepted as Answer).status).toBe(202);
    const killedJob = (accepted as Answer).json<{ jobId: string }>().jobId;
    await inspect(async (db) => {
      expect(await rosterState(db, w)).toEqual({ persons: 0, distinct: 0 });
      expect(await auditCount(db, "person.imported", killedJob)).toBe(0);
      expect((await rows<{ status: string }>(db, sql`select status from import_jobs where id = ${killedJob}`))[0]!.status).toBe("running");
    });

    s = await start();
    importer = await login(s, w.importer);
    const seen = await importer.request(s.url, "GET", `/api/trainee-imports/${killedJob}`);
    expect(seen.status).toBe(200);
    if (!onPostgres) {
      // PGlite: one process per folder, so the restart fails every unfinished job at once
      expect(seen.json()).toMatchObject({ status: "failed", error: { code: "internal.error", message: "服务重启，任务已中断，请重新提交" } });
    } else {
      // PostgreSQL: another live process may own it, so it waits for the heartbeat to go stale
      expect(seen.json()).toMatchObject({ status: "running" });
    }
    expect(await importToEnd(s, importer, w)).toMatchObject({ status: "succeeded", created: ROSTER_ROWS });
    // the same file once more: everyone is already there
    expect(await importToEnd(s, importer, w)).toMatchObject({ status: "succeeded", created: 0, unchanged: ROSTER_ROWS });
    await s.stop();

    await inspect(async (db) => {
      expect(await rosterState(db, w)).toEqual({ persons: ROSTER_ROWS, distinct: ROSTER_ROWS });
      expect(await auditCount(db, "person.imported", killedJob)).toBe(0);
      if (onPostgres) {
        // what every process's sweep does a minute after the heartbeat stopped (HEARTBEAT_MS, STALE_AFTER_MS)
        await db.execute(sql`update import_jobs set heartbeat_at = heartbeat_at - interval '2 minutes' where id = ${killedJob}`);
        const deps = { db, dbKind: "postgres" as const, clock: new TestClock(), config: loadConfig({}), crypto: createDataCrypto("unused") };
        expect(await failInterruptedJobs(deps)).toBe(1);
      }
      expect((await rows<{ status: string }>(db, sql`select status from import_jobs where id = ${killedJob}`))[0]!.status).toBe("failed");
    });
  });

  it("class approval: the class is still submitted after the kill, approved once by the retry", async () => {
    let s = await start("audit:class.approve");
    let officer = await login(s, w.classOfficer);
    const approve = (srv: ServerProcess, c: Client) => c.request(srv.url, "POST", `/api/classes/${w.classId}/transitions`, { action: "approve" });
    expect(await killAt(s, "audit:class.approve", () => approve(s, officer))).toBeInstanceOf(Error);
    await inspect(async (db) => {
      expect(await classState(db, w)).toEqual({ status: "submitted", audited: 0 });
    });

    s = await start();
    officer = await login(s, w.classOfficer);
    const retried = await approve(s, officer);
    expect(retried.status, retried.text).toBe(200);
    expect(retried.json()).toMatchObject({ status: "approved" });
    const again = await approve(s, officer);
    expect(again.status).toBe(409);
    expect(again.json()).toMatchObject({ error: { code: "class.transition_not_allowed" } });
    await s.stop();
    await inspect(async (db) => {
      expect(await classState(db, w)).toEqual({ status: "approved", audited: 1 });
    });
  });

  it("claim approval (city step): the claim, its lines and its reviews are as the county left them, then approved once", async () => {
    let s = await start("audit:claim.city_approve");
    let officer = await login(s, w.cityOfficer);
    const approve = (srv: ServerProcess, c: Client) => c.request(srv.url, "POST", `/api/claims/${w.claimId}/reviews`, { step: "city", decision: "approve" });
    expect(await killAt(s, "audit:claim.city_approve", () => approve(s, officer))).toBeInstanceOf(Error);
    await inspect(async (db) => expect(await claimState(db, w)).toEqual({ claim: "county_approved", approvedLines: 0, cityReviews: 0, audited: 0 }));

    s = await start();
    officer = await login(s, w.cityOfficer);
    const retried = await approve(s, officer);
    expect(retried.status, retried.text).toBe(200);
    expect(retried.json()).toMatchObject({ status: "approved" });
    const again = await approve(s, officer);
    expect(again.status).toBe(409);
    expect(again.json()).toMatchObject({ error: { code: "claim.transition_not_allowed" } });
    await s.stop();
    await inspect(async (db) => expect(await claimState(db, w)).toEqual({ claim: "approved", approvedLines: 3, cityReviews: 1, audited: 1 }));
  });

  it("payment (the bank's result booked): no order paid and no posting after the kill; the same Idempotency-Key then pays each order once", async () => {
    const key = `pay-${randomUUID()}`;
    let s = await start("audit:payment.result_imported");
    let finance = await login(s, w.finance);
    const book = (srv: ServerProcess, c: Client) => c.request(srv.url, "POST", `/api/payments/batches/${w.batchId}/result`, w.bankFile, { "content-type": XLSX, "idempotency-key": key });
    expect(await killAt(s, "audit:payment.result_imported", () => book(s, finance))).toBeInstanceOf(Error);
    await inspect(async (db) => expect(await paymentState(db, w, key)).toEqual({ batch: "sent", paidOrders: 0, ledgerTransactions: 0, keys: 0, audited: 0 }));

    s = await start();
    finance = await login(s, w.finance);
    const retried = await book(s, finance);
    expect(retried.status, retried.text).toBe(200);
    expect(retried.json()).toMatchObject({ status: "reconciled", paidFen: 1.5 * STANDARD_FEN });
    // the same key again replays the stored answer; nothing is booked twice
    const again = await book(s, finance);
    expect(again.status).toBe(200);
    expect(again.json()).toEqual(retried.json());
    await s.stop();
    const n = w.orderIds.length;
    await inspect(async (db) => expect(await paymentState(db, w, key)).toEqual({ batch: "reconciled", paidOrders: n, ledgerTransactions: n, keys: 1, audited: 1 }));
  });
});

describe.sequential(`kill -9 after the commit, before the answer (${onPostgres ? "PostgreSQL" : "PGlite"})`, { timeout: 2 * STEP_TIMEOUT }, () => {
  it("each operation is wholly there; sent again by a client that got no answer, it is refused as done or (payment, same key) answered from the stored reply: nothing twice", async () => {
    const payKey = `pay-${randomUUID()}`;
    let rosterJob = "";
    interface Step {
      point: string;
      user: string;
      send: (s: ServerProcess, c: Client) => Promise<Answer>;
      /** what the client got before the kill */
      answered: (a: Answer | Error) => void;
      there: (db: Db) => Promise<void>;
      /** the client tries again on the restarted server */
      again: (s: ServerProcess, c: Client) => Promise<void>;
    }
    const noAnswer = (a: Answer | Error) => expect(a).toBeInstanceOf(Error);
    const approveClass = (s: ServerProcess, c: Client) => c.request(s.url, "POST", `/api/classes/${w2.classId}/transitions`, { action: "approve" });
    const approveClaim = (s: ServerProcess, c: Client) => c.request(s.url, "POST", `/api/claims/${w2.claimId}/reviews`, { step: "city", decision: "approve" });
    const book = (s: ServerProcess, c: Client) => c.request(s.url, "POST", `/api/payments/batches/${w2.batchId}/result`, w2.bankFile, { "content-type": XLSX, "idempotency-key": payKey });
    const steps: Step[] = [
      {
        point: "answer:POST /api/classes/:id/transitions",
        user: w2.classOfficer,
        send: approveClass,
        answered: noAnswer,
        there: async (db) => expect(await classState(db, w2)).toEqual({ status: "approved", audited: 1 }),
        again: async (s, c) => expect((await approveClass(s, c)).json()).toMatchObject({ error: { code: "class.transition_not_allowed" } }),
      },
      {
        point: "answer:POST /api/claims/:id/reviews",
        user: w2.cityOfficer,
        send: approveClaim,
        answered: noAnswer,
        there: async (db) => expect(await claimState(db, w2)).toEqual({ claim: "approved", approvedLines: 3, cityReviews: 1, audited: 1 }),
        again: async (s, c) => expect((await approveClaim(s, c)).json()).toMatchObject({ error: { code: "claim.transition_not_allowed" } }),
      },
      {
        point: "answer:POST /api/payments/batches/:id/result",
        user: w2.finance,
        send: book,
        answered: noAnswer,
        there: async (db) => expect(await paymentState(db, w2, payKey)).toEqual({ batch: "reconciled", paidOrders: w2.orderIds.length, ledgerTransactions: w2.orderIds.length, keys: 1, audited: 1 }),
        again: async (s, c) => {
          const r = await book(s, c);
          expect(r.status, r.text).toBe(200);
          expect(r.json()).toMatchObject({ status: "reconciled", paidFen: 1.5 * STANDARD_FEN });
        },
      },
      {
        // the import's transaction has committed; the runner has not yet written the job's end
        point: "job:finished",
        user: w2.importer,
        send: (s, c) => upload(s, c, w2),
        answered: (a) => {
          expect(a).not.toBeInstanceOf(Error);
          rosterJob = (a as Answer).json<{ jobId: string }>().jobId;
        },
        there: async (db) => {
          expect(await rosterState(db, w2)).toEqual({ persons: ROSTER_ROWS, distinct: ROSTER_ROWS });
          expect(await auditCount(db, "person.imported", rosterJob)).toBe(1);
          // the job's row committed with its work (JobHandle.succeedIn): not "interrupted, submit again"
          expect(await rows(db, sql`select status, created from import_jobs where id = ${rosterJob}`)).toEqual([{ status: "succeeded", created: ROSTER_ROWS }]);
        },
        again: async (s, c) => {
          // the restart's sweep leaves it alone; a user who imports the same roster again anyway creates nobody twice
          expect((await c.request(s.url, "GET", `/api/trainee-imports/${rosterJob}`)).json()).toMatchObject({ status: "succeeded", created: ROSTER_ROWS });
          expect(await importToEnd(s, c, w2)).toMatchObject({ status: "succeeded", created: 0, unchanged: ROSTER_ROWS });
        },
      },
    ];
    let s = await start(steps[0]!.point);
    for (const [i, step] of steps.entries()) {
      const c = await login(s, step.user);
      step.answered(await killAt(s, step.point, () => step.send(s, c)));
      await inspect(step.there);
      // the next step's fault point, so each restart also serves the next kill
      s = await start(steps[i + 1]?.point);
      await step.again(s, await login(s, step.user));
    }
    await s.stop();
    await inspect(async (db) => {
      for (const step of steps) await step.there(db);
    });
  });
});

describe(`after every kill (${onPostgres ? "PostgreSQL" : "PGlite"})`, { timeout: STEP_TIMEOUT }, () => {
  it("the operator's `npm run audit:verify` finds the chain and its signed heads intact", async () => {
    const where: Record<string, string> = onPostgres ? { DATABASE_URL: pgUrl } : { DATA_DIR: dataDir };
    const r = await runScript("server/scripts/audit-verify.ts", [], { ...where, ...secrets });
    expect(r.out).toMatch(/audit chain OK: \d+ entries/);
    expect(r.out).toMatch(/audit anchors OK/);
    expect(r.status).toBe(0);
  });
});
