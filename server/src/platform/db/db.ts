import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import pg from "pg";
import { listeningPool } from "./changes.ts";
import { embeddedClient, syncFolder } from "./embedded.ts";
import { lockDataDir } from "./lock.ts";

export { lockDataDir };

/** The one database type every repository takes; a transaction is one too. */
export type Db = PgDatabase<PgQueryResultHKT>;

/**
 * Whether `db` is the node-postgres pool itself, whose queries may each take their own connection.
 * A transaction (drizzle sets `$client` on the root handle only) holds one connection, and PGlite
 * is one connection: those answer one query at a time.
 */
export function isPool(db: Db): boolean {
  return (db as unknown as { $client?: unknown }).$client instanceof pg.Pool;
}

export type DbKind = "pglite" | "postgres";

export interface Database {
  db: Db;
  kind: DbKind;
  migrate(): Promise<void>;
  close(): Promise<void>;
  /** PGlite only: the raw client (tests dump and clone it) */
  pglite?: PGlite;
}

export const migrationsFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../migrations");

/**
 * Opens the embedded database under `dataDir`, refusing when another live process holds it.
 * `dataDir` undefined means in memory (tests).
 */
export async function openPglite(dataDir?: string, opts: { loadDataDir?: Blob | File; bulkLoad?: boolean } = {}): Promise<Database> {
  let release = () => {};
  if (dataDir) {
    fs.mkdirSync(dataDir, { recursive: true });
    release = lockDataDir(dataDir);
  }
  let client: PGlite;
  try {
    // pg_trgm: the persons name search's trigram index (migration 0020) needs it loaded
    const options = opts.loadDataDir ? { loadDataDir: opts.loadDataDir, extensions: { pg_trgm } } : { extensions: { pg_trgm } };
    // PGlite ignores options given after an undefined data dir: pass them first for in-memory
    client = dataDir ? embeddedClient(path.join(dataDir, "pg"), options, { bulkLoad: opts.bulkLoad }) : new PGlite(options);
    await client.waitReady;
  } catch (e) {
    release();
    throw e;
  }
  const db = drizzlePglite(client) as unknown as Db;
  return {
    db,
    kind: "pglite",
    pglite: client,
    migrate: () => migratePglite(drizzlePglite(client), { migrationsFolder }),
    close: async () => {
      try {
        await client.close();
        if (dataDir && opts.bulkLoad) syncFolder(path.join(dataDir, "pg"));
      } finally {
        release();
      }
    },
  };
}

/** How long a connection that died while checked out may stay unreleased before the pool takes it back. */
export const RECLAIM_DEAD_CLIENT_MS = 30_000;

/**
 * Listeners that keep a lost PostgreSQL connection from crashing the process. node-pg emits
 * `error` on a client whose server connection ends (restart, `pg_terminate_backend`, network) and
 * on the pool for an idle one; an `error` event without a listener throws and ends Node.
 * - idle clients: the pool's own listener drops them and re-emits on the pool; we log;
 * - checked-out clients (a transaction between two statements, a query in flight): we log; the
 *   statement in flight fails (mapped to 503 `db.unavailable` in pg-errors.ts), the client is no
 *   longer queryable and the pool discards it when it is released. drizzle's `transaction()` does
 *   not release a client whose BEGIN failed, so one still out after RECLAIM_DEAD_CLIENT_MS is
 *   released here with the error, or it would hold a pool slot for ever.
 * The next query gets a fresh connection. Messages carry no query parameters.
 */
export function guardPool(pool: pg.Pool, label: string, opts: { reclaimAfterMs?: number } = {}): void {
  const checkedOut = new Set<pg.PoolClient>();
  const reported = new WeakSet<pg.PoolClient>();
  const log = (err: Error, state: string) =>
    console.error(`PostgreSQL (${label}): ${state} connection lost (${(err as { code?: string }).code ?? "no code"}: ${err.message}); dropped, the next query connects again`);
  pool.on("acquire", (c) => checkedOut.add(c));
  pool.on("release", (_err, c) => checkedOut.delete(c));
  pool.on("remove", (c) => checkedOut.delete(c));
  pool.on("error", (err, client) => {
    if (reported.has(client)) return;
    reported.add(client);
    log(err, "idle");
  });
  pool.on("connect", (client) => {
    client.on("error", (err) => {
      if (!checkedOut.has(client) || reported.has(client)) return; // idle: the pool's listener above
      reported.add(client);
      log(err, "in-use");
      const reclaim = setTimeout(() => {
        if (checkedOut.has(client)) client.release(err);
      }, opts.reclaimAfterMs ?? RECLAIM_DEAD_CLIENT_MS);
      reclaim.unref();
    });
  });
}

export async function openPostgres(url: string, poolSize = 10): Promise<Database> {
  // change notifications for caches (db/changes.ts): each connection LISTENs before first use
  const pool = listeningPool({ connectionString: url, max: poolSize });
  // a connection the server closes (restart, admin termination, DROP DATABASE … FORCE in tests)
  // must not crash the process: see guardPool
  guardPool(pool, "primary");
  // Fail at start, with the server's own message, rather than on the first request.
  const conn = await pool.connect();
  conn.release();
  const db = drizzlePg(pool) as unknown as Db;
  return {
    db,
    kind: "postgres",
    migrate: () => migratePg(drizzlePg(pool), { migrationsFolder }),
    close: async () => {
      // pool.end() resolves before the sockets are closed; wait for each client's "remove" so a
      // caller that drops the database next (tests) does not race the connections still closing
      let left = pool.totalCount;
      const closed = new Promise<void>((resolve) => {
        if (left === 0) resolve();
        pool.on("remove", () => {
          if (--left <= 0) resolve();
        });
      });
      await pool.end();
      await closed;
    },
  };
}

/** `bulkLoad`: the embedded store loads without fsync and syncs the folder once at close (the demo generator). */
export async function openDatabase(cfg: { databaseUrl?: string | undefined; dataDir: string }, opts: { bulkLoad?: boolean } = {}): Promise<Database> {
  return cfg.databaseUrl ? openPostgres(cfg.databaseUrl) : openPglite(cfg.dataDir, opts);
}

/** `SELECT 1` — used by the health check. */
export async function ping(db: Db): Promise<void> {
  await db.execute(sql`select 1`);
}
