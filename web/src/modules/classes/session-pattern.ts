import type { SessionFormValue } from "./class-form.ts";

/** One daily time slot of a pattern; its minutes go to theory or practice. */
export interface TimeSlot {
  start: string;
  end: string;
  kind: "theory" | "practice";
  content: string;
}

export interface SessionPattern {
  from: string;
  to: string;
  /** ISO weekdays: 1 = Monday … 7 = Sunday */
  weekdays: number[];
  slots: TimeSlot[];
  teacherId?: string;
  place?: string;
}

/** The calendar's special days: holidays are off, "workday" is a make-up working day (调休上班). */
export type SpecialDays = ReadonlyMap<string, "holiday" | "workday" | "normal">;

const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(":").map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/** Each date from `from` to `to` inclusive (YYYY-MM-DD, calendar arithmetic in UTC so no DST drift). */
export function datesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= end && out.length < 400; t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

const isoWeekday = (date: string) => {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
};

/**
 * Whether a class is held on `date` under the pattern: a holiday never (also one falling on a
 * chosen weekday); a make-up working day (调休上班, usually a weekend) when any working weekday
 * (Mon–Fri) is chosen — it stands for one; otherwise the chosen weekdays.
 */
export function classDay(date: string, weekdays: readonly number[], special: SpecialDays): boolean {
  const kind = special.get(date);
  if (kind === "holiday") return false;
  if (kind === "workday") return weekdays.some((w) => w <= 5);
  return weekdays.includes(isoWeekday(date));
}

/** The sessions of a pattern (date range × weekdays × time slots), skipping non-working days; editable afterwards. */
export function generateSessions(p: SessionPattern, special: SpecialDays): { sessions: SessionFormValue[]; skipped: string[] } {
  const sessions: SessionFormValue[] = [];
  const skipped: string[] = [];
  for (const date of datesBetween(p.from, p.to)) {
    if (!classDay(date, p.weekdays, special)) {
      if (special.get(date) === "holiday" && p.weekdays.includes(isoWeekday(date))) skipped.push(date);
      continue;
    }
    for (const s of p.slots) {
      const minutes = Math.max(0, minutesOf(s.end) - minutesOf(s.start));
      sessions.push({
        date,
        startTime: s.start,
        endTime: s.end,
        teacherId: p.teacherId,
        content: s.content,
        theoryMinutes: s.kind === "theory" ? minutes : 0,
        practiceMinutes: s.kind === "practice" ? minutes : 0,
        place: p.place,
      });
    }
  }
  return { sessions, skipped };
}
