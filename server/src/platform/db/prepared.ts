import type { SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import type pg from "pg";
import { type Db, isPool } from "./db.ts";

const dialect = new PgDialect();

/**
 * Runs a hot query as a named prepared statement on PostgreSQL, so each pooled connection parses
 * and plans it once instead of on every request (measured on the check-in path, see
 * docs/benchmarks.md). `name` must be unique per query text. On PGlite, or inside a transaction
 * (no pool), it is an ordinary query. Rows come back as node-postgres / PGlite parse them.
 */
export async function queryPrepared<T>(db: Db, name: string, query: SQL): Promise<T[]> {
  if (isPool(db)) {
    const { sql: text, params } = dialect.sqlToQuery(query);
    const pool = (db as unknown as { $client: pg.Pool }).$client;
    return (await pool.query({ name, text, values: params })).rows as T[];
  }
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}
