/**
 * 开班申请: drafts, submission with every check at once, review and the state machine.
 * Changes after approval: classes.changes.ts; results and certificates: classes.results.ts.
 */
import { randomBytes } from "node:crypto";
import { and, eq, inArray, } from "drizzle-orm";
import type { CreateClassBody, ListClassesQuery, TransitionBody, UpdateClassBody } from "../../../../shared/src/contracts/classes.ts";
import type { ValidationIssue } from "../../../../shared/src/errors.ts";
import { audit } from "../../platform/audit/audit.ts";
import type { Ctx, Deps } from "../../platform/context.ts";
import type { Db } from "../../platform/db/db.ts";
import { AppError, invalid } from "../../platform/http/errors.ts";
import { catalogueItems } from "../catalogue/index.ts";
import { dateInChina } from "../calendar/index.ts";
import { institutionForClass, institutionTeachers } from "../institutions/index.ts";
import { programs } from "../reference/index.ts";
import { ensureTraineeAccount, linkPersonsToInstitution, persons, personScope } from "../trainees/index.ts";
import { runClassChecks } from "./classes.checks.ts";
import { classFacts } from "./classes.facts.ts";
import { applyingInstitution, classRules, classScope } from "./classes.policy.ts";
import { presentClass, presentSummaries } from "./classes.presenter.ts";
import * as repo from "./classes.repo.ts";
import { chinaInstant, classTransitions, type Problem } from "./classes.rules.ts";
import { classEnrollments, classes, classSessions } from "./classes.table.ts";

export const todayOf = (deps: Deps) => dateInChina(deps.clock.now());
export const notFound = () => new AppError("class.not_found", "培训班不存在");

/** Loads a class the actor may see with `perm`, else class.not_found (404). */
export async function loadClass(db: Db, ctx: Ctx, id: string, perm: Parameters<typeof classScope>[1] = "class.read", forUpdate = false): Promise<repo.ClassRow> {
  const c = await repo.findClass(db, id, classScope(ctx.actor, perm), { forUpdate });
  if (!c) throw notFound();
  return c;
}

export async function viewClass(deps: Deps, ctx: Ctx, c: repo.ClassRow) {
  return presentClass(deps.db, ctx.actor, c, todayOf(deps), deps.clock.now());
}

export async function listClasses(deps: Deps, ctx: Ctx, q: ListClassesQuery) {
  const { rows, total } = await repo.listClasses(deps.db, classScope(ctx.actor, "class.read"), q);
  return { items: await presentSummaries(deps.db, rows), total, page: q.page, pageSize: q.pageSize };
}

/** @throws class.not_found */
export async function getClass(deps: Deps, ctx: Ctx, id: string) {
  return viewClass(deps, ctx, await loadClass(deps.db, ctx, id));
}

type SessionIn = UpdateClassBody["sessions"][number];
export function sessionRow(classId: string, s: SessionIn, now: Date) {
  return {
    id: repo.newId(),
    classId,
    date: s.date,
    startsAt: chinaInstant(s.date, s.startTime),
    endsAt: chinaInstant(s.date, s.endTime),
    teacherId: s.teacherId,
    content: s.content,
    theoryMinutes: s.theoryMinutes,
    practiceMinutes: s.practiceMinutes,
    place: s.place,
    codeSecret: randomBytes(32).toString("hex"),
    requireCheckOut: s.requireCheckOut,
    status: "planned" as const,
    createdAt: now,
  };
}

/**
 * References a draft must get right (checked on every save): the catalogue item and program exist,
 * teachers are the institution's, roster persons are registered and visible to the caller.
 * @throws request.invalid (all issues)
 */
async function checkReferences(db: Db, ctx: Ctx, institutionId: string, b: UpdateClassBody): Promise<void> {
  const issues: ValidationIssue[] = [];
  const [item] = await db.select({ id: catalogueItems.id }).from(catalogueItems).where(eq(catalogueItems.id, b.catalogueItemId)).limit(1);
  if (!item) issues.push({ path: "body.catalogueItemId", code: "not_found", message: "培训项目不存在" });
  const [prog] = await db.select({ code: programs.code }).from(programs).where(eq(programs.code, b.programCode)).limit(1);
  if (!prog) issues.push({ path: "body.programCode", code: "not_found", message: "计划项目不存在" });
  const teacherIds = [...new Set(b.sessions.map((s) => s.teacherId))];
  const own = teacherIds.length
    ? new Set(
        (
          await db
            .select({ id: institutionTeachers.id })
            .from(institutionTeachers)
            .where(and(inArray(institutionTeachers.id, teacherIds), eq(institutionTeachers.institutionId, institutionId)))
        ).map((t) => t.id),
      )
    : new Set<string>();
  b.sessions.forEach((s, i) => {
    if (!own.has(s.teacherId)) issues.push({ path: `body.sessions[${i}].teacherId`, code: "teacher_not_found", message: "授课教师不是本机构登记的教师" });
  });
  const visible = b.roster.length
    ? new Set(
        (
          await db
            .select({ id: persons.id })
            .from(persons)
            .where(and(inArray(persons.id, b.roster), personScope(ctx.actor, "person.read")))
        ).map((p) => p.id),
      )
    : new Set<string>();
  const seen = new Set<string>();
  b.roster.forEach((p, i) => {
    if (seen.has(p)) issues.push({ path: `body.roster[${i}]`, code: "duplicate", message: "学员重复" });
    else if (!visible.has(p)) issues.push({ path: `body.roster[${i}]`, code: "person_not_found", message: "学员未登记或不在本机构名下" });
    seen.add(p);
  });
  if (issues.length) throw invalid(issues);
}

function classFields(b: UpdateClassBody) {
  return {
    catalogueItemId: b.catalogueItemId,
    programCode: b.programCode,
    title: b.title,
    mode: b.mode,
    address: b.address,
    lat: b.lat,
    lng: b.lng,
    geofenceRadiusM: b.geofenceRadiusM,
    startDate: b.startDate,
    endDate: b.endDate,
    capacity: b.capacity,
    assessmentPlan: b.assessmentPlan,
    certificateType: b.certificateType,
    skillLevel: b.skillLevel ?? null,
    evaluatorInstitutionId: b.evaluatorInstitutionId ?? null,
    projectBased: b.projectBased ?? false,
  };
}

async function writePlan(tx: Db, classId: string, institutionId: string, regionCode: string, b: UpdateClassBody, now: Date): Promise<void> {
  await tx.delete(classSessions).where(eq(classSessions.classId, classId));
  await tx.delete(classEnrollments).where(eq(classEnrollments.classId, classId));
  if (b.sessions.length) await tx.insert(classSessions).values(b.sessions.map((s) => sessionRow(classId, s, now)));
  if (b.roster.length) {
    await tx.insert(classEnrollments).values(b.roster.map((personId) => ({ id: repo.newId(), classId, personId, enrolledAt: now })));
    await linkPersonsToInstitution(tx, b.roster, institutionId, now, regionCode);
  }
}

/**
 * Creates a draft class of the caller's institution with its session plan and roster; generates
 * the class number and each session's check-in secret.
 * @throws auth.forbidden, class.institution_required, institution.not_found, request.invalid
 */
export async function createClass(deps: Deps, ctx: Ctx, b: CreateClassBody) {
  const { db, clock } = deps;
  const institutionId = applyingInstitution(ctx.actor, b.institutionId);
  const inst = await institutionForClass(db, institutionId);
  if (!inst) throw new AppError("institution.not_found", "机构不存在");
  await checkReferences(db, ctx, institutionId, b);
  const [item] = await db.select({ trainingType: catalogueItems.trainingType }).from(catalogueItems).where(eq(catalogueItems.id, b.catalogueItemId));
  const now = clock.now();
  const id = repo.newId();
  const row = await db.transaction(async (tx) => {
    const code = await repo.nextClassCode(tx, inst.regionCode, todayOf(deps).slice(0, 4));
    const [c] = await tx
      .insert(classes)
      .values({ id, code, institutionId, regionCode: inst.regionCode, trainingType: item!.trainingType, ...classFields(b), createdBy: ctx.actor.userId, createdAt: now, updatedAt: now })
      .returning();
    await writePlan(tx, id, institutionId, inst.regionCode, b, now);
    await audit(tx, ctx, clock, { action: "class.created", entityType: "class", entityId: id, regionCode: inst.regionCode, after: { ...c, sessions: b.sessions.length, roster: b.roster } });
    return c!;
  });
  return viewClass(deps, ctx, row);
}

/**
 * Replaces a draft's (or returned class's) fields, session plan and roster.
 * @throws class.not_found, auth.forbidden, class.not_editable, request.invalid
 */
export async function updateClass(deps: Deps, ctx: Ctx, id: string, b: UpdateClassBody) {
  const { db, clock } = deps;
  const now = clock.now();
  const row = await db.transaction(async (tx) => {
    const c = await loadClass(tx, ctx, id, "class.apply", true);
    classRules.assert(ctx.actor, "edit", c, await classFacts(tx, c, todayOf(deps), now));
    await checkReferences(tx, ctx, c.institutionId, b);
    const [item] = await tx.select({ trainingType: catalogueItems.trainingType }).from(catalogueItems).where(eq(catalogueItems.id, b.catalogueItemId));
    const [after] = await tx
      .update(classes)
      .set({ ...classFields(b), trainingType: item!.trainingType, updatedAt: now })
      .where(eq(classes.id, id))
      .returning();
    await writePlan(tx, id, c.institutionId, c.regionCode, b, now);
    await audit(tx, ctx, clock, { action: "class.updated", entityType: "class", entityId: id, regionCode: c.regionCode, before: c, after: { ...after, sessions: b.sessions.length, roster: b.roster } });
    return after!;
  });
  return viewClass(deps, ctx, row);
}

/** Runs every check on a class as stored. */
export async function checkStoredClass(tx: Db, c: repo.ClassRow, today: string, leadTime: boolean) {
  const sessions = (await repo.sessionsOf(tx, c.id)).filter((s) => s.status === "planned");
  const roster = (await repo.enrollmentsOf(tx, c.id)).filter((e) => e.status === "enrolled").map((e) => e.personId);
  return runClassChecks(tx, c, sessions, roster, { today, leadTime });
}

async function storeWarnings(tx: Db, classId: string, pw: Map<string, Problem[]>): Promise<Problem[]> {
  for (const [personId, w] of pw) {
    await tx
      .update(classEnrollments)
      .set({ warnings: w })
      .where(and(eq(classEnrollments.classId, classId), eq(classEnrollments.personId, personId)));
  }
  return [...pw.values()].flat();
}

/**
 * Moves a class through the state machine (classRules in classes.policy.ts). Submission and
 * approval run every check and refuse with all problems at once; warnings are stored, not blocking.
 * @throws class.not_found, auth.forbidden, class.transition_not_allowed, class.locked, class.checks_failed,
 *   class.results_incomplete, request.invalid (return/cancel without reasons)
 */
export async function transitionClass(deps: Deps, ctx: Ctx, id: string, body: TransitionBody) {
  const { db, clock } = deps;
  const { action } = body;
  const to = classTransitions[action].to;
  const reasons = body.reasons ?? [];
  if ((action === "return" || action === "cancel") && reasons.length === 0) {
    throw invalid([{ path: "body.reasons", code: "required", message: action === "return" ? "请列明全部退回理由" : "请说明取消原因" }]);
  }
  const now = clock.now();
  const today = todayOf(deps);
  const row = await db.transaction(async (tx) => {
    const c = await loadClass(tx, ctx, id, "class.read", true);
    classRules.assert(ctx.actor, action, c, await classFacts(tx, c, today, now));
    const patch: Partial<typeof classes.$inferInsert> = { status: to, updatedAt: now };
    switch (action) {
      case "submit":
      case "approve": {
        const r = await checkStoredClass(tx, c, today, action === "submit");
        if (r.problems.length) throw new AppError("class.checks_failed", action === "submit" ? "开班申请未通过检查" : "开班申请已不满足条件，请退回", { problems: r.problems });
        patch.catalogueVersionId = r.versionId;
        patch.warnings = await storeWarnings(tx, c.id, r.personWarnings);
        if (action === "submit") {
          patch.submittedAt = now;
          patch.returnReasons = null;
        } else {
          patch.reviewedAt = now;
          patch.reviewedBy = ctx.actor.userId;
        }
        break;
      }
      case "return":
        patch.returnReasons = reasons;
        patch.reviewedAt = now;
        patch.reviewedBy = ctx.actor.userId;
        break;
      case "cancel":
        patch.cancelReason = reasons.join("；");
        break;
      case "assess": {
        const missing = (await repo.enrollmentsOf(tx, c.id)).filter((e) => e.status === "enrolled" && e.result === null).map((e) => e.personId);
        if (missing.length) throw new AppError("class.results_incomplete", "尚有学员未录入考核结果", { missing });
        patch.lockedAt = now;
        break;
      }
    }
    const [after] = await tx.update(classes).set(patch).where(eq(classes.id, id)).returning();
    await audit(tx, ctx, clock, {
      action: `class.${action}`,
      entityType: "class",
      entityId: id,
      regionCode: c.regionCode,
      before: { status: c.status },
      after: { status: after!.status, ...(reasons.length ? { reasons } : {}), ...(patch.warnings ? { warnings: patch.warnings } : {}) },
    });
    return after!;
  });
  return viewClass(deps, ctx, row);
}

/**
 * Gives every enrolled trainee of an approved class a login (once) and returns the initial
 * passwords of the accounts created now; existing accounts come back without a password.
 * @throws class.not_found, auth.forbidden, class.transition_not_allowed
 */
export async function ensureTraineeAccounts(deps: Deps, ctx: Ctx, id: string) {
  return deps.db.transaction(async (tx) => {
    const c = await loadClass(tx, ctx, id, "class.apply", true);
    classRules.assert(ctx.actor, "traineeAccounts", c, await classFacts(tx, c, todayOf(deps), deps.clock.now()));
    const enrolled = (await repo.enrollmentsOf(tx, c.id)).filter((e) => e.status === "enrolled");
    const out = [];
    for (const e of enrolled) {
      const a = await ensureTraineeAccount(deps, tx, ctx, e.personId);
      out.push({ personId: e.personId, username: a.username, temporaryPassword: a.temporaryPassword });
    }
    return { items: out };
  });
}

