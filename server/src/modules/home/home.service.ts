/**
 * The home page's to-dos: for each kind of work the caller's roles can do, how many records wait
 * for them, counted with the scope of the list the count links to (each module's own count
 * function; this module reads no table itself).
 */
import type { TodoItem } from "../../../../shared/src/contracts/home.ts";
import { hasPermission } from "../../platform/auth/scope.ts";
import type { Ctx, Deps } from "../../platform/context.ts";
import { readAll } from "../../platform/db/reads.ts";
import { countJobsWithProblems, IMPORT_LOOKBACK_DAYS } from "../../platform/jobs/jobs.ts";
import { countCorrectionsToDecide } from "../attendance/index.ts";
import { dateInChina } from "../calendar/index.ts";
import { countClassesInList, ownClassRates } from "../classes/index.ts";
import { countClaimsToReview, countOpenObjections } from "../subsidies/index.ts";
import { countChangeRequestsToConfirm } from "../trainees/index.ts";

export { IMPORT_LOOKBACK_DAYS };

/** one kind of to-do, counted when called */
type Count = () => Promise<TodoItem>;

/**
 * The caller's to-dos, in a fixed order; a kind appears only when one of the caller's roles can act
 * on it (with a zero count when nothing waits). `href` opens the filtered console list; null where
 * the console has no such list yet.
 */
export async function listTodos(deps: Deps, ctx: Ctx): Promise<{ items: TodoItem[] }> {
  const a = ctx.actor;
  const { db } = deps;
  const now = deps.clock.now();
  const { userId } = a;
  // a count per kind the caller can act on, in order; null where the caller has no such work
  const counts: (Count | null)[] = [
    hasPermission(a, "class.review")
      ? () => countClassesInList(db, a, "submitted").then((count) => ({ key: "classes_to_review", label: "待审核开班", count, href: "/classes?status=submitted" }))
      : null,
    hasPermission(a, "attendance.approve_correction")
      ? () => countCorrectionsToDecide(db, a).then((count) => ({ key: "corrections_to_decide", label: "待审核考勤补正", count, href: "/attendance/corrections?awaiting=true" }))
      : null,
    hasPermission(a, "person.import") && userId
      ? () => countJobsWithProblems(db, userId, new Date(now.getTime() - IMPORT_LOOKBACK_DAYS * 86_400_000)).then((count) => ({
          key: "imports_with_problems",
          label: `有问题的导入（近${IMPORT_LOOKBACK_DAYS}天）`,
          count,
          href: "/persons/imports?problems=true",
        }))
      : null,
    hasPermission(a, "claim.review_county") || hasPermission(a, "claim.review_city")
      ? () => countClaimsToReview(db, a, dateInChina(now)).then((c) => ({
          key: "claims_to_review",
          label: "待审核补贴申领",
          count: c.count,
          overdue: c.overdue,
          href: "/claims?awaiting=true",
          overdueHref: "/claims?overdue=true",
        }))
      : null,
    hasPermission(a, "notice.manage")
      ? () => countOpenObjections(db, a).then((count) => ({ key: "objections_to_decide", label: "待处理公示异议", count, href: "/notices/objections?status=open" }))
      : null,
    hasPermission(a, "person.register") && a.grants.some((g) => g.scopeType === "province" || g.scopeType === "region")
      ? () => countChangeRequestsToConfirm(db, ctx).then((count) => ({ key: "change_requests_to_confirm", label: "待确认人员信息变更", count, href: "/persons/change-requests?awaiting=true" }))
      : null,
  ];
  return { items: await readAll(db, counts.filter((c): c is Count => c !== null)) };
}

/** The caller's own institution's classes with completion and certification counts. */
export async function listOwnClassRates(deps: Deps, ctx: Ctx) {
  return { items: await ownClassRates(deps.db, ctx.actor) };
}
