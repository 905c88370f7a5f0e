import { createDataCrypto, resolveDataKey } from "./platform/crypto.ts";
import type { Clock } from "./platform/clock.ts";
import type { Config } from "./platform/config.ts";
import type { Deps } from "./platform/context.ts";
import type { Database } from "./platform/db/db.ts";
import { seedCalendar } from "./modules/calendar/index.ts";
import { seedDemoOccupations } from "./modules/catalogue/index.ts";
import { seedReference } from "./modules/reference/index.ts";
import { seedTargets } from "./modules/targets/index.ts";
import { ensureAdmin } from "./modules/users/index.ts";
import { failInterruptedJobs } from "./platform/jobs/jobs.ts";

export function makeDeps(database: Database, config: Config, clock: Clock): Deps {
  const key = config.dataKey ?? (database.kind === "pglite" ? resolveDataKey(undefined, config.dataDir) : undefined);
  if (!key) throw new Error("DATA_KEY must be set when running on PostgreSQL (DATABASE_URL): it encrypts personal data.");
  return { db: database.db, dbKind: database.kind, clock, config, crypto: createDataCrypto(key) };
}

/** Migrations, then idempotent reference data, then the first administrator. */
export async function prepareDatabase(database: Database, deps: Deps) {
  await database.migrate();
  await seedReference(deps.db);
  await seedTargets(deps.db, deps.clock);
  await seedCalendar(deps.db);
  await seedDemoOccupations(deps.db, deps.clock);
  await failInterruptedJobs(deps);
  return ensureAdmin(deps, deps.config.adminPassword);
}
