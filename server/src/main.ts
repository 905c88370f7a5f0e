import pg from "pg";
import { buildApp } from "./app.ts";
import { resolveAuditSigner, startAnchoring } from "./platform/audit/anchor.ts";
import { systemClock } from "./platform/clock.ts";
import { type Config, loadConfig } from "./platform/config.ts";
import type { Deps } from "./platform/context.ts";
import { grantAppRole, roleOfUrl } from "./platform/db/app-role.ts";
import { type Database, openDatabase, openPostgres } from "./platform/db/db.ts";
import { openReplica, type Replica } from "./platform/db/replica.ts";
import { AppError } from "./platform/http/errors.ts";
import { startJobSweeper } from "./platform/jobs/jobs.ts";
import { makeDeps, prepareDatabase } from "./setup.ts";
import { startStatsRefresher } from "./modules/stats/index.ts";
import { durabilityOf, durabilityWarning } from "./platform/db/durability.ts";

/**
 * Migrations, reference data and the first administrator; with DATABASE_MIGRATION_URL they run as
 * the tables' owner, who then grants the app role (DATABASE_URL's user) what it may do.
 */
async function prepare(config: Config, database: Database, deps: Deps) {
  if (database.kind !== "postgres") return prepareUnlocked(config, database, deps);
  // several processes may start at once on one PostgreSQL: one migrates and seeds at a time
  const lock = new pg.Client({ connectionString: config.databaseMigrationUrl ?? config.databaseUrl });
  await lock.connect();
  try {
    await lock.query("select pg_advisory_lock(hashtext('jilin.startup'))");
    return await prepareUnlocked(config, database, deps);
  } finally {
    await lock.end(); // ends the session, and with it the lock
  }
}

async function prepareUnlocked(config: Config, database: Database, deps: Deps) {
  if (!config.databaseMigrationUrl || database.kind !== "postgres") return prepareDatabase(database, deps);
  const owner = await openPostgres(config.databaseMigrationUrl, 2);
  try {
    const admin = await prepareDatabase(owner, makeDeps(owner, config, systemClock));
    await grantAppRole(owner.db, roleOfUrl(config.databaseUrl!));
    return admin;
  } finally {
    await owner.close();
  }
}

async function main() {
  const config = loadConfig();
  let database: Awaited<ReturnType<typeof openDatabase>>;
  try {
    database = await openDatabase(config);
  } catch (e) {
    if (e instanceof AppError && e.code === "db.locked") {
      console.error(`\n✖ ${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
  // before anything is written: on PostgreSQL a missing key stops the start, like a missing DATA_KEY
  const signer = resolveAuditSigner(config.auditSigningKey, config.dataDir, database.kind);
  if (config.databaseReplicaUrl && database.kind !== "postgres") {
    console.error("\n✖ DATABASE_REPLICA_URL needs DATABASE_URL: a read replica is a PostgreSQL standby of the PostgreSQL primary.\n");
    process.exit(2);
  }
  const deps = makeDeps(database, config, systemClock);
  const admin = await prepare(config, database, deps);
  // after the migrations: the replica receives them from the primary
  let replica: Replica | undefined;
  if (config.databaseReplicaUrl) {
    replica = await openReplica(config.databaseReplicaUrl);
    deps.replicaDb = replica.db;
  }
  const notDurable = durabilityWarning(await durabilityOf(deps.db));
  if (notDurable) console.warn(`\n${notDurable}\n`);
  if (admin.generatedPassword) {
    console.log("\n================================================================");
    console.log(" 已创建省级管理员账号 admin / Created administrator account 'admin'");
    console.log(` 初始密码 / initial password: ${admin.generatedPassword}`);
    console.log(" 首次登录后必须修改密码。It must be changed at first login.");
    console.log(" 此密码只显示这一次。This password is shown only once.");
    console.log("================================================================\n");
  }
  const app = await buildApp(deps, { logger: { level: config.logLevel } });
  const anchoring = startAnchoring(deps.db, signer, systemClock, {
    everyEntries: config.auditAnchorEntries,
    everyMinutes: config.auditAnchorMinutes,
    onError: (e) => app.log.error({ err: e }, "could not sign the audit chain head"),
  });
  await anchoring.ready; // the head found at start is signed before anything new is served
  const stopSweeper = startJobSweeper(deps); // PostgreSQL: fails jobs of processes that died
  // statistics rollups: drained every 15 s, so a write shows in the figures within a minute
  const statsRefresher = startStatsRefresher(deps.db, systemClock, { onError: (e) => app.log.error({ err: e }, "could not refresh the statistics rollups") });
  const shutdown = async (signal: string) => {
    app.log.info({ signal }, "shutting down");
    stopSweeper();
    await app.close();
    await statsRefresher.stop();
    await anchoring.stop(); // the final head is signed before the database closes
    await replica?.close();
    await database.close();
    process.exit(0);
  };
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  await app.listen({ host: config.host, port: config.port });
  console.log(`吉林省职业技能培训信息管理平台 running at http://${config.host}:${config.port} (database: ${database.kind}${database.kind === "pglite" ? ` in ${config.dataDir}` : ""}${replica ? ", statistics and disclosure read from the replica" : ""}; audit heads signed by key ${signer.keyId})`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
