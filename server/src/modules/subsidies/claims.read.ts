/** Reading claims: the list (with the reviewer's overdue filter) and one claim with its lines. */
import { and, count, desc, eq, lt, type SQL } from "drizzle-orm";
import type { z } from "zod";
import type { ClaimsQuery, ClaimView, claimSummaryView } from "../../../../shared/src/contracts/subsidies.ts";
import type { Ctx, Deps } from "../../platform/context.ts";
import { AppError } from "../../platform/http/errors.ts";
import { readAll } from "../../platform/db/reads.ts";
import { dateInChina } from "../calendar/index.ts";
import { awaitingWhere, claimRules, claimScope } from "./claims.policy.ts";
import * as repo from "./claims.repo.ts";
import { currentCommitment } from "./commitment.ts";
import { subsidyClaims } from "./subsidies.table.ts";

type Head = Awaited<ReturnType<ReturnType<typeof repo.claimHeads>["where"]>>[number];

const reviewing = new Set(["submitted", "county_approved"]);

function presentHead(h: Head, today: string): z.infer<typeof claimSummaryView> {
  const c = h.claim;
  return {
    id: c.id,
    code: c.code,
    classId: c.classId,
    classCode: h.classCode,
    classTitle: h.classTitle,
    institutionId: c.institutionId,
    institutionName: h.institutionName,
    personName: h.personName,
    regionCode: c.regionCode,
    subsidyType: c.subsidyType,
    status: c.status,
    totalFen: c.totalFen,
    dueDate: c.dueDate,
    overdue: reviewing.has(c.status) && c.dueDate !== null && c.dueDate < today,
    submittedAt: c.submittedAt?.toISOString() ?? null,
    updatedAt: c.updatedAt.toISOString(),
  };
}

/**
 * Claims in the caller's scope, newest first. `overdue=true`: only claims waiting for a review step
 * the caller can take whose due date (working days, calendar) has passed — the reviewer's list;
 * `awaiting=true`: all claims waiting for such a step (the home page's to-do count).
 * @throws auth.forbidden
 */
export async function listClaims(deps: Deps, ctx: Ctx, q: ClaimsQuery) {
  const today = dateInChina(deps.clock.now());
  const conds: (SQL | undefined)[] = [claimScope(ctx.actor, "claim.read")];
  if (q.status) conds.push(eq(subsidyClaims.status, q.status));
  if (q.classId) conds.push(eq(subsidyClaims.classId, q.classId));
  if (q.overdue === "true") {
    conds.push(awaitingWhere(ctx.actor), lt(subsidyClaims.dueDate, today));
  } else if (q.awaiting === "true") {
    conds.push(awaitingWhere(ctx.actor));
  }
  const where = and(...conds);
  const [rows, [total]] = await readAll(deps.db, [
    () => repo
      .claimHeads(deps.db)
      .where(where)
      .orderBy(desc(subsidyClaims.updatedAt), desc(subsidyClaims.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    () => deps.db.select({ n: count() }).from(subsidyClaims).where(where),
  ]);
  return { items: rows.map((r) => presentHead(r, today)), total: total?.n ?? 0, page: q.page, pageSize: q.pageSize };
}

/**
 * One claim with every line (decision, checks, reasons, amount, payee, warnings, hold) and the
 * caller's abilities from the claim rules.
 * @throws claim.not_found (also out of scope), auth.forbidden
 */
export async function getClaim(deps: Deps, ctx: Ctx, id: string): Promise<ClaimView> {
  const [head] = await repo
    .claimHeads(deps.db)
    .where(and(eq(subsidyClaims.id, id), claimScope(ctx.actor, "claim.read")))
    .limit(1);
  if (!head) throw new AppError("claim.not_found", "补贴申领不存在");
  const c = head.claim;
  const [lines, reviews, facts] = await readAll(deps.db, [() => repo.listLines(deps.db, id), () => repo.listReviews(deps.db, id), () => repo.claimFacts(deps.db, id, ctx.actor.userId)]);
  const abilities = claimRules.abilities(ctx.actor, c, facts);
  return {
    ...presentHead(head, dateInChina(deps.clock.now())),
    standard: c.standard,
    policyVersion: c.policyVersion,
    returnReasons: (c.returnReasons as string[] | null) ?? null,
    commitment: {
      signed:
        c.commitmentSignedAt && c.commitmentTextVersion && c.commitmentTextHash && c.commitmentSignedBy
          ? { textVersion: c.commitmentTextVersion, textHash: c.commitmentTextHash, signedBy: c.commitmentSignedBy, signedAt: c.commitmentSignedAt.toISOString() }
          : null,
      current: { version: currentCommitment.version, text: currentCommitment.text, hash: currentCommitment.hash },
    },
    reviews: reviews.map((r) => ({ step: r.step, decision: r.decision, reasons: (r.reasons as string[]) ?? [], decidedBy: r.decidedBy, decidedAt: r.decidedAt.toISOString() })),
    lines: lines.map(({ line: l, name, idNumberMasked }) => ({
      id: l.id,
      personId: l.personId,
      name,
      idNumberMasked,
      certificateId: l.certificateId,
      eligible: l.eligible,
      reason: l.reason,
      checks: l.checks as { code: string; ok: boolean; reason: string }[],
      inputs: l.inputs,
      policyVersion: l.policyVersion,
      amountFen: l.amountFen,
      payee: { type: l.payeeType, id: l.payeeId, name: l.payeeName },
      warnings: l.warnings as { code: string; message: string }[],
      held: l.held,
      holdReason: l.holdReason,
      approvedForPayment: l.approvedAt !== null,
      abilities: { hold: abilities.hold && !l.held, release: abilities.release && l.held },
    })),
    abilities,
  };
}
