import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grant, makeUser } from "../../../test/factories.ts";
import { anonymous, createTestEnv, type Session, type TestEnv } from "../../../test/harness.ts";
import { postTransaction, reverseTransaction } from "./funds.ledger.ts";

let env: TestEnv;
let countyOfficer: Session;
const SRC = "employment_subsidy" as const;
const key = () => `d-${randomUUID()}`;

/** posts inside one database transaction, as the payment step will */
const post = (input: Parameters<typeof postTransaction>[3]) => env.deps.db.transaction((tx) => postTransaction(tx, env.system, env.clock, input));
const budget = (regionCode: string) => ({ kind: "budget" as const, fundSource: SRC, regionCode });
const expense = (regionCode: string) => ({ kind: "expense" as const, fundSource: SRC, regionCode });

async function allocate(from: string, to: string, amountFen: number) {
  return post({ kind: "allocation", idempotencyKey: key(), fundSource: SRC, regionCode: to, valueDate: "2026-01-05", memo: "下达", postings: [
    { account: budget(to), amountFen },
    { account: budget(from), amountFen: -amountFen },
  ] });
}
/** a payment: the county's budget pays the payee; the expense account records the spending */
async function pay(regionCode: string, amountFen: number, valueDate: string, programCode: string, subsidyType: string) {
  return post({ kind: "settlement", idempotencyKey: key(), fundSource: SRC, regionCode, valueDate, memo: "拨付", programCode, subsidyType, postings: [
    { account: expense(regionCode), amountFen },
    { account: budget(regionCode), amountFen: -amountFen },
  ] });
}

/** the expected numbers, straight from the postings (expense accounts), grouped by city, for 2026 */
async function expenseByCity(): Promise<Map<string, number>> {
  const res = (await env.deps.db.execute(sql`
    select substr(t.region_code, 1, 4) || '00' as city, sum(p.amount_fen)::text as s
    from ledger_postings p join fund_accounts a on a.id = p.account_id join ledger_transactions t on t.id = p.transaction_id
    where a.kind = 'expense' and t.value_date >= '2026-01-01' and t.value_date < '2027-01-01' group by 1`)) as unknown as { rows: { city: string; s: string }[] };
  return new Map(res.rows.map((r) => [r.city, Number(r.s)]));
}

beforeAll(async () => {
  env = await createTestEnv();
  countyOfficer = await (await makeUser(env, { regionCode: "220102", grants: [grant.officer("220102")] })).session();
  await post({ kind: "funding", idempotencyKey: key(), fundSource: SRC, regionCode: "220000", valueDate: "2026-01-02", memo: "入账", postings: [
    { account: budget("220000"), amountFen: 10_000_000 },
    { account: { kind: "source", fundSource: SRC, regionCode: "220000" }, amountFen: -10_000_000 },
  ] });
  await allocate("220000", "220100", 5_000_000);
  await allocate("220100", "220102", 2_000_000);
  await allocate("220100", "220103", 1_000_000);
  await allocate("220000", "220200", 1_000_000);
  await allocate("220200", "220202", 500_000);
  await pay("220102", 120_000, "2026-01-20", "K1", "training");
  await pay("220102", 150_000, "2026-04-10", "K1", "skill_upgrading");
  await pay("220103", 30_000, "2026-02-15", "K1", "evaluation");
  await pay("220202", 240_000, "2026-05-06", "E1", "training");
  // a payment posted by mistake, then reversed; and a bank return of part of another
  const wrong = await pay("220103", 99_000, "2026-02-16", "K1", "training");
  await env.deps.db.transaction((tx) => reverseTransaction(tx, env.system, env.clock, wrong.id, { idempotencyKey: key(), memo: "冲销错账", valueDate: "2026-02-17" }));
  await post({ kind: "return", idempotencyKey: key(), fundSource: SRC, regionCode: "220202", valueDate: "2026-05-20", memo: "银行退票", programCode: "E1", subsidyType: "training", postings: [
    { account: budget("220202"), amountFen: 40_000 },
    { account: expense("220202"), amountFen: -40_000 },
  ] });
  // another year: not in 2026's numbers
  await pay("220102", 7_000, "2025-12-30", "K1", "training");
});
afterAll(() => env?.close());

describe("public fund disclosure from the ledger", () => {
  it("spending by city equals the sum of expense postings, net of the reversal and the bank return; budgets are what each city received", async () => {
    const res = await anonymous(env.app).get("/api/public/funds/spending?year=2026");
    expect(res.statusCode, res.body).toBe(200);
    const v = res.json();
    const expected = await expenseByCity();
    expect(v.level).toBe("city");
    for (const r of v.byRegion) if (r.spentFen) expect(r.spentFen).toBe(expected.get(r.regionCode));
    expect(v.byRegion).toEqual(
      expect.arrayContaining([
        { regionCode: "220100", regionName: "长春市", spentFen: 300_000, allocatedFen: 5_000_000 },
        { regionCode: "220200", regionName: "吉林市", spentFen: 200_000, allocatedFen: 1_000_000 },
      ]),
    );
    expect(v.totalSpentFen).toBe(500_000);
    expect(v.bySubsidyType).toEqual(
      expect.arrayContaining([
        { subsidyType: "training", spentFen: 320_000 },
        { subsidyType: "skill_upgrading", spentFen: 150_000 },
        { subsidyType: "evaluation", spentFen: 30_000 },
      ]),
    );
    // the reversed payment nets to zero: no row shows it
    expect(v.rows.some((r: { regionCode: string; subsidyType: string; spentFen: number }) => r.spentFen === 99_000)).toBe(false);
  });

  it("splits a city into its counties, by program and quarter", async () => {
    const v = (await anonymous(env.app).get("/api/public/funds/spending?year=2026&regionCode=220100&period=quarter")).json();
    expect(v.level).toBe("county");
    expect(v.byRegion).toEqual([
      { regionCode: "220102", regionName: "南关区", spentFen: 270_000, allocatedFen: 2_000_000 },
      { regionCode: "220103", regionName: "宽城区", spentFen: 30_000, allocatedFen: 1_000_000 },
    ]);
    expect(v.byPeriod).toEqual([
      { period: "2026Q1", spentFen: 150_000 },
      { period: "2026Q2", spentFen: 150_000 },
    ]);
    expect(v.rows).toEqual(expect.arrayContaining([expect.objectContaining({ regionCode: "220102", programCode: "K1", programName: expect.stringContaining("重点群体"), subsidyType: "training", period: "2026Q1", spentFen: 120_000 })]));
    const byMonth = (await anonymous(env.app).get("/api/public/funds/spending?regionCode=220100&period=month")).json();
    expect(byMonth.byPeriod[0]).toEqual({ period: "2025-12", spentFen: 7_000 });
  });

  it("officers see the same numbers inside their scope; the sheet downloads; bad filters get their own message", async () => {
    const mine = (await countyOfficer.get("/api/funds/spending?year=2026&regionCode=220100")).json();
    expect(mine.byRegion).toEqual([{ regionCode: "220102", regionName: "南关区", spentFen: 270_000, allocatedFen: 2_000_000 }]);
    const file = await anonymous(env.app).get("/api/public/funds/spending/export?year=2026");
    expect(file.statusCode).toBe(200);
    expect(file.headers["content-type"]).toContain("spreadsheetml");
    expect(file.rawPayload.subarray(0, 2).toString()).toBe("PK");
    const bad = await anonymous(env.app).get("/api/public/funds/spending?period=week&year=1990");
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe("request.invalid");
    expect((await anonymous(env.app).get("/api/funds/spending")).statusCode).toBe(401);
  });
});
