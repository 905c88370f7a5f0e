import { randomUUID } from "node:crypto";
import { and, desc, eq } from "drizzle-orm";
import type { z } from "zod";
import type { CorrectionBody, correctionView, DecisionBody } from "../../../../shared/src/contracts/attendance.ts";
import type { Actor } from "../../platform/auth/actor.ts";
import { audit } from "../../platform/audit/audit.ts";
import type { Ctx, Deps } from "../../platform/context.ts";
import { AppError, constraintErrors } from "../../platform/http/errors.ts";
import { classEnrollments, classes, classSessions } from "../classes/index.ts";
import { persons } from "../trainees/index.ts";
import { classScope, type CorrectionForRules, correctionRules } from "./attendance.policy.ts";
import * as repo from "./attendance.repo.ts";
import { attendanceCorrections } from "./attendance.table.ts";

constraintErrors({ attendance_corrections_pending_uq: ["attendance.correction_pending", "该学员本课次已有待审核的补正"] });

type CorrectionView = z.infer<typeof correctionView>;

type ClassLock = CorrectionForRules["klass"];

function ruleRow(c: repo.CorrectionRow, klass: ClassLock): CorrectionForRules {
  return { status: c.status, filedBy: c.filedBy, klass };
}

function present(actor: Actor, c: repo.CorrectionRow, klass: ClassLock, personName: string, sessionDate: string, now: Date): CorrectionView {
  return {
    id: c.id,
    sessionId: c.sessionId,
    classId: c.classId,
    personId: c.personId,
    personName,
    sessionDate,
    mark: c.mark,
    reason: c.reason,
    evidence: c.evidence,
    status: c.status,
    filedBy: c.filedBy,
    filedAt: c.filedAt.toISOString(),
    decidedBy: c.decidedBy,
    decidedAt: c.decidedAt?.toISOString() ?? null,
    decisionNote: c.decisionNote,
    source: "manual",
    abilities: { decide: correctionRules.may(actor, "decide", ruleRow(c, klass), { now }) },
  };
}

/**
 * An institution staff member (or officer) files a manual present/absent for a trainee and a
 * session that has started; it has no effect until a second person approves it.
 * @throws attendance.session_not_found (also out of scope), attendance.not_enrolled, attendance.class_locked,
 *   attendance.session_cancelled, attendance.session_not_started, attendance.correction_pending
 */
export async function fileCorrection(deps: Deps, ctx: Ctx, input: CorrectionBody): Promise<CorrectionView> {
  const { db, clock } = deps;
  const userId = ctx.actor.userId;
  if (!userId) throw new AppError("auth.required");
  const found = await repo.findSessionWithClass(db, input.sessionId, classScope(ctx.actor, "attendance.correct"));
  if (!found) throw new AppError("attendance.session_not_found", "没有这个课次");
  const now = clock.now();
  correctionRules.assert(ctx.actor, "file", { status: "new", filedBy: null, klass: found.klass, session: found.session }, { now });
  const [enrolled] = await db
    .select({ name: persons.name })
    .from(classEnrollments)
    .innerJoin(persons, eq(persons.id, classEnrollments.personId))
    .where(and(eq(classEnrollments.classId, found.klass.id), eq(classEnrollments.personId, input.personId), eq(classEnrollments.status, "enrolled")))
    .limit(1);
  if (!enrolled) throw new AppError("attendance.not_enrolled", "该学员不在本班名单中");
  const row = {
    id: randomUUID(),
    sessionId: input.sessionId,
    classId: found.klass.id,
    personId: input.personId,
    regionCode: found.klass.regionCode,
    mark: input.mark,
    reason: input.reason,
    evidence: input.evidence,
    status: "pending" as const,
    filedBy: userId,
    filedAt: now,
  };
  // a second pending correction breaks attendance_corrections_pending_uq (declared above)
  const saved = await db.transaction(async (tx) => {
    const [c] = await tx.insert(attendanceCorrections).values(row).returning();
    await audit(tx, ctx, clock, { action: "attendance.correction_filed", entityType: "attendance_correction", entityId: row.id, regionCode: row.regionCode, after: c });
    return c!;
  });
  return present(ctx.actor, saved, found.klass, enrolled.name, found.session.date, now);
}

/**
 * A second person approves or rejects a pending correction; the filer never can. Approval makes
 * it count (present or absent) from then on, shown as source "manual".
 * @throws attendance.correction_not_found (also out of scope), attendance.self_approval, attendance.correction_decided,
 *   attendance.class_locked
 */
export async function decideCorrection(deps: Deps, ctx: Ctx, id: string, input: DecisionBody): Promise<CorrectionView> {
  const { db, clock } = deps;
  const userId = ctx.actor.userId;
  if (!userId) throw new AppError("auth.required");
  const scope = classScope(ctx.actor, "attendance.approve_correction");
  return db.transaction(async (tx) => {
    const [found] = await tx
      .select({ c: attendanceCorrections, name: persons.name, date: classSessions.date, klass: { status: classes.status, lockedAt: classes.lockedAt } })
      .from(attendanceCorrections)
      .innerJoin(classes, eq(classes.id, attendanceCorrections.classId))
      .innerJoin(persons, eq(persons.id, attendanceCorrections.personId))
      .innerJoin(classSessions, eq(classSessions.id, attendanceCorrections.sessionId))
      .where(and(eq(attendanceCorrections.id, id), scope))
      .for("update", { of: attendanceCorrections })
      .limit(1);
    if (!found) throw new AppError("attendance.correction_not_found", "没有这条补正记录");
    const now = clock.now();
    correctionRules.assert(ctx.actor, "decide", ruleRow(found.c, found.klass), { now });
    const [updated] = await tx
      .update(attendanceCorrections)
      .set({ status: input.decision === "approve" ? "approved" : "rejected", decidedBy: userId, decidedAt: now, decisionNote: input.note ?? null })
      .where(eq(attendanceCorrections.id, id))
      .returning();
    await audit(tx, ctx, clock, {
      action: input.decision === "approve" ? "attendance.correction_approved" : "attendance.correction_rejected",
      entityType: "attendance_correction",
      entityId: id,
      regionCode: found.c.regionCode,
      before: { status: found.c.status },
      after: updated,
    });
    return present(ctx.actor, updated!, found.klass, found.name, found.date, now);
  });
}

/**
 * Corrections of one class, newest first.
 * @throws attendance.class_not_found (also out of scope)
 */
export async function listCorrections(deps: Deps, ctx: Ctx, classId: string): Promise<{ items: CorrectionView[] }> {
  const klass = await repo.findClass(deps.db, classId, classScope(ctx.actor, "attendance.read"));
  if (!klass) throw new AppError("attendance.class_not_found", "没有这个培训班");
  const rows = await deps.db
    .select({ c: attendanceCorrections, name: persons.name, date: classSessions.date })
    .from(attendanceCorrections)
    .innerJoin(persons, eq(persons.id, attendanceCorrections.personId))
    .innerJoin(classSessions, eq(classSessions.id, attendanceCorrections.sessionId))
    .where(eq(attendanceCorrections.classId, classId))
    .orderBy(desc(attendanceCorrections.filedAt));
  const now = deps.clock.now();
  return { items: rows.map((r) => present(ctx.actor, r.c, klass, r.name, r.date, now)) };
}
