import type { FastifyInstance } from "fastify";
import type { Clock } from "../clock.ts";
import { AppError } from "./errors.ts";

/** Per-route limit on how often one client address may call it (public look-ups that could be probed). */
export interface RateLimit {
  max: number;
  perSeconds: number;
}

declare module "fastify" {
  interface FastifyContextConfig {
    rateLimit?: RateLimit;
  }
}

/**
 * Fixed-window counters in process memory, keyed by route and client address. One process serves
 * the platform (PGlite) — behind several processes each counts alone, which only loosens the limit.
 */
export function registerRateLimit(app: FastifyInstance, clock: Clock): void {
  const windows = new Map<string, { start: number; count: number }>();
  app.addHook("onRequest", async (req, reply) => {
    const limit = req.routeOptions.config?.rateLimit;
    if (!limit) return;
    const now = clock.now().getTime();
    const key = `${req.routeOptions.url}|${req.ip}`;
    const w = windows.get(key);
    if (!w || now - w.start >= limit.perSeconds * 1000) {
      windows.set(key, { start: now, count: 1 });
      if (windows.size > 50_000) for (const [k, v] of windows) if (now - v.start >= limit.perSeconds * 1000) windows.delete(k);
      return;
    }
    w.count++;
    if (w.count > limit.max) {
      const retryAfter = Math.ceil((w.start + limit.perSeconds * 1000 - now) / 1000);
      reply.header("retry-after", String(retryAfter));
      throw new AppError("request.rate_limited", "查询过于频繁，请稍后再试", { retryAfterSeconds: retryAfter });
    }
  });
}
