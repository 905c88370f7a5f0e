/**
 * Change requests to a registered person (登记信息变更申请): filed by a linked institution, an
 * officer or the person; confirmed or rejected by an officer covering the person's residence, or
 * by the person on the phone — never by whoever filed it. A confirmed request applies the change.
 */
import { type SQL, and, count, eq, isNull, ne, or, sql } from "drizzle-orm";
import type { ChangeRequestView, ListChangeRequestsQuery, PersonChangesBody } from "../../../../shared/src/contracts/trainees.ts";
import { audit } from "../../platform/audit/audit.ts";
import { grantsFor } from "../../platform/auth/actor.ts";
import { hasPermission, scopeWhere } from "../../platform/auth/scope.ts";
import type { Ctx } from "../../platform/context.ts";
import { AppError, invalid } from "../../platform/http/errors.ts";
import { applyChanges, differencesOf, fileChangeRequest, storedCategory } from "./trainees.changes.ts";
import { actorInstitutions, personScope } from "./trainees.policy.ts";
import { personRuleRow, presentChangeRequest } from "./trainees.presenter.ts";
import * as repo from "./trainees.repo.ts";
import { changeRequestRules, personRules } from "./trainees.row-rules.ts";
import { chinaDate } from "./trainees.rules.ts";
import { type TraineesDeps, personFacts } from "./trainees.service.ts";
import { personChangeRequests, persons } from "./trainees.table.ts";

/** residence within a region prefix, as a six-digit range (an index serves it; LIKE needs a C collation) */
const residenceIn = (prefix: string): SQL => sql`${persons.residenceRegionCode} between ${prefix.padEnd(6, "0")} and ${prefix.padEnd(6, "9")}`;

/**
 * Which change requests the actor sees: officers those of persons residing in their region, an
 * institution those it filed, a person their own. Others are not found (404).
 */
function changeRequestScope(ctx: Ctx): SQL {
  const self = ctx.actor.userId ? eq(persons.userId, ctx.actor.userId) : sql`false`;
  if (!grantsFor(ctx.actor, "person.read").length) return self;
  const staff = scopeWhere(ctx.actor, "person.read", {
    region: residenceIn,
    institution: personChangeRequests.institutionId,
  });
  return or(staff, self) as SQL;
}

/**
 * Files a change request for a person in the caller's scope.
 * @throws person.not_found, auth.forbidden, person.no_difference, request.invalid
 */
export async function requestPersonChange(deps: TraineesDeps, ctx: Ctx, personId: string, body: PersonChangesBody): Promise<ChangeRequestView> {
  const { db } = deps;
  const regions = await repo.regionLevels(db);
  const today = chinaDate(deps.clock.now());
  const issues = [];
  if (body.residenceRegionCode && !regions.has(body.residenceRegionCode)) issues.push({ path: "body.residenceRegionCode", code: "unknown_region", message: "居住地须为吉林省的行政区划代码" });
  for (const [i, c] of (body.categories ?? []).entries()) {
    if (c.evidenceDate > today) issues.push({ path: `body.categories[${i}].evidenceDate`, code: "future_date", message: "证明日期不能晚于今天" });
  }
  if (issues.length) throw invalid(issues);
  const id = await db.transaction(async (tx) => {
    const p = await repo.findPerson(tx, personId, personScope(ctx.actor, "person.read", deps.enrollments));
    if (!p) throw new AppError("person.not_found", "人员不存在");
    const d = (await repo.loadDetails(tx, [p.id])).get(p.id)!;
    const facts = { enrolledWith: (await personFacts(deps, tx, ctx, [p.id])).get(p.id) ?? new Set<string>() };
    const verdict = personRules.check(ctx.actor, "fileChangeRequest", personRuleRow(p, d), facts);
    if (!verdict.ok) throw new AppError(verdict.code, verdict.message, verdict.details);
    const { changes } = differencesOf(
      {
        name: p.name,
        phone: body.phone ?? null,
        householdRegionCode: body.householdRegionCode ?? null,
        residenceRegionCode: body.residenceRegionCode ?? null,
        education: body.education ?? null,
        employerName: body.employerName ?? null,
        employerCreditCode: body.employerCreditCode ?? null,
        primaryCategory: body.primaryCategory ?? null,
        categories: (body.categories ?? []).map((c) => storedCategory(deps, c)),
        exclusions: body.exclusions ?? [],
      },
      p,
      d.categories.map((c) => c.category),
      d.exclusions.map((e) => e.kind),
    );
    // an institution files in its own name (the one linked to the person), so its staff see the request
    const own = actorInstitutions(ctx.actor, "person.read").find((i) => d.institutionIds.includes(i)) ?? null;
    return fileChangeRequest(deps, tx, ctx, p, changes, own);
  });
  return getChangeRequest(deps, ctx, id);
}

/** @throws person.change_request_not_found */
export async function getChangeRequest(deps: TraineesDeps, ctx: Ctx, id: string): Promise<ChangeRequestView> {
  const r = await repo.findChangeRequest(deps.db, id, changeRequestScope(ctx));
  if (!r) throw new AppError("person.change_request_not_found", "变更申请不存在");
  return presentChangeRequest(ctx.actor, r.cr, r.person);
}

/**
 * Change requests in the caller's scope, oldest first (a queue), paged. `awaiting` keeps those the
 * caller could confirm now — exactly what countChangeRequestsToConfirm counts.
 */
export async function listChangeRequests(deps: TraineesDeps, ctx: Ctx, q: ListChangeRequestsQuery): Promise<{ items: ChangeRequestView[]; total: number; page: number; pageSize: number }> {
  const conds: (SQL | undefined)[] = [changeRequestScope(ctx)];
  if (q.awaiting === "true") {
    const awaiting = awaitingWhere(ctx);
    if (!awaiting) return { items: [], total: 0, page: q.page, pageSize: q.pageSize };
    conds.push(awaiting);
  }
  if (q.status) conds.push(eq(personChangeRequests.status, q.status));
  const { rows, total } = await repo.pageChangeRequests(deps.db, and(...conds) as SQL, q.page, q.pageSize);
  return { items: rows.map((r) => presentChangeRequest(ctx.actor, r.cr, r.person)), total, page: q.page, pageSize: q.pageSize };
}

/** The logged-in person's own change requests (on the phone). */
export async function listMyChangeRequests(deps: TraineesDeps, ctx: Ctx): Promise<{ items: ChangeRequestView[] }> {
  if (!ctx.actor.userId) return { items: [] };
  const rows = await repo.listChangeRequests(deps.db, eq(persons.userId, ctx.actor.userId));
  return { items: rows.map((r) => presentChangeRequest(ctx.actor, r.cr, r.person)) };
}

/**
 * Confirms (applies) or rejects a change request; checked against the person's residence now.
 * @throws person.change_request_not_found, auth.forbidden, person.change_request_decided
 */
export async function decideChangeRequest(deps: TraineesDeps, ctx: Ctx, id: string, body: { decision: "confirm" | "reject"; note?: string | undefined }): Promise<ChangeRequestView> {
  return deps.db.transaction(async (tx) => {
    const r = await repo.findChangeRequest(tx, id, changeRequestScope(ctx), true);
    if (!r) throw new AppError("person.change_request_not_found", "变更申请不存在");
    const row = { status: r.cr.status, filedBy: r.cr.filedBy, person: { residenceRegionCode: r.person.residenceRegionCode, userId: r.person.userId } };
    changeRequestRules.assert(ctx.actor, body.decision, row, {});
    const now = deps.clock.now();
    await repo.updateChangeRequest(tx, id, { status: changeRequestRules.next(body.decision, r.cr.status), decidedBy: ctx.actor.userId, decidedAt: now, note: body.note ?? null });
    if (body.decision === "confirm") await applyChanges(deps, tx, ctx, r.person, r.cr.changes, id);
    else {
      await audit(tx, ctx, deps.clock, { action: "person.change_rejected", entityType: "person", entityId: r.person.id, regionCode: r.person.residenceRegionCode, after: { changeRequestId: id, note: body.note ?? null } });
    }
    // read back in the transaction: a confirmed move may take the person out of the decider's region
    const after = await repo.findChangeRequest(tx, id, sql`true`);
    return presentChangeRequest(ctx.actor, after!.cr, after!.person);
  });
}

/**
 * Pending change requests an officer could confirm now (the list's scope, residence covered by a
 * person.register region grant, not filed by themself — as changeRequestRules): the home page's
 * to-do. Zero for roles that confirm none; a person's own requests are answered on the phone.
 */
export async function countChangeRequestsToConfirm(db: TraineesDeps["db"], ctx: Ctx): Promise<number> {
  const awaiting = awaitingWhere(ctx);
  if (!awaiting) return 0;
  const [r] = await db
    .select({ n: count() })
    .from(personChangeRequests)
    .innerJoin(persons, eq(persons.id, personChangeRequests.personId))
    .where(and(changeRequestScope(ctx), awaiting));
  return r?.n ?? 0;
}

/** The to-do's condition (on person_change_requests joined to persons); null when the caller confirms none. */
function awaitingWhere(ctx: Ctx): SQL | null {
  const userId = ctx.actor.userId;
  if (!hasPermission(ctx.actor, "person.register") || !userId) return null;
  if (!grantsFor(ctx.actor, "person.register").some((g) => g.scopeType === "province" || g.scopeType === "region")) return null;
  const residence = scopeWhere(ctx.actor, "person.register", { region: residenceIn });
  return and(residence, eq(personChangeRequests.status, "pending"), or(isNull(personChangeRequests.filedBy), ne(personChangeRequests.filedBy, userId))) as SQL;
}
