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
import { lockDataDir } from "./lock.ts";

export { lockDataDir };

/** The one database type every repository takes; a transaction is one too. */
export type Db = PgDatabase<PgQueryResultHKT>;

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
export async function openPglite(dataDir?: string, opts: { loadDataDir?: Blob | File } = {}): Promise<Database> {
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
    client = dataDir ? new PGlite(path.join(dataDir, "pg"), options) : new PGlite(options);
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
      await client.close();
      release();
    },
  };
}

export async function openPostgres(url: string, poolSize = 10): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle connection the server closes (restart, admin termination, DROP DATABASE … FORCE in
  // tests) must not crash the process: the pool drops it and connects again when needed.
  pool.on("error", (err) => {
    if ((err as { code?: string }).code !== "57P01") console.error(`PostgreSQL idle connection error: ${err.message}`);
  });
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

export async function openDatabase(cfg: { databaseUrl?: string | undefined; dataDir: string }): Promise<Database> {
  return cfg.databaseUrl ? openPostgres(cfg.databaseUrl) : openPglite(cfg.dataDir);
}

/** `SELECT 1` — used by the health check. */
export async function ping(db: Db): Promise<void> {
  await db.execute(sql`select 1`);
}
