import { and, asc, eq, gte, lte } from "drizzle-orm";
import { grantsFor } from "../../platform/auth/actor.ts";
import { audit } from "../../platform/audit/audit.ts";
import type { Ctx, Deps } from "../../platform/context.ts";
import type { Db } from "../../platform/db/db.ts";
import { AppError } from "../../platform/http/errors.ts";
import { arrangementDays, holidayArrangements } from "./calendar.data.ts";
import { calendarDays } from "./calendar.table.ts";
import { makeCalendar, weekday, type WorkCalendar } from "./working-days.ts";

export type CalendarDayRow = typeof calendarDays.$inferSelect;

/** Idempotent: inserts the published arrangements; days already present (edited or not) are kept. */
export async function seedCalendar(db: Db): Promise<void> {
  const rows = arrangementDays().map((d) => ({ ...d, source: "seed" as const }));
  await db.insert(calendarDays).values(rows).onConflictDoNothing();
}

/** Years with a loaded arrangement: the seeded years plus any year the administrator edited. */
function coveredYears(rows: { date: string }[]): number[] {
  return [...new Set([...Object.keys(holidayArrangements).map(Number), ...rows.map((r) => Number(r.date.slice(0, 4)))])];
}

/** Loads the whole calendar (a few hundred rows) for the pure working-day functions. */
export async function loadWorkCalendar(db: Db): Promise<WorkCalendar> {
  const rows = await db.select({ date: calendarDays.date, kind: calendarDays.kind }).from(calendarDays);
  return makeCalendar(rows, coveredYears(rows));
}

export async function listCalendarYear(deps: Deps, year: number) {
  const rows = await deps.db
    .select()
    .from(calendarDays)
    .where(and(gte(calendarDays.date, `${year}-01-01`), lte(calendarDays.date, `${year}-12-31`)))
    .orderBy(asc(calendarDays.date));
  const covered = year in holidayArrangements || rows.length > 0;
  return { year, covered, days: rows.map((r) => ({ date: r.date, kind: r.kind, name: r.name, source: r.source })) };
}

/**
 * Sets one day: holiday (day off), workday (make-up working day, only on a Saturday/Sunday) or
 * normal (follows the weekday rule; cancels a seeded entry). Province administrators only.
 * @throws catalogue.province_only, calendar.invalid_day
 */
export async function setCalendarDay(deps: Deps, ctx: Ctx, date: string, input: { kind: "holiday" | "workday" | "normal"; name?: string | null | undefined }) {
  if (!grantsFor(ctx.actor, "calendar.manage").some((g) => g.scopeType === "province")) {
    throw new AppError("catalogue.province_only", "节假日安排由省级管理员维护");
  }
  const w = weekday(date);
  if (input.kind === "workday" && w !== 0 && w !== 6) throw new AppError("calendar.invalid_day", "调休上班日只能设在周六或周日", { date });
  const { db, clock } = deps;
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(calendarDays).where(eq(calendarDays.date, date));
    const row = { date, kind: input.kind, name: input.name ?? null, source: "manual" as const, updatedAt: clock.now(), updatedBy: ctx.actor.userId };
    const [after] = await tx
      .insert(calendarDays)
      .values(row)
      .onConflictDoUpdate({ target: calendarDays.date, set: { kind: row.kind, name: row.name, source: row.source, updatedAt: row.updatedAt, updatedBy: row.updatedBy } })
      .returning();
    await audit(tx, ctx, clock, { action: "calendar.day_set", entityType: "calendar_day", entityId: date, regionCode: "220000", before: before ?? null, after });
    return { date: after!.date, kind: after!.kind, name: after!.name, source: after!.source };
  });
}
