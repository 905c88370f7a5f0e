import { sql } from "drizzle-orm";
import { check, date, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/**
 * Days that differ from the weekday rule: public holidays, make-up working days (调休上班), and
 * `normal` rows with which the administrator cancels a seeded day (the seed never overwrites rows).
 */
export const calendarDays = pgTable(
  "calendar_days",
  {
    date: date("date", { mode: "string" }).primaryKey(),
    kind: text("kind", { enum: ["holiday", "workday", "normal"] }).notNull(),
    name: text("name"),
    source: text("source", { enum: ["seed", "manual"] }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }),
    updatedBy: uuid("updated_by"),
  },
  (t) => [check("calendar_days_kind_ck", sql`${t.kind} in ('holiday', 'workday', 'normal')`)],
);
