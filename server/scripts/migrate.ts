/** `npm run db:migrate`: applies migrations and reference data to DATABASE_URL (or the embedded store). */
import { systemClock } from "../src/platform/clock.ts";
import { loadConfig } from "../src/platform/config.ts";
import { openDatabase } from "../src/platform/db/db.ts";
import { makeDeps, prepareDatabase } from "../src/setup.ts";

const config = loadConfig();
const database = await openDatabase(config);
const deps = makeDeps(database, { ...config, dataKey: config.dataKey ?? "migrate-only" }, systemClock);
const admin = await prepareDatabase(database, deps);
if (admin.generatedPassword) console.log(`created administrator 'admin' with initial password ${admin.generatedPassword} (change it at first login)`);
console.log(`migrations applied (${database.kind})`);
await database.close();
