/**
 * Roster import benchmark: generates N rows with valid, distinct ID numbers (.csv by default,
 * .xlsx with --xlsx), then runs dry run, commit and a second (idempotent) commit against a fresh
 * in-memory PGlite and — when TEST_DATABASE_URL or DATABASE_URL is set — a fresh PostgreSQL
 * database. Prints rows/s per phase and the peak RSS.
 *
 * Baseline (issue 11: the real path should reach ≥ 0.25× COPY): the rows the commit wrote, in every
 * table that gained rows (persons, their categories and evidence, the audit entries …), dumped and
 * COPYed into empty copies of those tables (`LIKE … INCLUDING ALL`: same columns, defaults,
 * indexes and checks; no triggers, no foreign keys) in the same run. On PostgreSQL by psql's
 * \copy (the platform has no COPY client library), on PGlite by COPY … FROM '/dev/blob'. The ratio is
 * the commit's rows/s over COPY's rows/s for the same row count (ROWS, the file's rows).
 *
 * Figures (bench/results/<date>.json): per store, the commit's seconds against COPY's seconds for
 * the same rows (goal met when COPY takes at least a quarter of the commit's time).
 *
 *   npm run bench -- roster-import [--rows 100000] [--xlsx] [--pglite-only]
 */
import { freshDatabase } from "./fresh-database.ts";
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { sql } from "drizzle-orm";
import { idCheckChar } from "../shared/src/ids.ts";
import { seedReference } from "../server/src/modules/reference/index.ts";
import { importRoster } from "../server/src/modules/trainees/trainees.import.ts";
import { userActor } from "../server/src/platform/auth/actor.ts";
import { systemClock } from "../server/src/platform/clock.ts";
import { loadConfig } from "../server/src/platform/config.ts";
import type { Ctx, Deps } from "../server/src/platform/context.ts";
import { createDataCrypto } from "../server/src/platform/crypto.ts";
import { type Database, openPglite, } from "../server/src/platform/db/db.ts";
import type { JobHandle } from "../server/src/platform/jobs/jobs.ts";
import { type Figure, record } from "./results.ts";

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

type Counts = Map<string, number>;
async function tableCounts(database: Database): Promise<Counts> {
  const tables = (await database.db.execute(sql`select tablename from pg_tables where schemaname = 'public' and tablename not like '%_copy' order by 1`)) as unknown as { rows: { tablename: string }[] };
  const counts: Counts = new Map();
  for (const { tablename } of tables.rows) {
    const r = (await database.db.execute(sql`select count(*)::int as n from ${sql.identifier(tablename)}`)) as unknown as { rows: { n: number }[] };
    counts.set(tablename, r.rows[0]!.n);
  }
  return counts;
}

/** COPY of the rows the commit wrote into empty look-alike tables; returns seconds spent in COPY … FROM. */
async function copyBaseline(database: Database, url: string | null, before: Counts, after: Counts): Promise<{ seconds: number; rows: number; tables: string[] }> {
  const grown = [...after].filter(([t, n]) => n > (before.get(t) ?? 0)).map(([t]) => t);
  let seconds = 0;
  let rows = 0;
  const dir = mkdtempSync(path.join(tmpdir(), "jl-copy-"));
  try {
    for (const t of grown) {
      const copy = `${t}_copy`;
      await database.db.execute(sql.raw(`create table "${copy}" (like "${t}" including all)`));
      const n = after.get(t)! - (before.get(t) ?? 0);
      rows += n;
      if (database.pglite) {
        const out = (await database.pglite.query(`copy "${t}" to '/dev/blob' with (format csv)`)) as { blob?: Blob };
        const t0 = performance.now();
        await database.pglite.query(`copy "${copy}" from '/dev/blob' with (format csv)`, [], { blob: out.blob! });
        seconds += (performance.now() - t0) / 1000;
      } else {
        const f = path.join(dir, `${t}.csv`);
        execFileSync("psql", [url!, "-q", "-c", `\\copy "${t}" to '${f}' with (format csv)`]);
        const t0 = performance.now();
        execFileSync("psql", [url!, "-q", "-c", `\\copy "${copy}" from '${f}' with (format csv)`]);
        seconds += (performance.now() - t0) / 1000;
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { seconds, rows, tables: grown };
}

/** issue 11: the commit reaches at least this share of COPY's rows/s */
const GOAL_SHARE_OF_COPY = 0.25;
const figures: Figure[] = [];

async function run(kind: string, database: Database, file: { buf: Buffer; name: string }, url: string | null = null) {
  console.log(`\n${kind}:`);
  await database.migrate();
  await seedReference(database.db);
  const deps: Deps = { db: database.db, dbKind: database.kind, clock: systemClock, config: loadConfig({}), crypto: createDataCrypto("bench-key") };
  const institutionId = randomUUID();
  // trainees are registered by an approved institution (person.institution_not_approved otherwise)
  const iso = new Date().toISOString();
  await database.db.execute(sql`insert into institutions (id, credit_code, name, type, role, status, region_code, address, licence_no, licence_valid_until, contact_name, contact_phone,
      bank_account_name, bank_name, bank_account_encrypted, bank_account_last4, created_at, updated_at)
    values (${institutionId}, '52220102MJ0000001X', '基准培训学校', 'private_school', 'training', 'approved', '220102', '地址', 'L', '2030-12-31', '王', '1', '王', '银行', 'x', '0000', ${iso}, ${iso})`);
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
  const before = await tableCounts(database);
  const t0 = performance.now();
  const commit = await time("commit", ROWS, () => importRoster(deps, ctx, file.buf, { mode: "commit", filename: file.name }, job));
  const commitSeconds = (performance.now() - t0) / 1000;
  console.log(`    → created ${commit.created}, updated ${commit.updated}, unchanged ${commit.unchanged}`);
  const copied = await copyBaseline(database, url, before, await tableCounts(database));
  console.log(
    `  COPY baseline          ${copied.seconds.toFixed(1).padStart(6)} s  ${Math.round(ROWS / copied.seconds).toLocaleString("en").padStart(8)} rows/s  (${copied.rows.toLocaleString("en")} rows in ${copied.tables.join(", ")})`,
  );
  const share = copied.seconds / commitSeconds;
  console.log(`  ratio commit / COPY    ${share.toFixed(2)}× (goal ≥ ${GOAL_SHARE_OF_COPY}×: ${share >= GOAL_SHARE_OF_COPY ? "MET" : "MISSED"})`);
  figures.push({
    name: `${kind}: commit vs COPY`,
    value: commitSeconds,
    baseline: copied.seconds,
    unit: "s",
    goal: `commit ≥ ${GOAL_SHARE_OF_COPY}× COPY's rows/s`,
    met: share >= GOAL_SHARE_OF_COPY,
    extra: { rows: ROWS, rowsPerSecond: Math.round(ROWS / commitSeconds), copyRowsPerSecond: Math.round(ROWS / copied.seconds), copiedRows: copied.rows, tables: copied.tables, note: `${share.toFixed(2)}× COPY's rows/s` },
  });
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
    const fresh = await freshDatabase(url, `jl_bench_${process.pid}`, 4);
    try {
      await run("PostgreSQL", fresh.database, file, fresh.url);
    } finally {
      await fresh.drop();
    }
  }
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
  console.log(`\npeak RSS ${mb(peakRss)}`);
  record("roster-import", figures, { rows: ROWS, format: XLSX ? "xlsx" : "csv", peakRssMiB: Math.round(peakRss / 2 ** 20) });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
