import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/db.ts";
import { subsidyClaims } from "../subsidies/index.ts";
import { paymentOrders, payeeAccounts } from "./payments.table.ts";

type FundSourceValue = "employment_subsidy" | "unemployment_insurance" | "special_account";

/** Orders as the console shows them (in the order of `ids`): amounts, explanation, the payee's active account masked. */
export async function presentOrders(db: Db, ids: string[]) {
  if (!ids.length) return [];
  const rows = await db
    .select({
      o: paymentOrders,
      claimCode: subsidyClaims.code,
      lineCount: sql<number>`(select count(*)::int from payment_order_lines l where l.order_id = "payment_orders"."id")`,
      account: payeeAccounts,
    })
    .from(paymentOrders)
    .innerJoin(subsidyClaims, eq(subsidyClaims.id, paymentOrders.claimId))
    .leftJoin(payeeAccounts, and(eq(payeeAccounts.payeeType, paymentOrders.payeeType), eq(payeeAccounts.payeeId, paymentOrders.payeeId), eq(payeeAccounts.status, "active")))
    .where(inArray(paymentOrders.id, ids));
  const byId = new Map(rows.map((r) => [r.o.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    if (!r) return [];
    const o = r.o;
    return [
      {
        id: o.id,
        code: o.code,
        kind: o.kind,
        claimId: o.claimId,
        claimCode: r.claimCode,
        regionCode: o.regionCode,
        payeeType: o.payeeType,
        payeeId: o.payeeId,
        payeeName: o.payeeName,
        fundSource: o.fundSource as FundSourceValue,
        subsidyType: o.subsidyType,
        grossFen: o.grossFen,
        advanceDeductedFen: o.advanceDeductedFen,
        nettedFen: o.nettedFen,
        receivableCreatedFen: o.receivableCreatedFen,
        amountFen: o.amountFen,
        status: o.status,
        explanation: o.explanation,
        bankReference: o.bankReference,
        paidAt: o.paidAt?.toISOString() ?? null,
        lineCount: r.lineCount,
        account: r.account ? { accountName: r.account.accountName, bankName: r.account.bankName, accountNumberMasked: r.account.accountNumberMasked, version: r.account.version } : null,
        accountCorrected: o.status === "returned" ? !!r.account && r.account.id !== o.returnedAccountId : true,
        createdAt: o.createdAt.toISOString(),
      },
    ];
  });
}
