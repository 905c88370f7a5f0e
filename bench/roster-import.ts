/**
 * Roster import benchmark: generates N rows with valid, distinct ID numbers (.csv by default,
 * .xlsx with --xlsx), then runs dry run, commit and a second (idempotent) commit against a fresh
 * in-memory PGlite and — when TEST_DATABASE_URL or DATABASE_URL is set — a fresh PostgreSQL
 * database. Prints rows/s per phase and the peak RSS.
 *
 *   node --import tsx bench/roster-import.ts [--rows 100000] [--xlsx] [--pglite-only]
 */
import { randomUUID } from "node:crypto";
import ExcelJS from "exceljs";
import pg from "pg";
import { idCheckChar } from "../shared/src/ids.ts";
import { seedReference } from "../server/src/modules/reference/index.ts";
import { importRoster } from "../server/src/modules/trainees/trainees.import.ts";
import { userActor } from "../server/src/platform/auth/actor.ts";
import { systemClock } from "../server/src/platform/clock.ts";
import { loadConfig } from "../server/src/platform/config.ts";
import type { Ctx, Deps } from "../server/src/platform/context.ts";
import { createDataCrypto } from "../server/src/platform/crypto.ts";
import { type Database, openPglite, openPostgres } from "../server/src/platform/db/db.ts";
import type { JobHandle } from "../server/src/platform/jobs/jobs.ts";

const args = process.argv.slice(2);
const ROWS = Number(args[args.indexOf("--rows") + 1] ?? 0) || 100_000;
const XLSX = args.includes("--xlsx");
const COUNTIES = ["220102", "220103", "220104", "220105", "220106", "220112", "220113", "220122", "220182", "220183"];
const HEADER = ["身份证号", "姓名", "性别", "手机号", "居住地区划代码", "文化程度", "人员类别", "证明方式", "名册名称或承诺书编号", "证明日期"];

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 50);
const mb = (b: number) => `${Math.round(b / 1024 / 1024)} MB`;

function idNumber(i: number): string {
  const d = new Date(Date.UTC(1970, 0, 1) + (i % 12_000) * 86_400_000);
  const birth = d.toISOString().slice(0, 10).replace(/-/g, "");
  const seq = String(Math.floor(i / 12_000) + 1).padStart(3, "0");
  const first17 = `${COUNTIES[i % COUNTIES.length]}${birth}${seq}`;
  return first17 + idCheckChar(first17);
}

function rowOf(i: number): string[] {
  return [idNumber(i), `学员${i}`, "", `138${String(i).padStart(8, "0")}`, COUNTIES[i % COUNTIES.length]!, "初中", "农村转移就业劳动者", "承诺书", `CN-${i}`, "2026-01-15"];
}

async function makeFile(): Promise<{ buf: Buffer; name: string }> {
  if (!XLSX) {
    const lines = [HEADER.join(",")];
    for (let i = 0; i < ROWS; i++) lines.push(rowOf(i).join(","));
    return { buf: Buffer.from(`${lines.join("\n")}\n`), name: "roster.csv" };
  }
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("花名册");
  ws.addRow(HEADER);
  for (let i = 0; i < ROWS; i++) ws.addRow(rowOf(i));
  return { buf: Buffer.from(await wb.xlsx.writeBuffer()), name: "roster.xlsx" };
}

async function time<T>(label: string, rows: number, fn: () => Promise<T>): Promise<T> {
  const t = performance.now();
  const r = await fn();
  const s = (performance.now() - t) / 1000;
  console.log(`  ${label.padEnd(22)} ${s.toFixed(1).padStart(6)} s  ${Math.round(rows / s).toLocaleString("en").padStart(8)} rows/s  rss ${mb(process.memoryUsage().rss)}`);
  return r;
}

async function run(kind: string, database: Database, file: { buf: Buffer; name: string }) {
  console.log(`\n${kind}:`);
  await database.migrate();
  await seedReference(database.db);
  const deps: Deps = { db: database.db, dbKind: database.kind, clock: systemClock, config: loadConfig({}), crypto: createDataCrypto("bench-key") };
  const institutionId = randomUUID();
  const actor = userActor({ id: randomUUID(), username: "bench", regionCode: "220102", mustChangePassword: false }, [
    { role: "institution_staff", scopeType: "institution", regionCode: null, departmentCode: null, institutionId },
  ]);
  const ctx: Ctx = { actor, requestId: "bench", clientIp: null };
  let last = 0;
  const job: JobHandle = {
    id: randomUUID(),
    progress: (p) => {
      if (p.processed !== undefined && p.processed - last >= 25_000) {
        last = p.processed;
        process.stdout.write(`    … ${p.processed.toLocaleString("en")} rows\n`);
      }
    },
    // no job row here
    succeedIn: async () => {},
  };
  const dry = await time("dry run", ROWS, () => importRoster(deps, ctx, file.buf, { mode: "dry-run", filename: file.name }, job));
  console.log(`    → created ${dry.created}, problems ${dry.problemCount}`);
  last = 0;
  const commit = await time("commit", ROWS, () => importRoster(deps, ctx, file.buf, { mode: "commit", filename: file.name }, job));
  console.log(`    → created ${commit.created}, updated ${commit.updated}, unchanged ${commit.unchanged}`);
  last = 0;
  const again = await time("same file again", ROWS, () => importRoster(deps, ctx, file.buf, { mode: "commit", filename: file.name }, job));
  console.log(`    → created ${again.created}, updated ${again.updated}, unchanged ${again.unchanged}`);
}

async function main() {
  console.log(`roster import benchmark: ${ROWS.toLocaleString("en")} rows as ${XLSX ? ".xlsx" : ".csv"}; node ${process.version}`);
  const t = performance.now();
  const file = await makeFile();
  console.log(`  generated ${file.name}: ${mb(file.buf.length)} in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  const lite = await openPglite();
  await run("PGlite (in memory)", lite, file);
  await lite.close();

  const url = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  if (url && !args.includes("--pglite-only")) {
    const name = `jl_bench_${process.pid}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const u = new URL(url);
    u.pathname = `/${name}`;
    const database = await openPostgres(u.toString(), 4);
    try {
      await run("PostgreSQL", database, file);
    } finally {
      await database.close();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  }
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
  console.log(`\npeak RSS ${mb(peakRss)}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
