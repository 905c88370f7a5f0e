import { buildApp } from "./app.ts";
import { systemClock } from "./platform/clock.ts";
import { loadConfig } from "./platform/config.ts";
import { openDatabase } from "./platform/db/db.ts";
import { AppError } from "./platform/http/errors.ts";
import { makeDeps, prepareDatabase } from "./setup.ts";

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
  const deps = makeDeps(database, config, systemClock);
  const admin = await prepareDatabase(database, deps);
  if (admin.generatedPassword) {
    console.log("\n================================================================");
    console.log(" 已创建省级管理员账号 admin / Created administrator account 'admin'");
    console.log(` 初始密码 / initial password: ${admin.generatedPassword}`);
    console.log(" 首次登录后必须修改密码。It must be changed at first login.");
    console.log(" 此密码只显示这一次。This password is shown only once.");
    console.log("================================================================\n");
  }
  const app = await buildApp(deps, { logger: { level: config.logLevel } });
  const shutdown = async (signal: string) => {
    app.log.info({ signal }, "shutting down");
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  await app.listen({ host: config.host, port: config.port });
  console.log(`吉林省职业技能培训信息管理平台 running at http://${config.host}:${config.port} (database: ${database.kind}${database.kind === "pglite" ? ` in ${config.dataDir}` : ""})`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
