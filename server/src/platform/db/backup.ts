import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { sql } from "drizzle-orm";
import pg from "pg";
import type { Db } from "./db.ts";
import { fsyncPath, writeFileDurably } from "../durable-file.ts";
import { embeddedClient, syncFolder } from "./embedded.ts";
import { lockDataDir } from "./lock.ts";

const run = promisify(execFile);

/** Debian's client programs; PG_BIN overrides the folder (another major version, another OS). */
export function pgBin(name: "pg_dump" | "pg_restore"): string {
  return path.join(process.env.PG_BIN ?? "/usr/bin", name);
}

/** Written beside every backup as `<file>.manifest.json`; restore refuses a file that does not match it. */
export interface BackupManifest {
  format: "jilin-backup/1";
  store: "pglite" | "postgres";
  /** the backup's file name (same folder as the manifest) */
  file: string;
  bytes: number;
  sha256: string;
  createdAt: string;
  /** rows per table at backup time (schema.table), for a reader's check after a restore */
  tables: Record<string, number>;
}

export const manifestPathOf = (file: string) => `${file}.manifest.json`;

export async function sha256File(file: string): Promise<string> {
  const h = createHash("sha256");
  for await (const chunk of fs.createReadStream(file)) h.update(chunk as Buffer);
  return h.digest("hex");
}

/** Every user table (schema.table) with its row count and a hash of its content, in name order. */
export async function tableFingerprints(db: Db): Promise<Record<string, { rows: number; hash: string }>> {
  const list = (await db.execute(sql`
    select schemaname as s, tablename as t from pg_tables
    where schemaname not in ('pg_catalog', 'information_schema') order by 1, 2`)) as unknown as { rows: { s: string; t: string }[] };
  const out: Record<string, { rows: number; hash: string }> = {};
  for (const { s, t } of list.rows) {
    const name = `"${s.replaceAll('"', '""')}"."${t.replaceAll('"', '""')}"`;
    const r = (await db.execute(
      sql.raw(`select count(*)::int as n, coalesce(md5(string_agg(md5(x::text), '' order by md5(x::text))), '') as h from ${name} x`),
    )) as unknown as { rows: { n: number; h: string }[] };
    out[`${s}.${t}`] = { rows: r.rows[0]!.n, hash: r.rows[0]!.h };
  }
  return out;
}

async function writeManifest(file: string, store: BackupManifest["store"], db: Db): Promise<BackupManifest> {
  // a backup is only one once it is on the disk: the file, then its manifest, then their folder
  fsyncPath(file);
  const stat = fs.statSync(file);
  const prints = await tableFingerprints(db);
  const manifest: BackupManifest = {
    format: "jilin-backup/1",
    store,
    file: path.basename(file),
    bytes: stat.size,
    sha256: await sha256File(file),
    createdAt: new Date().toISOString(),
    tables: Object.fromEntries(Object.entries(prints).map(([k, v]) => [k, v.rows])),
  };
  writeFileDurably(manifestPathOf(file), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/**
 * The embedded store: PGlite's own dump of the data folder (a gzipped tar), taken while holding the
 * folder's lock — a running server holds it, so the backup is refused (db.locked) rather than
 * copying files being written. The keys (data.key, audit-signing.key) are not in it.
 */
export async function backupPglite(dataDir: string, file: string): Promise<BackupManifest> {
  const release = lockDataDir(dataDir);
  try {
    const client = embeddedClient(path.join(dataDir, "pg"));
    await client.waitReady;
    try {
      const dump = await client.dumpDataDir("gzip");
      fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
      const { drizzle } = await import("drizzle-orm/pglite");
      return await writeManifest(file, "pglite", drizzle(client) as unknown as Db);
    } finally {
      await client.close();
    }
  } finally {
    release();
  }
}

/** PostgreSQL: `pg_dump -Fc` (consistent snapshot; the server may keep running). */
export async function backupPostgres(url: string, file: string): Promise<BackupManifest> {
  await run(pgBin("pg_dump"), ["-Fc", "--no-owner", "--no-acl", "-f", file, "-d", url]);
  const { drizzle } = await import("drizzle-orm/node-postgres");
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    return await writeManifest(file, "postgres", drizzle(pool) as unknown as Db);
  } finally {
    await pool.end();
  }
}

export class RestoreRefused extends Error {
  constructor(
    readonly reason: "checksum" | "not_empty" | "wrong_store",
    message: string,
  ) {
    super(message);
  }
}

/** Reads the manifest beside `file` and checks the file against it; throws RestoreRefused("checksum"). */
export async function checkBackup(file: string): Promise<BackupManifest> {
  const mpath = manifestPathOf(file);
  if (!fs.existsSync(mpath)) throw new RestoreRefused("checksum", `没有找到校验清单 ${mpath}，无法确认备份完整，拒绝恢复。No manifest ${mpath}: the backup cannot be checked, so it is not restored.`);
  const manifest = JSON.parse(fs.readFileSync(mpath, "utf8")) as BackupManifest;
  const actual = await sha256File(file);
  if (actual !== manifest.sha256 || fs.statSync(file).size !== manifest.bytes) {
    throw new RestoreRefused(
      "checksum",
      `备份文件与校验清单不符（SHA-256 应为 ${manifest.sha256}，实为 ${actual}），文件已损坏或被改动，拒绝恢复。The backup does not match its manifest's checksum (expected ${manifest.sha256}, got ${actual}): it is damaged or altered, nothing was restored.`,
    );
  }
  return manifest;
}

/**
 * Into the embedded store's `dataDir` (locked meanwhile). A folder that already holds a database is
 * refused unless `force`; then the old database is moved aside to `pg.replaced-<time>`, not deleted.
 */
export async function restorePglite(file: string, dataDir: string, opts: { force: boolean }): Promise<{ movedAside: string | null }> {
  const manifest = await checkBackup(file);
  if (manifest.store !== "pglite") throw new RestoreRefused("wrong_store", `这是 ${manifest.store} 的备份，不能恢复到内嵌数据库。This is a ${manifest.store} backup; set DATABASE_URL to restore it.`);
  fs.mkdirSync(dataDir, { recursive: true });
  const release = lockDataDir(dataDir);
  try {
    const target = path.join(dataDir, "pg");
    let movedAside: string | null = null;
    if (fs.existsSync(target) && fs.readdirSync(target).length > 0) {
      if (!opts.force) throw new RestoreRefused("not_empty", `数据目录 ${dataDir} 中已有数据库，未恢复；确认要覆盖请加 --force（原库会改名保留）。${dataDir} already holds a database: nothing was restored; add --force to replace it (the old one is kept aside).`);
      movedAside = `${target}.replaced-${new Date().toISOString().replaceAll(":", "-")}`;
      fs.renameSync(target, movedAside);
    }
    const client = embeddedClient(target, { loadDataDir: new Blob([fs.readFileSync(file)]) });
    await client.waitReady;
    await client.close();
    // the unpacked files were written by the restore, not by PostgreSQL: no checkpoint will fsync them
    syncFolder(target);
    return { movedAside };
  } finally {
    release();
  }
}

/**
 * Into the PostgreSQL database at `url` with `pg_restore` in one transaction (all or nothing). A
 * database that already has tables is refused unless `force` (then `--clean --if-exists`).
 */
export async function restorePostgres(file: string, url: string, opts: { force: boolean }): Promise<void> {
  const manifest = await checkBackup(file);
  if (manifest.store !== "postgres") throw new RestoreRefused("wrong_store", `这是 ${manifest.store} 的备份，不能恢复到 PostgreSQL。This is a ${manifest.store} backup; unset DATABASE_URL and set DATA_DIR to restore it.`);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(`select count(*)::int as n from pg_tables where schemaname not in ('pg_catalog', 'information_schema')`);
    if (rows[0]!.n > 0 && !opts.force) {
      throw new RestoreRefused("not_empty", `目标数据库已有 ${rows[0]!.n} 张表，未恢复；确认要覆盖请加 --force。The target database already has ${rows[0]!.n} tables: nothing was restored; add --force to replace them.`);
    }
  } finally {
    await client.end();
  }
  await run(pgBin("pg_restore"), ["--single-transaction", "--exit-on-error", "--no-owner", "--no-acl", ...(opts.force ? ["--clean", "--if-exists"] : []), "-d", url, file]);
}
