import { and, asc, eq, inArray } from "drizzle-orm";
import QRCode from "qrcode";
import type { z } from "zod";
import type { ClassAttendanceSummary, myAttendance } from "../../../../shared/src/contracts/attendance.ts";
import type { Ctx, Deps } from "../../platform/context.ts";
import { AppError } from "../../platform/http/errors.ts";
import { readAll } from "../../platform/db/reads.ts";
import { classEnrollments, classes } from "../classes/index.ts";
import { persons } from "../trainees/index.ts";
import { ACTIVE_CLASS_STATUSES, classScope, correctionRules } from "./attendance.policy.ts";
import { classProgress, codeWindow, computeRates, isHeld, type TraineeRate } from "./attendance.rates.ts";
import * as repo from "./attendance.repo.ts";
import { ATTENDANCE_THRESHOLD_PERCENT, CODE_PERIOD_SECONDS, currentCode } from "./checkin.rules.ts";

/** The phone page the QR code opens; the code rides along so scanning is enough. */
export function checkinUrl(sessionId: string, code: string): string {
  return `/m/checkin?s=${encodeURIComponent(sessionId)}&c=${code}`;
}

/**
 * The teacher's screen: the session's current rotating code (30 s), when it stops being current,
 * and a QR code of the check-in link. The secret itself never leaves the server. Outside the
 * check-in window there is no code, only when the window opens ("early") or that it closed.
 * @throws attendance.session_not_found (also out of scope), attendance.session_cancelled, attendance.class_not_active
 */
export async function sessionCode(deps: Deps, ctx: Ctx, sessionId: string) {
  const found = await repo.findSessionWithClass(deps.db, sessionId, classScope(ctx.actor, "attendance.code"));
  if (!found) throw new AppError("attendance.session_not_found", "没有这个课次");
  if (found.session.status === "cancelled") throw new AppError("attendance.session_cancelled", "本课次已取消");
  if (!(ACTIVE_CLASS_STATUSES as readonly string[]).includes(found.klass.status)) {
    throw new AppError("attendance.class_not_active", "本班当前不在培训期间", { status: found.klass.status });
  }
  const now = deps.clock.now();
  const w = codeWindow(found.session, now);
  const window = { sessionId, opensAt: w.opensAt.toISOString(), closesAt: w.closesAt.toISOString() };
  if (w.state !== "open") return { window: w.state, ...window };
  const { code, validUntil } = currentCode(Buffer.from(found.session.codeSecret, "hex"), now);
  const url = checkinUrl(sessionId, code);
  const qrDataUrl = await QRCode.toDataURL(url, { errorCorrectionLevel: "M", margin: 1, width: 320 });
  return { window: "open" as const, ...window, code, validUntil: validUntil.toISOString(), periodSeconds: CODE_PERIOD_SECONDS, checkinUrl: url, qrDataUrl };
}

const rateFieldsOf = (t: TraineeRate) => ({
  plannedMinutes: t.plannedMinutes,
  attendedMinutes: t.attendedMinutes,
  percent: t.percent,
  eligible: t.eligible,
  heldSessions: t.heldSessions,
  totalSessions: t.totalSessions,
  ratePercentSoFar: t.ratePercentSoFar,
  canStillReach80: t.canStillReach80,
  verdict: t.verdict,
});

/**
 * Per-trainee rates (so far over held sessions, whether 80% is still reachable, and the verdict
 * once the class has ended), per-day rates (a held day under 80% is flagged), per-session counts
 * of one class, and whether the caller may file a correction (and why not). Manual corrections show as source "manual".
 * @throws attendance.class_not_found (also out of scope)
 */
export async function classSummary(deps: Deps, ctx: Ctx, classId: string): Promise<ClassAttendanceSummary> {
  const klass = await repo.findClass(deps.db, classId, classScope(ctx.actor, "attendance.read"));
  if (!klass) throw new AppError("attendance.class_not_found", "没有这个培训班");
  const [all, locks] = await readAll(deps.db, [() => repo.loadClassData(deps.db, [classId]), () => repo.listCheckinLocks(deps.db, classId)]);
  const data = all.get(classId)!;
  const now = deps.clock.now();
  const rates = computeRates(
    data.sessions,
    data.roster.map((r) => r.personId),
    data.checkins,
    data.corrections,
    now,
  );
  // the class-wide part of filing a correction (locked class, the actor's role); a session not yet
  // started is refused per session, which the correction form already knows from the session times
  const file = correctionRules.check(ctx.actor, "file", { status: "new", filedBy: null, klass }, { now });
  const bySession = new Map(data.sessions.map((s) => [s.id, s]));
  return {
    classId,
    classCode: klass.code,
    title: klass.title,
    status: klass.status,
    rosterSize: data.roster.length,
    thresholdPercent: ATTENDANCE_THRESHOLD_PERCENT,
    ...classProgress(data.sessions, now),
    abilities: { fileCorrection: file.ok },
    refusals: { fileCorrection: file.ok ? null : { code: file.code, message: file.message } },
    trainees: rates.trainees.map((t, i) => ({
      personId: t.personId,
      name: data.roster[i]!.name,
      idNumberMasked: data.roster[i]!.idNumberMasked,
      ...rateFieldsOf(t),
      manualSessions: t.manualSessions,
      sessions: t.sessions.map((m) => ({ sessionId: m.sessionId, present: m.present, source: m.source })),
    })),
    days: rates.days,
    checkinLocks: locks.map((l) => ({ ...l, lockedAt: l.lockedAt.toISOString() })),
    sessions: rates.sessions.map((c) => {
      const s = bySession.get(c.sessionId)!;
      return { ...c, date: s.date, startsAt: s.startsAt.toISOString(), endsAt: s.endsAt.toISOString(), minutes: s.minutes, requireCheckOut: s.requireCheckOut, held: isHeld(s, now) };
    }),
  };
}

/**
 * The trainee's own attendance in each class they are enrolled in.
 * @throws person.no_profile when the account is not linked to a person
 */
export async function myAttendanceOf(deps: Deps, ctx: Ctx): Promise<z.infer<typeof myAttendance>> {
  const userId = ctx.actor.userId;
  if (!userId) throw new AppError("auth.required");
  const [person] = await deps.db.select({ id: persons.id }).from(persons).where(eq(persons.userId, userId)).limit(1);
  if (!person) throw new AppError("person.no_profile", "当前账号未关联学员信息");
  const enrolled = await deps.db
    .select({ id: classes.id, code: classes.code, title: classes.title, startDate: classes.startDate, endDate: classes.endDate })
    .from(classEnrollments)
    .innerJoin(classes, eq(classes.id, classEnrollments.classId))
    .where(and(eq(classEnrollments.personId, person.id), eq(classEnrollments.status, "enrolled"), inArray(classes.status, ["approved", "in_progress", "finished", "assessed"])))
    .orderBy(asc(classes.startDate));
  const data = await repo.loadClassData(
    deps.db,
    enrolled.map((c) => c.id),
    person.id,
  );
  const now = deps.clock.now();
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    items: enrolled.map((c) => {
      const d = data.get(c.id)!;
      const t = computeRates(d.sessions, [person.id], d.checkins, d.corrections, now).trainees[0]!;
      return {
        classId: c.id,
        classCode: c.code,
        title: c.title,
        startDate: c.startDate,
        endDate: c.endDate,
        ...rateFieldsOf(t),
        sessions: t.sessions.map((m, i) => {
          const s = d.sessions[i]!;
          return {
            sessionId: m.sessionId,
            present: m.present,
            source: m.source,
            date: s.date,
            startsAt: s.startsAt.toISOString(),
            endsAt: s.endsAt.toISOString(),
            requireCheckOut: s.requireCheckOut,
            held: isHeld(s, now),
            checkedInAt: iso(m.checkedInAt),
            checkedOutAt: iso(m.checkedOutAt),
          };
        }),
      };
    }),
  };
}

/**
 * Each enrolled trainee's attendance percent (rounded down) for a class the caller has already
 * scoped — the subsidy claim's eligibility input, computed exactly like the class summary.
 */
export async function traineeAttendancePercents(db: Deps["db"], classId: string, now: Date): Promise<Map<string, number>> {
  const data = (await repo.loadClassData(db, [classId])).get(classId)!;
  const rates = computeRates(data.sessions, data.roster.map((r) => r.personId), data.checkins, data.corrections, now);
  return new Map(rates.trainees.map((t) => [t.personId, t.percent]));
}
