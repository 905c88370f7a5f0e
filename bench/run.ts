/**
 * Benchmark dispatcher: `npm run bench -- <name> [options]`. Each benchmark runs in its own
 * process only when named; with no name the check-in benchmark runs.
 *   checkin        real-name check-in over HTTP against PostgreSQL (bench/checkin.ts)
 *   roster-import  100,000-row roster import (bench/roster-import.ts)
 *   bundle         JavaScript and CSS each console page loads, raw/gzip/brotli (bench/bundle-size.ts)
 *   page-load      login, console and phone home load times in Chromium over a throttled link (bench/page-load.ts)
 *   reports        dashboard and report requests at 1,000,000 enrollments vs a direct GROUP BY (bench/reports.ts)
 *   lists          list/search/detail endpoints on a generated province vs their own SQL, plans checked (bench/lists.ts)
 *   claims         generating and reviewing subsidy claims for N assessed classes of 50 vs a bare INSERT (bench/claims.ts)
 *   portal         the public portal and certificate check under 100 concurrent anonymous clients vs the same SQL on a bare route (bench/portal.ts)
 *   cold-start     `npm start` to listening, first /api/health and first page: empty data folder vs the demo province (bench/cold-start.ts)
 *
 * `npm run bench -- all [--quick]` runs them one after another, each in its own process, a failing
 * one not stopping the rest, then prints one table of every figure recorded today
 * (bench/results/<date>.json: value, same-run baseline, ratio, goal met or missed where the bench
 * knows its goal) and which benchmarks ran, failed or were skipped. A benchmark whose prerequisite
 * is missing is skipped with the reason:
 *   checkin, reports, claims, portal  TEST_DATABASE_URL or DATABASE_URL (a PostgreSQL server; each
 *                                     creates and drops its own database); roster-import runs on
 *                                     PGlite alone without it
 *   page-load                         a built console (web/dist: cold-start's `npm start` and
 *                                     bundle build it when missing, and run before it) and
 *                                     /usr/bin/chromium
 *   lists                             DATABASE_URL of a generated province (`npm run demo -- --scale
 *                                     three-years` on PostgreSQL) and its DATA_KEY
 * Without `--quick` every benchmark runs at its own defaults (the issue's sizes: hours in all);
 * `--quick` passes small sizes so the whole suite is smoke-checked in minutes (figures then mean
 * little). `--only a,b` runs just those. A benchmark still running after `--timeout <minutes>`
 * (default 120, with --quick 10) is stopped with everything it started (its process tree, then
 * the databases it created, named jl_bench_…_<its pid>), counted as failed, and the suite goes on.
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { type Figure, goalCell, resultsFile } from "./results.ts";

const benches: Record<string, string> = { checkin: "checkin.ts", "roster-import": "roster-import.ts", bundle: "bundle-size.ts", "page-load": "page-load.ts", reports: "reports.ts", lists: "lists.ts", claims: "claims.ts", portal: "portal.ts", "cold-start": "cold-start.ts" };
const root = fileURLToPath(new URL("..", import.meta.url));

const benchArgs = (file: string, args: string[]) => ["--import", "tsx", fileURLToPath(new URL(`./${file}`, import.meta.url)), ...args];

/** every process under `pid` (Linux /proc), each listed before its parent: the deepest first */
function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // "pid (comm) state ppid …": comm may hold spaces and parentheses, so read after the last ")"
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // the process ended meanwhile
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const c of children.get(p) ?? []) {
      walk(c);
      out.push(c);
    }
  };
  walk(pid);
  return out;
}

/** drops what a stopped benchmark left on the server: its databases end in _<pid> (bench/fresh-database.ts) */
async function dropLeftovers(pid: number): Promise<string[]> {
  const url = postgresUrl();
  if (!url) return [];
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>("select datname from pg_database where datname like 'jl\\_bench\\_%' and datname like $1", [`%\\_${pid}`]);
    for (const r of rows) await admin.query(`drop database if exists ${r.datname} with (force)`);
    return rows.map((r) => r.datname);
  } finally {
    await admin.end();
  }
}

/** runs one benchmark in its own process; past `timeoutMs` stops it and all it started */
async function runBenchWithin(file: string, args: string[], timeoutMs: number): Promise<{ ok: boolean; detail: string }> {
  const child = spawn(process.execPath, benchArgs(file, args), { stdio: "inherit" });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    const pid = child.pid!;
    for (const p of [...descendants(pid), pid]) {
      try {
        process.kill(p, "SIGKILL");
      } catch {
        // already gone
      }
    }
  }, timeoutMs);
  const [code, signal] = (await new Promise((resolve) => child.on("exit", (c, s) => resolve([c, s])))) as [number | null, NodeJS.Signals | null];
  clearTimeout(timer);
  if (timedOut) {
    const dropped = await dropLeftovers(child.pid!).catch((e: Error) => [`(could not drop its databases: ${e.message})`]);
    return { ok: false, detail: `stopped after the ${timeoutMs / 60_000}-minute timeout${dropped.length ? `; dropped ${dropped.join(", ")}` : ""}` };
  }
  return code === 0 ? { ok: true, detail: "" } : { ok: false, detail: signal ? `signal ${signal}` : `exit ${code}` };
}

const postgresUrl = () => process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
const consoleBuilt = () => fs.existsSync(path.join(root, "web/dist/.vite/manifest.json")) && fs.existsSync(path.join(root, "web/dist/index.html"));

interface Step {
  name: string;
  /** the options of a full run and of a --quick one (each bench's header names them) */
  full: string[];
  quick: string[];
  /** why it cannot run now, checked just before its turn (an earlier bench may have built web/dist) */
  missing?: () => string | null;
}

/** in this order: cold-start before bundle and page-load (its first `npm start` builds web/dist when missing) */
const suite: Step[] = [
  { name: "roster-import", full: [], quick: ["--rows", "5000"] },
  { name: "checkin", full: [], quick: ["--seconds", "3"], missing: () => (postgresUrl() ? null : "needs TEST_DATABASE_URL or DATABASE_URL (a PostgreSQL server)") },
  { name: "reports", full: [], quick: ["--enrollments", "20000", "--sessions", "2", "--reps", "5"], missing: () => (postgresUrl() ? null : "needs TEST_DATABASE_URL or DATABASE_URL (a PostgreSQL server)") },
  { name: "claims", full: [], quick: ["--classes", "20"], missing: () => (postgresUrl() ? null : "needs TEST_DATABASE_URL or DATABASE_URL (a PostgreSQL server)") },
  {
    name: "portal",
    full: [],
    quick: ["--seconds", "2", "--concurrency", "20", "--persons", "1000", "--items", "200", "--institutions", "300", "--notices", "30"],
    missing: () => (postgresUrl() ? null : "needs TEST_DATABASE_URL or DATABASE_URL (a PostgreSQL server)"),
  },
  { name: "cold-start", full: [], quick: ["--runs", "1", "--demo-scale", "tiny"] },
  // builds web/dist itself when missing
  { name: "bundle", full: [], quick: [] },
  {
    name: "page-load",
    full: [],
    quick: ["--runs", "1"],
    missing: () => (!consoleBuilt() ? "the console is not built (npm run build:web)" : !fs.existsSync("/usr/bin/chromium") ? "needs /usr/bin/chromium" : null),
  },
  {
    name: "lists",
    full: [],
    quick: ["--requests", "10"],
    missing: () => (process.env.DATABASE_URL && process.env.DATA_KEY ? null : "needs DATABASE_URL and DATA_KEY of a generated province (npm run demo -- --scale three-years on PostgreSQL)"),
  },
];

type Outcome = { name: string; status: "ok" | "failed" | "skipped"; detail: string };

async function runAll(args: string[]): Promise<number> {
  const quick = args.includes("--quick");
  const minutes = args.includes("--timeout") ? Number(args[args.indexOf("--timeout") + 1]) : quick ? 10 : 120;
  if (!(minutes > 0)) {
    console.error("--timeout takes a number of minutes greater than 0");
    return 2;
  }
  const only = args.includes("--only") ? new Set(args[args.indexOf("--only") + 1]!.split(",")) : null;
  const unknown = only ? [...only].filter((n) => !benches[n]) : [];
  if (unknown.length) {
    console.error(`unknown benchmark(s) ${unknown.join(", ")}; choose from: ${Object.keys(benches).join(", ")}`);
    return 2;
  }
  const started = new Date();
  const outcomes: Outcome[] = [];
  for (const step of suite) {
    if (only && !only.has(step.name)) continue;
    const why = step.missing?.() ?? null;
    if (why) {
      outcomes.push({ name: step.name, status: "skipped", detail: why });
      console.log(`\n━━ ${step.name}: skipped — ${why}`);
      continue;
    }
    const opts = quick ? step.quick : step.full;
    console.log(`\n━━ ${step.name} ${opts.join(" ")} (${new Date().toISOString()})`);
    const t = performance.now();
    const r = await runBenchWithin(benches[step.name]!, opts, minutes * 60_000);
    const took = `${((performance.now() - t) / 1000).toFixed(0)} s`;
    if (r.ok) outcomes.push({ name: step.name, status: "ok", detail: took });
    else outcomes.push({ name: step.name, status: "failed", detail: `${r.detail} after ${took}` });
  }
  summary(started, outcomes, quick);
  return outcomes.some((o) => o.status === "failed") ? 1 : 0;
}

interface Recorded {
  at: string;
  figures: (Figure & { ratio: number | null })[];
}

function summary(started: Date, outcomes: Outcome[], quick: boolean) {
  const dates = [...new Set([started, new Date()].map((d) => d.toISOString().slice(0, 10)))];
  const recorded: [string, Recorded][] = [];
  for (const date of dates) {
    const file = resultsFile(date);
    if (fs.existsSync(file)) recorded.push(...Object.entries(JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, Recorded>));
  }
  const num = (x: number) => (Math.abs(x) >= 100 ? Math.round(x).toLocaleString("en") : x.toFixed(1));
  const rows: string[][] = [];
  for (const [bench, r] of recorded) {
    const fresh = new Date(r.at) >= started ? "" : ` (earlier, ${r.at.slice(11, 16)} UTC)`;
    for (const f of r.figures) {
      rows.push([`${bench}${fresh}`, f.name, `${num(f.value)} ${f.unit}`, f.baseline ? `${num(f.baseline)} ${f.unit}` : "—", f.ratio == null ? "—" : `${f.ratio.toFixed(2)}×`, goalCell(f)]);
    }
  }
  const head = ["bench", "figure", "value", "baseline", "ratio", "goal"];
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(w[i]!)).join("  ").trimEnd();
  console.log(`\n════ every figure recorded today (${dates.map((d) => path.relative(process.cwd(), resultsFile(d))).join(", ")})${quick ? " — --quick sizes: a smoke check, not measurements" : ""}`);
  if (rows.length) console.log(`${line(head)}\n${w.map((n) => "-".repeat(n)).join("  ")}\n${rows.map(line).join("\n")}`);
  else console.log("  (none)");
  const met = rows.filter((r) => r[5]!.startsWith("MET")).length;
  const missed = rows.filter((r) => r[5]!.startsWith("MISSED")).length;
  console.log(`\ngoals: ${met} met, ${missed} missed (of the figures that have one)`);
  console.log("\nthis run:");
  const recordedNow = new Set(recorded.filter(([, r]) => new Date(r.at) >= started).map(([b]) => b.replace(/^lists-.*/, "lists")));
  for (const o of outcomes) {
    const note = o.status === "ok" && !recordedNow.has(o.name) ? " — prints only, records no figures" : "";
    console.log(`  ${o.name.padEnd(14)} ${o.status.toUpperCase().padEnd(8)} ${o.detail}${note}`);
  }
}

const [name = "checkin", ...rest] = process.argv.slice(2);
if (name === "all") process.exit(await runAll(rest));
const file = benches[name];
if (!file) {
  console.error(`unknown benchmark "${name}"; choose one of: all, ${Object.keys(benches).join(", ")}`);
  process.exit(2);
}
const r = spawnSync(process.execPath, benchArgs(file, rest), { stdio: "inherit" });
process.exit(r.status ?? 1);
