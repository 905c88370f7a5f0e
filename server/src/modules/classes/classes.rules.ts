/**
 * Pure rules of class applications: the transition table, hour and share checks, overlaps and the
 * policy numbers (configuration, not code elsewhere). No I/O.
 */
import type { ClassAction } from "../../../../shared/src/contracts/classes.ts";
import { classStatusNames } from "../../../../shared/src/status-labels.ts";
import type { ClassStatus } from "./classes.table.ts";

/** Policy data (DOMAIN §2 step 3, §3). Provinces differ: change these numbers, not the rules. */
export const classPolicy = {
  /** a class application must be submitted at least this many working days before the start */
  minLeadWorkingDays: 5,
  /** one 课时 (class hour) in minutes */
  classHourMinutes: 45,
  /** subsidized trainings per person per natural year before the limit warning */
  maxTrainingsPerYear: 3,
  /** statuses whose rosters count as "concurrent" for capacity and trainee overlap */
  activeStatuses: ["approved", "in_progress"] as readonly ClassStatus[],
  /** statuses whose sessions block a teacher's time */
  scheduledStatuses: ["submitted", "approved", "in_progress", "finished"] as readonly ClassStatus[],
} as const;

/** Who may take an action: the class's institution, a reviewing officer, or the assessor (see assessorInstitution). */
export type Party = "institution" | "officer" | "assessor";

/** The state machine in one table: from which statuses, to which status, by whom (classRules in classes.policy.ts declares it with its facts). */
export const classTransitions: Record<ClassAction, { from: readonly ClassStatus[]; to: ClassStatus; by: readonly Party[] }> = {
  submit: { from: ["draft", "returned"], to: "submitted", by: ["institution"] },
  approve: { from: ["submitted"], to: "approved", by: ["officer"] },
  return: { from: ["submitted"], to: "returned", by: ["officer"] },
  start: { from: ["approved"], to: "in_progress", by: ["institution"] },
  finish: { from: ["in_progress"], to: "finished", by: ["institution"] },
  assess: { from: ["finished"], to: "assessed", by: ["assessor"] },
  // "before start" is checked on the date as well (see cancelTooLate)
  cancel: { from: ["draft", "submitted", "returned", "approved"], to: "cancelled", by: ["institution", "officer"] },
};

/** Chinese names of the statuses, for refusal messages and exports: the console's words (shared/src/status-labels.ts). */
export const classStatusLabels: Readonly<Record<ClassStatus, string>> = classStatusNames;

/** An approved class can be cancelled only before its start date. */
export function cancelTooLate(status: ClassStatus, startDate: string, today: string): boolean {
  return status === "approved" && today >= startDate;
}

export const editableStatuses: readonly ClassStatus[] = ["draft", "returned"];
/** statuses in which changes are filed (kept with history) rather than edited */
export const changeableStatuses: readonly ClassStatus[] = ["approved", "in_progress", "finished"];

/**
 * Results and certificates of a 职业技能等级证书 class come from the evaluation institution named
 * on the class; for every other certificate type, from the training institution itself.
 */
export function assessorInstitution(c: { certificateType: string; institutionId: string; evaluatorInstitutionId: string | null }): string | null {
  return c.certificateType === "skill_level" ? c.evaluatorInstitutionId : c.institutionId;
}

export interface Problem {
  code: string;
  message: string;
  path?: string;
  personId?: string;
}

export interface PlannedSession {
  date: string;
  startsAt: Date;
  endsAt: Date;
  theoryMinutes: number;
  practiceMinutes: number;
}

/** The instant of a session's local (China, UTC+8) date and HH:MM. */
export function chinaInstant(date: string, hhmm: string): Date {
  return new Date(`${date}T${hhmm}:00+08:00`);
}

/** Hours within the version's bounds, theory and practice shares at least their minimum percent. */
export function hourProblems(
  sessions: PlannedSession[],
  v: { minHours: number; maxHours: number; minTheoryPercent: number; minPracticePercent: number },
  hourMinutes = classPolicy.classHourMinutes,
): Problem[] {
  const theory = sessions.reduce((s, x) => s + x.theoryMinutes, 0);
  const practice = sessions.reduce((s, x) => s + x.practiceMinutes, 0);
  const total = theory + practice;
  const out: Problem[] = [];
  if (total < v.minHours * hourMinutes || total > v.maxHours * hourMinutes) {
    const hours = Math.round((total / hourMinutes) * 10) / 10;
    out.push({ code: "hours_out_of_range", message: `总课时 ${hours} 不在目录规定的 ${v.minHours}–${v.maxHours} 课时之间`, path: "sessions" });
  }
  if (total > 0 && theory * 100 < v.minTheoryPercent * total) {
    out.push({ code: "theory_share_low", message: `理论课时占比 ${Math.floor((theory * 100) / total)}% 低于 ${v.minTheoryPercent}%`, path: "sessions" });
  }
  if (total > 0 && practice * 100 < v.minPracticePercent * total) {
    out.push({ code: "practice_share_low", message: `实操课时占比 ${Math.floor((practice * 100) / total)}% 低于 ${v.minPracticePercent}%`, path: "sessions" });
  }
  return out;
}

export function sessionsOutsideDates(sessions: { date: string }[], startDate: string, endDate: string): Problem[] {
  return sessions.flatMap((s, i) =>
    s.date < startDate || s.date > endDate ? [{ code: "session_outside_dates", message: `第 ${i + 1} 次课（${s.date}）不在开班日期 ${startDate}–${endDate} 内`, path: `sessions[${i}].date` }] : [],
  );
}

export function timesOverlap(a: { startsAt: Date; endsAt: Date }, b: { startsAt: Date; endsAt: Date }): boolean {
  return a.startsAt < b.endsAt && b.startsAt < a.endsAt;
}

export function datesOverlap(a: { startDate: string; endDate: string }, b: { startDate: string; endDate: string }): boolean {
  return a.startDate <= b.endDate && b.startDate <= a.endDate;
}

/** Pairs of one class's own sessions that put the same teacher in two places at once. */
export function ownTeacherOverlaps(sessions: { teacherKey: string | null; startsAt: Date; endsAt: Date }[]): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < sessions.length; i++) {
    for (let j = i + 1; j < sessions.length; j++) {
      const a = sessions[i]!;
      const b = sessions[j]!;
      if (a.teacherKey && a.teacherKey === b.teacherKey && timesOverlap(a, b)) out.push([i, j]);
    }
  }
  return out;
}

/** Skill level as a number (5 … 1) or null. */
export function levelNumber(level: string | null | undefined): number | null {
  return level ? Number(level) : null;
}

/** Certificate numbers other than 职业技能等级证书: letters, digits and hyphens. */
export const GENERIC_CERT_NUMBER = /^[A-Za-z0-9-]{4,40}$/;
