import { type AttendanceSource, dayRate, type SessionHours, sessionPresence, traineeRate } from "./checkin.rules.ts";

/**
 * Pure: turns a class's sessions, roster, check-ins and approved corrections into the rates the
 * summary and the trainee's own page show. No I/O.
 *
 * - A trainee's rate is attended minutes over the planned minutes of all non-cancelled sessions
 *   (theory + practice), rounded down; ≥ 80% is eligible for the subsidy.
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

export interface TraineeRate {
  personId: string;
  plannedMinutes: number;
  attendedMinutes: number;
  percent: number;
  eligible: boolean;
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
    return { personId, plannedMinutes, attendedMinutes, percent: rate.percent, eligible: rate.eligible, manualSessions, sessions: marks };
  });

  const byDay = new Map<string, RateSession[]>();
  for (const s of sessions) byDay.set(s.date, [...(byDay.get(s.date) ?? []), s]);
  const days = [...byDay.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([date, list]) => {
      const present = roster.filter((p) => list.every((s) => presentBy.get(p)!.has(s.id))).length;
      const r = dayRate(roster.length, present);
      const held = list.every((s) => s.endsAt.getTime() <= now.getTime());
      return { date, present, percent: r.percent, held, flagged: held && r.flagged };
    });
  return { trainees, sessions: [...counts.values()], days };
}
