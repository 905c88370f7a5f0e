import { ATTENDANCE_THRESHOLD_PERCENT, type AttendanceSource, dayRate, type SessionHours, sessionPresence, traineeRate } from "./checkin.rules.ts";

/**
 * Pure: turns a class's sessions, roster, check-ins and approved corrections into the rates the
 * summary and the trainee's own page show. No I/O.
 *
 * - A trainee's final rate is attended minutes over the planned minutes of all non-cancelled
 *   sessions (theory + practice), rounded down; ≥ 80% is eligible for the subsidy. That verdict
 *   exists only once the class's last session has ended ("pending" before): mid-class the final
 *   rate counts sessions still to come as missed and would call everyone 未达标.
 * - While the class runs, the rate so far counts only held sessions (ended by `now`), and a trainee
 *   can still reach 80% when attending every session not yet ended would lift them to it.
 * - A trainee is present on a class day when present at EVERY session of that day (a trainee who
 *   leaves after the morning did not attend the day). A held day (its last session has ended)
 *   under 80% of the roster is flagged; days still to come are never flagged.
 * - The latest approved correction of a trainee and session decides (source "manual").
 */

export interface RateSession {
  id: string;
  date: string;
  startsAt: Date;
  endsAt: Date;
  minutes: number;
  requireCheckOut: boolean;
}

export interface RateCheckin {
  sessionId: string;
  personId: string;
  kind: "in" | "out";
  at: Date;
}

export interface RateCorrection {
  sessionId: string;
  personId: string;
  mark: "present" | "absent";
  decidedAt: Date;
}

export interface SessionMark {
  sessionId: string;
  present: boolean;
  source: AttendanceSource | null;
  checkedInAt: Date | null;
  checkedOutAt: Date | null;
}

export type AttendanceVerdict = "pending" | "met" | "not_met";

export interface TraineeRate {
  personId: string;
  plannedMinutes: number;
  attendedMinutes: number;
  /** final rate over every planned session (sessions to come count as not attended) */
  percent: number;
  /** the final verdict is met (false while pending) */
  eligible: boolean;
  heldSessions: number;
  totalSessions: number;
  /** attended minutes of held sessions over their planned minutes; null before any session was held */
  ratePercentSoFar: number | null;
  /** attending every session not yet ended would bring the final rate to ≥ 80% */
  canStillReach80: boolean;
  verdict: AttendanceVerdict;
  manualSessions: number;
  sessions: SessionMark[];
}

export interface SessionCounts {
  sessionId: string;
  checkedIn: number;
  checkedOut: number;
  manualPresent: number;
  manualAbsent: number;
  present: number;
}

export interface DayRate {
  date: string;
  present: number;
  percent: number;
  held: boolean;
  flagged: boolean;
}

const key = (sessionId: string, personId: string) => `${sessionId}|${personId}`;

/** A session is held once it has ended; one that is running still counts as to come. */
export const isHeld = (s: { endsAt: Date }, now: Date) => s.endsAt.getTime() <= now.getTime();

/**
 * Where a class stands at `now`: sessions held of all, and whether it has ended (its last session
 * is over). A class without sessions has not ended: there is nothing to judge.
 */
export function classProgress(sessions: { endsAt: Date }[], now: Date): { heldSessions: number; totalSessions: number; ended: boolean } {
  const heldSessions = sessions.filter((s) => isHeld(s, now)).length;
  return { heldSessions, totalSessions: sessions.length, ended: sessions.length > 0 && heldSessions === sessions.length };
}

const floorPercent = (part: number, whole: number) => (whole === 0 ? 0 : Math.floor((part * 100) / whole));

export function computeRates(
  sessions: RateSession[],
  roster: string[],
  checkins: RateCheckin[],
  corrections: RateCorrection[],
  now: Date,
): { trainees: TraineeRate[]; sessions: SessionCounts[]; days: DayRate[] } {
  const ins = new Map<string, Date>();
  const outs = new Map<string, Date>();
  for (const c of checkins) (c.kind === "in" ? ins : outs).set(key(c.sessionId, c.personId), c.at);
  const manual = new Map<string, RateCorrection>();
  for (const c of corrections) {
    const k = key(c.sessionId, c.personId);
    const prev = manual.get(k);
    if (!prev || prev.decidedAt.getTime() <= c.decidedAt.getTime()) manual.set(k, c);
  }
  const hours: SessionHours[] = sessions.map((s) => ({ sessionId: s.id, date: s.date, minutes: s.minutes }));
  const counts = new Map<string, SessionCounts>(
    sessions.map((s) => [s.id, { sessionId: s.id, checkedIn: 0, checkedOut: 0, manualPresent: 0, manualAbsent: 0, present: 0 }]),
  );
  const presentBy = new Map<string, Set<string>>();
  const progress = classProgress(sessions, now);

  const trainees = roster.map((personId) => {
    const attended = new Set<string>();
    let manualSessions = 0;
    const marks = sessions.map((s) => {
      const k = key(s.id, personId);
      const checkedInAt = ins.get(k) ?? null;
      const checkedOutAt = outs.get(k) ?? null;
      const m = manual.get(k)?.mark ?? null;
      const p = sessionPresence({ checkedIn: !!checkedInAt, checkedOut: !!checkedOutAt, requireCheckOut: s.requireCheckOut, manual: m });
      const n = counts.get(s.id)!;
      if (checkedInAt) n.checkedIn++;
      if (checkedOutAt) n.checkedOut++;
      if (m === "present") n.manualPresent++;
      if (m === "absent") n.manualAbsent++;
      if (m) manualSessions++;
      if (p.present) {
        n.present++;
        attended.add(s.id);
      }
      return { sessionId: s.id, present: p.present, source: p.source, checkedInAt, checkedOutAt };
    });
    presentBy.set(personId, attended);
    const rate = traineeRate(hours, attended);
    const attendedMinutes = sessions.reduce((sum, s) => sum + (attended.has(s.id) ? s.minutes : 0), 0);
    const plannedMinutes = sessions.reduce((sum, s) => sum + s.minutes, 0);
    const held = sessions.filter((s) => isHeld(s, now));
    const heldMinutes = held.reduce((sum, s) => sum + s.minutes, 0);
    const attendedHeld = held.reduce((sum, s) => sum + (attended.has(s.id) ? s.minutes : 0), 0);
    // the best the trainee can still do: every held session as it stands, every other one attended
    const best = attendedHeld + (plannedMinutes - heldMinutes);
    const canStillReach80 = plannedMinutes > 0 && floorPercent(best, plannedMinutes) >= ATTENDANCE_THRESHOLD_PERCENT;
    const verdict: AttendanceVerdict = !progress.ended ? "pending" : rate.eligible ? "met" : "not_met";
    return {
      personId,
      plannedMinutes,
      attendedMinutes,
      percent: rate.percent,
      eligible: verdict === "met",
      heldSessions: held.length,
      totalSessions: sessions.length,
      ratePercentSoFar: held.length === 0 ? null : floorPercent(attendedHeld, heldMinutes),
      canStillReach80,
      verdict,
      manualSessions,
      sessions: marks,
    };
  });

  const byDay = new Map<string, RateSession[]>();
  for (const s of sessions) byDay.set(s.date, [...(byDay.get(s.date) ?? []), s]);
  const days = [...byDay.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([date, list]) => {
      const present = roster.filter((p) => list.every((s) => presentBy.get(p)!.has(s.id))).length;
      const r = dayRate(roster.length, present);
      const held = list.every((s) => isHeld(s, now));
      return { date, present, percent: r.percent, held, flagged: held && r.flagged };
    });
  return { trainees, sessions: [...counts.values()], days };
}

/**
 * Check-in opens this long before a session starts. It must equal checkInOpen's default (the rule
 * the check-in itself applies); the unit test pins the two together.
 */
export const CHECKIN_OPENS_BEFORE_MIN = 30;
/** Check-out stays open this long after the end (checkOutOpen's default grace). */
export const CHECKOUT_GRACE_MIN = 60;

/**
 * When the teacher's screen may show a code: from check-in opening until the session ends, or
 * until the check-out grace is over when the session requires a check-out. Outside it a code
 * would only invite refused check-ins, so the screen says when it opens or that it has closed.
 */
export function codeWindow(
  s: { startsAt: Date; endsAt: Date; requireCheckOut: boolean },
  now: Date,
): { state: "early" | "open" | "closed"; opensAt: Date; closesAt: Date } {
  const opensAt = new Date(s.startsAt.getTime() - CHECKIN_OPENS_BEFORE_MIN * 60_000);
  const closesAt = new Date(s.endsAt.getTime() + (s.requireCheckOut ? CHECKOUT_GRACE_MIN * 60_000 : 0));
  const state = now.getTime() < opensAt.getTime() ? "early" : now.getTime() > closesAt.getTime() ? "closed" : "open";
  return { state, opensAt, closesAt };
}
