/**
 * `npm run demo`: loads a living demo province into the embedded store (DATA_DIR, default ./data)
 * or DATABASE_URL — institutions in every city, a catalogue with standards, persons, classes of
 * 2019–2021 and this year in every state with sessions, attendance, corrections, results and
 * certificates, budgets, subsidy claims in every state with notices, objections, advances,
 * settlements and bank batches (server/scripts/demo/claims.ts), an account for every role, and
 * planted irregularities the controls catch; the statistics rollups are refreshed at the end.
 *
 *   npm run demo [-- --seed 2019] [--scale default|tiny|province|three-years] [--reset] [--now 2026-12-02T10:00:00Z]
 *
 * `--onto-demo` with a bulk scale adds only the bulk rows to a database that already holds the
 * default demo province (the service-loaded part takes minutes; benchmarks clone it instead).
 *
 * `province` (a province-year, ≈ 230,000 enrollments) and `three-years` (2019–2021: ≈ 700,000
 * persons and enrollments, ≈ 14 million check-ins) load the default province through the services
 * and then bulk rows (server/scripts/demo/bulk.ts) — for benchmarks; expect minutes on PostgreSQL.
 *
 * Refuses a database that already holds business data; `--reset` deletes and recreates the data
 * folder first (embedded store only — drop a PostgreSQL database yourself).
 */
import fs from "node:fs";
import { parseArgs } from "node:util";
import { count } from "drizzle-orm";
import { classes } from "../src/modules/classes/index.ts";
import { institutions } from "../src/modules/institutions/index.ts";
import { persons } from "../src/modules/trainees/index.ts";
import { TestClock } from "../src/platform/clock.ts";
import { loadConfig } from "../src/platform/config.ts";
import { grantAppRole, roleOfUrl } from "../src/platform/db/app-role.ts";
import { type Database, openDatabase, openPostgres } from "../src/platform/db/db.ts";
import { AppError } from "../src/platform/http/errors.ts";
import { makeDeps, prepareDatabase } from "../src/setup.ts";
import { BULK_SCALES, type BulkScale, generateBulk } from "./demo/bulk.ts";
import { generateDemo, SCALES, type Scale } from "./demo/generate.ts";

function usage(message: string): never {
  console.error(`✖ ${message}\n  usage: npm run demo -- [--seed N] [--scale ${[...Object.keys(SCALES), ...Object.keys(BULK_SCALES)].join("|")}] [--reset] [--now ISO-instant]`);
  process.exit(2);
}

async function main() {
  const { values } = parseArgs({
    options: { seed: { type: "string", default: "2019" }, scale: { type: "string", default: "default" }, reset: { type: "boolean", default: false }, now: { type: "string" }, "onto-demo": { type: "boolean", default: false } },
  });
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) usage("--seed must be an integer");
  const bulk = values.scale! in BULK_SCALES ? (values.scale as BulkScale) : null;
  if (!bulk && !(values.scale! in SCALES)) usage(`unknown scale ${values.scale}`);
  const now = values.now ? new Date(values.now) : new Date();
  if (Number.isNaN(now.getTime())) usage("--now must be an ISO instant");
  const config = loadConfig();

  if (values.reset) {
    if (config.databaseUrl) usage("--reset only deletes the embedded data folder; drop and recreate the PostgreSQL database yourself");
    console.log(`removing ${config.dataDir}`);
    fs.rmSync(config.dataDir, { recursive: true, force: true });
  }
  let database: Database;
  try {
    // a fresh folder loaded in one go: fsync once at the end rather than at each of thousands of commits
    database = await openDatabase(config, { bulkLoad: true });
  } catch (e) {
    if (e instanceof AppError && e.code === "db.locked") usage(e.message);
    throw e;
  }
  const clock = new TestClock(now);
  const deps = makeDeps(database, config, clock);
  try {
    console.log(`preparing ${database.kind === "pglite" ? config.dataDir : "DATABASE_URL"}: migrations, reference data, administrator`);
    let admin: Awaited<ReturnType<typeof prepareDatabase>>;
    if (config.databaseMigrationUrl && database.kind === "postgres") {
      const owner = await openPostgres(config.databaseMigrationUrl, 2);
      try {
        admin = await prepareDatabase(owner, makeDeps(owner, config, clock));
        await grantAppRole(owner.db, roleOfUrl(config.databaseUrl!));
      } finally {
        await owner.close();
      }
    } else admin = await prepareDatabase(database, deps);
    if (values["onto-demo"]) {
      if (!bulk) usage("--onto-demo goes with --scale province or three-years");
      console.log(`bulk rows for --scale ${bulk} onto the demo province already there`);
      const b = await generateBulk(deps, { seed, size: BULK_SCALES[bulk](Number(now.toISOString().slice(0, 4))), now, log: (l) => console.log(l) });
      console.log(`bulk rows loaded in ${b.seconds.toFixed(0)} s`);
      return;
    }
    const [i] = await deps.db.select({ n: count() }).from(institutions);
    const [p] = await deps.db.select({ n: count() }).from(persons);
    const [c] = await deps.db.select({ n: count() }).from(classes);
    if (i!.n + p!.n + c!.n > 0) {
      usage(`the database already holds business data (${i!.n} institutions, ${p!.n} persons, ${c!.n} classes); ${config.databaseUrl ? "use an empty database" : "run with --reset to delete the data folder and start over"}`);
    }
    console.log(`generating the demo province (seed ${seed}, scale ${values.scale}, now ${now.toISOString()})`);
    const r = await generateDemo(deps, clock, { seed, scale: bulk ? "default" : (values.scale as Scale), now, log: (l) => console.log(l) });
    if (bulk) {
      console.log(`\nbulk rows for --scale ${bulk}`);
      const size = BULK_SCALES[bulk](Number(now.toISOString().slice(0, 4)));
      const b = await generateBulk(deps, { seed, size, now, log: (l) => console.log(l) });
      console.log(`bulk rows loaded in ${b.seconds.toFixed(0)} s`);
      const rows = await deps.db.select({ status: classes.status, n: count() }).from(classes).groupBy(classes.status);
      r.classCounts = Object.fromEntries(rows.map((x) => [x.status, x.n]));
    }

    console.log("\n培训班（按状态）/ classes by status:");
    console.log(`  ${Object.entries(r.classCounts).map(([s, n]) => `${s} ${n}`).join(" · ")}`);
    const m = r.money;
    const claimStatusNames: Record<string, string> = { draft: "草稿", submitted: "待县级初审", returned: "已退回", county_approved: "待市级复审", approved: "审核通过" };
    console.log("\n补贴申领（按状态）/ subsidy claims by status (审核通过 includes those in notice and paid):");
    console.log(`  ${Object.entries(m.claims).map(([s, n]) => `${claimStatusNames[s] ?? s} ${n}`).join(" · ")}  — 培训补贴 ${m.claimTypes.training ?? 0} · 评价补贴 ${m.claimTypes.evaluation ?? 0}`);
    console.log(`  公示 ${m.notices} 批，异议 ${m.objections} 件（${m.objections - m.openObjections} 件已处理、${m.openObjections} 件待处理）；银行批次 ${m.batches} 个：成功 ${m.paidRows} 行，退回 ${m.returnedRows} 行（待更正收款账户）`);
    console.log(`  已支付补贴（台账费用科目，与资金使用公开一致）：${(m.spentFen / 100).toLocaleString("zh-CN", { minimumFractionDigits: 2 })} 元`);
    console.log("\n埋设的异常及其拦截 / planted irregularities and what caught them:");
    for (const line of r.caught) console.log(`  • ${line}`);
    console.log("  • 退休人员、在校生、低出勤学员：见各班“预警”与考勤汇总（出勤率 < 80%）");
    const adminPassword = admin.generatedPassword ?? (config.adminPassword ? "(ADMIN_PASSWORD)" : "(unchanged)");
    console.log("\n演示账号 / demo accounts (must-change-password off, except a generated admin password):");
    const rows = r.credentials.map((x) => (x.username === "admin" ? { ...x, password: adminPassword } : x));
    const w = [Math.max(...rows.map((x) => width(x.role))), Math.max(...rows.map((x) => x.username.length)), Math.max(...rows.map((x) => x.password.length))];
    for (const x of rows) console.log(`  ${pad(x.role, w[0]!)}  ${pad(x.username, w[1]!)}  ${pad(x.password, w[2]!)}  ${x.scope}`);
    console.log("  every other institution's staff: staff.NN, evaluators: evaluator.NN, city and county officers: officer.<region code> — same password as their role above");
    console.log(`\nstart the platform on it: ${database.kind === "pglite" ? `DATA_DIR=${config.dataDir} ` : ""}npm start`);
  } finally {
    await database.close();
  }
}

/** display width: CJK characters take two columns */
function width(s: string): number {
  let n = 0;
  for (const ch of s) n += /[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1;
  return n;
}
function pad(s: string, w: number): string {
  return s + " ".repeat(Math.max(0, w - width(s)));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
