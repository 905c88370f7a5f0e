import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { openPglite, openPostgres } from "../src/platform/db/db.ts";
import { seedCalendar } from "../src/modules/calendar/index.ts";
import { seedDemoOccupations } from "../src/modules/catalogue/index.ts";
import { seedReference } from "../src/modules/reference/index.ts";
import { seedTargets } from "../src/modules/targets/index.ts";
import { systemClock } from "../src/platform/clock.ts";

declare module "vitest" {
  export interface ProvidedContext {
    pgliteTemplate: string;
    pgTemplate: string;
  }
}

/**
 * Migrates and seeds one template per run; every test file then starts from a copy of it
 * (a PGlite data-dir dump, or CREATE DATABASE … TEMPLATE on PostgreSQL), so files never share rows.
 */
export default async function setup(project: TestProject) {
  // the project's `env` reaches test workers, not this process: read it from the config
  if (project.config.env?.TEST_DB === "postgres") {
    const url = process.env.TEST_DATABASE_URL!;
    const name = `jl_tpl_${process.pid}_${Date.now().toString(36)}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const u = new URL(url);
    u.pathname = `/${name}`;
    const database = await openPostgres(u.toString(), 2);
    await database.migrate();
    await seedReference(database.db);
    await seedTargets(database.db, systemClock);
    await seedCalendar(database.db);
    await seedDemoOccupations(database.db, systemClock);
    await database.close();
    project.provide("pgTemplate", name);
    return async () => {
      const { rows } = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`${name.replace("jl_tpl_", "jl_t_")}_%`]);
      for (const r of rows) await admin.query(`DROP DATABASE IF EXISTS ${r.datname} WITH (FORCE)`);
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    };
  }
  const database = await openPglite();
  await database.migrate();
  await seedReference(database.db);
  await seedTargets(database.db, systemClock);
  await seedCalendar(database.db);
  await seedDemoOccupations(database.db, systemClock);
  const dump = await database.pglite!.dumpDataDir("none");
  const file = path.join(os.tmpdir(), `jl-pglite-template-${process.pid}.tar`);
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await database.close();
  project.provide("pgliteTemplate", file);
  return () => fs.rmSync(file, { force: true });
}
