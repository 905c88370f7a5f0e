import { sql } from "drizzle-orm";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import pg from "pg";
import type { Deps } from "../context.ts";
import { type Db, guardPool } from "./db.ts";

/**
 * The optional read replica (DATABASE_REPLICA_URL, PostgreSQL only): a second, read-only pool for
 * the read-heavy routes that tolerate a few seconds of staleness — statistics and reports, the
 * dashboard's aggregates, the fund disclosure (docs/scale-out.md, "Read replica"). Everything
 * else, and every transaction, stays on the primary (`deps.db`). Without a replica those routes
 * read the primary.
 */
export interface Replica {
  db: Db;
  close(): Promise<void>;
}

/** Where a lag-tolerant read was answered from; sent as the `x-read-source` response header. */
export type ReadSource = "primary" | "replica";
export const READ_SOURCE_HEADER = "x-read-source";

export async function openReplica(url: string, poolSize = 10): Promise<Replica> {
  // read-only sessions: on a streaming standby they are anyway; on anything else (a misconfigured
  // URL naming the primary, the tests' second database) a write routed here fails instead of landing
  const pool = new pg.Pool({ connectionString: url, max: poolSize, options: "-c default_transaction_read_only=on" });
  guardPool(pool, "replica");
  const conn = await pool.connect();
  conn.release();
  return {
    db: drizzlePg(pool) as unknown as Db,
    close: async () => {
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

/**
 * The dependencies a lag-tolerant read runs with: the replica's pool as `db` when one is
 * configured, else the primary's. Use only for reads outside any transaction; never pass the
 * result to code that writes. With `reply`, says which source answered in `x-read-source`.
 */
export function lagTolerant(deps: Deps, reply?: { header(name: string, value: string): unknown }): Deps {
  const source: ReadSource = deps.replicaDb ? "replica" : "primary";
  reply?.header(READ_SOURCE_HEADER, source);
  return deps.replicaDb ? { ...deps, db: deps.replicaDb } : deps;
}

/**
 * How far the replica is behind, in seconds — at most how stale its answers can be: 0 while it is
 * streaming from the primary and has replayed everything it received; else (replay behind, or no
 * WAL receiver: the primary is down or unreachable, so the standby cannot know what it missed) the
 * age of the last replayed transaction (`pg_last_xact_replay_timestamp`), an upper bound — every
 * commit before it is visible; null when the database is not a standby (then it cannot lag — or
 * cannot be asked), when a standby has replayed no transaction since it started and is not caught
 * up, or when no replica is configured. `reachable` false when the replica did not answer.
 * (`pg_stat_wal_receiver` shows a role without pg_read_all_stats only that a receiver runs, not its
 * status: then a running receiver counts as streaming.)
 */
export async function replicaLag(replicaDb: Db | undefined): Promise<{ configured: boolean; reachable: boolean | null; standby: boolean | null; lagSeconds: number | null }> {
  if (!replicaDb) return { configured: false, reachable: null, standby: null, lagSeconds: null };
  try {
    const r = (await replicaDb.execute(sql`
      select pg_is_in_recovery() as standby,
        case when not pg_is_in_recovery() then null
             when pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn()
               and exists (select 1 from pg_stat_wal_receiver where coalesce(status, 'streaming') = 'streaming') then 0
             else extract(epoch from now() - pg_last_xact_replay_timestamp())::float8 end as lag`)) as unknown as { rows: { standby: boolean; lag: number | null }[] };
    const row = r.rows[0]!;
    return { configured: true, reachable: true, standby: row.standby, lagSeconds: row.lag === null ? null : Math.max(0, Number(row.lag)) };
  } catch {
    return { configured: true, reachable: false, standby: null, lagSeconds: null };
  }
}
