/**
 * 应收款与追回: an advance larger than the settled amount is owed back by the payee. It is netted
 * against the payee's next payment (payments.orders.ts) or recovered: the payee repays and finance
 * records it with the bank's reference (ledger: budget ← receivable, payments.ledger.ts).
 */
import { randomUUID } from "node:crypto";
import { and, count, desc, eq, gt } from "drizzle-orm";
import type { RecoveryBody } from "../../../../shared/src/contracts/payments.ts";
import { audit } from "../../platform/audit/audit.ts";
import { coversRegion } from "../../platform/auth/scope.ts";
import type { Ctx, Deps } from "../../platform/context.ts";
import { AppError } from "../../platform/http/errors.ts";
import { readAll } from "../../platform/db/reads.ts";
import { postTransaction } from "../funds/index.ts";
import { once } from "./payments.idempotency.ts";
import { recoveryPostings } from "./payments.ledger.ts";
import { receivableScope } from "./payments.policy.ts";
import { paymentOrders, paymentReceivableMoves, paymentReceivables } from "./payments.table.ts";

type FundSourceValue = "employment_subsidy" | "unemployment_insurance" | "special_account";
const yuan = (fen: number) => (fen / 100).toFixed(2);

function present(r: typeof paymentReceivables.$inferSelect, originOrderCode: string) {
  return {
    id: r.id,
    payeeType: r.payeeType,
    payeeId: r.payeeId,
    payeeName: r.payeeName,
    regionCode: r.regionCode,
    fundSource: r.fundSource as FundSourceValue,
    originOrderCode,
    amountFen: r.amountFen,
    outstandingFen: r.outstandingFen,
    createdAt: r.createdAt.toISOString(),
  };
}

/** Receivables in the caller's payment.read scope (open=true: still owed). */
export async function listReceivables(deps: Deps, ctx: Ctx, q: { open?: "true" | "false" | undefined; page: number; pageSize: number }) {
  const where = and(receivableScope(ctx.actor, "payment.read"), q.open === "true" ? gt(paymentReceivables.outstandingFen, 0) : q.open === "false" ? eq(paymentReceivables.outstandingFen, 0) : undefined);
  const [rows, [total]] = await readAll(deps.db, [
    () => deps.db
      .select({ r: paymentReceivables, code: paymentOrders.code })
      .from(paymentReceivables)
      .innerJoin(paymentOrders, eq(paymentOrders.id, paymentReceivables.originOrderId))
      .where(where)
      .orderBy(desc(paymentReceivables.createdAt), desc(paymentReceivables.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    () => deps.db.select({ n: count() }).from(paymentReceivables).where(where),
  ]);
  return { items: rows.map((x) => present(x.r, x.code)), total: total?.n ?? 0, page: q.page, pageSize: q.pageSize };
}

/**
 * 追回: records a repayment of (part of) a receivable and posts it (budget ← receivable).
 * @throws payment.not_found, auth.forbidden, payment.recovery_too_large, payment.idempotency_conflict
 */
export async function recoverReceivable(deps: Deps, ctx: Ctx, id: string, body: RecoveryBody, key: string) {
  return deps.db.transaction((tx) =>
    once(tx, ctx, key, "recovery", { receivableId: id, ...body }, deps.clock, async () => {
      const [x] = await tx
        .select({ r: paymentReceivables, code: paymentOrders.code })
        .from(paymentReceivables)
        .innerJoin(paymentOrders, eq(paymentOrders.id, paymentReceivables.originOrderId))
        .where(and(eq(paymentReceivables.id, id), receivableScope(ctx.actor, "payment.read")))
        .for("update", { of: paymentReceivables });
      if (!x) throw new AppError("payment.not_found", "应收款不存在或不在您的管辖范围内");
      if (!coversRegion(ctx.actor, "payment.manage", x.r.regionCode)) throw new AppError("auth.forbidden", "无权办理追回");
      if (body.amountFen > x.r.outstandingFen) {
        throw new AppError("payment.recovery_too_large", `追回金额超过应收余额（${yuan(x.r.outstandingFen)} 元）`, { outstandingFen: x.r.outstandingFen });
      }
      const moveId = randomUUID();
      const posted = await postTransaction(tx, ctx, deps.clock, {
        kind: "recovery",
        idempotencyKey: `payment-recovery:${moveId}`,
        fundSource: x.r.fundSource as FundSourceValue,
        regionCode: x.r.regionCode,
        referenceType: "payment_receivable",
        referenceId: x.r.id,
        valueDate: body.valueDate,
        memo: `追回 ${x.r.payeeName} ${body.bankReference}`,
        postings: recoveryPostings(x.r, body.amountFen),
      });
      const now = deps.clock.now();
      await tx
        .update(paymentReceivables)
        .set({ outstandingFen: x.r.outstandingFen - body.amountFen })
        .where(eq(paymentReceivables.id, id));
      await tx.insert(paymentReceivableMoves).values({ id: moveId, receivableId: id, kind: "recovered", amountFen: body.amountFen, bankReference: body.bankReference, valueDate: body.valueDate, ledgerTransactionId: posted.id, createdBy: ctx.actor.userId, createdAt: now });
      await audit(tx, ctx, deps.clock, { action: "payment.recovered", entityType: "payment_receivable", entityId: id, regionCode: x.r.regionCode, after: { amountFen: body.amountFen, bankReference: body.bankReference, outstandingFen: x.r.outstandingFen - body.amountFen } });
      return present({ ...x.r, outstandingFen: x.r.outstandingFen - body.amountFen }, x.code);
    }),
  );
}
