/**
 * `npm run restore -- <file> [--force]`
 *
 * Restores a backup made by `npm run backup` into the configured store (DATA_DIR, or
 * DATABASE_MIGRATION_URL / DATABASE_URL), after checking the file against the SHA-256 in its
 * `<file>.manifest.json`. A target that already holds a database is refused unless `--force`
 * (embedded: the old folder is moved aside, not deleted; PostgreSQL: pg_restore --clean). On
 * PostgreSQL the restore is one transaction; with DATABASE_MIGRATION_URL the app role is granted
 * again. Then start the server (which migrates if the backup is older) and run `npm run audit:verify`.
 *
 * Exit codes: 0 restored · 2 usage or failure · 3 the data folder is held by a running server ·
 * 4 the file does not match its manifest (or has none) — damaged or altered, nothing restored ·
 * 5 the target is not empty and --force was not given · 6 a backup of the other store.
 */
import fs from "node:fs";
import { parseArgs } from "node:util";
import { loadConfig } from "../src/platform/config.ts";
import { grantAppRole, roleOfUrl } from "../src/platform/db/app-role.ts";
import { RestoreRefused, restorePglite, restorePostgres } from "../src/platform/db/backup.ts";
import { openPostgres } from "../src/platform/db/db.ts";
import { AppError } from "../src/platform/http/errors.ts";

const EXIT = { ok: 0, usage: 2, inUse: 3, checksum: 4, notEmpty: 5, wrongStore: 6 } as const;
const usage = "usage: npm run restore -- <backup file> [--force]";

let file: string;
let force: boolean;
try {
  const parsed = parseArgs({ options: { force: { type: "boolean", default: false } }, allowPositionals: true });
  if (parsed.positionals.length !== 1) throw new Error("one backup file is needed");
  file = parsed.positionals[0]!;
  force = parsed.values.force ?? false;
} catch (e) {
  console.error(`${(e as Error).message}\n${usage}`);
  process.exit(EXIT.usage);
}
if (!fs.existsSync(file)) {
  console.error(`✖ no such file: ${file}\n${usage}`);
  process.exit(EXIT.usage);
}

const config = loadConfig();
const url = config.databaseMigrationUrl ?? config.databaseUrl;
try {
  if (url) {
    await restorePostgres(file, url, { force });
    if (config.databaseMigrationUrl && config.databaseUrl) {
      const owner = await openPostgres(config.databaseMigrationUrl, 1);
      try {
        await grantAppRole(owner.db, roleOfUrl(config.databaseUrl));
      } finally {
        await owner.close();
      }
    }
    console.log(`restored ${file} into PostgreSQL ${new URL(url).pathname.slice(1)}`);
  } else {
    const { movedAside } = await restorePglite(file, config.dataDir, { force });
    console.log(`restored ${file} into ${config.dataDir}${movedAside ? ` (the database that was there is kept at ${movedAside})` : ""}`);
    if (!fs.existsSync(`${config.dataDir}/data.key`) && !config.dataKey) console.warn(`note: ${config.dataDir}/data.key is missing — copy the original's key there (or set DATA_KEY), or personal data cannot be read`);
  }
  console.log("next: start the server, then run npm run audit:verify");
} catch (e) {
  if (e instanceof RestoreRefused) {
    console.error(`✖ ${e.message}`);
    process.exit(e.reason === "checksum" ? EXIT.checksum : e.reason === "not_empty" ? EXIT.notEmpty : EXIT.wrongStore);
  }
  if (e instanceof AppError && e.code === "db.locked") {
    console.error(`✖ restore not done: ${e.message}`);
    process.exit(EXIT.inUse);
  }
  console.error(`✖ restore failed: ${(e as Error).message}`);
  process.exit(EXIT.usage);
}
