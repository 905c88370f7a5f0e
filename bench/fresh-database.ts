import fs from "node:fs";
import os from "node:os";
import { sql } from "drizzle-orm";
import pg from "pg";
import { type Database, openPostgres } from "../server/src/platform/db/db.ts";

/** A PostgreSQL database made for one benchmark run on the server at `serverUrl`, dropped by `drop()`. */
export interface FreshDatabase {
  database: Database;
  /** connection string of the new database */
  url: string;
  /** the server's version, for the printout */
  version: string;
  /** closes the pool and drops the database (with force: connections still closing are ended) */
  drop(): Promise<void>;
}

/** The PostgreSQL server the benchmarks use: TEST_DATABASE_URL or DATABASE_URL, or a clear stop. */
export function benchServerUrl(): string {
  const url = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  if (!url) throw new Error("set TEST_DATABASE_URL (or DATABASE_URL) to a PostgreSQL server, e.g. postgres://postgres@127.0.0.1:5432/postgres");
  return url;
}

export async function freshDatabase(serverUrl: string, name: string, pool: number): Promise<FreshDatabase> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  const version = (await admin.query<{ v: string }>("select current_setting('server_version') as v")).rows[0]?.v ?? "?";
  await admin.query(`create database ${name}`);
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  const database = await openPostgres(u.toString(), pool);
  return {
    database,
    url: u.toString(),
    version,
    drop: async () => {
      await database.close();
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/** One line about the machine, for every benchmark's printout. */
export function machineLine(): string {
  const cpus = os.cpus();
  return `machine: ${cpus.length} × ${cpus[0]?.model ?? "?"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}, load avg ${os.loadavg().map((x) => x.toFixed(2)).join(" ")}`;
}

/**
 * CPU seconds used so far by the PostgreSQL backends serving `database` (from /proc; the server
 * must run on this machine — null otherwise). With process.cpuUsage() for the app, it gives CPU
 * per request, a cost that holds better than throughput on a machine busy with other work.
 */
export async function backendCpuSeconds(database: Database): Promise<number | null> {
  const r = (await database.db.execute(
    sql`select pid from pg_stat_activity where datname = current_database() and backend_type = 'client backend'`,
  )) as unknown as { rows: { pid: number }[] };
  const tick = 100; // USER_HZ on Linux
  let total = 0;
  for (const { pid } of r.rows) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      total += (Number(fields[11]) + Number(fields[12])) / tick; // utime, stime (fields 14 and 15)
    } catch {
      return null;
    }
  }
  return total;
}
