import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { resolveDataKey } from "../crypto.ts";
import { type Database, openPglite } from "./db.ts";
import { durabilityOf, durabilityWarning } from "./durability.ts";

/**
 * The embedded store on a data folder must not acknowledge a commit that is only in the OS page
 * cache: a power cut would lose it. PGlite out of the box runs with fsync off and its file system
 * layer ignores fsync (embedded.ts); these tests watch the real fsync(2) calls the process makes.
 * (They run once, in the PGlite project: the PostgreSQL server's durability is its own.)
 */
const onPglite = process.env.TEST_DB !== "postgres";

/** fsync(2) calls made while `fn` runs, as the paths of the files synced */
async function fsyncedDuring(fn: () => Promise<unknown>): Promise<string[]> {
  const synced: string[] = [];
  const real = fs.fsyncSync;
  const spy = vi.spyOn(fs, "fsyncSync").mockImplementation((fd: number) => {
    synced.push(fs.readlinkSync(`/proc/self/fd/${fd}`));
    real(fd);
  });
  try {
    await fn();
  } finally {
    spy.mockRestore();
  }
  return synced;
}

describe.skipIf(!onPglite)("the embedded store survives a power cut (commits reach the disk before they return)", () => {
  let dir: string;
  let store: Database;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "jl-durable-"));
    store = await openPglite(dir);
    await store.db.execute(sql`create table ledger_probe (id int primary key, amount_fen bigint not null)`);
  }, 120_000);
  afterAll(async () => {
    await store?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  afterEach(() => vi.restoreAllMocks());

  it("runs with fsync on (PGlite's default is off), which the system status reports as durable", async () => {
    const d = await durabilityOf(store.db);
    expect(d).toEqual({ fsync: true, synchronousCommit: "on", fullPageWrites: true, durable: true });
    expect(durabilityWarning(d)).toBeUndefined();
  });

  it("each committed transaction fsyncs the write-ahead log in the data folder before the commit returns", async () => {
    for (let i = 1; i <= 3; i++) {
      const synced = await fsyncedDuring(() => store.db.execute(sql`insert into ledger_probe values (${i}, ${i * 100})`));
      expect(synced.filter((p) => p.startsWith(path.join(dir, "pg", "pg_wal")))).not.toHaveLength(0);
    }
    // a read commits nothing and syncs nothing
    expect(await fsyncedDuring(() => store.db.execute(sql`select sum(amount_fen) from ledger_probe`))).toEqual([]);
  });

  it("a checkpoint (as at shutdown) fsyncs the table's data file itself", async () => {
    const file = ((await store.db.execute(sql`select pg_relation_filepath('ledger_probe') as f`)) as unknown as { rows: { f: string }[] }).rows[0]!.f;
    const synced = await fsyncedDuring(() => store.db.execute(sql`checkpoint`));
    expect(synced).toContain(path.join(dir, "pg", file));
  });
});

describe("keys written into the data folder are on the disk before they are used", () => {
  it("a generated DATA_KEY is fsynced, and so is the folder entry naming it", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "jl-key-"));
    try {
      let key = "";
      const synced = await fsyncedDuring(async () => {
        key = resolveDataKey(undefined, dir);
      });
      expect(synced).toEqual([path.join(dir, "data.key"), dir]);
      expect(fs.readFileSync(path.join(dir, "data.key"), "utf8")).toBe(key);
      expect(fs.statSync(path.join(dir, "data.key")).mode & 0o777).toBe(0o600);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("durabilityWarning", () => {
  it("names every setting that lets an acknowledged commit be lost", () => {
    expect(durabilityWarning({ fsync: false, synchronousCommit: "off", fullPageWrites: true, durable: false })).toContain("fsync = off, synchronous_commit = off");
    expect(durabilityWarning({ fsync: true, synchronousCommit: "local", fullPageWrites: true, durable: true })).toBeUndefined();
  });
});
