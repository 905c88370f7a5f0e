import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Clock } from "../clock.ts";
import { AppError } from "./errors.ts";

/** Per-route limit on how often one client address may call it (public look-ups that could be probed). */
export interface RateLimit {
  max: number;
  perSeconds: number;
}

/**
 * Per-route back-off on failed calls from one client address (e.g. login): the first `free`
 * failures cost nothing, each further one blocks the address for twice as long as the previous
 * (`baseSeconds`, 2×, 4×… up to `maxSeconds`). An answer below 400 gives its attempt back, so a
 * user who finally types the right password is not held back; the count is forgotten
 * `forgetSeconds` after the last block ends.
 */
export interface FailureBackoff {
  free: number;
  baseSeconds: number;
  maxSeconds: number;
  forgetSeconds: number;
}

declare module "fastify" {
  interface FastifyContextConfig {
    rateLimit?: RateLimit;
    failureBackoff?: FailureBackoff;
  }
  interface FastifyInstance {
    /** the counters behind rate limits and back-offs (memory today; a shared store for several processes) */
    counters: CounterStore;
  }
}

/**
 * Where counters live. One read-modify-write per call, atomic per key, so a store shared by several
 * processes (a database table updated under a row lock) can replace the in-memory one without
 * changing the limiters. `next` gets the live value (undefined when absent or expired) and returns
 * the value to keep and until when (ms since epoch), or undefined to drop the key.
 */
export interface CounterStore {
  update<T>(key: string, now: number, next: (current: T | undefined) => { value: T; expiresAt: number } | undefined): Promise<T | undefined>;
}

/** Counters in process memory: right for one process (PGlite); several processes would each count alone. */
export function memoryCounterStore(maxKeys = 50_000): CounterStore {
  const entries = new Map<string, { value: unknown; expiresAt: number }>();
  return {
    async update<T>(key: string, now: number, next: (current: T | undefined) => { value: T; expiresAt: number } | undefined) {
      const e = entries.get(key);
      const kept = next(e && e.expiresAt > now ? (e.value as T) : undefined);
      if (!kept) {
        entries.delete(key);
        return undefined;
      }
      entries.set(key, kept);
      if (entries.size > maxKeys) for (const [k, v] of entries) if (v.expiresAt <= now) entries.delete(k);
      return kept.value;
    },
  };
}

function limited(retryAfterSeconds: number, reply: { header(k: string, v: string): unknown }): AppError {
  reply.header("retry-after", String(retryAfterSeconds));
  return new AppError("request.rate_limited", "请求过于频繁，请稍后再试", { retryAfterSeconds });
}

/** Seconds an address waits after `failures` failures (0 while still within the free ones). */
export function backoffSeconds(b: FailureBackoff, failures: number): number {
  return failures < b.free ? 0 : Math.min(b.baseSeconds * 2 ** (failures - b.free), b.maxSeconds);
}

interface Failures {
  failures: number;
  lastAt: number;
}

/**
 * Fixed-window counts (`rateLimit`) and failure back-off (`failureBackoff`) per route and client
 * address, kept in `store`. Failures are counted when the request arrives and given back when it
 * succeeds, so parallel guesses cannot all slip in before the first failure is recorded.
 */
export function registerRateLimit(app: FastifyInstance, clock: Clock, store: CounterStore = memoryCounterStore()): void {
  app.decorate("counters", store);
  const reserved = new WeakSet<FastifyRequest>();
  const backoffKey = (req: FastifyRequest) => `backoff|${req.routeOptions.url}|${req.ip}`;

  app.addHook("onRequest", async (req, reply) => {
    const now = clock.now().getTime();
    const limit = req.routeOptions.config?.rateLimit;
    if (limit) {
      const windowMs = limit.perSeconds * 1000;
      const w = await store.update<{ start: number; count: number }>(`window|${req.routeOptions.url}|${req.ip}`, now, (cur) =>
        cur ? { value: { start: cur.start, count: cur.count + 1 }, expiresAt: cur.start + windowMs } : { value: { start: now, count: 1 }, expiresAt: now + windowMs },
      );
      if (w && w.count > limit.max) throw limited(Math.ceil((w.start + windowMs - now) / 1000), reply);
    }
    const backoff = req.routeOptions.config?.failureBackoff;
    if (backoff) {
      let blockedUntil = 0;
      await store.update<Failures>(backoffKey(req), now, (cur) => {
        const delay = cur ? backoffSeconds(backoff, cur.failures) * 1000 : 0;
        const until = cur ? cur.lastAt + delay : 0;
        // a clock set back (tests, NTP) must not turn a past failure into a wait of days
        if (cur && delay > 0 && until > now && now >= cur.lastAt) {
          blockedUntil = until;
          return { value: cur, expiresAt: until + backoff.forgetSeconds * 1000 };
        }
        const value = { failures: (cur?.failures ?? 0) + 1, lastAt: now };
        return { value, expiresAt: now + (backoffSeconds(backoff, value.failures) + backoff.forgetSeconds) * 1000 };
      });
      if (blockedUntil) throw limited(Math.ceil((blockedUntil - now) / 1000), reply);
      reserved.add(req);
    }
  });

  // onSend, not onResponse: the refund is stored before the client sees the answer
  app.addHook("onSend", async (req, reply) => {
    if (!reserved.has(req) || reply.statusCode >= 400) return;
    reserved.delete(req);
    const now = clock.now().getTime();
    const backoff = req.routeOptions.config.failureBackoff!;
    await store.update<Failures>(backoffKey(req), now, (cur) => {
      if (!cur) return undefined;
      const value = { failures: Math.max(0, cur.failures - 1), lastAt: cur.lastAt };
      return { value, expiresAt: Math.max(now, value.lastAt + backoffSeconds(backoff, value.failures) * 1000) + backoff.forgetSeconds * 1000 };
    });
  });
}
