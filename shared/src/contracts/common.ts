import { z } from "zod";

export const regionCode = z.string().regex(/^\d{6}$/, "须为 6 位行政区划代码");
export const uuid = z.uuid("须为有效的 UUID");

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
