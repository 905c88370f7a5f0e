/**
 * The chart the payment step posts to (signed fen: > 0 debit, < 0 credit), all accounts of the
 * order's fund source and the class's county (`kind:fundSource:countyCode`):
 *
 * | event                              | debit (+)                         | credit (−)                               |
 * |------------------------------------|-----------------------------------|------------------------------------------|
 * | advance paid by the bank (预拨)    | advance  A                        | receivable N (netted), budget A − N      |
 * | settlement (清算), final F ≥ A      | expense  F                        | advance A, receivable N, budget F − A − N|
 * | settlement, final F < A            | expense F, receivable A − F       | advance A                                |
 * | recovery (追回) of X               | budget X                          | receivable X                             |
 *
 * So `expense:*` holds exactly what was spent on trainees (the public disclosure reads it: actual
 * spending = postings to expense accounts, by the transaction's regionCode, programCode,
 * subsidyType and valueDate); an advance is not spending until settled, and money coming back
 * (recovery) goes to the budget, never through expense. A reversal (funds' reverseTransaction)
 * mirrors every line, so it reduces expense too.
 *
 * Every transaction is posted by `postOrder` in the same database transaction that marks the order
 * paid: a crash between "paid" and its posting cannot happen (both commit or neither), and the
 * ledger key `payment-order:<id>` makes a second posting of one order a replay, never a second debit.
 */
import type { PostingInput, TransactionInput } from "../funds/index.ts";
import type { paymentOrders } from "./payments.table.ts";

type FundSourceCode = TransactionInput["fundSource"];
type Order = typeof paymentOrders.$inferSelect;

/**
 * Which fund pays which subsidy type: the skill-upgrading subsidy comes from unemployment insurance
 * (DOMAIN.md §3), every other training subsidy from the employment subsidy fund.
 */
export function fundSourceFor(subsidyType: string): FundSourceCode {
  return subsidyType === "skill_upgrading" ? "unemployment_insurance" : "employment_subsidy";
}

/** The balanced postings of an order (see the chart above). Pure. */
export function orderPostings(o: Pick<Order, "kind" | "fundSource" | "regionCode" | "grossFen" | "advanceDeductedFen" | "nettedFen" | "receivableCreatedFen" | "amountFen">): PostingInput[] {
  const fs = o.fundSource as FundSourceCode;
  const acct = (kind: PostingInput["account"]["kind"]) => ({ kind, fundSource: fs, regionCode: o.regionCode });
  const lines: PostingInput[] = [];
  const add = (kind: PostingInput["account"]["kind"], amountFen: number) => {
    if (amountFen !== 0) lines.push({ account: acct(kind), amountFen });
  };
  add(o.kind === "advance" ? "advance" : "expense", o.grossFen);
  add("advance", -o.advanceDeductedFen);
  add("receivable", o.receivableCreatedFen - o.nettedFen);
  add("budget", -o.amountFen);
  return lines;
}

export function recoveryPostings(r: { fundSource: string; regionCode: string }, amountFen: number): PostingInput[] {
  const fs = r.fundSource as FundSourceCode;
  return [
    { account: { kind: "budget", fundSource: fs, regionCode: r.regionCode }, amountFen },
    { account: { kind: "receivable", fundSource: fs, regionCode: r.regionCode }, amountFen: -amountFen },
  ];
}

/**
 * Settles an amount against an advance and open receivables (pure): cash to pay, what is netted,
 * and the receivable a short settlement creates.
 */
export function settle(grossFen: number, advanceFen: number, openReceivableFen: number): { amountFen: number; nettedFen: number; receivableCreatedFen: number } {
  const net = grossFen - advanceFen;
  if (net < 0) return { amountFen: 0, nettedFen: 0, receivableCreatedFen: -net };
  const nettedFen = Math.min(net, openReceivableFen);
  return { amountFen: net - nettedFen, nettedFen, receivableCreatedFen: 0 };
}
