import { type SQL, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase } from "../../../test/harness.ts";
import type { Database } from "../db/db.ts";
import { type CounterStore, leaseSize, pgCounterStore } from "./rate-limit.ts";

/** The counters table behind rate limits when several processes share one PostgreSQL. */
/** raw SQL rows, typed by the caller */
async function rowsOf<T>(db: { execute(q: SQL): Promise<unknown> }, q: SQL): Promise<{ rows: T[] }> {
  return (await db.execute(q)) as { rows: T[] };
}

let database: Database;
let drop: () => Promise<void>;
beforeAll(async () => {
  ({ database, drop } = await openTestDatabase());
});
afterAll(async () => {
  await database?.close();
  await drop?.();
});

const incr = (store: CounterStore, key: string, now: number, ttl = 60_000) =>
  store.update<number>(key, now, (n) => ({ value: (n ?? 0) + 1, expiresAt: now + ttl }));

describe("pgCounterStore", () => {
  it("keeps its rows in an unlogged table: a counter write waits for no WAL flush (migration 0045)", async () => {
    const { rows } = await rowsOf<{ p: string }>(database.db, sql`select relpersistence as p from pg_class where oid = 'counters'::regclass`);
    expect(rows[0]?.p).toBe("u");
  });

  it("loses no increment when many arrive at once, from two stores (two processes' pools) alike", async () => {
    const one = pgCounterStore(database.db);
    const two = pgCounterStore(database.db);
    const now = Date.parse("2026-03-02T01:00:00Z");
    const seen = await Promise.all(Array.from({ length: 40 }, (_, i) => incr(i % 2 ? one : two, "k|race", now)));
    expect([...seen].sort((x, y) => x! - y!)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it("treats an expired value as absent, deletes a dropped key, and sweeps expired rows", async () => {
    const store = pgCounterStore(database.db, { sweepMs: 0 });
    const t0 = Date.parse("2026-03-02T02:00:00Z");
    expect(await incr(store, "k|exp", t0, 1_000)).toBe(1);
    expect(await incr(store, "k|exp", t0 + 500, 1_000)).toBe(2);
    expect(await incr(store, "k|exp", t0 + 2_000, 1_000)).toBe(1); // the window ended
    expect(await store.update("k|exp", t0 + 2_100, () => undefined)).toBeUndefined();
    const { rows } = await rowsOf<{ n: number }>(database.db, sql`select count(*)::int as n from counters where key = 'k|exp'`);
    expect(rows[0]!.n).toBe(0);
    await incr(store, "k|old", t0, 1_000);
    await incr(store, "k|other", t0 + 10_000, 1_000); // its sweep deletes k|old and k|race, both expired by then
    const left = await rowsOf<{ key: string }>(database.db, sql`select key from counters where key like 'k|%' order by key`);
    expect(left.rows.map((r) => r.key)).toEqual(["k|other"]);
  });

  it("counts window hits in one statement without losing any, from two stores at once, like update does", async () => {
    const one = pgCounterStore(database.db);
    const two = pgCounterStore(database.db);
    const t0 = Date.parse("2026-03-02T03:00:00Z");
    const seen = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? one : two).hit("w|race", t0 + i, 60_000)));
    expect(seen.map((w) => w.count).sort((x, y) => x - y)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    // one window: all share the start of whichever hit created the row
    expect(new Set(seen.map((w) => w.start)).size).toBe(1);
    // the row is the one update's window step keeps, so a process still counting through update goes on from it
    const next = await one.update<{ start: number; count: number }>("w|race", t0 + 100, (cur) => (cur ? { value: { start: cur.start, count: cur.count + 1 }, expiresAt: cur.start + 60_000 } : undefined));
    expect(next).toEqual({ start: seen[0]!.start, count: 41 });
    expect((await two.hit("w|race", t0 + 200, 60_000)).count).toBe(42);
  });

  it("starts a new window once the old one expired, and keeps the window's end while counting", async () => {
    const store = pgCounterStore(database.db);
    const t0 = Date.parse("2026-03-02T04:00:00Z");
    expect(await store.hit("w|exp", t0, 1_000)).toEqual({ start: t0, count: 1 });
    expect(await store.hit("w|exp", t0 + 999, 1_000)).toEqual({ start: t0, count: 2 });
    const { rows } = await rowsOf<{ ms: number }>(database.db, sql`select (extract(epoch from expires_at) * 1000)::float8 as ms from counters where key = 'w|exp'`);
    expect(rows[0]!.ms).toBe(t0 + 1_000); // not pushed on by the second hit
    expect(await store.hit("w|exp", t0 + 1_000, 1_000)).toEqual({ start: t0 + 1_000, count: 1 }); // the window ended
    expect(await store.hit("w|exp", t0 + 1_500, 1_000)).toEqual({ start: t0 + 1_000, count: 2 });
  });

  it("given the limit, a process reserves calls ahead and counts them in memory: 20 calls cost 3 statements, counted 1…20", async () => {
    const store = pgCounterStore(database.db);
    const t0 = Date.parse("2026-03-02T05:00:00Z");
    const counts: number[] = [];
    for (let i = 0; i < 20; i++) counts.push((await store.hit("w|lease", t0 + i, 60_000, 120)).count);
    expect(counts).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    // three reservations of 8 calls: the shared row already counts all 24
    const { rows } = await rowsOf<{ n: number }>(database.db, sql`select (value->>'count')::int as n from counters where key = 'w|lease'`);
    expect(rows[0]!.n).toBe(24);
    expect(leaseSize(120)).toBe(8);
    expect(leaseSize(30)).toBe(3); // a tenth of the limit at most
    expect(leaseSize(5)).toBe(1);
    expect(leaseSize(Number.POSITIVE_INFINITY)).toBe(1); // no limit given: no lease
  });

  it("with more keys than it keeps leases for, forgets the oldest: its reserved calls stay counted, none is admitted twice", async () => {
    const store = pgCounterStore(database.db, { maxLeases: 2 });
    const t0 = Date.parse("2026-03-02T05:30:00Z");
    const hit = (key: string, i: number) => store.hit(key, t0 + i, 60_000, 120);
    expect((await hit("w|evict-a", 0)).count).toBe(1); // reserves calls 1 to 8
    expect((await hit("w|evict-a", 1)).count).toBe(2); // from memory
    expect((await hit("w|evict-a", 2)).count).toBe(3);
    await hit("w|evict-b", 3);
    await hit("w|evict-c", 4); // no room: a, the oldest, is forgotten with calls 4 to 8
    expect((await hit("w|evict-a", 5)).count).toBe(9);
    const { rows } = await rowsOf<{ n: number }>(database.db, sql`select (value->>'count')::int as n from counters where key = 'w|evict-a'`);
    expect(rows[0]!.n).toBe(16);
  });

  it("never admits more than the limit in a window, from one process or from two taking turns", async () => {
    const t0 = Date.parse("2026-03-02T06:00:00Z");
    const admitted = async (stores: CounterStore[], key: string) => {
      let n = 0;
      for (let i = 0; i < 100; i++) if ((await stores[i % stores.length]!.hit(key, t0 + i, 60_000, 30)).count <= 30) n++;
      return n;
    };
    expect(await admitted([pgCounterStore(database.db)], "w|alone")).toBe(30);
    const both = await admitted([pgCounterStore(database.db), pgCounterStore(database.db)], "w|turns");
    expect(both).toBeLessThanOrEqual(30);
    expect(both).toBeGreaterThanOrEqual(30 - 3); // another process's unused reservation (≤ a tenth of the limit) may refuse a few early
    // and at once: 60 parallel calls from two processes admit at most 30
    const one = pgCounterStore(database.db);
    const two = pgCounterStore(database.db);
    const seen = await Promise.all(Array.from({ length: 60 }, (_, i) => (i % 2 ? one : two).hit("w|burst", t0 + i, 60_000, 30)));
    expect(seen.filter((w) => w.count <= 30).length).toBeLessThanOrEqual(30);
  });
});
