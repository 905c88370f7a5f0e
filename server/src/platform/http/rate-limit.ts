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
  /**
   * One call counted in the fixed window of `key`: a window starts at the first call after the
   * previous one expired and lasts `windowMs`. Returns its start (ms since epoch) and its count with
   * this call. The same as `update` with that step (and the same stored value, so both may touch one
   * key), but the hot path of every rate-limited request: on PostgreSQL it is one statement, and
   * with `max` (the limit the caller will apply) a process may reserve a few of the window's calls
   * at once and count the next ones from memory (never more than `max` admitted in all).
   */
  hit(key: string, now: number, windowMs: number, max?: number): Promise<WindowCount>;
}

export interface WindowCount {
  start: number;
  count: number;
}

/** the fixed-window step, for stores that count through `update` */
const windowStep =
  (now: number, windowMs: number) =>
  (cur: WindowCount | undefined): { value: WindowCount; expiresAt: number } =>
    cur ? { value: { start: cur.start, count: cur.count + 1 }, expiresAt: cur.start + windowMs } : { value: { start: now, count: 1 }, expiresAt: now + windowMs };

/** Counters in process memory: right for one process (PGlite); several processes would each count alone. */
export function memoryCounterStore(maxKeys = 50_000): CounterStore {
  const entries = new Map<string, { value: unknown; expiresAt: number }>();
  const store: CounterStore = {
    async hit(key, now, windowMs) {
      return (await store.update(key, now, windowStep(now, windowMs)))!;
    },
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
  return store;
}

/**
 * Calls of one window this process reserved in the shared row and has not used yet: calls
 * `upTo - left + 1 … upTo` of the window are this process's to count, from memory.
 */
interface Lease {
  start: number;
  end: number;
  /** the window's count once the last reservation was made */
  upTo: number;
  left: number;
}

const MAX_LEASES = 50_000;

/**
 * Makes room for a lease: the expired ones go first, then the oldest (a Map keeps insertion order).
 * Dropping a live lease only forgets calls it had reserved: they stay counted in the shared row,
 * so the client may be refused a little early, never admitted beyond the limit.
 */
function evictLeases(leases: Map<string, Lease>, now: number, max: number): void {
  for (const [k, l] of leases) if (l.end <= now) leases.delete(k);
  for (const k of leases.keys()) {
    if (leases.size < max) break;
    leases.delete(k);
  }
}
/** the most calls one reservation takes (a tenth of the limit at most, so other processes keep their share) */
const MAX_LEASE = 8;

/**
 * How many calls one reservation takes, the first of a window included: the whole share at once.
 * (Starting at 1 and doubling cost a new client address 5 statements in its first 20 calls instead
 * of 3, and the portal's cached public reads their p95: docs/benchmarks.md § Portal, leases.)
 */
export function leaseSize(max: number): number {
  // without a limit there is no share to reserve: every call is its own statement
  if (!Number.isFinite(max)) return 1;
  return Math.max(1, Math.min(MAX_LEASE, Math.floor(max / 10)));
}

/**
 * Counters in the `counters` table, shared by every app process on one PostgreSQL. Each update is
 * one short transaction: an upsert that creates the key (as already expired) or locks it, then the
 * new value written or the row deleted — so concurrent updates of one key, from any process, queue
 * on its row lock and none is lost. A window hit (every rate-limited request) is a single
 * `insert … on conflict do update … returning`: the increment is computed in the statement from
 * the row it locked, so it too loses nothing, in one round trip and without an explicit
 * transaction. Expired rows are deleted at most once per `sweepMs` per process. Times are the app
 * clock's, like the memory store's.
 *
 * Leases: a client that keeps calling one process would cost a statement per call. Given the limit
 * (`max`), the store reserves 8 calls of the window at once (at most a tenth of the limit) and counts
 * the reserved ones in memory. Reserved calls count in the shared row at once, so
 * all processes together never admit more than `max` in a window; a process's unused reservation
 * can only make another refuse a little early (at most 8 calls a window per other process).
 */
export function pgCounterStore(db: Db, opts: { sweepMs?: number; maxLeases?: number } = {}): CounterStore {
  const sweepMs = opts.sweepMs ?? 60_000;
  const maxLeases = opts.maxLeases ?? MAX_LEASES;
  const leases = new Map<string, Lease>();
  let lastSweep = 0;
  const sweep = async (now: number) => {
    if (now - lastSweep >= sweepMs || now < lastSweep) {
      lastSweep = now;
      await db.execute(sql`delete from counters where expires_at <= ${new Date(now).toISOString()}::timestamptz`);
    }
  };
  /** `n` more calls in the window of `key` (a new window when absent or expired): its start and count with them */
  const reserve = async (key: string, now: number, windowMs: number, n: number): Promise<WindowCount> => {
    const at = new Date(now).toISOString();
    // a live row (expires_at > now) counts n more in its window; an absent or expired one starts a
    // new window at now — the same value and expiry as windowStep through `update`
    const { rows } = (await db.execute(sql`
      insert into counters as c (key, value, expires_at)
      values (${key}, jsonb_build_object('start', ${now}::float8, 'count', ${n}::int), ${at}::timestamptz + ${windowMs}::float8 * interval '1 millisecond')
      on conflict (key) do update set
        value = case when c.expires_at > ${at}::timestamptz
          then jsonb_build_object('start', (c.value->>'start')::float8, 'count', (c.value->>'count')::int + ${n}::int)
          else excluded.value end,
        expires_at = case when c.expires_at > ${at}::timestamptz
          then to_timestamp(((c.value->>'start')::float8 + ${windowMs}::float8) / 1000)
          else excluded.expires_at end
      returning (c.value->>'start')::float8 as start, (c.value->>'count')::int as count`)) as unknown as { rows: WindowCount[] };
    await sweep(now);
    const row = rows[0]!;
    return { start: Number(row.start), count: Number(row.count) };
  };
  return {
    async hit(key, now, windowMs, max = Number.POSITIVE_INFINITY) {
      const lease = leases.get(key);
      if (lease && lease.end > now && lease.left > 0) {
        lease.left--;
        return { start: lease.start, count: lease.upTo - lease.left };
      }
      const n = leaseSize(max);
      const w = await reserve(key, now, windowMs, n);
      // this call is the first of the n reserved; the rest are kept for the next calls of this
      // process, but only as many as still fit under the limit (beyond it every call is refused anyway)
      const first = w.count - n + 1;
      if (leases.size >= maxLeases) evictLeases(leases, now, maxLeases);
      leases.set(key, { start: w.start, end: w.start + windowMs, upTo: w.count, left: Math.max(0, Math.min(n - 1, max - first)) });
      return { start: w.start, count: first };
    },
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
      await sweep(now);
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
      const w = await store.hit(`window|${req.routeOptions.url}|${req.ip}`, now, windowMs, limit.max);
      if (w.count > limit.max) throw limited(Math.ceil((w.start + windowMs - now) / 1000), reply);
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
