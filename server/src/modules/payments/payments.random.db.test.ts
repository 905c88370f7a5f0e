/**
 * Random sequences of payment steps through the HTTP routes (advance, settlement, a bank round with
 * paid and returned rows, an account correction, a recovery, a replayed request), each on a fresh
 * approved claim, checking after every step what must always hold: the ledger balances, no order is
 * posted twice and no claim line is settled twice, what a claim was paid never exceeds what was
 * approved, and the public disclosure's spending is the sum of the expense postings the paid
 * settlements made.
 */
import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { makeUser, type MadeUser } from "../../../test/factories.ts";
import { anonymous, createTestEnv, type Session, type TestEnv } from "../../../test/harness.ts";
import { addDays } from "../calendar/index.ts";
import { postTransaction } from "../funds/index.ts";
import { publicSpending } from "../funds/funds.disclosure.ts";
import { institutions } from "../institutions/index.ts";
import { generateClaim } from "../subsidies/claims.generate.ts";
import { reviewClaim, signCommitment, submitClaim } from "../subsidies/claims.review.ts";
import { currentCommitment } from "../subsidies/commitment.ts";
import { publishNotice } from "../subsidies/notices.service.ts";
import { makeAssessedClass, STANDARD_FEN } from "../subsidies/subsidies.factory.ts";

vi.setConfig({ testTimeout: 300_000 });
const RUNS = Number(process.env.PAYMENT_RUNS ?? 30);
const COUNTY = "220102";
const SRC = "employment_subsidy";
const LINES = 3;
const key = () => `k-${randomUUID()}`;

let env: TestEnv;
let financeUser: MadeUser;
let session: Session;
/** the approved, noticed claim every run copies (class, claim, lines, notice) */
let template: { classId: string; claimId: string; noticeId: string; payeeId: string };

const rows = async <T,>(q: ReturnType<typeof sql>) => ((await env.deps.db.execute(q)) as unknown as { rows: T[] }).rows;

beforeAll(async () => {
  env = await createTestEnv();
  financeUser = await makeUser(env, { regionCode: "220100", grants: [{ role: "finance_officer", scopeType: "region", regionCode: "220100" }] });
  await env.deps.db.transaction((tx) =>
    postTransaction(tx, env.system, env.clock, {
      kind: "funding",
      idempotencyKey: key(),
      fundSource: SRC,
      regionCode: COUNTY,
      valueDate: "2026-03-01",
      memo: "测试预算",
      postings: [
        { account: { kind: "budget", fundSource: SRC, regionCode: COUNTY }, amountFen: 1_000_000_000 },
        { account: { kind: "source", fundSource: SRC, regionCode: "220000" }, amountFen: -1_000_000_000 },
      ],
    }),
  );
  const a = await makeAssessedClass(env, Array.from({ length: LINES }, () => ({})), { regionCode: COUNTY });
  await env.deps.db.update(institutions).set({ type: "enterprise" }).where(eq(institutions.id, a.world.institution.id));
  const claim = await generateClaim(env.deps, a.world.staffCtx, a.classId, { subsidyType: "training" });
  await signCommitment(env.deps, a.world.staffCtx, claim.id, { textVersion: currentCommitment.version, textHash: currentCommitment.hash });
  await submitClaim(env.deps, a.world.staffCtx, claim.id);
  await reviewClaim(env.deps, a.countyCtx, claim.id, { step: "county", decision: "approve" });
  await reviewClaim(env.deps, a.cityCtx, claim.id, { step: "city", decision: "approve" });
  const n = await publishNotice(env.deps, a.countyCtx, { title: "测试公示", claimIds: [claim.id] });
  env.clock.set(`${addDays(n.endsOn, 1)}T02:00:00Z`);
  template = { classId: a.classId, claimId: claim.id, noticeId: n.id, payeeId: a.world.institution.id };
  session = await financeUser.session();
  await post("/api/payee-accounts", { payeeType: "enterprise", payeeId: template.payeeId, accountName: "测试收款户", bankName: "中国工商银行长春分行", accountNumber: "6222020200112233445" }, null);
}, 300_000);
afterAll(() => env?.close());

const post = (url: string, payload: unknown, k: string | null = key()) => session.request({ method: "POST", url, payload: payload as object, headers: k ? { "idempotency-key": k } : {} });

/**
 * A copy of the template claim on a copy of its class (the class/type pair is unique), approved,
 * with `cleared` of its lines published on the ended notice (the others are not cleared yet).
 */
async function copyClaim(cleared: number): Promise<string> {
  const classId = randomUUID();
  const claimId = randomUUID();
  const tag = claimId.slice(0, 8).toUpperCase();
  await env.deps.db.transaction(async (tx) => {
    await tx.execute(
      sql`insert into classes select (jsonb_populate_record(null::classes, to_jsonb(c) || jsonb_build_object('id', ${classId}::uuid, 'code', c.code || ${`-${tag}`}))).* from classes c where c.id = ${template.classId}`,
    );
    await tx.execute(
      sql`insert into subsidy_claims select (jsonb_populate_record(null::subsidy_claims, to_jsonb(s) || jsonb_build_object('id', ${claimId}::uuid, 'class_id', ${classId}::uuid, 'code', s.code || ${`-${tag}`}))).* from subsidy_claims s where s.id = ${template.claimId}`,
    );
    await tx.execute(
      sql`insert into subsidy_claim_lines select (jsonb_populate_record(null::subsidy_claim_lines, to_jsonb(l) || jsonb_build_object('id', gen_random_uuid(), 'claim_id', ${claimId}::uuid))).* from subsidy_claim_lines l where l.claim_id = ${template.claimId}`,
    );
    await tx.execute(
      sql`insert into subsidy_notice_lines (notice_id, line_id) select ${template.noticeId}::uuid, id from subsidy_claim_lines where claim_id = ${claimId} order by id limit ${cleared}`,
    );
  });
  return claimId;
}

/** The bank fills each data row of the batch file: paid or returned, by the row's turn in `outcomes`. */
async function bankRound(claimId: string, outcomes: boolean[]) {
  const orders = (await session.get(`/api/payments/orders?claimId=${claimId}&pageSize=100`)).json().items as { id: string; status: string; accountCorrected: boolean }[];
  const ready = orders.filter((o) => o.status === "ready" || (o.status === "returned" && o.accountCorrected)).map((o) => o.id);
  if (!ready.length) return;
  const batch = await post("/api/payments/batches", { orderIds: ready });
  expect(batch.statusCode, batch.body).toBe(200);
  const file = await session.get(`/api/payments/batches/${batch.json().id}/file`);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
  const ws = wb.getWorksheet("支付明细")!;
  let i = 0;
  ws.eachRow((row, n) => {
    const no = Number(row.getCell(2).value);
    if (n === 1 || !no) return;
    const paid = outcomes[i++ % outcomes.length]!;
    row.getCell(8).value = paid ? "成功" : "退回";
    row.getCell(9).value = paid ? `BANK${no}-${randomUUID().slice(0, 8)}` : null;
    row.getCell(10).value = paid ? null : "户名与账号不符";
  });
  const buf = Buffer.from(await wb.xlsx.writeBuffer());
  const res = await session.request({
    method: "POST",
    url: `/api/payments/batches/${batch.json().id}/result`,
    payload: buf,
    headers: { "content-type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "idempotency-key": key() },
  });
  expect(res.statusCode, res.body).toBe(200);
}

type Step =
  | { t: "advance"; share: number }
  | { t: "settle" }
  | { t: "bank"; outcomes: boolean[] }
  | { t: "correct" }
  | { t: "recover"; share: number }
  | { t: "replay" };

// weighted so that most runs get an order through the bank, and some a receivable to recover
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ t: fc.constant("advance" as const), share: fc.integer({ min: 1, max: 120 }) }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant("settle" as const) }) },
  { weight: 4, arbitrary: fc.record({ t: fc.constant("bank" as const), outcomes: fc.array(fc.boolean(), { minLength: 1, maxLength: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant("correct" as const) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant("recover" as const), share: fc.integer({ min: 1, max: 120 }) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant("replay" as const) }) },
);

/** Everything that must hold after any step. */
async function invariants() {
  const unbalanced = await rows<{ id: string }>(sql`select transaction_id as id from ledger_postings group by transaction_id having sum(amount_fen) <> 0`);
  expect(unbalanced, "every ledger transaction balances").toEqual([]);
  const postedTwice = await rows<{ id: string }>(sql`select reference_id as id from ledger_transactions where reference_type = 'payment_order' group by reference_id having count(*) > 1`);
  expect(postedTwice, "no order is posted twice").toEqual([]);
  // paid ⇔ posted: an order is in the ledger exactly when it reads paid
  const mismatched = await rows<{ id: string }>(
    sql`select o.id from payment_orders o where (o.status = 'paid') <> exists (select 1 from ledger_transactions t where t.reference_type = 'payment_order' and t.reference_id = o.id)`,
  );
  expect(mismatched, "an order is posted exactly when it is paid").toEqual([]);
  const settledTwice = await rows<{ id: string }>(sql`select claim_line_id as id from payment_order_lines group by claim_line_id having count(*) > 1`);
  expect(settledTwice, "no claim line is settled twice").toEqual([]);
  const overpaid = await rows<{ id: string; paid: string; approved: string }>(
    sql`select c.id, coalesce((select sum(o.amount_fen) from payment_orders o where o.claim_id = c.id and o.status = 'paid'), 0)::bigint::text as paid,
          (select coalesce(sum(l.amount_fen), 0) from subsidy_claim_lines l where l.claim_id = c.id and l.approved_at is not null)::bigint::text as approved
        from subsidy_claims c where c.status = 'approved'`,
  );
  for (const c of overpaid) expect(Number(c.paid), `claim ${c.id}: paid ≤ approved`).toBeLessThanOrEqual(Number(c.approved));
  const [expense] = await rows<{ fen: string }>(
    sql`select coalesce(sum(p.amount_fen), 0)::bigint::text as fen from ledger_postings p join fund_accounts a on a.id = p.account_id where a.kind = 'expense'`,
  );
  const [settled] = await rows<{ fen: string }>(
    sql`select coalesce(sum(p.amount_fen), 0)::bigint::text as fen from ledger_postings p join fund_accounts a on a.id = p.account_id
        join ledger_transactions t on t.id = p.transaction_id join payment_orders o on o.id = t.reference_id
        where a.kind = 'expense' and t.reference_type = 'payment_order' and o.status = 'paid'`,
  );
  expect(Number(expense!.fen), "all spending comes from paid orders").toBe(Number(settled!.fen));
  // the public page's own query (its route is rate-limited per client; it is asked once at the end)
  const disclosed = await publicSpending(env.deps, { period: "year" });
  expect(
    disclosed.byRegion.reduce((s, r) => s + r.spentFen, 0),
    "the public disclosure shows what the paid orders spent",
  ).toBe(Number(settled!.fen));
}

describe("payments under random steps", () => {
  it(`${RUNS} random sequences of advance, settlement, bank result, account correction, recovery and replay keep the money right`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: LINES }), fc.array(step, { minLength: 3, maxLength: 9 }), async (cleared, steps) => {
        const claimId = await copyClaim(cleared);
        const url = `/api/payments/claims/${claimId}`;
        let last: { url: string; body: unknown; key: string; answer: string } | null = null;
        const remember = async (u: string, body: unknown) => {
          const k = key();
          const res = await post(u, body, k);
          expect(res.statusCode, res.body).toBeLessThan(500);
          // only an answered request is kept under its key (a refusal may be retried with the same key)
          if (res.statusCode === 200) last = { url: u, body, key: k, answer: res.body };
        };
        for (const s of steps) {
          if (s.t === "advance") {
            const maxFen = Math.floor((LINES * STANDARD_FEN) / 2);
            await remember(`${url}/advance`, { amountFen: Math.max(1, Math.floor((maxFen * s.share) / 100)) });
          } else if (s.t === "settle") {
            await remember(`${url}/settlement`, {});
          } else if (s.t === "bank") {
            await bankRound(claimId, s.outcomes);
          } else if (s.t === "correct") {
            const n = String(Math.floor(Math.random() * 1e9)).padStart(9, "0");
            const res = await post("/api/payee-accounts", { payeeType: "enterprise", payeeId: template.payeeId, accountName: "测试收款户", bankName: "中国银行", accountNumber: `6216000${n}`, reason: "银行退回：账号有误，已核实新账号" }, null);
            expect(res.statusCode, res.body).toBe(200);
          } else if (s.t === "recover") {
            const open = (await session.get("/api/payments/receivables?open=true&pageSize=100")).json().items as { id: string; outstandingFen: number }[];
            if (open.length) {
              const r = open[0]!;
              await remember(`/api/payments/receivables/${r.id}/recoveries`, { amountFen: Math.max(1, Math.floor((r.outstandingFen * s.share) / 100)), bankReference: `HK${randomUUID().slice(0, 8)}`, valueDate: "2026-05-06" });
            }
          } else if (last) {
            // the same accepted request with the same key answers the same and changes nothing
            const l: { url: string; body: unknown; key: string; answer: string } = last;
            const again = await post(l.url, l.body, l.key);
            expect(again.body).toBe(l.answer);
          }
          await invariants();
        }
      }),
      {
        numRuns: RUNS,
        // one run is spelled out: an advance larger than what one cleared line earns, so a receivable to recover
        examples: [
          [
            1,
            [
              { t: "advance", share: 100 },
              { t: "bank", outcomes: [true] },
              { t: "settle" },
              { t: "bank", outcomes: [true] },
              { t: "recover", share: 50 },
              { t: "replay" },
              { t: "recover", share: 120 },
              { t: "recover", share: 100 },
            ],
          ],
        ],
      },
    );
    // the runs reached every kind of money movement, so the checks above had something to check
    const [seen] = await rows<{ advances: number; settlements: number; returned: number; recovered: number }>(
      sql`select (select count(*) from payment_orders where kind = 'advance' and status = 'paid')::int as advances,
                 (select count(*) from payment_orders where kind = 'settlement' and status = 'paid')::int as settlements,
                 (select count(*) from payment_batch_orders where live = 'returned')::int as returned,
                 (select count(*) from payment_receivable_moves where kind = 'recovered')::int as recovered`,
    );
    console.log("paid and returned across the runs:", seen);
    const [spent] = await rows<{ fen: string }>(sql`select coalesce(sum(p.amount_fen), 0)::bigint::text as fen from ledger_postings p join fund_accounts a on a.id = p.account_id where a.kind = 'expense'`);
    const page = await anonymous(env.app).get("/api/public/funds/spending");
    expect(page.statusCode, page.body).toBe(200);
    expect(page.json().byRegion.reduce((s: number, r: { spentFen: number }) => s + r.spentFen, 0)).toBe(Number(spent!.fen));
    if (RUNS >= 30) expect(Object.values(seen!).every((n) => n > 0), JSON.stringify(seen)).toBe(true);
  });
});
