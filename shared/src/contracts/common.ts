import { z } from "zod";

export const regionCode = z.string().regex(/^\d{6}$/, "须为 6 位行政区划代码");
export const uuid = z.uuid("须为有效的 UUID");

/** Calendar dates the platform deals in (birth dates to plan end dates); outside is a typing error. */
export const MIN_DATE = "1900-01-01";
export const MAX_DATE = "2100-12-31";

/**
 * A real calendar date YYYY-MM-DD (z.iso.date checks month lengths and leap years) between
 * MIN_DATE and MAX_DATE: the year 0000 or 9999 is a typing error, and PostgreSQL refuses year 0.
 */
export function isoDateIn(message = "须为 YYYY-MM-DD 日期") {
  return z.iso.date(message).refine((d) => d >= MIN_DATE && d <= MAX_DATE, { message: `日期须在 ${MIN_DATE} 至 ${MAX_DATE} 之间` });
}

export const pageQuery = {
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
};

export function paged<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
}

export const errorResponse = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional(), requestId: z.string() }),
});

export const okResponse = z.object({ ok: z.literal(true) });
