import { sql } from "drizzle-orm";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Clock } from "../clock.ts";
import type { Db } from "../db/db.ts";
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
    /** the counters behind rate limits, back-offs and daily rations (a table on PostgreSQL, memory on PGlite) */
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

/**
 * Counters in the `counters` table, shared by every app process on one PostgreSQL. Each update is
 * one short transaction: an upsert that creates the key (as already expired) or locks it, then the
 * new value written or the row deleted — so concurrent updates of one key, from any process, queue
 * on its row lock and none is lost. Expired rows are deleted at most once per `sweepMs` per process.
 * Times are the app clock's, like the memory store's.
 */
export function pgCounterStore(db: Db, opts: { sweepMs?: number } = {}): CounterStore {
  const sweepMs = opts.sweepMs ?? 60_000;
  let lastSweep = 0;
  return {
    async update<T>(key: string, now: number, next: (current: T | undefined) => { value: T; expiresAt: number } | undefined) {
      const result = await db.transaction(async (tx) => {
        const { rows } = (await tx.execute(sql`
          insert into counters (key, value, expires_at) values (${key}, 'null'::jsonb, to_timestamp(0))
          on conflict (key) do update set key = excluded.key
          returning value, (extract(epoch from expires_at) * 1000)::float8 as expires_ms`)) as unknown as { rows: { value: unknown; expires_ms: number }[] };
        const row = rows[0]!;
        const kept = next(row.expires_ms > now ? (row.value as T) : undefined);
        if (!kept) {
          await tx.execute(sql`delete from counters where key = ${key}`);
          return undefined;
        }
        await tx.execute(sql`update counters set value = ${JSON.stringify(kept.value)}::jsonb, expires_at = ${new Date(kept.expiresAt).toISOString()}::timestamptz where key = ${key}`);
        return kept.value;
      });
      if (now - lastSweep >= sweepMs || now < lastSweep) {
        lastSweep = now;
        await db.execute(sql`delete from counters where expires_at <= ${new Date(now).toISOString()}::timestamptz`);
      }
      return result;
    },
  };
}

/**
 * The store for a database: PostgreSQL ⇒ the shared table (several processes may serve one
 * database); PGlite ⇒ memory, since one process owns the data folder (the lock in db/lock.ts) and
 * the embedded store answers one query at a time, so a counter write per request would queue
 * behind every other request — and could wait forever behind a caller's own open transaction.
 */
export function counterStoreFor(db: Db, kind: "pglite" | "postgres"): CounterStore {
  return kind === "postgres" ? pgCounterStore(db) : memoryCounterStore();
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
