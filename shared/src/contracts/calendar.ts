import { z } from "zod";
import { isoDate } from "./catalogue.ts";

export const calendarDayKinds = ["holiday", "workday", "normal"] as const;

export const calendarQuery = z.strictObject({ year: z.coerce.number().int().min(2000).max(2100) });

export const calendarDayView = z.object({
  date: z.string(),
  /** holiday = day off; workday = make-up working day (调休上班); normal = follows the weekday rule */
  kind: z.enum(calendarDayKinds),
  name: z.string().nullable(),
  source: z.enum(["seed", "manual"]),
});

export const calendarYearView = z.object({
  year: z.number().int(),
  /** false when no arrangement for the year is loaded: only weekends count as days off */
  covered: z.boolean(),
  days: z.array(calendarDayView),
});

export const dateParams = z.strictObject({ date: isoDate });

export const setCalendarDayBody = z.strictObject({
  kind: z.enum(calendarDayKinds),
  name: z.string().trim().max(50).nullish(),
});

export const addWorkingDaysQuery = z.strictObject({
  date: isoDate,
  n: z.coerce.number().int().min(-400).max(400),
});

export const addWorkingDaysView = z.object({ date: z.string(), covered: z.boolean() });
