import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ledgerProblems, type PostingInput } from "../funds/index.ts";
import { orderPostings, recoveryPostings, settle } from "./payments.ledger.ts";

/**
 * The payment step's money arithmetic as a model of payments.orders.ts / payments.receivables.ts:
 * the orders are planned with the real `settle` and posted with the real `orderPostings` /
 * `recoveryPostings`; only the bookkeeping around them (open receivables netted oldest first, an
 * advance deducted once, by the first settlement of its claim) is restated here. Random sequences
 * of advances, settlements (cleared amounts above and below the advance), nettings and recoveries
 * are then checked against what the ledger and the receivables say.
 */
const FS = "employment_subsidy";
const REGION = "220102";
const PAYEES = 3;

type Op =
  | { t: "advance"; payee: number; fen: number }
  | { t: "settle"; claim: number; payee: number; fen: number }
  | { t: "recover"; payee: number; pick: number; share: number };

const fen = fc.integer({ min: 1, max: 5_000_000 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ t: fc.constant("advance" as const), payee: fc.nat(PAYEES - 1), fen }),
  // claim: an index into the claims so far (mod their number), or a claim without an advance
  fc.record({ t: fc.constant("settle" as const), claim: fc.nat(20), payee: fc.nat(PAYEES - 1), fen }),
  fc.record({ t: fc.constant("recover" as const), payee: fc.nat(PAYEES - 1), pick: fc.nat(10), share: fc.double({ min: 0.01, max: 1, noNaN: true }) }),
);

interface Order {
  kind: "advance" | "settlement";
  payee: number;
  grossFen: number;
  advanceDeductedFen: number;
  nettedFen: number;
  receivableCreatedFen: number;
  amountFen: number;
}

function run(ops: Op[]) {
  const journal: PostingInput[][] = [];
  const balance = new Map<string, number>();
  const post = (postings: PostingInput[]) => {
    // the database refuses what ledgerProblems names (funds.ledger.ts): the order must be postable
    expect(ledgerProblems(postings)).toEqual([]);
    for (const p of postings) {
      expect(p.account.fundSource).toBe(FS);
      expect(p.account.regionCode).toBe(REGION);
      balance.set(p.account.kind, (balance.get(p.account.kind) ?? 0) + p.amountFen);
    }
    journal.push(postings);
  };
  const receivables: { payee: number; outstandingFen: number }[] = [];
  const claims: { payee: number; advanceFen: number; deducted: boolean }[] = [];
  const per = Array.from({ length: PAYEES }, () => ({ cash: 0, recovered: 0, worth: 0, netted: 0 }));

  const openOf = (payee: number) => receivables.filter((r) => r.payee === payee && r.outstandingFen > 0);
  const net = (payee: number, amount: number) => {
    let left = amount;
    for (const r of openOf(payee)) {
      const take = Math.min(left, r.outstandingFen);
      r.outstandingFen -= take;
      left -= take;
    }
    expect(left).toBe(0);
  };
  const book = (o: Order) => {
    // per order: what it was worth = cash + netted + advance deducted − receivable created
    expect(o.amountFen + o.nettedFen + o.advanceDeductedFen - o.receivableCreatedFen).toBe(o.grossFen);
    expect(o.amountFen).toBeGreaterThanOrEqual(0);
    expect(o.nettedFen).toBeGreaterThanOrEqual(0);
    expect(o.receivableCreatedFen).toBeGreaterThanOrEqual(0);
    net(o.payee, o.nettedFen);
    post(orderPostings({ ...o, fundSource: FS, regionCode: REGION }));
    if (o.receivableCreatedFen > 0) receivables.push({ payee: o.payee, outstandingFen: o.receivableCreatedFen });
    per[o.payee]!.cash += o.amountFen;
    per[o.payee]!.netted += o.nettedFen;
    if (o.kind === "settlement") per[o.payee]!.worth += o.grossFen;
  };

  for (const op of ops) {
    if (op.t === "advance") {
      const open = openOf(op.payee).reduce((s, r) => s + r.outstandingFen, 0);
      const nettedFen = Math.min(op.fen, open);
      book({ kind: "advance", payee: op.payee, grossFen: op.fen, advanceDeductedFen: 0, nettedFen, receivableCreatedFen: 0, amountFen: op.fen - nettedFen });
      claims.push({ payee: op.payee, advanceFen: op.fen, deducted: false });
    } else if (op.t === "settle") {
      // an existing claim (its advance deducted by its first settlement only) or one never advanced
      const c = op.claim < claims.length * 2 && claims.length ? claims[op.claim % claims.length]! : { payee: op.payee, advanceFen: 0, deducted: true };
      const advanceFen = c.deducted ? 0 : c.advanceFen;
      c.deducted = true;
      const open = openOf(c.payee).reduce((s, r) => s + r.outstandingFen, 0);
      const planned = settle(op.fen, advanceFen, open);
      book({ kind: "settlement", payee: c.payee, grossFen: op.fen, advanceDeductedFen: advanceFen, ...planned });
    } else {
      const open = openOf(op.payee);
      if (!open.length) continue;
      const r = open[op.pick % open.length]!;
      const amount = Math.min(r.outstandingFen, Math.max(1, Math.round(r.outstandingFen * op.share)));
      post(recoveryPostings({ fundSource: FS, regionCode: REGION }, amount));
      r.outstandingFen -= amount;
      per[op.payee]!.recovered += amount;
    }

    // balances equal the sum of the postings, and the whole ledger sums to zero
    const sums = new Map<string, number>();
    for (const t of journal) for (const p of t) sums.set(p.account.kind, (sums.get(p.account.kind) ?? 0) + p.amountFen);
    expect(Object.fromEntries(balance)).toEqual(Object.fromEntries(sums));
    expect([...balance.values()].reduce((a, b) => a + b, 0)).toBe(0);
    // no receivable negative; the receivable account holds exactly what is still owed
    for (const r of receivables) expect(r.outstandingFen).toBeGreaterThanOrEqual(0);
    const owed = receivables.reduce((s, r) => s + r.outstandingFen, 0);
    expect(balance.get("receivable") ?? 0).toBe(owed);
    // the advance account holds the advances not yet deducted; expense what the settled lines were worth
    const undeducted = claims.filter((c) => !c.deducted).reduce((s, c) => s + c.advanceFen, 0);
    expect(balance.get("advance") ?? 0).toBe(undeducted);
    expect(balance.get("expense") ?? 0).toBe(per.reduce((s, p) => s + p.worth, 0));
    // the budget paid out exactly the cash, less what came back
    expect(balance.get("budget") ?? 0).toBe(-per.reduce((s, p) => s + p.cash - p.recovered, 0));
    // per payee: cash paid + netted + outstanding receivable … balances what the lines were worth
    for (let i = 0; i < PAYEES; i++) {
      const p = per[i]!;
      const out = receivables.filter((r) => r.payee === i).reduce((s, r) => s + r.outstandingFen, 0);
      const adv = claims.filter((c) => c.payee === i && !c.deducted).reduce((s, c) => s + c.advanceFen, 0);
      expect(p.cash - p.recovered - out).toBe(p.worth + adv);
    }
  }
  return { balance, per, receivables, claims };
}

describe("settle", () => {
  it("pays the final amount less the advance, nets what the payee owes, and turns an overpaid advance into a receivable", () => {
    expect(settle(100_000, 50_000, 0)).toEqual({ amountFen: 50_000, nettedFen: 0, receivableCreatedFen: 0 });
    expect(settle(100_000, 50_000, 20_000)).toEqual({ amountFen: 30_000, nettedFen: 20_000, receivableCreatedFen: 0 });
    expect(settle(100_000, 50_000, 80_000)).toEqual({ amountFen: 0, nettedFen: 50_000, receivableCreatedFen: 0 });
    expect(settle(30_000, 50_000, 80_000)).toEqual({ amountFen: 0, nettedFen: 0, receivableCreatedFen: 20_000 });
    expect(settle(50_000, 50_000, 0)).toEqual({ amountFen: 0, nettedFen: 0, receivableCreatedFen: 0 });
  });
  it("never pays a negative amount and accounts for every fen (property)", () => {
    fc.assert(
      fc.property(fc.nat(1e10), fc.nat(1e10), fc.nat(1e10), (gross, advance, open) => {
        const s = settle(gross, advance, open);
        expect(s.amountFen).toBeGreaterThanOrEqual(0);
        expect(s.nettedFen).toBeGreaterThanOrEqual(0);
        expect(s.nettedFen).toBeLessThanOrEqual(open);
        expect(s.receivableCreatedFen).toBeGreaterThanOrEqual(0);
        expect(s.amountFen + s.nettedFen + advance - s.receivableCreatedFen).toBe(gross);
        // a receivable only when the advance was larger, and then nothing is paid or netted
        if (s.receivableCreatedFen > 0) expect([gross < advance, s.amountFen, s.nettedFen]).toEqual([true, 0, 0]);
      }),
    );
  });
});

describe("payment ledger under random operation sequences", () => {
  it("a worked sequence: advance, short settlement, netting against the next advance, recovery", () => {
    const { balance, receivables } = run([
      { t: "advance", payee: 0, fen: 50_000 },
      { t: "settle", claim: 0, payee: 0, fen: 30_000 }, // cleared less than advanced: 200 元 owed
      { t: "advance", payee: 0, fen: 15_000 }, // fully netted against it
      { t: "recover", payee: 0, pick: 0, share: 1 }, // the other 50 元 repaid
    ]);
    expect(receivables.map((r) => r.outstandingFen)).toEqual([0]);
    expect(Object.fromEntries(balance)).toEqual({ advance: 15_000, expense: 30_000, receivable: 0, budget: -45_000 });
  });
  it("never unbalances the ledger, keeps balances equal to the postings and every receivable ≥ 0 (property)", () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 40 }), (ops) => {
        run(ops);
      }),
      { numRuns: 300 },
    );
  });
});
