import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grant, makeUser, type MadeUser } from "../../../test/factories.ts";
import { createTestEnv, type Session, type TestEnv } from "../../../test/harness.ts";
import { postTransaction, reverseTransaction } from "./funds.ledger.ts";
import { fundAccounts, ledgerPostings, ledgerTransactions } from "./funds.table.ts";

let env: TestEnv;
let provinceFinance: Session;
let cityFinance: Session;
let countyOfficer: Session;
let cityFinanceUser: MadeUser;
const key = () => `k-${randomUUID()}`;
/** drizzle wraps the database's error: its own message is the cause's */
const causeText = (e: Error & { cause?: Error }) => `${e.message} ${e.cause?.message ?? ""}`;
const SRC = "employment_subsidy";

async function balances(s: Session) {
  const res = await s.get("/api/funds/accounts");
  expect(res.statusCode).toBe(200);
  return new Map<string, number>(res.json().items.map((a: { code: string; balanceFen: number }) => [a.code, a.balanceFen]));
}

beforeAll(async () => {
  env = await createTestEnv();
  const finance = (regionCode: string) => ({ role: "finance_officer" as const, scopeType: regionCode === "220000" ? ("province" as const) : ("region" as const), ...(regionCode === "220000" ? {} : { regionCode }) });
  provinceFinance = await (await makeUser(env, { regionCode: "220000", grants: [finance("220000")] })).session();
  cityFinanceUser = await makeUser(env, { regionCode: "220100", grants: [finance("220100")] });
  cityFinance = await cityFinanceUser.session();
  countyOfficer = await (await makeUser(env, { regionCode: "220102", grants: [grant.officer("220102")] })).session();
});
afterAll(() => env?.close());

describe("funds: budgets allocated province → city → county", () => {
  it("receives funding, allocates down, and every region sees only its own accounts", async () => {
    const funded = await provinceFinance.post("/api/funds/funding", { idempotencyKey: key(), fundSource: SRC, amountFen: 1_000_000_00, valueDate: "2026-03-02", memo: "吉财社〔2026〕1号" });
    expect(funded.statusCode, funded.body).toBe(200);
    expect((await provinceFinance.post("/api/funds/allocations", { idempotencyKey: key(), fundSource: SRC, fromRegionCode: "220000", toRegionCode: "220100", amountFen: 300_000_00, valueDate: "2026-03-03", memo: "下达长春市" })).statusCode).toBe(200);
    expect((await cityFinance.post("/api/funds/allocations", { idempotencyKey: key(), fundSource: SRC, fromRegionCode: "220100", toRegionCode: "220102", amountFen: 50_000_00, valueDate: "2026-03-04", memo: "下达南关区" })).statusCode).toBe(200);

    const all = await balances(provinceFinance);
    expect(all.get(`budget:${SRC}:220000`)).toBe(700_000_00);
    expect(all.get(`budget:${SRC}:220100`)).toBe(250_000_00);
    expect(all.get(`budget:${SRC}:220102`)).toBe(50_000_00);
    expect(all.get(`source:${SRC}:220000`)).toBe(-1_000_000_00);

    const city = await balances(cityFinance);
    expect([...city.keys()].sort()).toEqual([`budget:${SRC}:220100`, `budget:${SRC}:220102`]);
    expect([...(await balances(countyOfficer)).keys()]).toEqual([`budget:${SRC}:220102`]);
  });

  it("a city cannot spend the province's budget, fund itself, or send money sideways or up", async () => {
    const up = await cityFinance.post("/api/funds/allocations", { idempotencyKey: key(), fundSource: SRC, fromRegionCode: "220000", toRegionCode: "220100", amountFen: 100, valueDate: "2026-03-05", memo: "越权" });
    expect(up.json().error.code).toBe("auth.forbidden");
    expect((await cityFinance.post("/api/funds/funding", { idempotencyKey: key(), fundSource: SRC, amountFen: 100, valueDate: "2026-03-05", memo: "越权入账" })).statusCode).toBe(403);
    const sideways = await cityFinance.post("/api/funds/allocations", { idempotencyKey: key(), fundSource: SRC, fromRegionCode: "220100", toRegionCode: "220204", amountFen: 100, valueDate: "2026-03-05", memo: "跨市" });
    expect(sideways.statusCode).toBe(400);
    expect(sideways.json().error.details.issues[0].code).toBe("not_under");
    expect((await countyOfficer.post("/api/funds/allocations", { idempotencyKey: key(), fundSource: SRC, fromRegionCode: "220102", toRegionCode: "220102", amountFen: 1, valueDate: "2026-03-05", memo: "无权" })).statusCode).toBe(403);
  });

  it("refuses fractions of a fen, negative and zero amounts with every issue at once", async () => {
    const res = await provinceFinance.post("/api/funds/allocations", { idempotencyKey: "x", fundSource: SRC, fromRegionCode: "220000", toRegionCode: "220100", amountFen: 10.5, valueDate: "2026-13-01", memo: "" });
    expect(res.statusCode).toBe(400);
    const paths = res.json().error.details.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(["body.idempotencyKey", "body.amountFen", "body.valueDate", "body.memo"]));
    expect((await provinceFinance.post("/api/funds/funding", { idempotencyKey: key(), fundSource: SRC, amountFen: -5, valueDate: "2026-03-02", memo: "负数" })).statusCode).toBe(400);
  });

  it("a budget never goes below zero: the over-allocation is refused and nothing moves", async () => {
    const before = await balances(provinceFinance);
    const res = await cityFinance.post("/api/funds/allocations", { idempotencyKey: key(), fundSource: SRC, fromRegionCode: "220100", toRegionCode: "220103", amountFen: 250_000_01, valueDate: "2026-03-06", memo: "超额" });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: "ledger.insufficient_funds", details: { balanceFen: 250_000_00, neededFen: 250_000_01 } });
    expect(await balances(provinceFinance)).toEqual(before);
  });
});

describe("funds: idempotency keys", () => {
  it("the same key replays the first answer; the same key with other content is refused", async () => {
    const body = { idempotencyKey: key(), fundSource: SRC, fromRegionCode: "220100", toRegionCode: "220104", amountFen: 1_000_00, valueDate: "2026-03-07", memo: "下达朝阳区" };
    const first = await cityFinance.post("/api/funds/allocations", body);
    const again = await cityFinance.post("/api/funds/allocations", body);
    expect(first.json()).toMatchObject({ replayed: false });
    expect(again.json()).toEqual({ transactionId: first.json().transactionId, replayed: true });
    expect((await balances(cityFinance)).get(`budget:${SRC}:220104`)).toBe(1_000_00);
    const changed = await cityFinance.post("/api/funds/allocations", { ...body, amountFen: 2_000_00 });
    expect(changed.statusCode).toBe(409);
    expect(changed.json().error.code).toBe("ledger.idempotency_conflict");
  });

  it("concurrent clicks with one key move the money once", async () => {
    const body = { idempotencyKey: key(), fundSource: SRC, fromRegionCode: "220100", toRegionCode: "220105", amountFen: 7_00, valueDate: "2026-03-07", memo: "并发" };
    const answers = await Promise.all(Array.from({ length: 5 }, () => cityFinance.post("/api/funds/allocations", body)));
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200, 200, 200]);
    expect(new Set(answers.map((a) => a.json().transactionId)).size).toBe(1);
    expect((await balances(cityFinance)).get(`budget:${SRC}:220105`)).toBe(7_00);
  });

  it("concurrent allocations that together exceed the budget: one passes, the other is refused", async () => {
    // each allocation fits the city's budget alone; both together do not
    const amountFen = Math.floor((await balances(cityFinance)).get(`budget:${SRC}:220100`)! / 2) + 100;
    const moves = await Promise.all(
      ["220112", "220113"].map((to) => cityFinance.post("/api/funds/allocations", { idempotencyKey: key(), fundSource: SRC, fromRegionCode: "220100", toRegionCode: to, amountFen, valueDate: "2026-03-08", memo: "争抢" })),
    );
    expect(moves.map((m) => m.statusCode).sort()).toEqual([200, 409]);
    const b = await balances(cityFinance);
    expect(b.get(`budget:${SRC}:220100`)).toBeGreaterThanOrEqual(0);
  });
});

describe("funds: the database guards the ledger", () => {
  it("refuses an unbalanced transaction written past the service, at commit", async () => {
    const [acct] = await env.deps.db.select().from(fundAccounts).limit(1);
    const attempt = env.deps.db.transaction(async (tx) => {
      const id = randomUUID();
      await tx.insert(ledgerTransactions).values({ id, kind: "funding", idempotencyKey: key(), contentHash: "x", regionCode: "220000", fundSource: SRC, memo: "手工", valueDate: "2026-03-02", postedAt: new Date() });
      await tx.insert(ledgerPostings).values({ id: randomUUID(), transactionId: id, accountId: acct!.id, amountFen: 100 });
    });
    await expect(attempt.catch(causeText)).resolves.toMatch(/unbalanced/);
  });

  it("refuses a balanced transaction that takes a budget below zero, and any edit or delete", async () => {
    const [budget] = await env.deps.db.select().from(fundAccounts).where(sql`${fundAccounts.code} = ${`budget:${SRC}:220102`}`);
    const [source] = await env.deps.db.select().from(fundAccounts).where(sql`${fundAccounts.code} = ${`source:${SRC}:220000`}`);
    const attempt = env.deps.db.transaction(async (tx) => {
      const id = randomUUID();
      await tx.insert(ledgerTransactions).values({ id, kind: "allocation", idempotencyKey: key(), contentHash: "x", regionCode: "220102", fundSource: SRC, memo: "透支", valueDate: "2026-03-02", postedAt: new Date() });
      await tx.insert(ledgerPostings).values([
        { id: randomUUID(), transactionId: id, accountId: budget!.id, amountFen: -999_999_999_00 },
        { id: randomUUID(), transactionId: id, accountId: source!.id, amountFen: 999_999_999_00 },
      ]);
    });
    await expect(attempt.catch(causeText)).resolves.toMatch(/below its floor/);
    await expect(env.deps.db.execute(sql`update ledger_postings set amount_fen = amount_fen + 1`).catch(causeText)).resolves.toMatch(/append-only/);
    await expect(env.deps.db.execute(sql`delete from ledger_transactions`).catch(causeText)).resolves.toMatch(/append-only/);
  });

  it("a reversal mirrors the original once; a second reversal is refused", async () => {
    const ctx = { ...env.system };
    const posted = await env.deps.db.transaction((tx) =>
      postTransaction(tx, ctx, env.clock, {
        kind: "allocation",
        idempotencyKey: key(),
        fundSource: SRC,
        regionCode: "220102",
        valueDate: "2026-03-09",
        memo: "误下达",
        postings: [
          { account: { kind: "budget", fundSource: SRC, regionCode: "220102" }, amountFen: 3_00 },
          { account: { kind: "budget", fundSource: SRC, regionCode: "220100" }, amountFen: -3_00 },
        ],
      }),
    );
    const k = key();
    const rev = await env.deps.db.transaction((tx) => reverseTransaction(tx, ctx, env.clock, posted.id, { idempotencyKey: k, memo: "冲销", valueDate: "2026-03-09" }));
    expect(rev.replayed).toBe(false);
    await expect(env.deps.db.transaction((tx) => reverseTransaction(tx, ctx, env.clock, posted.id, { idempotencyKey: key(), memo: "再冲", valueDate: "2026-03-09" }))).rejects.toMatchObject({ code: "ledger.already_reversed" });
    await expect(env.deps.db.transaction((tx) => reverseTransaction(tx, ctx, env.clock, rev.id, { idempotencyKey: key(), memo: "冲冲销", valueDate: "2026-03-09" }))).rejects.toMatchObject({ code: "ledger.already_reversed" });
  });
});

describe("funds: random operation sequences (property)", () => {
  it("never unbalance the ledger; budgets stay ≥ 0; balances equal the sum of postings", async () => {
    const counties = ["220202", "220203", "220204"];
    const op = fc.oneof(
      fc.record({ t: fc.constant("fund" as const), amount: fc.integer({ min: 1, max: 50_000 }) }),
      fc.record({ t: fc.constant("toCity" as const), amount: fc.integer({ min: 1, max: 80_000 }) }),
      fc.record({ t: fc.constant("toCounty" as const), county: fc.constantFrom(...counties), amount: fc.integer({ min: 1, max: 80_000 }) }),
      fc.record({ t: fc.constant("reverseLast" as const) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 12 }), async (ops) => {
        const posted: string[] = [];
        for (const o of ops) {
          const run = async () => {
            if (o.t === "reverseLast") {
              const id = posted.pop();
              if (id) await env.deps.db.transaction((tx) => reverseTransaction(tx, env.system, env.clock, id, { idempotencyKey: key(), memo: "冲销", valueDate: "2026-04-01" }));
              return;
            }
            const [from, to] = o.t === "fund" ? ["source", "220000"] : o.t === "toCity" ? ["220000", "220200"] : ["220200", o.county];
            const p = await env.deps.db.transaction((tx) =>
              postTransaction(tx, env.system, env.clock, {
                kind: o.t === "fund" ? "funding" : "allocation",
                idempotencyKey: key(),
                fundSource: "special_account",
                regionCode: to!,
                valueDate: "2026-04-01",
                memo: "性质测试",
                postings: [
                  { account: { kind: "budget", fundSource: "special_account", regionCode: to! }, amountFen: o.amount },
                  from === "source" ? { account: { kind: "source", fundSource: "special_account", regionCode: "220000" }, amountFen: -o.amount } : { account: { kind: "budget", fundSource: "special_account", regionCode: from! }, amountFen: -o.amount },
                ],
              }),
            );
            posted.push(p.id);
          };
          // refusals (insufficient budget, already reversed) are part of the game; anything else fails
          await run().catch((e: { code?: string }) => {
            if (e.code !== "ledger.insufficient_funds" && e.code !== "ledger.already_reversed") throw e;
          });
        }
        const { total, unbalanced, negative } = (
          (await env.deps.db.execute(sql`
            select
              (select coalesce(sum(amount_fen), 0) from ledger_postings)::text as total,
              (select count(*) from (select transaction_id from ledger_postings group by transaction_id having sum(amount_fen) <> 0) u)::text as unbalanced,
              (select count(*) from fund_accounts a where a.floor_fen is not null and (select coalesce(sum(amount_fen), 0) from ledger_postings p where p.account_id = a.id) < a.floor_fen)::text as negative`)) as unknown as { rows: unknown[] }
        ).rows[0] as { total: string; unbalanced: string; negative: string };
        expect({ total, unbalanced, negative }).toEqual({ total: "0", unbalanced: "0", negative: "0" });
      }),
      { numRuns: 15 },
    );
  });
});
