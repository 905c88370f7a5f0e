import { dateInChina } from "../../../../shared/src/china-date.ts";
/**
 * Working days under the Chinese public-holiday calendar (pure; no I/O). Every deadline in
 * "N 个工作日" uses these. Dates are `YYYY-MM-DD` calendar dates, never Date objects, so no
 * time zone can shift them.
 */
export interface WorkCalendar {
  /** days off that would otherwise be weekdays (and holidays on weekends, harmlessly) */
  holidays: ReadonlySet<string>;
  /** make-up working days (调休上班), normally Saturdays or Sundays */
  workdays: ReadonlySet<string>;
  /** years whose arrangement is loaded; outside them only weekends are days off */
  years: ReadonlySet<number>;
}

export function makeCalendar(days: Iterable<{ date: string; kind: "holiday" | "workday" | "normal" }>, years: Iterable<number>): WorkCalendar {
  const holidays = new Set<string>();
  const workdays = new Set<string>();
  for (const d of days) {
    if (d.kind === "holiday") holidays.add(d.date);
    else if (d.kind === "workday") workdays.add(d.date);
  }
  return { holidays, workdays, years: new Set(years) };
}

const DAY_MS = 86_400_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

function toDayNumber(date: string): number {
  const m = DATE_RE.exec(date);
  if (!m) throw new RangeError(`not a date: ${date}`);
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (new Date(t).toISOString().slice(0, 10) !== date) throw new RangeError(`not a date: ${date}`);
  return t / DAY_MS;
}

function fromDayNumber(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

/** `date` plus `days` calendar days. */
export function addDays(date: string, days: number): string {
  return fromDayNumber(toDayNumber(date) + days);
}

/** Is `date` a real calendar date in YYYY-MM-DD form? */
export function isValidDate(date: string): boolean {
  try {
    toDayNumber(date);
    return true;
  } catch {
    return false;
  }
}

/** 0 = Sunday … 6 = Saturday */
export function weekday(date: string): number {
  return (((toDayNumber(date) + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

/** Does the loaded calendar know the holiday arrangement for this date's year? */
export function calendarCovers(cal: WorkCalendar, date: string): boolean {
  return cal.years.has(Number(date.slice(0, 4)));
}

export function isWorkingDay(cal: WorkCalendar, date: string): boolean {
  if (cal.workdays.has(date)) return true;
  if (cal.holidays.has(date)) return false;
  const w = weekday(date);
  return w !== 0 && w !== 6;
}

/**
 * The date `n` working days after `date` (n > 0) or before it (n < 0); `date` itself is not
 * counted, so a 5-working-day deadline for something submitted on `date` is addWorkingDays(date, 5).
 * n = 0 returns `date` unchanged.
 */
export function addWorkingDays(cal: WorkCalendar, date: string, n: number): string {
  if (!Number.isInteger(n)) throw new RangeError("n must be an integer");
  const step = n < 0 ? -1 : 1;
  let day = toDayNumber(date);
  let left = Math.abs(n);
  while (left > 0) {
    day += step;
    if (isWorkingDay(cal, fromDayNumber(day))) left--;
  }
  return fromDayNumber(day);
}

/**
 * Working days in (from, to]: after `from`, up to and including `to`; when `to` is before
 * `from`, minus the working days in [to, from). The inverse of addWorkingDays: workingDaysBetween(d, addWorkingDays(d, n)) === n.
 */
export function workingDaysBetween(cal: WorkCalendar, from: string, to: string): number {
  const a = toDayNumber(from);
  const b = toDayNumber(to);
  if (a === b) return 0;
  // forwards count (from, to]; backwards count [to, from) — the days addWorkingDays steps onto
  const [lo, hi, sign] = a < b ? [a + 1, b, 1] : [b, a - 1, -1];
  let count = 0;
  for (let d = lo; d <= hi; d++) if (isWorkingDay(cal, fromDayNumber(d))) count++;
  return sign * count;
}

/** The calendar date in China (UTC+8, no daylight saving) at an instant: "today" for rules. */
export { dateInChina };
