import { type SQL, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase } from "../../../test/harness.ts";
import type { Database } from "../db/db.ts";
import { type CounterStore, pgCounterStore } from "./rate-limit.ts";

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
});
