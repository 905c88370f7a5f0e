import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { makeUser, type MadeUser } from "../../../test/factories.ts";
import { createTestEnv, type Session, type TestEnv } from "../../../test/harness.ts";
import { addDays } from "../calendar/index.ts";
import { postTransaction } from "../funds/index.ts";
import { institutions } from "../institutions/index.ts";
import { subsidyClaimLines } from "../subsidies/index.ts";
import { generateClaim } from "../subsidies/claims.generate.ts";
import { reviewClaim, setLineHold, signCommitment, submitClaim } from "../subsidies/claims.review.ts";
import { currentCommitment } from "../subsidies/commitment.ts";
import { publishNotice } from "../subsidies/notices.service.ts";
import { makeAssessedClass, STANDARD_FEN } from "../subsidies/subsidies.factory.ts";

// each scenario walks whole classes through both reviews and a notice: minutes on a loaded shared machine
vi.setConfig({ testTimeout: 300_000 });
let env: TestEnv;
let financeUser: MadeUser;
let session: Session;
let loggedAt = 0;
/** the finance officer's session, logged in again whenever the test clock moved past its idle time */
async function fin(): Promise<Session> {
  const now = env.clock.now().getTime();
  if (!session || now < loggedAt || now - loggedAt > 10 * 60_000) {
    session = await financeUser.session();
    loggedAt = now;
  }
  return session;
}
const finance = {
  get: async (url: string) => (await fin()).get(url),
  request: async (o: Parameters<Session["request"]>[0]) => (await fin()).request(o),
};
const SRC = "employment_subsidy";
const key = () => `k-${randomUUID()}`;

beforeAll(async () => {
  env = await createTestEnv();
  financeUser = await makeUser(env, { regionCode: "220100", grants: [{ role: "finance_officer", scopeType: "region", regionCode: "220100" }] });
});
afterAll(() => env?.close());

/** Budget for a county, straight into the ledger (funds' own tests cover allocation). */
async function fund(county: string, amountFen: number) {
  await env.deps.db.transaction((tx) =>
    postTransaction(tx, env.system, env.clock, {
      kind: "funding",
      idempotencyKey: key(),
      fundSource: SRC,
      regionCode: county,
      valueDate: "2026-03-01",
      memo: "测试预算",
      postings: [
        { account: { kind: "budget", fundSource: SRC, regionCode: county }, amountFen },
        { account: { kind: "source", fundSource: SRC, regionCode: "220000" }, amountFen: -amountFen },
      ],
    }),
  );
}

async function balances(county: string) {
  const rows = (await env.deps.db.execute(sql`select a.code, coalesce(sum(p.amount_fen), 0)::bigint::text as b from fund_accounts a left join ledger_postings p on p.account_id = a.id where a.region_code = ${county} group by a.code`)) as unknown as {
    rows: { code: string; b: string }[];
  };
  return Object.fromEntries(rows.rows.map((r) => [r.code.split(":")[0]!, Number(r.b)]));
}

/** An enterprise's assessed class of `n` eligible trainees, its training claim approved by county and city. */
async function approvedClaim(regionCode: string, n = 3, enterprise = true, projectBased = false) {
  const a = await makeAssessedClass(env, Array.from({ length: n }, () => ({})), { regionCode, projectBased });
  if (enterprise) await env.deps.db.update(institutions).set({ type: "enterprise" }).where(eq(institutions.id, a.world.institution.id));
  const claim = await generateClaim(env.deps, a.world.staffCtx, a.classId, { subsidyType: "training" });
  await signCommitment(env.deps, a.world.staffCtx, claim.id, { textVersion: currentCommitment.version, textHash: currentCommitment.hash });
  await submitClaim(env.deps, a.world.staffCtx, claim.id);
  await reviewClaim(env.deps, a.countyCtx, claim.id, { step: "county", decision: "approve" });
  await reviewClaim(env.deps, a.cityCtx, claim.id, { step: "city", decision: "approve" });
  return { a, claim };
}

/** Publishes the claim's unheld lines and moves the clock past the notice's end. */
async function noticeEnds(a: Awaited<ReturnType<typeof approvedClaim>>["a"], claimId: string) {
  const n = await publishNotice(env.deps, a.countyCtx, { title: "测试公示", claimIds: [claimId] });
  env.clock.set(`${addDays(n.endsOn, 1)}T02:00:00Z`);
}

const post = (url: string, body: unknown, k: string | null = key()) => finance.request({ method: "POST", url, payload: body as object, headers: k ? { "idempotency-key": k } : {} });

async function registerAccount(payeeType: string, payeeId: string, accountNumber = "6222020200112233445", reason?: string) {
  const res = await post("/api/payee-accounts", { payeeType, payeeId, accountName: "测试收款户", bankName: "中国工商银行长春分行", accountNumber, ...(reason ? { reason } : {}) }, null);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

async function batchOf(orderIds: string[], k = key()) {
  const res = await post("/api/payments/batches", { orderIds }, k);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

async function download(batchId: string): Promise<ExcelJS.Workbook> {
  const res = await finance.get(`/api/payments/batches/${batchId}/file`);
  expect(res.statusCode, res.body).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  return wb;
}

/** The bank fills 处理结果 / 银行流水号 / 退回原因 per data row (rowNo → outcome). */
async function bankResult(wb: ExcelJS.Workbook, outcome: (rowNo: number) => "paid" | "returned", edit?: (ws: ExcelJS.Worksheet) => void) {
  const ws = wb.getWorksheet("支付明细")!;
  ws.eachRow((row, n) => {
    const no = Number(row.getCell(2).value);
    if (n === 1 || !no) return;
    const o = outcome(no);
    row.getCell(8).value = o === "paid" ? "成功" : "退回";
    row.getCell(9).value = o === "paid" ? `BANK${no}${Date.now()}` : null;
    row.getCell(10).value = o === "paid" ? null : "户名与账号不符";
  });
  edit?.(ws);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const upload = (batchId: string, buf: Buffer, k = key()) =>
  finance.request({ method: "POST", url: `/api/payments/batches/${batchId}/result`, payload: buf, headers: { "content-type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "idempotency-key": k } });

describe("advance and settlement", () => {
  it("advance ≤ 50%, one per claim, paid through the bank; a short settlement becomes a receivable netted against the next payment", async () => {
    const county = "220102";
    await fund(county, 10_000_000);
    const { a, claim } = await approvedClaim(county);
    await registerAccount("enterprise", a.world.institution.id);
    const url = `/api/payments/claims/${claim.id}`;
    const view = (await finance.get(url)).json();
    expect(view).toMatchObject({ approvedLines: 3, approvedFen: 3 * STANDARD_FEN, maxAdvanceFen: 1.5 * STANDARD_FEN, abilities: { advance: true, settle: false } });

    // bad input, each with its own code
    expect((await post(`${url}/advance`, { amountFen: 1.5 * STANDARD_FEN + 1 })).json().error).toMatchObject({ code: "payment.advance_too_large", details: { maxFen: 1.5 * STANDARD_FEN } });
    expect((await post(`${url}/advance`, { amountFen: 100.5 })).json().error.code).toBe("request.invalid");
    expect((await post(`${url}/advance`, { amountFen: -100 })).json().error.code).toBe("request.invalid");
    expect((await post(`${url}/advance`, { amountFen: 100 }, null)).json().error.code).toBe("payment.idempotency_key_required");

    // the same key replays, the same key with other content is refused, another key finds the advance made
    const k = key();
    const first = await post(`${url}/advance`, { amountFen: 1.5 * STANDARD_FEN }, k);
    expect(first.statusCode, first.body).toBe(200);
    const again = await post(`${url}/advance`, { amountFen: 1.5 * STANDARD_FEN }, k);
    expect(again.json()).toEqual(first.json());
    expect((await post(`${url}/advance`, { amountFen: STANDARD_FEN }, k)).json().error.code).toBe("payment.idempotency_conflict");
    expect((await post(`${url}/advance`, { amountFen: STANDARD_FEN })).json().error.code).toBe("payment.advance_exists");
    const advance = first.json().orders[0];
    expect(advance).toMatchObject({ kind: "advance", status: "ready", amountFen: 1.5 * STANDARD_FEN });
    // nothing moved yet: money moves when the bank pays
    expect((await balances(county)).advance ?? 0).toBe(0);

    // settling before the advance is paid is a step out of order
    expect((await post(`${url}/settlement`, {})).json().error.code).toBe("payment.advance_unpaid");

    const batch = await batchOf([advance.id]);
    expect(batch).toMatchObject({ rowCount: 1, totalFen: 1.5 * STANDARD_FEN, status: "sent" });
    const imported = await upload(batch.id, await bankResult(await download(batch.id), () => "paid"));
    expect(imported.statusCode, imported.body).toBe(200);
    expect(imported.json()).toMatchObject({ status: "reconciled", paidFen: 1.5 * STANDARD_FEN, returnedFen: 0 });
    expect(await balances(county)).toMatchObject({ budget: 10_000_000 - 1.5 * STANDARD_FEN, advance: 1.5 * STANDARD_FEN });

    // two lines held (an officer's finding): only one line clears the notice
    const lines = (await env.app.inject({ method: "GET", url: `/api/claims/${claim.id}`, headers: { cookie: (await a.world.officer.session()).cookie! } })).json().lines as { id: string }[];
    await setLineHold(env.deps, a.countyCtx, claim.id, lines[0]!.id, "hold", { reason: "现场核查发现未到训" });
    await setLineHold(env.deps, a.countyCtx, claim.id, lines[1]!.id, "hold", { reason: "现场核查发现未到训" });
    expect((await post(`${url}/settlement`, {})).json().error.code).toBe("payment.nothing_to_settle");
    await noticeEnds(a, claim.id);
    // the payment list (one query per kind for its whole page) says what the claim's own page says
    const own = (await finance.get(url)).json();
    expect(own).toMatchObject({ clearedUnsettledLines: 1, clearedUnsettledFen: STANDARD_FEN });
    const row = (await finance.get("/api/payments/claims?pageSize=200")).json().items.find((i: { claimId: string }) => i.claimId === claim.id);
    expect(row).toMatchObject({ approvedLines: own.approvedLines, approvedFen: own.approvedFen, maxAdvanceFen: own.maxAdvanceFen, clearedUnsettledLines: 1, clearedUnsettledFen: STANDARD_FEN, ordersCount: own.orders.length, paidFen: 1.5 * STANDARD_FEN });

    const settled = await post(`${url}/settlement`, {});
    expect(settled.statusCode, settled.body).toBe(200);
    const s1 = settled.json().orders[0];
    // 1,200 yuan cleared − 1,800 yuan advanced: nothing to pay, 600 yuan owed back, posted at once
    expect(s1).toMatchObject({ kind: "settlement", grossFen: STANDARD_FEN, advanceDeductedFen: 1.5 * STANDARD_FEN, receivableCreatedFen: 0.5 * STANDARD_FEN, amountFen: 0, status: "paid" });
    expect(s1.explanation).toContain("转为应收款");
    expect(await balances(county)).toMatchObject({ budget: 10_000_000 - 1.5 * STANDARD_FEN, advance: 0, expense: STANDARD_FEN, receivable: 0.5 * STANDARD_FEN });
    const recv = (await finance.get("/api/payments/receivables?open=true")).json().items.find((r: { originOrderCode: string }) => r.originOrderCode === s1.code);
    expect(recv).toMatchObject({ amountFen: 0.5 * STANDARD_FEN, outstandingFen: 0.5 * STANDARD_FEN });

    // one held line is released later, published and cleared: its payment nets the receivable
    env.clock.set(`${addDays(env.clock.now().toISOString().slice(0, 10), 1)}T02:00:00Z`);
    await setLineHold(env.deps, a.countyCtx, claim.id, lines[0]!.id, "release", { reason: "复核属实到训" });
    await noticeEnds(a, claim.id);
    const s2res = await post(`${url}/settlement`, {});
    expect(s2res.statusCode, s2res.body).toBe(200);
    const s2 = s2res.json().orders[0];
    expect(s2).toMatchObject({ grossFen: STANDARD_FEN, advanceDeductedFen: 0, nettedFen: 0.5 * STANDARD_FEN, amountFen: 0.5 * STANDARD_FEN, status: "ready" });
    expect((await finance.get(`/api/payments/receivables?open=false`)).json().items.map((r: { id: string }) => r.id)).toContain(recv.id);

    const b2 = await batchOf([s2.id]);
    expect((await upload(b2.id, await bankResult(await download(b2.id), () => "paid"))).statusCode).toBe(200);
    // spent: two lines (2,400 yuan); budget paid 1,800 advance + 600 cash; nothing owed, nothing advanced
    expect(await balances(county)).toMatchObject({ budget: 10_000_000 - 2 * STANDARD_FEN, advance: 0, expense: 2 * STANDARD_FEN, receivable: 0 });
    // the two settled lines read 已支付 (paid_at) for their trainees; the line still held does not
    const after = await env.deps.db.select({ id: subsidyClaimLines.id, paidAt: subsidyClaimLines.paidAt }).from(subsidyClaimLines).where(eq(subsidyClaimLines.claimId, claim.id));
    const paid = after.filter((l) => l.paidAt !== null).map((l) => l.id);
    expect(paid).toHaveLength(2);
    expect(paid).toContain(lines[0]!.id);
    expect(paid).not.toContain(lines[1]!.id);
  });

  it("recovery (追回) returns what is owed to the budget, never more than is owed", async () => {
    const county = "220104";
    await fund(county, 10_000_000);
    // 3 lines, an advance of 1.5 lines, 1 line cleared: 0.5 line owed back
    const three = await approvedClaim(county, 3);
    await registerAccount("enterprise", three.a.world.institution.id);
    const u3 = `/api/payments/claims/${three.claim.id}`;
    const adv3 = (await post(`${u3}/advance`, { amountFen: 1.5 * STANDARD_FEN })).json().orders[0];
    const b3 = await batchOf([adv3.id]);
    await upload(b3.id, await bankResult(await download(b3.id), () => "paid"));
    const l3 = (await env.app.inject({ method: "GET", url: `/api/claims/${three.claim.id}`, headers: { cookie: (await three.a.world.officer.session()).cookie! } })).json().lines as { id: string }[];
    await setLineHold(env.deps, three.a.countyCtx, three.claim.id, l3[0]!.id, "hold", { reason: "未到训" });
    await setLineHold(env.deps, three.a.countyCtx, three.claim.id, l3[1]!.id, "hold", { reason: "未到训" });
    await noticeEnds(three.a, three.claim.id);
    const s3 = (await post(`${u3}/settlement`, {})).json().orders[0];
    expect(s3.receivableCreatedFen).toBe(0.5 * STANDARD_FEN);
    const recv = (await finance.get("/api/payments/receivables?open=true")).json().items.find((r: { originOrderCode: string }) => r.originOrderCode === s3.code);
    const before = await balances(county);

    const rurl = `/api/payments/receivables/${recv.id}/recoveries`;
    expect((await post(rurl, { amountFen: 0.5 * STANDARD_FEN + 1, bankReference: "HK001", valueDate: "2026-05-06" })).json().error.code).toBe("payment.recovery_too_large");
    expect((await post(rurl, { amountFen: 0.2 * STANDARD_FEN, bankReference: "HK001", valueDate: "2026-05-06" })).json()).toMatchObject({ outstandingFen: 0.3 * STANDARD_FEN });
    expect((await post(rurl, { amountFen: 0.3 * STANDARD_FEN, bankReference: "HK002", valueDate: "2026-05-07" })).json()).toMatchObject({ outstandingFen: 0 });
    const after = await balances(county);
    expect(after.budget! - before.budget!).toBe(0.5 * STANDARD_FEN);
    expect(after.receivable! - before.receivable!).toBe(-0.5 * STANDARD_FEN);
    // recovery never touches expense: spending stays what the cleared lines earned
    expect(after.expense).toBe(before.expense);
  });

  it("a project-based (项目制) class of a school takes the advance; an ordinary class of a school is refused", async () => {
    const county = "220103";
    await fund(county, 10_000_000);
    const project = await approvedClaim(county, 2, false, true);
    const ordinary = await approvedClaim(county, 2, false, false);
    const pu = `/api/payments/claims/${project.claim.id}`;
    expect((await finance.get(pu)).json()).toMatchObject({ advanceAllowed: true, advanceRefusal: null, maxAdvanceFen: STANDARD_FEN, abilities: { advance: true } });
    expect((await post(`${pu}/advance`, { amountFen: STANDARD_FEN + 1 })).json().error.code).toBe("payment.advance_too_large");
    const adv = await post(`${pu}/advance`, { amountFen: STANDARD_FEN });
    expect(adv.statusCode, adv.body).toBe(200);
    // the school running the project is the payee of its advance
    expect(adv.json().orders[0]).toMatchObject({ kind: "advance", payeeType: "institution", payeeId: project.a.world.institution.id, amountFen: STANDARD_FEN });

    const ou = `/api/payments/claims/${ordinary.claim.id}`;
    expect((await finance.get(ou)).json()).toMatchObject({ advanceAllowed: false, maxAdvanceFen: 0, abilities: { advance: false }, reasons: { advance: "只有企业职工培训或项目制培训的申领可以预拨" } });
    const refused = await post(`${ou}/advance`, { amountFen: 100 });
    expect(refused.json().error).toMatchObject({ code: "payment.advance_not_allowed", message: "只有企业职工培训或项目制培训的申领可以预拨" });
    const listed = (await finance.get("/api/payments/claims?pageSize=100")).json().items as { claimId: string; advanceAllowed: boolean; maxAdvanceFen: number }[];
    expect(listed.find((c) => c.claimId === project.claim.id)).toMatchObject({ advanceAllowed: true, maxAdvanceFen: STANDARD_FEN });
    expect(listed.find((c) => c.claimId === ordinary.claim.id)).toMatchObject({ advanceAllowed: false, maxAdvanceFen: 0 });

    // once a claim is settled an advance would never be deducted: refused
    const settledFirst = await approvedClaim(county, 2, false, true);
    await noticeEnds(settledFirst.a, settledFirst.claim.id);
    const su = `/api/payments/claims/${settledFirst.claim.id}`;
    expect((await post(`${su}/settlement`, {})).statusCode).toBe(200);
    expect((await post(`${su}/advance`, { amountFen: 100 })).json().error.code).toBe("payment.advance_after_settlement");
    expect((await finance.get(su)).json()).toMatchObject({ abilities: { advance: false }, reasons: { advance: "该申领已开始清算，不能再预拨" } });
  });

  it("no advance for a school's claim; whoever reviewed a claim cannot pay it", async () => {
    const county = "220105";
    await fund(county, 10_000_000);
    const { claim } = await approvedClaim(county, 2, false);
    const url = `/api/payments/claims/${claim.id}`;
    expect((await post(`${url}/advance`, { amountFen: 100 })).json().error.code).toBe("payment.advance_not_allowed");
    // the city reviewer also holds a finance grant: still refused, for having reviewed
    const both = await makeUser(env, { regionCode: "220100", grants: [{ role: "finance_officer", scopeType: "region", regionCode: "220100" }, { role: "hrss_officer", scopeType: "region", regionCode: "220100" }] });
    const two = await approvedClaim(county, 2);
    // a claim whose city review `both` gives
    const c3 = await makeAssessedClass(env, [{}, {}], { regionCode: county });
    await env.deps.db.update(institutions).set({ type: "enterprise" }).where(eq(institutions.id, c3.world.institution.id));
    const cl = await generateClaim(env.deps, c3.world.staffCtx, c3.classId, { subsidyType: "training" });
    await signCommitment(env.deps, c3.world.staffCtx, cl.id, { textVersion: currentCommitment.version, textHash: currentCommitment.hash });
    await submitClaim(env.deps, c3.world.staffCtx, cl.id);
    await reviewClaim(env.deps, c3.countyCtx, cl.id, { step: "county", decision: "approve" });
    const reviewer = await both.session();
    const r = await reviewer.post(`/api/claims/${cl.id}/reviews`, { step: "city", decision: "approve" });
    expect(r.statusCode, r.body).toBe(200);
    const refused = await reviewer.request({ method: "POST", url: `/api/payments/claims/${cl.id}/advance`, payload: { amountFen: 100 }, headers: { "idempotency-key": key() } });
    expect(refused.json().error).toMatchObject({ code: "payment.separation_of_duties", details: { reason: "reviewed" } });
    expect((await reviewer.get(`/api/payments/claims/${cl.id}`)).json()).toMatchObject({ abilities: { advance: false }, reasons: { advance: "您审核过该申领，不能办理其拨付" } });
    // out of scope: a finance officer of 吉林市 does not find 长春's claim
    const other = await (await makeUser(env, { regionCode: "220200", grants: [{ role: "finance_officer", scopeType: "region", regionCode: "220200" }] })).session();
    expect((await other.get(`/api/payments/claims/${two.claim.id}`)).statusCode).toBe(404);
  });
});

describe("bank batch round trip", () => {
  it("file → result with one paid and one returned row → the returned order is re-issued only after the account is corrected", async () => {
    const county = "220106";
    await fund(county, 10_000_000);
    const one = await approvedClaim(county, 2);
    const two = await approvedClaim(county, 2);
    await registerAccount("enterprise", one.a.world.institution.id, "6222000011112222");
    await registerAccount("enterprise", two.a.world.institution.id, "6222000033334444");
    const o1 = (await post(`/api/payments/claims/${one.claim.id}/advance`, { amountFen: STANDARD_FEN })).json().orders[0];
    const o2 = (await post(`/api/payments/claims/${two.claim.id}/advance`, { amountFen: STANDARD_FEN })).json().orders[0];
    const batch = await batchOf([o1.id, o2.id]);
    expect(batch).toMatchObject({ rowCount: 2, totalFen: 2 * STANDARD_FEN });
    expect(batch.rows.map((r: { accountNumberMasked: string }) => r.accountNumberMasked).sort()).toEqual(["6222 **** 2222", "6222 **** 4444"]);
    // an order already sent cannot go into a second batch
    expect((await post("/api/payments/batches", { orderIds: [o1.id] })).json().error.code).toBe("payment.order_not_ready");

    const wb = await download(batch.id);
    const ws = wb.getWorksheet("支付明细")!;
    const texts = ws.getSheetValues().flat().map(String).join(" ");
    expect(texts).toContain(batch.controlHash);
    expect(texts).toContain("6222000011112222");
    expect(texts).toContain((2 * STANDARD_FEN / 100).toFixed(2));
    const rowOf = (acct: string) => Number(ws.getRows(2, 2)!.find((r) => String(r.getCell(4).value) === acct)!.getCell(2).value);
    const returnedRow = rowOf("6222000033334444");

    // the wrong batch, a changed total, a changed account: each refused with its own code, nothing imported
    const other = await approvedClaim(county, 2);
    await registerAccount("enterprise", other.a.world.institution.id, "6222000055556666");
    const o3 = (await post(`/api/payments/claims/${other.claim.id}/advance`, { amountFen: STANDARD_FEN })).json().orders[0];
    const otherBatch = await batchOf([o3.id]);
    expect((await upload(otherBatch.id, await bankResult(await download(batch.id), () => "paid"))).json().error.code).toBe("payment.result_wrong_batch");
    const bumped = await bankResult(await download(batch.id), () => "paid", (s) => {
      s.getRow(2).getCell(6).value = (STANDARD_FEN / 100 + 1).toFixed(2);
    });
    expect((await upload(batch.id, bumped)).json().error.code).toBe("payment.result_total_mismatch");
    const swapped = await bankResult(await download(batch.id), () => "paid", (s) => {
      s.getRow(2).getCell(4).value = "6222999999999999";
    });
    expect((await upload(batch.id, swapped)).json().error.code).toBe("payment.result_hash_mismatch");
    const fen = await bankResult(await download(batch.id), () => "paid", (s) => {
      s.getRow(2).getCell(8).value = "处理中";
    });
    expect((await upload(batch.id, fen)).json().error.code).toBe("payment.result_bad_row");
    expect((await finance.get(`/api/payments/orders?claimId=${one.claim.id}`)).json().items[0].status).toBe("in_batch");

    const k = key();
    const result = await bankResult(await download(batch.id), (no) => (no === returnedRow ? "returned" : "paid"));
    const imported = await upload(batch.id, result, k);
    expect(imported.statusCode, imported.body).toBe(200);
    expect(imported.json()).toMatchObject({ status: "reconciled", paidFen: STANDARD_FEN, returnedFen: STANDARD_FEN });
    // the same upload again replays; another key is refused: the batch is reconciled once
    expect((await upload(batch.id, result, k)).json()).toEqual(imported.json());
    expect((await upload(batch.id, result)).json().error.code).toBe("payment.batch_reconciled");
    expect(await balances(county)).toMatchObject({ advance: STANDARD_FEN, budget: 10_000_000 - STANDARD_FEN });

    const returned = (await finance.get(`/api/payments/orders?claimId=${two.claim.id}`)).json().items[0];
    expect(returned).toMatchObject({ status: "returned", accountCorrected: false });
    expect((await post("/api/payments/batches", { orderIds: [o2.id] })).json().error.code).toBe("payment.account_not_corrected");
    // a correction needs a reason; then the order goes out again to the corrected account
    expect((await post("/api/payee-accounts", { payeeType: "enterprise", payeeId: two.a.world.institution.id, accountName: "测试收款户", bankName: "中国银行", accountNumber: "6216000077778888" }, null)).json().error.code).toBe(
      "request.invalid",
    );
    const corrected = await registerAccount("enterprise", two.a.world.institution.id, "6216000077778888", "银行退回：账号有误，已核实新账号");
    expect(corrected).toMatchObject({ version: 2, accountNumberMasked: "6216 **** 8888" });
    const accounts = (await finance.get(`/api/payee-accounts?payeeId=${two.a.world.institution.id}`)).json().items;
    expect(accounts.map((x: { status: string }) => x.status)).toEqual(["active", "retired"]);
    expect(JSON.stringify(accounts)).not.toContain("6216000077778888");
    const reissue = await batchOf([o2.id]);
    const done = await upload(reissue.id, await bankResult(await download(reissue.id), () => "paid"));
    expect(done.json()).toMatchObject({ paidFen: STANDARD_FEN });
    expect(await balances(county)).toMatchObject({ advance: 2 * STANDARD_FEN, budget: 10_000_000 - 2 * STANDARD_FEN });
    // the corrected account number is stored encrypted, never in clear
    const stored = (await env.deps.db.execute(sql`select account_number_encrypted from payee_accounts where payee_id = ${two.a.world.institution.id}`)) as unknown as { rows: { account_number_encrypted: string }[] };
    expect(stored.rows.every((r) => r.account_number_encrypted.startsWith("v1:") && !r.account_number_encrypted.includes("6216"))).toBe(true);
  });
});

describe("concurrent clicks never pay twice", () => {
  it("parallel advances (other keys) make one order; parallel result imports post each order once; the ledger stays balanced", async () => {
    const county = "220112";
    await fund(county, 10_000_000);
    const { a, claim } = await approvedClaim(county, 2);
    await registerAccount("enterprise", a.world.institution.id);
    const url = `/api/payments/claims/${claim.id}/advance`;
    const answers = await Promise.all(Array.from({ length: 6 }, () => post(url, { amountFen: STANDARD_FEN })));
    expect(answers.map((r) => r.statusCode).sort()).toEqual([200, 409, 409, 409, 409, 409]);
    expect(answers.filter((r) => r.statusCode === 409).every((r) => r.json().error.code === "payment.advance_exists")).toBe(true);
    const order = answers.find((r) => r.statusCode === 200)!.json().orders[0];

    // one key, many clicks: one batch
    const k = key();
    const batches = await Promise.all(Array.from({ length: 4 }, () => post("/api/payments/batches", { orderIds: [order.id] }, k)));
    expect(batches.map((r) => r.statusCode)).toEqual([200, 200, 200, 200]);
    expect(new Set(batches.map((r) => r.json().id)).size).toBe(1);
    const batchId = batches[0]!.json().id;
    const file = await bankResult(await download(batchId), () => "paid");
    const imports = await Promise.all(Array.from({ length: 4 }, () => upload(batchId, file)));
    expect(imports.map((r) => r.statusCode).sort()).toEqual([200, 409, 409, 409]);
    expect(await balances(county)).toMatchObject({ advance: STANDARD_FEN, budget: 10_000_000 - STANDARD_FEN });
    const [posted] = ((await env.deps.db.execute(sql`select count(*)::int as n from ledger_transactions where reference_id = ${order.id}`)) as unknown as { rows: { n: number }[] }).rows;
    expect(posted!.n).toBe(1);
    const [unbalanced] = ((await env.deps.db.execute(sql`select count(*)::int as n from (select transaction_id from ledger_postings group by transaction_id having sum(amount_fen) <> 0) u`)) as unknown as { rows: { n: number }[] }).rows;
    expect(unbalanced!.n).toBe(0);
  });
});
