import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ledgerProblems, type PostingInput } from "./funds.ledger.ts";

const acct = { kind: "budget" as const, fundSource: "employment_subsidy" as const, regionCode: "220100" };
const lines = (...amounts: number[]): PostingInput[] => amounts.map((amountFen) => ({ account: acct, amountFen }));

describe("ledgerProblems", () => {
  it("accepts two or more whole-fen postings that sum to zero", () => {
    expect(ledgerProblems(lines(100, -100))).toEqual([]);
    expect(ledgerProblems(lines(100, -60, -40))).toEqual([]);
  });
  it("names fractions of a fen, zero postings, a single posting and an imbalance", () => {
    expect(ledgerProblems(lines(10.5, -10.5))).toEqual(["第 1 条分录金额须为整数分", "第 2 条分录金额须为整数分"]);
    expect(ledgerProblems(lines(0, 0))).toHaveLength(2);
    expect(ledgerProblems(lines(100))).toContain("一笔账务至少包含两条分录");
    expect(ledgerProblems(lines(100, -99))).toEqual(["借贷不平衡（差 1 分）"]);
  });
  it("any list of non-zero whole amounts plus its negated sum is balanced (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1e9, max: 1e9 }).filter((n) => n !== 0), { minLength: 1, maxLength: 8 }), (xs) => {
        const sum = xs.reduce((a, b) => a + b, 0);
        fc.pre(sum !== 0);
        expect(ledgerProblems(lines(...xs, -sum))).toEqual([]);
      }),
    );
  });
});
