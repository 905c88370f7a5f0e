/**
 * 公示: approved claim lines go into notice batches published on the portal for 5 working days
 * (the calendar, 调休 included); anyone may object to a line, which holds it until an officer
 * resolves the objection with a recorded decision; the other lines proceed when the notice ends.
 */
import { randomUUID } from "node:crypto";
import { and, count, desc, eq, gt, inArray, isNotNull, lte, notExists, type SQL, sql } from "drizzle-orm";
import { maskIdNumber, maskName } from "../../../../shared/src/ids.ts";
import { objectionStatusNames } from "../../../../shared/src/status-labels.ts";
import type { NoticesQuery, ObjectionBody, ObjectionDecisionBody, ObjectionsQuery, PublishNoticeBody } from "../../../../shared/src/contracts/subsidies.ts";
import { audit } from "../../platform/audit/audit.ts";
import { coversRegion } from "../../platform/auth/scope.ts";
import { defineRules } from "../../platform/authz/rules.ts";
import type { Ctx, Deps } from "../../platform/context.ts";
import { escapeLike } from "../../platform/db/like.ts";
import { AppError } from "../../platform/http/errors.ts";
import { readAll } from "../../platform/db/reads.ts";
import { addWorkingDays, dateInChina, isWorkingDay, loadWorkCalendar } from "../calendar/index.ts";
import { classes } from "../classes/index.ts";
import { persons } from "../trainees/index.ts";
import { claimScope } from "./claims.policy.ts";
import { subsidyClaimLines, subsidyClaims, subsidyLineHolds, subsidyNoticeLines, subsidyNotices, subsidyObjections } from "./subsidies.table.ts";

/** 公示期: five working days (DOMAIN.md §2 step 9). */
export const NOTICE_WORKING_DAYS = 5;

/** The notice period: from the first working day on or after publication, five working days inclusive. */
export function noticePeriod(cal: Parameters<typeof isWorkingDay>[0], publishedOn: string): { startsOn: string; endsOn: string } {
  const startsOn = isWorkingDay(cal, publishedOn) ? publishedOn : addWorkingDays(cal, publishedOn, 1);
  return { startsOn, endsOn: addWorkingDays(cal, startsOn, NOTICE_WORKING_DAYS - 1) };
}

type ObjectionRow = typeof subsidyObjections.$inferSelect & { regionCode: string; institutionId: string | null };

/** Who resolves an objection: an officer with notice.manage over the claim's county, never one of the claiming institution. */
export const objectionRules = defineRules<"officer", ObjectionRow["status"], "decide", ObjectionRow, Record<string, never>>({
  record: "objection",
  parties: { officer: (a, o) => coversRegion(a, "notice.manage", o.regionCode) },
  state: (o) => o.status,
  stateLabels: objectionStatusNames,
  refusedCode: "notice.objection_decided",
  actions: {
    decide: {
      by: ["officer"],
      from: ["open"],
      label: "处理异议",
      unless: {
        member: {
          when: (o, _f, a) => o.institutionId !== null && a.grants.some((g) => g.scopeType === "institution" && g.institutionId === o.institutionId),
          code: "claim.separation_of_duties",
          message: "您属于申领机构，不能处理对本机构申领的异议",
        },
      },
    },
  },
});

/**
 * Publishes the approved, unheld, not yet published lines of the named claims as one notice.
 * @throws claim.not_found (a claim outside the caller's notice.manage scope), notice.claim_not_approved,
 *   notice.nothing_to_publish
 */
export async function publishNotice(deps: Deps, ctx: Ctx, body: PublishNoticeBody) {
  return deps.db.transaction(async (tx) => {
    const ids = [...new Set(body.claimIds)];
    const found = await tx.select({ id: subsidyClaims.id, status: subsidyClaims.status }).from(subsidyClaims).where(and(inArray(subsidyClaims.id, ids), claimScope(ctx.actor, "notice.manage"))).for("update");
    const missing = ids.filter((id) => !found.some((c) => c.id === id));
    if (missing.length) throw new AppError("claim.not_found", "补贴申领不存在", { claimIds: missing });
    const notApproved = found.filter((c) => c.status !== "approved").map((c) => c.id);
    if (notApproved.length) throw new AppError("notice.claim_not_approved", "只有复审通过的申领才能公示", { claimIds: notApproved });
    const lines = await tx
      .select({ id: subsidyClaimLines.id })
      .from(subsidyClaimLines)
      .where(
        and(
          inArray(subsidyClaimLines.claimId, ids),
          eq(subsidyClaimLines.held, false),
          isNotNull(subsidyClaimLines.approvedAt),
          notExists(tx.select({ x: sql`1` }).from(subsidyNoticeLines).where(eq(subsidyNoticeLines.lineId, subsidyClaimLines.id))),
        ),
      );
    if (!lines.length) throw new AppError("notice.nothing_to_publish", "所选申领没有可公示的明细", { claimIds: ids });
    const now = deps.clock.now();
    const { startsOn, endsOn } = noticePeriod(await loadWorkCalendar(tx), dateInChina(now));
    const id = randomUUID();
    const regionCode = ctx.actor.regionCode ?? "220000";
    const code = `GS-${regionCode}-${startsOn.replace(/-/g, "")}-${id.slice(0, 6).toUpperCase()}`;
    await tx.insert(subsidyNotices).values({ id, code, title: body.title, regionCode, startsOn, endsOn, publishedBy: ctx.actor.userId, publishedAt: now });
    await tx.insert(subsidyNoticeLines).values(lines.map((l) => ({ noticeId: id, lineId: l.id })));
    await audit(tx, ctx, deps.clock, { action: "notice.published", entityType: "subsidy_notice", entityId: id, regionCode, after: { claimIds: ids, lines: lines.length, startsOn, endsOn } });
    return { id, code, startsOn, endsOn, lineCount: lines.length };
  });
}

// spelled out with table names: inside a selected field drizzle leaves columns unqualified, and an
// unqualified "id" would bind to the subquery's own table
export const lineTotals = {
  lineCount: sql<number>`(select count(*)::int from subsidy_notice_lines nl where nl.notice_id = "subsidy_notices"."id")`,
  totalFen: sql<number>`(select coalesce(sum(cl.amount_fen), 0)::int from subsidy_notice_lines nl join subsidy_claim_lines cl on cl.id = nl.line_id where nl.notice_id = "subsidy_notices"."id")`,
};

function presentNotice(n: typeof subsidyNotices.$inferSelect & { lineCount: number; totalFen: number }, today: string) {
  return { id: n.id, code: n.code, title: n.title, regionCode: n.regionCode, startsOn: n.startsOn, endsOn: n.endsOn, running: today <= n.endsOn, lineCount: n.lineCount, totalFen: n.totalFen };
}

/**
 * Every notice, running and archived, newest first; `q` searches title, code and the names of paying
 * institutions and enterprises (never persons' names: the public sees them masked only). Public.
 */
export async function listPublicNotices(deps: Deps, q: NoticesQuery) {
  const today = dateInChina(deps.clock.now());
  const conds: (SQL | undefined)[] = [];
  if (q.state === "running") conds.push(sql`${subsidyNotices.endsOn} >= ${today}`);
  if (q.state === "ended") conds.push(sql`${subsidyNotices.endsOn} < ${today}`);
  if (q.q) {
    const pattern = `%${escapeLike(q.q)}%`;
    conds.push(
      sql`(${subsidyNotices.title} ilike ${pattern} or ${subsidyNotices.code} ilike ${pattern} or exists (select 1 from ${subsidyNoticeLines} join ${subsidyClaimLines} on ${subsidyClaimLines.id} = ${subsidyNoticeLines.lineId} where ${subsidyNoticeLines.noticeId} = ${subsidyNotices.id} and ${subsidyClaimLines.payeeType} <> 'person' and ${subsidyClaimLines.payeeName} ilike ${pattern}))`,
    );
  }
  const where = and(...conds);
  const [rows, [total]] = await readAll(deps.db, [
    () => deps.db
      .select({ notice: subsidyNotices, ...lineTotals })
      .from(subsidyNotices)
      .where(where)
      .orderBy(desc(subsidyNotices.publishedAt), desc(subsidyNotices.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    () => deps.db.select({ n: count() }).from(subsidyNotices).where(where),
  ]);
  return { items: rows.map((r) => presentNotice({ ...r.notice, lineCount: r.lineCount, totalFen: r.totalFen }, today)), total: total?.n ?? 0, page: q.page, pageSize: q.pageSize };
}

/**
 * One notice with its lines as the public sees them: payee, masked name and ID, standard, amount.
 * @throws notice.not_found
 */
export async function getPublicNotice(deps: Deps, id: string) {
  const [n] = await deps.db.select({ notice: subsidyNotices, ...lineTotals }).from(subsidyNotices).where(eq(subsidyNotices.id, id)).limit(1);
  if (!n) throw new AppError("notice.not_found", "公示不存在");
  const rows = await deps.db
    .select({
      line: subsidyClaimLines,
      name: persons.name,
      idNumberMasked: persons.idNumberMasked,
      classTitle: classes.title,
      subsidyType: subsidyClaims.subsidyType,
      standard: subsidyClaims.standard,
      objected: sql<boolean>`exists (select 1 from subsidy_objections o where o.line_id = "subsidy_claim_lines"."id" and o.status = 'open')`,
    })
    .from(subsidyNoticeLines)
    .innerJoin(subsidyClaimLines, eq(subsidyClaimLines.id, subsidyNoticeLines.lineId))
    .innerJoin(subsidyClaims, eq(subsidyClaims.id, subsidyClaimLines.claimId))
    .leftJoin(classes, eq(classes.id, subsidyClaims.classId))
    .innerJoin(persons, eq(persons.id, subsidyClaimLines.personId))
    .where(eq(subsidyNoticeLines.noticeId, id))
    .orderBy(subsidyClaimLines.payeeName, persons.name, subsidyClaimLines.id);
  return {
    ...presentNotice({ ...n.notice, lineCount: n.lineCount, totalFen: n.totalFen }, dateInChina(deps.clock.now())),
    lines: rows.map((r) => ({
      lineId: r.line.id,
      payeeType: r.line.payeeType,
      // a person paid directly (living allowance, skill-upgrading) is masked like the person list
      payeeName: r.line.payeeType === "person" ? maskName(r.line.payeeName) : r.line.payeeName,
      personName: maskName(r.name),
      idNumberMasked: maskIdNumber(r.idNumberMasked),
      classTitle: r.classTitle,
      subsidyType: r.subsidyType,
      standardFen: (r.standard as { amountFen: number }).amountFen,
      amountFen: r.line.amountFen,
      objected: r.objected,
    })),
  };
}

/**
 * Anyone objects to a published line while its notice runs; the line is held at once.
 * @throws notice.not_found (no such notice, or the line is not in it), notice.closed
 */
export async function objectToLine(deps: Deps, ctx: Ctx, noticeId: string, body: ObjectionBody) {
  return deps.db.transaction(async (tx) => {
    const [hit] = await tx
      .select({ notice: subsidyNotices, line: subsidyClaimLines, regionCode: subsidyClaims.regionCode })
      .from(subsidyNoticeLines)
      .innerJoin(subsidyNotices, eq(subsidyNotices.id, subsidyNoticeLines.noticeId))
      .innerJoin(subsidyClaimLines, eq(subsidyClaimLines.id, subsidyNoticeLines.lineId))
      .innerJoin(subsidyClaims, eq(subsidyClaims.id, subsidyClaimLines.claimId))
      .where(and(eq(subsidyNoticeLines.noticeId, noticeId), eq(subsidyNoticeLines.lineId, body.lineId)))
      .for("update", { of: subsidyClaimLines });
    if (!hit) throw new AppError("notice.not_found", "公示中没有这条明细");
    const now = deps.clock.now();
    if (dateInChina(now) > hit.notice.endsOn) throw new AppError("notice.closed", "公示期已结束", { endsOn: hit.notice.endsOn });
    const id = randomUUID();
    await tx.insert(subsidyObjections).values({ id, noticeId, lineId: body.lineId, contactName: body.contactName, contactPhone: body.contactPhone, content: body.content, clientIp: ctx.clientIp, createdAt: now });
    if (!hit.line.held) {
      await tx.update(subsidyClaimLines).set({ held: true, holdReason: "公示异议待核查", approvedAt: null }).where(eq(subsidyClaimLines.id, body.lineId));
      await tx.insert(subsidyLineHolds).values({ id: randomUUID(), lineId: body.lineId, action: "hold", reason: "公示异议待核查", decidedBy: null, decidedAt: now });
    }
    // the objector's contact details stay in the objection row; the audit trail records that one was made
    await audit(tx, ctx, deps.clock, { action: "notice.objection_filed", entityType: "subsidy_objection", entityId: id, regionCode: hit.regionCode, after: { noticeId, lineId: body.lineId } });
    return { id, status: "open" as const };
  });
}

const objectionColumns = { objection: subsidyObjections, claimId: subsidyClaims.id, regionCode: subsidyClaims.regionCode, institutionId: subsidyClaims.institutionId };
function objectionsJoin(db: Deps["db"]) {
  return db
    .select(objectionColumns)
    .from(subsidyObjections)
    .innerJoin(subsidyClaimLines, eq(subsidyClaimLines.id, subsidyObjections.lineId))
    .innerJoin(subsidyClaims, eq(subsidyClaims.id, subsidyClaimLines.claimId));
}
const presentObjection = (r: { objection: typeof subsidyObjections.$inferSelect; claimId: string }) => ({
  id: r.objection.id,
  noticeId: r.objection.noticeId,
  lineId: r.objection.lineId,
  claimId: r.claimId,
  contactName: r.objection.contactName,
  contactPhone: r.objection.contactPhone,
  content: r.objection.content,
  status: r.objection.status,
  decisionReason: r.objection.decisionReason,
  createdAt: r.objection.createdAt.toISOString(),
});

/**
 * Objections to lines of claims in the caller's notice.manage scope, newest first, optionally of one
 * status: each with its notice, its claim, the line's person masked as on the portal, and whether
 * the caller may decide it. @throws auth.forbidden
 */
export async function listObjections(deps: Deps, ctx: Ctx, q: ObjectionsQuery) {
  const where = and(claimScope(ctx.actor, "notice.manage"), q.status ? eq(subsidyObjections.status, q.status) : undefined);
  const [rows, [total]] = await readAll(deps.db, [
    () => deps.db
      .select({
        ...objectionColumns,
        claimCode: subsidyClaims.code,
        notice: { code: subsidyNotices.code, title: subsidyNotices.title, endsOn: subsidyNotices.endsOn },
        line: { payeeType: subsidyClaimLines.payeeType, payeeName: subsidyClaimLines.payeeName, amountFen: subsidyClaimLines.amountFen, held: subsidyClaimLines.held },
        personName: persons.name,
        idNumberMasked: persons.idNumberMasked,
      })
      .from(subsidyObjections)
      .innerJoin(subsidyNotices, eq(subsidyNotices.id, subsidyObjections.noticeId))
      .innerJoin(subsidyClaimLines, eq(subsidyClaimLines.id, subsidyObjections.lineId))
      .innerJoin(subsidyClaims, eq(subsidyClaims.id, subsidyClaimLines.claimId))
      .innerJoin(persons, eq(persons.id, subsidyClaimLines.personId))
      .where(where)
      .orderBy(desc(subsidyObjections.createdAt), desc(subsidyObjections.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    () => objectionsCount(deps.db).where(where),
  ]);
  return {
    items: rows.map((r) => ({
      ...presentObjection(r),
      notice: r.notice,
      claimCode: r.claimCode,
      line: {
        personName: maskName(r.personName),
        idNumberMasked: maskIdNumber(r.idNumberMasked),
        payeeName: r.line.payeeType === "person" ? maskName(r.line.payeeName) : r.line.payeeName,
        amountFen: r.line.amountFen,
        held: r.line.held,
      },
      decidedAt: r.objection.decidedAt?.toISOString() ?? null,
      abilities: objectionRules.abilities(ctx.actor, { ...r.objection, regionCode: r.regionCode, institutionId: r.institutionId }, {}),
    })),
    total: total?.n ?? 0,
    page: q.page,
    pageSize: q.pageSize,
  };
}

function objectionsCount(db: Deps["db"]) {
  return db
    .select({ n: count() })
    .from(subsidyObjections)
    .innerJoin(subsidyClaimLines, eq(subsidyClaimLines.id, subsidyObjections.lineId))
    .innerJoin(subsidyClaims, eq(subsidyClaims.id, subsidyClaimLines.claimId));
}

/**
 * Resolves an objection with a recorded decision: dismissed releases the line (approved for payment
 * again when no other objection is open), upheld keeps it held with the decision as the reason.
 * @throws notice.not_found (also out of scope), auth.forbidden, notice.objection_decided, claim.separation_of_duties
 */
export async function decideObjection(deps: Deps, ctx: Ctx, id: string, body: ObjectionDecisionBody) {
  return deps.db.transaction(async (tx) => {
    const [r] = await objectionsJoin(tx)
      .where(and(eq(subsidyObjections.id, id), claimScope(ctx.actor, "notice.manage")))
      .for("update", { of: subsidyObjections });
    if (!r) throw new AppError("notice.not_found", "异议不存在");
    objectionRules.assert(ctx.actor, "decide", { ...r.objection, regionCode: r.regionCode, institutionId: r.institutionId }, {});
    const now = deps.clock.now();
    await tx.update(subsidyObjections).set({ status: body.decision, decisionReason: body.reason, decidedBy: ctx.actor.userId, decidedAt: now }).where(eq(subsidyObjections.id, id));
    const [{ open } = { open: 0 }] = await tx
      .select({ open: count() })
      .from(subsidyObjections)
      .where(and(eq(subsidyObjections.lineId, r.objection.lineId), eq(subsidyObjections.status, "open")));
    const [line] = await tx.select().from(subsidyClaimLines).where(eq(subsidyClaimLines.id, r.objection.lineId));
    if (body.decision === "upheld") {
      const reason = `公示异议成立：${body.reason}`;
      await tx.update(subsidyClaimLines).set({ held: true, holdReason: reason, approvedAt: null }).where(eq(subsidyClaimLines.id, line!.id));
      await tx.insert(subsidyLineHolds).values({ id: randomUUID(), lineId: line!.id, action: "hold", reason, decidedBy: ctx.actor.userId, decidedAt: now });
    } else if (open === 0 && line!.held && line!.holdReason === "公示异议待核查") {
      // released only from the objection's own hold: a hold an officer set for another reason stays
      await tx.update(subsidyClaimLines).set({ held: false, holdReason: null, approvedAt: line!.eligible ? now : null }).where(eq(subsidyClaimLines.id, line!.id));
      await tx.insert(subsidyLineHolds).values({ id: randomUUID(), lineId: line!.id, action: "release", reason: `公示异议不成立：${body.reason}`, decidedBy: ctx.actor.userId, decidedAt: now });
    }
    await audit(tx, ctx, deps.clock, { action: `notice.objection_${body.decision}`, entityType: "subsidy_objection", entityId: id, regionCode: r.regionCode, after: { lineId: line!.id, reason: body.reason } });
    return presentObjection({ objection: { ...r.objection, status: body.decision, decisionReason: body.reason }, claimId: r.claimId });
  });
}

/** the rule: approved, not held, and its notice has ended (the day after ends_on) */
const cleared = (today: string) =>
  and(eq(subsidyClaimLines.held, false), isNotNull(subsidyClaimLines.approvedAt), gt(sql`${today}::date`, subsidyNotices.endsOn), lte(subsidyNotices.startsOn, today));

/**
 * Lines whose notice has ended and that are approved and not held: what payment may take next.
 * (Used by the payment step; exported so its rule lives next to the notice.)
 */
export async function linesCleared(db: Deps["db"], today: string, claimId: string) {
  return db
    .select({ id: subsidyClaimLines.id, amountFen: subsidyClaimLines.amountFen })
    .from(subsidyClaimLines)
    .innerJoin(subsidyNoticeLines, eq(subsidyNoticeLines.lineId, subsidyClaimLines.id))
    .innerJoin(subsidyNotices, eq(subsidyNotices.id, subsidyNoticeLines.noticeId))
    .where(and(eq(subsidyClaimLines.claimId, claimId), cleared(today)));
}

/** The same, for several claims at once (a page of the payment list), each line with its claim. */
export async function linesClearedOf(db: Deps["db"], today: string, claimIds: string[]) {
  if (claimIds.length === 0) return [];
  return db
    .select({ id: subsidyClaimLines.id, claimId: subsidyClaimLines.claimId, amountFen: subsidyClaimLines.amountFen })
    .from(subsidyClaimLines)
    .innerJoin(subsidyNoticeLines, eq(subsidyNoticeLines.lineId, subsidyClaimLines.id))
    .innerJoin(subsidyNotices, eq(subsidyNotices.id, subsidyNoticeLines.noticeId))
    .where(and(inArray(subsidyClaimLines.claimId, claimIds), cleared(today)));
}

