/**
 * Pure rules of the institution catalogue (no I/O): the sanction ladder of DOMAIN.md §2 step 5,
 * calendar-date arithmetic and masking. Who may move an institution between statuses is declared
 * in institutions.policy.ts.
 */
import { dateInChina } from "../../../../shared/src/china-date.ts";
import {
  type InstitutionAction,
  type InstitutionStatus,
  institutionTypes,
  type InstitutionType,
  type SanctionLevel,
} from "../../../../shared/src/contracts/institutions.ts";

export type { InstitutionAction, InstitutionStatus, InstitutionType, SanctionLevel };

/** Qualification and identity changes in these statuses wait for the county's review (proposals). */
export const reviewedStatuses: readonly InstitutionStatus[] = ["approved", "suspended"];

export interface SanctionStep {
  level: SanctionLevel;
  label: string;
  /** months without new classes; 0 = none */
  banMonths: number;
  /** the status the institution moves to; null = unchanged */
  action: "suspend" | "ban" | null;
}

/** DOMAIN.md §2 step 5: interview → rectification + 6 months → public criticism + 1 year → agreement ended + 2 years. */
export const sanctionLadder: readonly SanctionStep[] = [
  { level: 1, label: "约谈", banMonths: 0, action: null },
  { level: 2, label: "限期整改，6 个月内不得新开班", banMonths: 6, action: "suspend" },
  { level: 3, label: "通报批评，1 年内不得新开班", banMonths: 12, action: "suspend" },
  { level: 4, label: "解除协议，2 年内不得承担补贴性培训", banMonths: 24, action: "ban" },
];

/** a new sanction within this many days of the previous one goes one level up */
export const ESCALATION_WINDOW_DAYS = 365;

export function sanctionStep(level: SanctionLevel): SanctionStep {
  return sanctionLadder[level - 1]!;
}

/**
 * Level of a new sanction: one above the previous one when that was within 365 days, else 1;
 * an officer may ask for a higher level for a serious first offence, never a lower one.
 */
export function escalatedLevel(previous: { level: number; date: string } | null, date: string, requested?: SanctionLevel): SanctionLevel {
  let level = 1;
  if (previous && daysBetween(previous.date, date) <= ESCALATION_WINDOW_DAYS) level = Math.min(4, previous.level + 1);
  return Math.max(level, requested ?? 1) as SanctionLevel;
}

// ---- calendar dates (YYYY-MM-DD; the platform's calendar is Beijing time) ----

/** The calendar date in China (UTC+8, no daylight saving) of an instant. */
export const chinaDate: (at: Date) => string = dateInChina;

function parse(d: string): Date {
  return new Date(`${d}T00:00:00Z`);
}

export function addDays(d: string, days: number): string {
  return new Date(parse(d).getTime() + days * 86_400_000).toISOString().slice(0, 10);
}

/** Adds months; the 31st becomes the month's last day when the target month is shorter. */
export function addMonths(d: string, months: number): string {
  const x = parse(d);
  const y = x.getUTCFullYear();
  const m = x.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m, Math.min(x.getUTCDate(), lastDay))).toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((parse(to).getTime() - parse(from).getTime()) / 86_400_000);
}

/** Agreement approved on `d` is valid one year: through the day before the anniversary. */
export function agreementEnd(approvedOn: string): string {
  return addDays(addMonths(approvedOn, 12), -1);
}

/** Renewal adds one year to a running agreement, or runs one year from today when it has expired. */
export function renewedEnd(current: string | null, today: string): string {
  if (current && current >= today) return addMonths(current, 12);
  return agreementEnd(today);
}

/** Last day without new classes for a sanction imposed on `date`; null when the level bans nothing. */
export function sanctionUntil(level: SanctionLevel, date: string): string | null {
  const months = sanctionStep(level).banMonths;
  return months ? addDays(addMonths(date, months), -1) : null;
}

// ---- codes and masking ----

export const OCCUPATION_CODE = /^\d-\d{2}-\d{2}-\d{2}$/;

export function typeLabel(t: InstitutionType): string {
  return institutionTypes.find((x) => x.code === t)?.label ?? t;
}

/** 6222 **** **** 1234 style: only the last four digits are ever shown. */
export function maskAccountNumber(last4: string | null): string | null {
  return last4 === null ? null : `****${last4}`;
}

