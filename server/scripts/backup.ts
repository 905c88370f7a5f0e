/**
 * `npm run backup [-- --out <file>]`
 *
 * Backs up the configured store — the embedded one (DATA_DIR; stop the server first, its lock is
 * respected) with PGlite's data-folder dump, or PostgreSQL (DATABASE_MIGRATION_URL, else
 * DATABASE_URL) with `pg_dump -Fc` — and writes `<file>.manifest.json` beside it: size, SHA-256
 * and each table's row count. The keys (DATA_KEY, AUDIT_SIGNING_KEY, or DATA_DIR's data.key and
 * audit-signing.key) are NOT in the backup: keep them apart, a restore is unreadable without them.
 *
 * Exit codes: 0 written · 2 usage or failure · 3 the data folder is held by a running server.
 */
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { loadConfig } from "../src/platform/config.ts";
import { backupPglite, backupPostgres } from "../src/platform/db/backup.ts";
import { AppError } from "../src/platform/http/errors.ts";

const EXIT = { ok: 0, usage: 2, inUse: 3 } as const;

let out: string | undefined;
try {
  out = parseArgs({ options: { out: { type: "string" } }, allowPositionals: false }).values.out;
} catch (e) {
  console.error(`${(e as Error).message}\nusage: npm run backup [-- --out <file>]`);
  process.exit(EXIT.usage);
}
const config = loadConfig();
const url = config.databaseMigrationUrl ?? config.databaseUrl;
const stamp = new Date().toISOString().replaceAll(":", "-").replace(/\.\d+Z$/, "Z");
const file = path.resolve(out ?? path.join("backups", url ? `postgres-${stamp}.dump` : `pglite-${stamp}.tar.gz`));
fs.mkdirSync(path.dirname(file), { recursive: true });

try {
  const m = url ? await backupPostgres(url, file) : await backupPglite(config.dataDir, file);
  const rows = Object.values(m.tables).reduce((a, b) => a + b, 0);
  console.log(`backup written: ${file} (${m.store}, ${m.bytes} bytes, ${Object.keys(m.tables).length} tables, ${rows} rows)`);
  console.log(`manifest:       ${file}.manifest.json (sha256 ${m.sha256})`);
  console.log("keys are not in the backup: keep DATA_KEY and AUDIT_SIGNING_KEY (embedded store: DATA_DIR/data.key, DATA_DIR/audit-signing.key) safely apart from it");
} catch (e) {
  fs.rmSync(file, { force: true });
  if (e instanceof AppError && e.code === "db.locked") {
    console.error(`✖ backup not taken: ${e.message}`);
    process.exit(EXIT.inUse);
  }
  console.error(`✖ backup failed: ${(e as Error).message}`);
  process.exit(EXIT.usage);
}
