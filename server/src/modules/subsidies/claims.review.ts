/**
 * The claim's way through: the institution signs the commitment (告知承诺) and submits; the county
 * gives the first review, the city the second, each approving or returning with every reason at
 * once within a deadline in working days; reviewers hold and release single lines with a reason.
 */
import { randomUUID } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import type { HoldBody, ReviewBody, SignCommitmentBody } from "../../../../shared/src/contracts/subsidies.ts";
import { audit } from "../../platform/audit/audit.ts";
import type { Ctx, Deps } from "../../platform/context.ts";
import type { Db } from "../../platform/db/db.ts";
import { AppError } from "../../platform/http/errors.ts";
import { addWorkingDays, dateInChina, loadWorkCalendar } from "../calendar/index.ts";
import { type ClaimRuleAction, claimRules, claimScope, stepOf } from "./claims.policy.ts";
import { getClaim } from "./claims.read.ts";
import * as repo from "./claims.repo.ts";
import { currentCommitment } from "./commitment.ts";
import { subsidyClaimLines, subsidyClaimReviews, subsidyClaims, subsidyLineHolds, subsidyObjections } from "./subsidies.table.ts";

/** Working days each review step has (DOMAIN.md §2 step 8: first and second review ≤ 10 working days). */
export const REVIEW_WORKING_DAYS = 10;

/** Loads the claim (404 out of scope, locked), its facts, and asserts the rule. */
async function load(tx: Db, ctx: Ctx, id: string, action: ClaimRuleAction) {
  const claim = await repo.findClaim(tx, id, claimScope(ctx.actor, "claim.read"), true);
  if (!claim) throw new AppError("claim.not_found", "补贴申领不存在");
  claimRules.assert(ctx.actor, action, claim, await repo.claimFacts(tx, id, ctx.actor.userId));
  return claim;
}

async function dueIn(tx: Db, today: string): Promise<string> {
  return addWorkingDays(await loadWorkCalendar(tx), today, REVIEW_WORKING_DAYS);
}

/**
 * Signs the commitment text in force: stores who, when, and the exact text (version id + SHA-256).
 * @throws claim.not_found, auth.forbidden, claim.not_editable, claim.commitment_outdated
 */
export async function signCommitment(deps: Deps, ctx: Ctx, id: string, body: SignCommitmentBody) {
  await deps.db.transaction(async (tx) => {
    const claim = await load(tx, ctx, id, "sign");
    if (body.textVersion !== currentCommitment.version || body.textHash !== currentCommitment.hash) {
      throw new AppError("claim.commitment_outdated", "承诺书文本不是现行版本", { current: { version: currentCommitment.version, hash: currentCommitment.hash } });
    }
    const now = deps.clock.now();
    await tx
      .update(subsidyClaims)
      .set({ commitmentTextVersion: currentCommitment.version, commitmentTextHash: currentCommitment.hash, commitmentSignedBy: ctx.actor.userId, commitmentSignedAt: now, updatedAt: now })
      .where(eq(subsidyClaims.id, id));
    await audit(tx, ctx, deps.clock, { action: "claim.commitment_signed", entityType: "subsidy_claim", entityId: id, regionCode: claim.regionCode, after: { textVersion: currentCommitment.version, textHash: currentCommitment.hash } });
  });
  return getClaim(deps, ctx, id);
}

/**
 * Submits a signed claim for the county's first review, due in REVIEW_WORKING_DAYS working days.
 * @throws claim.not_found, auth.forbidden, claim.transition_not_allowed, claim.commitment_required
 */
export async function submitClaim(deps: Deps, ctx: Ctx, id: string) {
  await deps.db.transaction(async (tx) => {
    const claim = await load(tx, ctx, id, "submit");
    const now = deps.clock.now();
    const dueDate = await dueIn(tx, dateInChina(now));
    await tx.update(subsidyClaims).set({ status: "submitted", submittedAt: now, dueDate, returnReasons: null, updatedAt: now }).where(eq(subsidyClaims.id, id));
    await audit(tx, ctx, deps.clock, { action: "claim.submitted", entityType: "subsidy_claim", entityId: id, regionCode: claim.regionCode, before: { status: claim.status }, after: { status: "submitted", dueDate } });
  });
  return getClaim(deps, ctx, id);
}

/**
 * A review step (county first review of a submitted claim, city second review after the county
 * approved): approve, or return to the institution with every reason at once. The city's approval
 * approves each line for payment, except held ones (they wait for a release).
 * @throws claim.not_found, auth.forbidden (not a reviewer of this step), claim.transition_not_allowed,
 *   claim.separation_of_duties (acted at the other step, or belongs to the institution)
 */
export async function reviewClaim(deps: Deps, ctx: Ctx, id: string, body: ReviewBody) {
  await deps.db.transaction(async (tx) => {
    const ruleAction: ClaimRuleAction = `${body.step}${body.decision === "approve" ? "Approve" : "Return"}`;
    // the audit log's name for it: county_approve, county_return, city_approve, city_return
    const reviewAction = `${body.step}_${body.decision}` as const;
    const claim = await load(tx, ctx, id, ruleAction);
    const now = deps.clock.now();
    const to = claimRules.next(ruleAction, claim.status);
    const reasons = body.decision === "return" ? body.reasons : [];
    const patch: Partial<typeof subsidyClaims.$inferInsert> = { status: to, updatedAt: now };
    if (to === "county_approved") patch.dueDate = await dueIn(tx, dateInChina(now));
    if (to === "returned") Object.assign(patch, { dueDate: null, returnReasons: reasons });
    if (to === "approved") Object.assign(patch, { dueDate: null, approvedAt: now });
    await tx.update(subsidyClaims).set(patch).where(eq(subsidyClaims.id, id));
    if (to === "approved") {
      await tx
        .update(subsidyClaimLines)
        .set({ approvedAt: now })
        .where(and(eq(subsidyClaimLines.claimId, id), eq(subsidyClaimLines.held, false), eq(subsidyClaimLines.eligible, true)));
    }
    await tx.insert(subsidyClaimReviews).values({ id: randomUUID(), claimId: id, step: stepOf[ruleAction]!, decision: body.decision, reasons, decidedBy: ctx.actor.userId!, decidedAt: now });
    await audit(tx, ctx, deps.clock, {
      action: `claim.${reviewAction}`,
      entityType: "subsidy_claim",
      entityId: id,
      regionCode: claim.regionCode,
      before: { status: claim.status },
      after: { status: to, ...(reasons.length ? { reasons } : {}), ...(body.decision === "approve" && body.note ? { note: body.note } : {}) },
    });
  });
  return getClaim(deps, ctx, id);
}

/**
 * Holds a line (never approved for payment while held) or releases it with a recorded decision; a
 * line released after the city's approval is approved for payment then, if eligible.
 * @throws claim.not_found, claim.line_not_found, auth.forbidden, claim.transition_not_allowed,
 *   claim.separation_of_duties, claim.line_held (already held / not held / an objection is open)
 */
export async function setLineHold(deps: Deps, ctx: Ctx, id: string, lineId: string, action: "hold" | "release", body: HoldBody) {
  await deps.db.transaction(async (tx) => {
    const claim = await load(tx, ctx, id, action);
    const [line] = await tx
      .select()
      .from(subsidyClaimLines)
      .where(and(eq(subsidyClaimLines.id, lineId), eq(subsidyClaimLines.claimId, id)))
      .for("update");
    if (!line) throw new AppError("claim.line_not_found", "申领明细不存在");
    if (action === "hold" && line.held) throw new AppError("claim.line_held", "该明细已暂停", { reason: "already_held" });
    if (action === "release" && !line.held) throw new AppError("claim.line_held", "该明细未暂停", { reason: "not_held" });
    if (action === "release") {
      const [open] = await tx.select({ id: subsidyObjections.id }).from(subsidyObjections).where(and(eq(subsidyObjections.lineId, lineId), eq(subsidyObjections.status, "open"))).limit(1);
      // a line an objection holds is released by resolving the objection, with its decision
      if (open) throw new AppError("claim.line_held", "该明细有未处理的公示异议，请先处理异议", { reason: "objection_open" });
    }
    const now = deps.clock.now();
    const approve = action === "release" && claim.status === "approved" && line.eligible;
    await tx
      .update(subsidyClaimLines)
      .set(action === "hold" ? { held: true, holdReason: body.reason, approvedAt: null } : { held: false, holdReason: null, ...(approve ? { approvedAt: now } : {}) })
      .where(and(eq(subsidyClaimLines.id, lineId), action === "hold" ? eq(subsidyClaimLines.held, false) : isNull(subsidyClaimLines.approvedAt)));
    await tx.insert(subsidyLineHolds).values({ id: randomUUID(), lineId, action, reason: body.reason, decidedBy: ctx.actor.userId, decidedAt: now });
    await audit(tx, ctx, deps.clock, {
      action: `claim.line_${action}`,
      entityType: "subsidy_claim_line",
      entityId: lineId,
      regionCode: claim.regionCode,
      after: { claimId: id, reason: body.reason, approvedForPayment: approve },
    });
  });
  return getClaim(deps, ctx, id);
}
