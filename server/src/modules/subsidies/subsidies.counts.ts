/** Counts for the home page, each with the scope of the list its link opens. */
import { and, count, eq, lt } from "drizzle-orm";
import type { Actor } from "../../platform/auth/actor.ts";
import { hasPermission } from "../../platform/auth/scope.ts";
import type { Db } from "../../platform/db/db.ts";
import { readAll } from "../../platform/db/reads.ts";
import { awaitingWhere, claimScope } from "./claims.policy.ts";
import { subsidyClaimLines, subsidyClaims, subsidyObjections } from "./subsidies.table.ts";

/**
 * Claims waiting for a review step the actor can take (county: submitted in their county; city or
 * province: county-approved under them), and of those the ones past their due date `today` — what
 * GET /api/claims?awaiting=true and ?overdue=true list. Zeros for a role that reviews no claims.
 */
export async function countClaimsToReview(db: Db, actor: Actor, today: string): Promise<{ count: number; overdue: number }> {
  if (!hasPermission(actor, "claim.review_county") && !hasPermission(actor, "claim.review_city")) return { count: 0, overdue: 0 };
  const base = and(claimScope(actor, "claim.read"), awaitingWhere(actor));
  const [[all], [late]] = await readAll(db, [
    () => db.select({ n: count() }).from(subsidyClaims).where(base),
    () => db.select({ n: count() }).from(subsidyClaims).where(and(base, lt(subsidyClaims.dueDate, today))),
  ]);
  return { count: all?.n ?? 0, overdue: late?.n ?? 0 };
}

/** Open objections to lines of claims in the actor's notice.manage scope (as GET /api/notices/objections?status=open). */
export async function countOpenObjections(db: Db, actor: Actor): Promise<number> {
  if (!hasPermission(actor, "notice.manage")) return 0;
  const [r] = await db
    .select({ n: count() })
    .from(subsidyObjections)
    .innerJoin(subsidyClaimLines, eq(subsidyClaimLines.id, subsidyObjections.lineId))
    .innerJoin(subsidyClaims, eq(subsidyClaims.id, subsidyClaimLines.claimId))
    .where(and(claimScope(actor, "notice.manage"), eq(subsidyObjections.status, "open")));
  return r?.n ?? 0;
}
