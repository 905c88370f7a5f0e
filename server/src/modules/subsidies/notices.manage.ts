/**
 * 公示管理 for officers: the notices that published lines of claims in their scope, and what
 * 发布公示 would publish now — read before the officer confirms.
 */
import { and, count, desc, eq, exists, isNotNull, notExists, type SQL, sql, sum } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { maskName } from "../../../../shared/src/ids.ts";
import type { OfficerNoticesQuery } from "../../../../shared/src/contracts/subsidies.ts";
import type { Ctx, Deps } from "../../platform/context.ts";
import { readAll } from "../../platform/db/reads.ts";
import { dateInChina } from "../calendar/index.ts";
import { classes } from "../classes/index.ts";
import { institutions } from "../institutions/index.ts";
import { persons } from "../trainees/index.ts";
import { claimScope } from "./claims.policy.ts";
import { lineTotals } from "./notices.service.ts";
import { subsidyClaimLines, subsidyClaims, subsidyNoticeLines, subsidyNotices } from "./subsidies.table.ts";

/** one notice takes at most this many claims (publishNoticeBody.claimIds) */
const CLAIMS_PER_NOTICE = 200;

/** A notice is the officer's when it published a line of a claim in their notice.manage scope. */
function noticeInScope(deps: Deps, ctx: Ctx): SQL {
  return exists(
    deps.db
      .select({ x: sql`1` })
      .from(subsidyNoticeLines)
      .innerJoin(subsidyClaimLines, eq(subsidyClaimLines.id, subsidyNoticeLines.lineId))
      .innerJoin(subsidyClaims, eq(subsidyClaims.id, subsidyClaimLines.claimId))
      .where(and(eq(subsidyNoticeLines.noticeId, subsidyNotices.id), claimScope(ctx.actor, "notice.manage"))),
  );
}

/**
 * Notices publishing lines of claims in the caller's scope, newest first, optionally running or
 * ended (the last day counts as running): period, lines, total fen, objections (all and open).
 * @throws auth.forbidden
 */
export async function listNotices(deps: Deps, ctx: Ctx, q: OfficerNoticesQuery) {
  const today = dateInChina(deps.clock.now());
  const where = and(
    noticeInScope(deps, ctx),
    q.state === "running" ? sql`${subsidyNotices.endsOn} >= ${today}` : undefined,
    q.state === "ended" ? sql`${subsidyNotices.endsOn} < ${today}` : undefined,
  );
  const [rows, [total]] = await readAll(deps.db, [
    () => deps.db
      .select({
        notice: subsidyNotices,
        ...lineTotals,
        objectionCount: sql<number>`(select count(*)::int from subsidy_objections o where o.notice_id = "subsidy_notices"."id")`,
        openObjectionCount: sql<number>`(select count(*)::int from subsidy_objections o where o.notice_id = "subsidy_notices"."id" and o.status = 'open')`,
      })
      .from(subsidyNotices)
      .where(where)
      .orderBy(desc(subsidyNotices.publishedAt), desc(subsidyNotices.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    () => deps.db.select({ n: count() }).from(subsidyNotices).where(where),
  ]);
  return {
    items: rows.map(({ notice: n, ...r }) => ({
      id: n.id,
      code: n.code,
      title: n.title,
      regionCode: n.regionCode,
      startsOn: n.startsOn,
      endsOn: n.endsOn,
      running: today <= n.endsOn,
      state: today <= n.endsOn ? ("running" as const) : ("ended" as const),
      publishedAt: n.publishedAt.toISOString(),
      lineCount: r.lineCount,
      totalFen: r.totalFen,
      objectionCount: r.objectionCount,
      openObjectionCount: r.openObjectionCount,
    })),
    total: total?.n ?? 0,
    page: q.page,
    pageSize: q.pageSize,
  };
}

const claimant = alias(persons, "claimant");

/**
 * What POST /api/notices would publish if given these claims: approved claims in the caller's scope
 * with lines approved, not held and not yet published — per claim and in total (fen). The claims
 * beyond the first 200 (oldest approval first) wait for the next notice; the totals cover the listed ones.
 * @throws auth.forbidden
 */
export async function previewNotice(deps: Deps, ctx: Ctx) {
  const rows = await deps.db
    .select({
      claimId: subsidyClaims.id,
      code: subsidyClaims.code,
      subsidyType: subsidyClaims.subsidyType,
      classTitle: classes.title,
      institutionName: institutions.name,
      personName: claimant.name,
      lineCount: count(subsidyClaimLines.id),
      totalFen: sum(subsidyClaimLines.amountFen).mapWith(Number),
    })
    .from(subsidyClaims)
    .innerJoin(subsidyClaimLines, eq(subsidyClaimLines.claimId, subsidyClaims.id))
    .leftJoin(classes, eq(classes.id, subsidyClaims.classId))
    .leftJoin(institutions, eq(institutions.id, subsidyClaims.institutionId))
    .leftJoin(claimant, eq(claimant.id, subsidyClaims.personId))
    .where(
      and(
        claimScope(ctx.actor, "notice.manage"),
        eq(subsidyClaims.status, "approved"),
        eq(subsidyClaimLines.held, false),
        isNotNull(subsidyClaimLines.approvedAt),
        notExists(deps.db.select({ x: sql`1` }).from(subsidyNoticeLines).where(eq(subsidyNoticeLines.lineId, subsidyClaimLines.id))),
      ),
    )
    .groupBy(subsidyClaims.id, classes.title, institutions.name, claimant.name)
    .orderBy(subsidyClaims.approvedAt, subsidyClaims.code)
    .limit(CLAIMS_PER_NOTICE + 1);
  const claims = rows.slice(0, CLAIMS_PER_NOTICE).map((r) => ({
    claimId: r.claimId,
    code: r.code,
    subsidyType: r.subsidyType,
    classTitle: r.classTitle,
    claimant: r.institutionName ?? `${maskName(r.personName ?? "")}（个人）`,
    lineCount: r.lineCount,
    totalFen: r.totalFen,
  }));
  return {
    claimCount: claims.length,
    lineCount: claims.reduce((n, c) => n + c.lineCount, 0),
    totalFen: claims.reduce((n, c) => n + c.totalFen, 0),
    claims,
    truncated: rows.length > CLAIMS_PER_NOTICE,
  };
}
