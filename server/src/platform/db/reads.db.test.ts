import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase } from "../../../test/harness.ts";
import { watchOverlaps } from "../../../test/overlap.ts";
import type { Database } from "./db.ts";
import { readAll } from "./reads.ts";

const onPostgres = process.env.TEST_DB === "postgres";

let database: Database;
let drop: () => Promise<void>;

beforeAll(async () => {
  ({ database, drop } = await openTestDatabase());
});
afterAll(async () => {
  await database?.close();
  await drop?.();
});

class Rollback extends Error {}

/** three reads that say when they start and end; each sleeps a little and names its backend */
function tracedReads(db: Database["db"], log: string[]) {
  const read = (i: number) => async () => {
    log.push(`start ${i}`);
    const { rows } = (await db.execute(sql`select ${i}::int as n, pg_backend_pid() as pid, pg_sleep(0.05)`)) as unknown as { rows: { n: number; pid: number }[] };
    log.push(`end ${i}`);
    return rows[0]!;
  };
  return [read(0), read(1), read(2)] as const;
}

describe("readAll", () => {
  it("on a transaction, runs the reads one after another on its one connection, results in order", async () => {
    const log: string[] = [];
    const watch = watchOverlaps();
    try {
      await database.db
        .transaction(async (tx) => {
          const [a, b, c] = await readAll(tx, tracedReads(tx, log));
          expect([a.n, b.n, c.n]).toEqual([0, 1, 2]);
          throw new Rollback();
        })
        .catch((e) => {
          if (!(e instanceof Rollback)) throw e;
        });
    } finally {
      watch.stop();
    }
    expect(log).toEqual(["start 0", "end 0", "start 1", "end 1", "start 2", "end 2"]);
    expect(watch.overlaps).toEqual([]);
  });

  it.skipIf(!onPostgres)("on the pool, runs the reads at once, on separate connections", async () => {
    const log: string[] = [];
    // the pool opens new connections here: each one's LISTEN (db/changes.ts) must be over before
    // the pool hands it to a read
    const watch = watchOverlaps();
    let results: { n: number; pid: number }[];
    try {
      results = await readAll(database.db, tracedReads(database.db, log));
    } finally {
      watch.stop();
    }
    expect(watch.overlaps).toEqual([]);
    expect(results.map((r) => r.n)).toEqual([0, 1, 2]);
    // every read started before the first one ended, and more than one connection answered
    expect(log.slice(0, 3)).toEqual(["start 0", "start 1", "start 2"]);
    expect(new Set(results.map((r) => r.pid)).size).toBeGreaterThan(1);
  });
});
