/**
 * `npm run db:migrate`: applies migrations and reference data to the PostgreSQL server (or the
 * embedded store). With DATABASE_MIGRATION_URL it connects as that (owner) role and then grants
 * DATABASE_URL's role what the app needs — no ownership, no UPDATE/DELETE on append-only tables.
 */
import { systemClock } from "../src/platform/clock.ts";
import { loadConfig } from "../src/platform/config.ts";
import { grantAppRole, roleOfUrl } from "../src/platform/db/app-role.ts";
import { openDatabase } from "../src/platform/db/db.ts";
import { makeDeps, prepareDatabase } from "../src/setup.ts";

const config = loadConfig();
const ownerUrl = config.databaseMigrationUrl ?? config.databaseUrl;
const database = await openDatabase({ ...config, databaseUrl: ownerUrl });
try {
  const deps = makeDeps(database, { ...config, dataKey: config.dataKey ?? "migrate-only" }, systemClock);
  const admin = await prepareDatabase(database, deps);
  if (admin.generatedPassword) console.log(`created administrator 'admin' with initial password ${admin.generatedPassword} (change it at first login)`);
  console.log(`migrations applied (${database.kind})`);
  if (config.databaseMigrationUrl && config.databaseUrl) {
    const role = roleOfUrl(config.databaseUrl);
    const { appendOnly } = await grantAppRole(database.db, role);
    console.log(`granted role ${role} read/write on the tables, read/insert only on ${appendOnly.join(", ")}`);
  }
} finally {
  await database.close();
}
