/**
 * Changes after approval (DOMAIN §2 step 4): filed BEFORE they happen, each kept with the version
 * before and after in class_changes, each bumping the class revision; the relevant checks re-run.
 */
import { and, eq } from "drizzle-orm";
import type { ChangeBody, SessionInput } from "../../../../shared/src/contracts/classes.ts";
import { audit } from "../../platform/audit/audit.ts";
import type { Ctx, Deps } from "../../platform/context.ts";
import type { Db } from "../../platform/db/db.ts";
import { AppError, invalid } from "../../platform/http/errors.ts";
import { institutionTeachers } from "../institutions/index.ts";
import { ensureTraineeAccount, linkPersonsToInstitution, persons, personScope, type TraineeAccount } from "../trainees/index.ts";
import { runClassChecks } from "./classes.checks.ts";
import { classFacts } from "./classes.facts.ts";
import { classRules } from "./classes.policy.ts";
import { presentChange } from "./classes.presenter.ts";
import * as repo from "./classes.repo.ts";
import { chinaInstant, type Problem } from "./classes.rules.ts";
import { loadClass, sessionRow, todayOf, viewClass } from "./classes.service.ts";
import { classEnrollments, classes, classSessions } from "./classes.table.ts";

const tooLate = (reason: string, message: string) => new AppError("class.change_too_late", message, { reason });
const rejected = (problems: Problem[]) => new AppError("class.change_rejected", "变更未通过检查", { problems });

function sessionSnapshot(s: repo.SessionRow) {
  return {
    id: s.id,
    date: s.date,
    startsAt: s.startsAt.toISOString(),
    endsAt: s.endsAt.toISOString(),
    teacherId: s.teacherId,
    content: s.content,
    theoryMinutes: s.theoryMinutes,
    practiceMinutes: s.practiceMinutes,
    place: s.place,
    status: s.status,
  };
}

async function assertOwnTeacher(tx: Db, institutionId: string, teacherId: string): Promise<void> {
  const [t] = await tx
    .select({ id: institutionTeachers.id })
    .from(institutionTeachers)
    .where(and(eq(institutionTeachers.id, teacherId), eq(institutionTeachers.institutionId, institutionId)))
    .limit(1);
  if (!t) throw invalid([{ path: "body.session.teacherId", code: "teacher_not_found", message: "授课教师不是本机构登记的教师" }]);
}

/** The new session must be in the future, inside the class dates, and its teacher free. */
async function checkNewSession(tx: Db, c: repo.ClassRow, s: SessionInput, others: repo.SessionRow[], now: Date, today: string) {
  await assertOwnTeacher(tx, c.institutionId, s.teacherId);
  const startsAt = chinaInstant(s.date, s.startTime);
  if (startsAt <= now) throw tooLate("session_in_past", "只能为尚未开始的时间安排课程");
  const problems: Problem[] = [];
  if (s.date < c.startDate || s.date > c.endDate) problems.push({ code: "session_outside_dates", message: `课程日期 ${s.date} 不在开班日期内`, path: "session.date" });
  const candidate = { date: s.date, startsAt, endsAt: chinaInstant(s.date, s.endTime), teacherId: s.teacherId, theoryMinutes: s.theoryMinutes, practiceMinutes: s.practiceMinutes };
  const planned = others.filter((o) => o.status === "planned");
  const r = await runClassChecks(tx, c, [candidate, ...planned], [], { today, ...onlyChecks("teachers"), focusSession: 0 });
  problems.push(...r.problems);
  if (problems.length) throw rejected(problems);
}

const checkKeys = ["leadTime", "institution", "catalogue", "hours", "capacity", "teachers", "trainees", "warnings"] as const;
/** only the checks a change touches (the rest were settled at approval) */
function onlyChecks(...keep: (typeof checkKeys)[number][]): Partial<Record<(typeof checkKeys)[number], boolean>> {
  return Object.fromEntries(checkKeys.map((k) => [k, keep.includes(k)]));
}

/**
 * Files one change of an approved (running, finished) class: session add / move / cancel, roster
 * add / withdraw. A session change must come before that session starts, a roster addition before
 * the class ends, a withdrawal before assessment. A roster addition gives the trainee a login
 * (initial password returned once).
 * @throws class.not_found, auth.forbidden, class.locked, class.not_editable, class.change_too_late,
 *   class.change_rejected, class.session_not_found, class.enrollment_not_found, class.already_enrolled,
 *   person.not_found, request.invalid
 */
export async function fileChange(deps: Deps, ctx: Ctx, id: string, body: ChangeBody) {
  const { db, clock } = deps;
  const now = clock.now();
  const today = todayOf(deps);
  const result = await db.transaction(async (tx) => {
    const c = await loadClass(tx, ctx, id, "class.read", true);
    const sessions = await repo.sessionsOf(tx, c.id);
    classRules.assert(ctx.actor, "fileChange", c, await classFacts(tx, c, today, now, sessions));
    let before: unknown = null;
    let after: unknown = null;
    let account: (TraineeAccount & { personId: string }) | null = null;

    const findSession = (sid: string) => {
      const s = sessions.find((x) => x.id === sid);
      if (!s) throw new AppError("class.session_not_found", "该班级没有这次课");
      if (s.status !== "planned") throw new AppError("class.change_too_late", "这次课已取消", { reason: "session_cancelled" });
      if (s.startsAt <= now) throw tooLate("session_started", "这次课已开始或已结束，变更须在开课前报备");
      return s;
    };

    switch (body.kind) {
      case "session_add": {
        await checkNewSession(tx, c, body.session, sessions, now, today);
        const [s] = await tx.insert(classSessions).values(sessionRow(c.id, body.session, now)).returning();
        after = sessionSnapshot(s!);
        break;
      }
      case "session_update": {
        const old = findSession(body.sessionId);
        await checkNewSession(
          tx,
          c,
          body.session,
          sessions.filter((x) => x.id !== old.id),
          now,
          today,
        );
        const n = body.session;
        const [s] = await tx
          .update(classSessions)
          .set({
            date: n.date,
            startsAt: chinaInstant(n.date, n.startTime),
            endsAt: chinaInstant(n.date, n.endTime),
            teacherId: n.teacherId,
            content: n.content,
            theoryMinutes: n.theoryMinutes,
            practiceMinutes: n.practiceMinutes,
            place: n.place,
            requireCheckOut: n.requireCheckOut,
          })
          .where(eq(classSessions.id, old.id))
          .returning();
        before = sessionSnapshot(old);
        after = sessionSnapshot(s!);
        break;
      }
      case "session_cancel": {
        const old = findSession(body.sessionId);
        const [s] = await tx.update(classSessions).set({ status: "cancelled" }).where(eq(classSessions.id, old.id)).returning();
        before = sessionSnapshot(old);
        after = sessionSnapshot(s!);
        break;
      }
      case "roster_add": {
        if (today > c.endDate) throw tooLate("class_ended", "培训班已结束，不能再增加学员");
        const [p] = await tx
          .select({ id: persons.id })
          .from(persons)
          .where(and(eq(persons.id, body.personId), personScope(ctx.actor, "person.read")))
          .limit(1);
        if (!p) throw new AppError("person.not_found", "学员未登记或不在本机构名下");
        const enrollments = await repo.enrollmentsOf(tx, c.id);
        const existing = enrollments.find((e) => e.personId === body.personId);
        if (existing?.status === "enrolled") throw new AppError("class.already_enrolled", "该学员已在本班");
        const enrolled = enrollments.filter((e) => e.status === "enrolled").map((e) => e.personId);
        const r = await runClassChecks(tx, c, [], [...enrolled, body.personId], { today, ...onlyChecks("capacity", "trainees", "warnings"), onlyPersons: [body.personId] });
        if (r.problems.length) throw rejected(r.problems);
        const warnings = r.personWarnings.get(body.personId) ?? [];
        if (existing) {
          await tx.update(classEnrollments).set({ status: "enrolled", withdrawnAt: null, enrolledAt: now, warnings }).where(eq(classEnrollments.id, existing.id));
        } else {
          await tx.insert(classEnrollments).values({ id: repo.newId(), classId: c.id, personId: body.personId, enrolledAt: now, warnings });
        }
        await linkPersonsToInstitution(tx, [body.personId], c.institutionId, now, c.regionCode);
        if (warnings.length) await tx.update(classes).set({ warnings: [...((c.warnings as Problem[]) ?? []), ...warnings] }).where(eq(classes.id, c.id));
        before = existing ? { personId: existing.personId, status: existing.status } : null;
        after = { personId: body.personId, status: "enrolled", warnings };
        account = { personId: body.personId, ...(await ensureTraineeAccount(deps, tx, ctx, body.personId)) };
        break;
      }
      case "roster_withdraw": {
        const [e] = await tx
          .select()
          .from(classEnrollments)
          .where(and(eq(classEnrollments.classId, c.id), eq(classEnrollments.personId, body.personId), eq(classEnrollments.status, "enrolled")))
          .limit(1);
        if (!e) throw new AppError("class.enrollment_not_found", "该学员不在本班");
        await tx.update(classEnrollments).set({ status: "withdrawn", withdrawnAt: now }).where(eq(classEnrollments.id, e.id));
        before = { personId: e.personId, status: "enrolled" };
        after = { personId: e.personId, status: "withdrawn" };
        break;
      }
    }
    const revision = c.revision + 1;
    const change = { id: repo.newId(), classId: c.id, revision, kind: body.kind, before, after, reason: body.reason, filedBy: ctx.actor.userId, filedAt: now };
    await repo.insertChange(tx, change);
    const [updated] = await tx.update(classes).set({ revision, updatedAt: now }).where(eq(classes.id, c.id)).returning();
    await audit(tx, ctx, clock, { action: "class.change_filed", entityType: "class", entityId: c.id, regionCode: c.regionCode, before, after: { kind: body.kind, revision, reason: body.reason, change: after } });
    return { row: updated!, change, account };
  });
  const a = result.account as (TraineeAccount & { personId: string }) | null;
  return {
    class: await viewClass(deps, ctx, result.row),
    change: presentChange(result.change),
    account: a ? { personId: a.personId, username: a.username, temporaryPassword: a.temporaryPassword } : null,
  };
}

/** @throws class.not_found */
export async function listChanges(deps: Deps, ctx: Ctx, id: string) {
  const c = await loadClass(deps.db, ctx, id);
  return { items: (await repo.changesOf(deps.db, c.id)).map(presentChange) };
}
