/**
 * 预拨与清算: payment orders made from an approved claim. An advance (≤ 50% of the approved lines'
 * amount, enterprise training) on the city's approval; a settlement of the lines cleared by the
 * public notice, minus the advance, netted against what the payee owes. An order whose cash amount
 * is 0 is posted at once; the others wait for a bank batch and are posted when the bank says paid.
 */
import { randomUUID } from "node:crypto";
import { and, asc, count, desc, eq, gt, inArray, isNotNull, notExists, type SQL, sql } from "drizzle-orm";
import type { AdvanceBody } from "../../../../shared/src/contracts/payments.ts";
import { audit } from "../../platform/audit/audit.ts";
import { scopeWhere } from "../../platform/auth/scope.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Ctx, Deps } from "../../platform/context.ts";
import type { Db } from "../../platform/db/db.ts";
import { AppError, constraintErrors } from "../../platform/http/errors.ts";
import { readAll } from "../../platform/db/reads.ts";
import { dateInChina } from "../calendar/index.ts";
import { classes } from "../classes/index.ts";
import { postTransaction } from "../funds/index.ts";
import { institutions } from "../institutions/index.ts";
import { claimFacts, linesCleared, linesClearedOf, markLinesPaid, subsidyClaimLines, subsidyClaims } from "../subsidies/index.ts";
import { once } from "./payments.idempotency.ts";
import { fundSourceFor, orderPostings, settle } from "./payments.ledger.ts";
import { type ClaimForPayment, claimPaymentRules, orderScope, type PayFacts } from "./payments.policy.ts";
import { presentOrders } from "./payments.present.ts";
import { paymentOrderLines, paymentOrders, paymentReceivableMoves, paymentReceivables } from "./payments.table.ts";

constraintErrors({
  payment_orders_advance_uq: ["payment.advance_exists", "该申领已有预拨指令"],
  payment_order_lines_line_uq: ["payment.line_already_settled", "部分明细已在其他清算指令中"],
  payment_orders_advance_deducted_uq: ["payment.line_already_settled", "该预拨款已在其他清算中扣回"],
  payment_batch_orders_live_uq: ["payment.order_not_ready", "支付指令已在其他批次中"],
});

export type OrderRow = typeof paymentOrders.$inferSelect;
/** share of the approved amount an advance may take (the plan, M2: 50%) */
export const ADVANCE_PERCENT = 50;

/** payment.read over the class's county, applied to the claim row: out of scope reads as not found */
const claimScopeFor = (ctx: Ctx): SQL => scopeWhere(ctx.actor, "payment.read", { region: subsidyClaims.regionCode });

/** The claim as payment sees it, with its class's program, within the caller's payment.read scope. */
export async function loadClaim(db: Db, ctx: Ctx, claimId: string) {
  const [c] = await db
    .select({ claim: subsidyClaims, programCode: classes.programCode, classTitle: classes.title, institutionName: institutions.name })
    .from(subsidyClaims)
    .leftJoin(classes, eq(classes.id, subsidyClaims.classId))
    .leftJoin(institutions, eq(institutions.id, subsidyClaims.institutionId))
    .where(and(eq(subsidyClaims.id, claimId), claimScopeFor(ctx)))
    .limit(1);
  if (!c) throw new AppError("payment.not_found", "补贴申领不存在或不在您的管辖范围内");
  return c;
}

/** Approved, eligible lines (held lines are never approved) and their payees. */
async function approvedLines(db: Db, claimId: string) {
  return db
    .select({ id: subsidyClaimLines.id, amountFen: subsidyClaimLines.amountFen, payeeType: subsidyClaimLines.payeeType, payeeId: subsidyClaimLines.payeeId, payeeName: subsidyClaimLines.payeeName })
    .from(subsidyClaimLines)
    .where(and(eq(subsidyClaimLines.claimId, claimId), eq(subsidyClaimLines.eligible, true), isNotNull(subsidyClaimLines.approvedAt)));
}

/** Of these lines, those with an amount that no payment order holds yet. */
function unsettledAmong(db: Db, lineIds: string[]) {
  return and(
    inArray(subsidyClaimLines.id, lineIds),
    gt(subsidyClaimLines.amountFen, 0),
    notExists(db.select({ x: sql`1` }).from(paymentOrderLines).where(eq(paymentOrderLines.claimLineId, subsidyClaimLines.id))),
  );
}

/** Cleared lines (notice ended, approved, not held) not yet in a settlement, with their payees. */
async function clearedUnsettled(db: Db, claimId: string, today: string) {
  const cleared = await linesCleared(db, today, claimId);
  if (!cleared.length) return [];
  return db
    .select({ id: subsidyClaimLines.id, amountFen: subsidyClaimLines.amountFen, payeeType: subsidyClaimLines.payeeType, payeeId: subsidyClaimLines.payeeId, payeeName: subsidyClaimLines.payeeName })
    .from(subsidyClaimLines)
    .where(
      unsettledAmong(
        db,
        cleared.map((l) => l.id),
      ),
    )
    .orderBy(asc(subsidyClaimLines.id));
}

/** clearedUnsettled for a page of claims: each line with its claim */
async function clearedUnsettledOf(db: Db, claimIds: string[], today: string) {
  const cleared = await linesClearedOf(db, today, claimIds);
  if (!cleared.length) return [];
  return db
    .select({ id: subsidyClaimLines.id, claimId: subsidyClaimLines.claimId, amountFen: subsidyClaimLines.amountFen })
    .from(subsidyClaimLines)
    .where(
      unsettledAmong(
        db,
        cleared.map((l) => l.id),
      ),
    );
}

/**
 * The approved lines an advance may cover (plan M3: 企业职工培训和项目制培训可预支50%): an enterprise
 * training its own employees, or the institution of a project-based class (项目制培训); never a person.
 */
const advanceLines = <L extends { payeeType: string }>(lines: L[], projectBased: boolean) =>
  lines.filter((l) => l.payeeType === "enterprise" || (projectBased && l.payeeType === "institution"));
const ADVANCE_REFUSAL = "非企业职工培训或项目制培训的申领不预拨";

/** Whether the claim's class is project-based (项目制培训); a person's own claim has no class. */
async function projectBasedClaim(db: Db, claimId: string) {
  const [r] = await db.select({ projectBased: classes.projectBased }).from(subsidyClaims).innerJoin(classes, eq(classes.id, subsidyClaims.classId)).where(eq(subsidyClaims.id, claimId));
  return r?.projectBased ?? false;
}

type LineRow = Awaited<ReturnType<typeof approvedLines>>[number];
async function factsFor(db: Db, ctx: Ctx, claimId: string, today: string): Promise<PayFacts & { approved: LineRow[]; cleared: LineRow[]; advance: OrderRow | undefined; advanceable: LineRow[] }> {
  // at once on the pool, one after another on a transaction (platform/db/reads.ts)
  const [sodFacts, approved, cleared, projectBased, [advance], [settlement]] = await readAll(db, [
    () => claimFacts(db, claimId, ctx.actor.userId),
    () => approvedLines(db, claimId),
    () => clearedUnsettled(db, claimId, today),
    () => projectBasedClaim(db, claimId),
    () =>
      db
        .select()
        .from(paymentOrders)
        .where(and(eq(paymentOrders.claimId, claimId), eq(paymentOrders.kind, "advance"))),
    () =>
      db
        .select({ id: paymentOrders.id })
        .from(paymentOrders)
        .where(and(eq(paymentOrders.claimId, claimId), eq(paymentOrders.kind, "settlement")))
        .limit(1),
  ]);
  const advanceable = advanceLines(approved, projectBased);
  return {
    reviewed: sodFacts.actedSteps.size > 0,
    advanceAllowed: advanceable.length > 0,
    hasAdvance: !!advance,
    hasSettlement: !!settlement,
    advanceUnpaid: !!advance && advance.status !== "paid",
    clearedUnsettled: cleared.length,
    approved,
    cleared,
    advance,
    advanceable,
  };
}

const asPolicyRow = (c: typeof subsidyClaims.$inferSelect): ClaimForPayment => ({ regionCode: c.regionCode, institutionId: c.institutionId, status: c.status });
const orderCode = (regionCode: string, today: string, id: string) => `ZF-${regionCode}-${today.replace(/-/g, "")}-${id.slice(0, 8).toUpperCase()}`;
const yuan = (fen: number) => (fen / 100).toFixed(2);

/** Serializes payment steps on one claim (two finance officers clicking at once wait in turn). */
async function lockClaim(tx: Db, claimId: string) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`payment-claim:${claimId}`}, 0))`);
}

type PayeeKey = { payeeType: OrderRow["payeeType"]; payeeId: string; fundSource: string; regionCode: string };

/** Open receivables of a payee in one fund source and county, oldest first, locked until commit. */
async function lockOpenReceivables(tx: Db, o: PayeeKey) {
  const rows = await tx
    .select()
    .from(paymentReceivables)
    .where(
      and(
        eq(paymentReceivables.payeeType, o.payeeType),
        eq(paymentReceivables.payeeId, o.payeeId),
        eq(paymentReceivables.fundSource, o.fundSource),
        eq(paymentReceivables.regionCode, o.regionCode),
        gt(paymentReceivables.outstandingFen, 0),
      ),
    )
    .orderBy(asc(paymentReceivables.createdAt), asc(paymentReceivables.id))
    .for("update");
  return { rows, openFen: rows.reduce((s, r) => s + r.outstandingFen, 0) };
}

/** Nets `fen` against the locked receivables (oldest first), recording each move against the order. */
async function applyNetting(tx: Db, ctx: Ctx, now: Date, open: (typeof paymentReceivables.$inferSelect)[], fen: number, orderId: string, valueDate: string) {
  let left = fen;
  for (const r of open) {
    if (left === 0) break;
    const take = Math.min(left, r.outstandingFen);
    await tx
      .update(paymentReceivables)
      .set({ outstandingFen: r.outstandingFen - take })
      .where(eq(paymentReceivables.id, r.id));
    await tx.insert(paymentReceivableMoves).values({ id: randomUUID(), receivableId: r.id, kind: "netted", amountFen: take, orderId, valueDate, createdBy: ctx.actor.userId, createdAt: now });
    left -= take;
  }
}

/**
 * Posts an order's ledger transaction and marks it paid — in the caller's database transaction, so
 * "paid" and its posting commit together or not at all (a crash between them cannot separate them).
 * @throws ledger.insufficient_funds (the county's budget cannot pay it; nothing is marked paid)
 */
export async function postOrder(tx: Db, ctx: Ctx, clock: Clock, o: OrderRow, p: { valueDate: string; bankReference: string | null }) {
  const posted = await postTransaction(tx, ctx, clock, {
    kind: o.kind === "advance" ? "advance" : "settlement",
    idempotencyKey: `payment-order:${o.id}`,
    fundSource: o.fundSource as ReturnType<typeof fundSourceFor>,
    regionCode: o.regionCode,
    programCode: o.programCode,
    subsidyType: o.subsidyType,
    referenceType: "payment_order",
    referenceId: o.id,
    valueDate: p.valueDate,
    memo: `${o.kind === "advance" ? "预拨" : "清算"} ${o.code} ${o.payeeName}`,
    postings: orderPostings(o),
  });
  const now = clock.now();
  await tx
    .update(paymentOrders)
    .set({ status: "paid", paidAt: now, valueDate: p.valueDate, bankReference: p.bankReference, ledgerTransactionId: posted.id, updatedAt: now })
    .where(eq(paymentOrders.id, o.id));
  // the lines a settlement pays read 已支付 for the trainee (我的补贴) from this same transaction
  if (o.kind === "settlement") {
    const lines = await tx.select({ id: paymentOrderLines.claimLineId }).from(paymentOrderLines).where(eq(paymentOrderLines.orderId, o.id));
    await markLinesPaid(tx, lines.map((l) => l.id), now);
  }
  if (o.receivableCreatedFen > 0) {
    await tx.insert(paymentReceivables).values({
      id: randomUUID(),
      payeeType: o.payeeType,
      payeeId: o.payeeId,
      payeeName: o.payeeName,
      regionCode: o.regionCode,
      fundSource: o.fundSource,
      originOrderId: o.id,
      amountFen: o.receivableCreatedFen,
      outstandingFen: o.receivableCreatedFen,
      createdAt: now,
    });
  }
  await audit(tx, ctx, clock, {
    action: "payment.order_posted",
    entityType: "payment_order",
    entityId: o.id,
    regionCode: o.regionCode,
    after: { code: o.code, amountFen: o.amountFen, grossFen: o.grossFen, bankReference: p.bankReference, ledgerTransactionId: posted.id, valueDate: p.valueDate },
  });
  return posted.id;
}

/**
 * 预拨: an advance for an approved enterprise-training or project-based (项目制) claim, up to ADVANCE_PERCENT of the approved
 * lines' amount (approved headcount × standard), one per claim. Paid through a bank batch.
 * @throws payment.not_found, auth.forbidden, payment.transition_not_allowed (claim not approved),
 *   payment.separation_of_duties, payment.advance_not_allowed, payment.advance_exists, payment.advance_after_settlement,
 *   payment.advance_too_large, payment.idempotency_conflict
 */
export async function createAdvance(deps: Deps, ctx: Ctx, claimId: string, body: AdvanceBody, key: string) {
  return deps.db.transaction((tx) =>
    once(tx, ctx, key, "advance", { claimId, ...body }, deps.clock, async () => {
      await lockClaim(tx, claimId);
      const c = await loadClaim(tx, ctx, claimId);
      const now = deps.clock.now();
      const today = dateInChina(now);
      const f = await factsFor(tx, ctx, claimId, today);
      claimPaymentRules.assert(ctx.actor, "advance", asPolicyRow(c.claim), f);
      const approvedFen = f.advanceable.reduce((s, l) => s + l.amountFen, 0);
      const maxFen = Math.floor((approvedFen * ADVANCE_PERCENT) / 100);
      if (body.amountFen > maxFen) throw new AppError("payment.advance_too_large", `预拨金额不能超过审核通过金额的 ${ADVANCE_PERCENT}%（${yuan(maxFen)} 元）`, { maxFen, approvedFen });
      const payee = f.advanceable[0]!;
      const fundSource = fundSourceFor(c.claim.subsidyType);
      const id = randomUUID();
      const base = { payeeType: payee.payeeType, payeeId: payee.payeeId, fundSource, regionCode: c.claim.regionCode };
      const open = await lockOpenReceivables(tx, base);
      const nettedFen = Math.min(body.amountFen, open.openFen);
      const amountFen = body.amountFen - nettedFen;
      const explanation =
        `审核通过 ${f.advanceable.length} 人，金额 ${yuan(approvedFen)} 元；预拨 ${yuan(body.amountFen)} 元（上限 ${ADVANCE_PERCENT}%：${yuan(maxFen)} 元）` +
        (nettedFen ? `；抵扣应收款 ${yuan(nettedFen)} 元，实付 ${yuan(amountFen)} 元` : "");
      const row = {
        id,
        code: orderCode(c.claim.regionCode, today, id),
        kind: "advance" as const,
        claimId,
        regionCode: c.claim.regionCode,
        institutionId: c.claim.institutionId,
        payeeType: payee.payeeType,
        payeeId: payee.payeeId,
        payeeName: payee.payeeName,
        fundSource,
        programCode: c.programCode,
        subsidyType: c.claim.subsidyType,
        grossFen: body.amountFen,
        nettedFen,
        amountFen,
        status: "ready" as const,
        explanation,
        createdBy: ctx.actor.userId,
        createdAt: now,
        updatedAt: now,
      };
      const [order] = await tx.insert(paymentOrders).values(row).returning();
      await applyNetting(tx, ctx, now, open.rows, nettedFen, id, today);
      await audit(tx, ctx, deps.clock, { action: "payment.advance_ordered", entityType: "payment_order", entityId: id, regionCode: row.regionCode, after: { claimId, code: row.code, grossFen: row.grossFen, nettedFen, amountFen, maxFen } });
      // fully netted: nothing goes to the bank; the posting happens now
      if (amountFen === 0) await postOrder(tx, ctx, deps.clock, order!, { valueDate: today, bankReference: null });
      return { orders: await presentOrders(tx, [id]) };
    }),
  );
}

/**
 * 清算: settles the claim's cleared lines not yet settled (notice ended, approved, not held), one
 * order per payee: final amount minus the advance (deducted once, from the advance's payee), netted
 * against the payee's open receivables; a final amount below the advance creates a receivable.
 * Orders with nothing to pay in cash are posted at once.
 * @throws payment.not_found, auth.forbidden, payment.transition_not_allowed, payment.separation_of_duties,
 *   payment.advance_unpaid, payment.nothing_to_settle, payment.line_already_settled, payment.idempotency_conflict,
 *   ledger.insufficient_funds
 */
export async function createSettlement(deps: Deps, ctx: Ctx, claimId: string, key: string) {
  return deps.db.transaction((tx) =>
    once(tx, ctx, key, "settlement", { claimId }, deps.clock, async () => {
      await lockClaim(tx, claimId);
      const c = await loadClaim(tx, ctx, claimId);
      const now = deps.clock.now();
      const today = dateInChina(now);
      const f = await factsFor(tx, ctx, claimId, today);
      claimPaymentRules.assert(ctx.actor, "settle", asPolicyRow(c.claim), f);
      const fundSource = fundSourceFor(c.claim.subsidyType);
      const [deducted] = f.advance ? await tx.select({ id: paymentOrders.id }).from(paymentOrders).where(eq(paymentOrders.advanceOrderId, f.advance.id)).limit(1) : [];
      const advance = f.advance && !deducted ? f.advance : undefined;
      const groups = new Map<string, typeof f.cleared>();
      for (const l of f.cleared) groups.set(`${l.payeeType}:${l.payeeId}`, [...(groups.get(`${l.payeeType}:${l.payeeId}`) ?? []), l]);
      const ids: string[] = [];
      for (const lines of groups.values()) {
        const payee = lines[0]!;
        const grossFen = lines.reduce((s, l) => s + l.amountFen, 0);
        const takesAdvance = advance && advance.payeeType === payee.payeeType && advance.payeeId === payee.payeeId;
        const advanceFen = takesAdvance ? advance.grossFen : 0;
        const base = { payeeType: payee.payeeType, payeeId: payee.payeeId, fundSource, regionCode: c.claim.regionCode };
        const open = await lockOpenReceivables(tx, base);
        const planned = settle(grossFen, advanceFen, open.openFen);
        const id = randomUUID();
        const nettedFen = planned.nettedFen;
        const parts = [`公示期满可清算 ${lines.length} 人，金额 ${yuan(grossFen)} 元`];
        if (advanceFen) parts.push(`扣回预拨 ${yuan(advanceFen)} 元`);
        if (nettedFen) parts.push(`抵扣应收款 ${yuan(nettedFen)} 元`);
        parts.push(planned.receivableCreatedFen ? `预拨多付 ${yuan(planned.receivableCreatedFen)} 元转为应收款（抵扣下次支付或追回）` : `实付 ${yuan(planned.amountFen)} 元`);
        const [order] = await tx
          .insert(paymentOrders)
          .values({
            id,
            code: orderCode(c.claim.regionCode, today, id),
            kind: "settlement",
            claimId,
            regionCode: c.claim.regionCode,
            institutionId: c.claim.institutionId,
            payeeType: payee.payeeType,
            payeeId: payee.payeeId,
            payeeName: payee.payeeName,
            fundSource,
            programCode: c.programCode,
            subsidyType: c.claim.subsidyType,
            grossFen,
            advanceDeductedFen: advanceFen,
            advanceOrderId: takesAdvance ? advance.id : null,
            nettedFen,
            receivableCreatedFen: planned.receivableCreatedFen,
            amountFen: planned.amountFen,
            status: "ready",
            explanation: parts.join("；"),
            createdBy: ctx.actor.userId,
            createdAt: now,
            updatedAt: now,
          })
          .returning();
        await tx.insert(paymentOrderLines).values(lines.map((l) => ({ orderId: id, claimLineId: l.id, amountFen: l.amountFen })));
        await applyNetting(tx, ctx, now, open.rows, nettedFen, id, today);
        await audit(tx, ctx, deps.clock, {
          action: "payment.settlement_ordered",
          entityType: "payment_order",
          entityId: id,
          regionCode: c.claim.regionCode,
          after: { claimId, code: order!.code, lines: lines.length, grossFen, advanceDeductedFen: advanceFen, nettedFen, receivableCreatedFen: planned.receivableCreatedFen, amountFen: planned.amountFen },
        });
        if (order!.amountFen === 0) await postOrder(tx, ctx, deps.clock, order!, { valueDate: today, bankReference: null });
        ids.push(id);
      }
      return { orders: await presentOrders(tx, ids) };
    }),
  );
}

/** A claim's payment picture: approved, cleared, advanced, settled; with the finance officer's abilities. */
export async function getClaimPayment(deps: Deps, ctx: Ctx, claimId: string) {
  const c = await loadClaim(deps.db, ctx, claimId);
  const today = dateInChina(deps.clock.now());
  const f = await factsFor(deps.db, ctx, claimId, today);
  const ids = (await deps.db.select({ id: paymentOrders.id }).from(paymentOrders).where(eq(paymentOrders.claimId, claimId)).orderBy(asc(paymentOrders.createdAt))).map((r) => r.id);
  const advanceableFen = f.advanceable.reduce((s, l) => s + l.amountFen, 0);
  const row = asPolicyRow(c.claim);
  const why = (a: "advance" | "settle") => {
    const v = claimPaymentRules.check(ctx.actor, a, row, f);
    return v.ok ? null : v.message;
  };
  return {
    claimId,
    claimCode: c.claim.code,
    // a person's own claim (skill-upgrading) has no class and no institution
    classTitle: c.classTitle ?? "个人申领",
    institutionName: c.institutionName ?? "—",
    regionCode: c.claim.regionCode,
    subsidyType: c.claim.subsidyType,
    claimStatus: c.claim.status,
    approvedLines: f.approved.length,
    approvedFen: f.approved.reduce((s, l) => s + l.amountFen, 0),
    maxAdvanceFen: Math.floor((advanceableFen * ADVANCE_PERCENT) / 100),
    advanceAllowed: f.advanceAllowed,
    advanceRefusal: f.advanceAllowed ? null : ADVANCE_REFUSAL,
    clearedUnsettledLines: f.cleared.length,
    clearedUnsettledFen: f.cleared.reduce((s, l) => s + l.amountFen, 0),
    orders: await presentOrders(deps.db, ids),
    abilities: claimPaymentRules.abilities(ctx.actor, row, f),
    reasons: { advance: why("advance"), settle: why("settle") },
  };
}

/** Approved claims in the caller's payment scope, newest first, with what was paid so far. */
export async function listClaimPayments(deps: Deps, ctx: Ctx, q: { page: number; pageSize: number }) {
  const where = and(eq(subsidyClaims.status, "approved"), claimScopeFor(ctx));
  const [rows, [total]] = await readAll(deps.db, [
    () => deps.db
      .select({ claim: subsidyClaims, classTitle: classes.title, institutionName: institutions.name, projectBased: classes.projectBased })
      .from(subsidyClaims)
      .leftJoin(classes, eq(classes.id, subsidyClaims.classId))
      .leftJoin(institutions, eq(institutions.id, subsidyClaims.institutionId))
      .where(where)
      .orderBy(desc(subsidyClaims.approvedAt), desc(subsidyClaims.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    () => deps.db.select({ n: count() }).from(subsidyClaims).where(where),
  ]);
  const today = dateInChina(deps.clock.now());
  // the page's lines and orders in one query each (they were four queries per claim: 80 for a page)
  const ids = rows.map((r) => r.claim.id);
  const [approvedAll, clearedAll, ordersAll] = ids.length
    ? await readAll(deps.db, [
        () => deps.db
          .select({ claimId: subsidyClaimLines.claimId, id: subsidyClaimLines.id, amountFen: subsidyClaimLines.amountFen, payeeType: subsidyClaimLines.payeeType })
          .from(subsidyClaimLines)
          .where(and(inArray(subsidyClaimLines.claimId, ids), eq(subsidyClaimLines.eligible, true), isNotNull(subsidyClaimLines.approvedAt))),
        () => clearedUnsettledOf(deps.db, ids, today),
        () => deps.db.select({ claimId: paymentOrders.claimId, status: paymentOrders.status, amountFen: paymentOrders.amountFen }).from(paymentOrders).where(inArray(paymentOrders.claimId, ids)),
      ])
    : [[], [], []];
  const items = [];
  for (const r of rows) {
    const approved = approvedAll.filter((l) => l.claimId === r.claim.id);
    const cleared = clearedAll.filter((l) => l.claimId === r.claim.id);
    const orders = ordersAll.filter((o) => o.claimId === r.claim.id);
    const advanceable = advanceLines(approved, r.projectBased ?? false);
    const advanceableFen = advanceable.reduce((s, l) => s + l.amountFen, 0);
    items.push({
      claimId: r.claim.id,
      claimCode: r.claim.code,
      classTitle: r.classTitle ?? "个人申领",
      institutionName: r.institutionName ?? "—",
      regionCode: r.claim.regionCode,
      subsidyType: r.claim.subsidyType,
      claimStatus: r.claim.status,
      approvedLines: approved.length,
      approvedFen: approved.reduce((s, l) => s + l.amountFen, 0),
      maxAdvanceFen: Math.floor((advanceableFen * ADVANCE_PERCENT) / 100),
      advanceAllowed: advanceable.length > 0,
      advanceRefusal: advanceable.length ? null : ADVANCE_REFUSAL,
      clearedUnsettledLines: cleared.length,
      clearedUnsettledFen: cleared.reduce((s, l) => s + l.amountFen, 0),
      ordersCount: orders.length,
      paidFen: orders.filter((o) => o.status === "paid").reduce((s, o) => s + o.amountFen, 0),
    });
  }
  return { items, total: total?.n ?? 0, page: q.page, pageSize: q.pageSize };
}

/** Payment orders in the caller's scope (a status filter: e.g. ready and returned ones to batch). */
export async function listOrders(deps: Deps, ctx: Ctx, q: { status?: OrderRow["status"] | undefined; claimId?: string | undefined; page: number; pageSize: number }) {
  const where = and(orderScope(ctx.actor, "payment.read"), q.status ? eq(paymentOrders.status, q.status) : undefined, q.claimId ? eq(paymentOrders.claimId, q.claimId) : undefined);
  const [rows, [total]] = await readAll(deps.db, [
    () => deps.db
      .select({ id: paymentOrders.id })
      .from(paymentOrders)
      .where(where)
      .orderBy(desc(paymentOrders.createdAt), desc(paymentOrders.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    () => deps.db.select({ n: count() }).from(paymentOrders).where(where),
  ]);
  return { items: await presentOrders(deps.db, rows.map((r) => r.id)), total: total?.n ?? 0, page: q.page, pageSize: q.pageSize };
}
