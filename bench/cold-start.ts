/**
 * Cold start of `npm start` on the embedded store (PGlite): from spawning `npm start` (its prestart
 * check of the console build included) to (1) the "running at" line, (2) the first 200 of
 * GET /api/health and (3) the first 200 of GET / (the console page) — both polled every 25 ms from
 * the spawn on (and when the prestart step reported its decision) — on
 *   (a) a fresh, empty DATA_DIR each run (migrations, reference data, administrator), and
 *   (b) one data folder holding the demo province (`npm run demo`, loaded once before the runs),
 * `--runs` (3) each, median and every run; plus the data folder's size (`du -sk`) after each run.
 * Each server is stopped with SIGTERM (its graceful shutdown signs the audit head and closes the
 * store) and the next run waits until it released the folder's lock.
 *
 * No baseline is natural here: the figures are printed with the Node and PGlite versions.
 *
 *   npm run bench -- cold-start [--runs 3] [--demo-scale default|tiny]
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { record } from "./results.ts";

const args = process.argv.slice(2);
const opt = (k: string, d: string) => (args.includes(`--${k}`) ? args[args.indexOf(`--${k}`) + 1]! : d);
const RUNS = Number(opt("runs", "3"));
const DEMO_SCALE = opt("demo-scale", "default");
const ADMIN_PASSWORD = "Jilin-Skills#2026x";
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const TIMEOUT_MS = 600_000;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

function env(dataDir: string, port: number): NodeJS.ProcessEnv {
  return { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: "127.0.0.1", ADMIN_PASSWORD, LOG_LEVEL: "warn", DATABASE_URL: "", DATABASE_MIGRATION_URL: "", DATABASE_REPLICA_URL: "", AUDIT_SIGNING_KEY: "", DATA_KEY: "" };
}

function get(port: number, p: string): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get({ host: "127.0.0.1", port, path: p, agent: false, timeout: 5000 }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", () => resolve(0));
    req.on("timeout", () => req.destroy());
  });
}

/** ms from `t0` until `p` first answers 200, polling every 25 ms */
async function firstOk(port: number, p: string, t0: number, stop: () => boolean): Promise<number> {
  while (!stop()) {
    if ((await get(port, p)) === 200) return performance.now() - t0;
    await new Promise((r) => setTimeout(r, 25));
  }
  return Number.NaN;
}

function du(dir: string): number {
  return Number(execFileSync("du", ["-sk", dir], { encoding: "utf8" }).split(/\s/)[0]) / 1024;
}

interface Run {
  /** the prestart step said whether it builds the console (npm + tsx + the source walk) */
  prestartMs: number;
  listeningMs: number;
  healthMs: number;
  pageMs: number;
  dataMiB: number;
}

async function startOnce(dataDir: string): Promise<Run> {
  const port = await freePort();
  const t0 = performance.now();
  // its own process group, so SIGTERM reaches npm, its shell and the server (only what we started)
  const child: ChildProcess = spawn("npm", ["start", "--silent"], { cwd: root, env: env(dataDir, port), stdio: "pipe", detached: true });
  let out = "";
  let exited = false;
  let listeningMs = Number.NaN;
  let prestartMs = Number.NaN;
  const listening = new Promise<void>((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d;
      if (Number.isNaN(prestartMs) && /console: (web\/dist is up to date|building)/.test(out)) prestartMs = performance.now() - t0;
      if (Number.isNaN(listeningMs) && out.includes(`running at http://127.0.0.1:${port}`)) {
        listeningMs = performance.now() - t0;
        resolve();
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (d) => (out += d));
    child.once("exit", (code) => {
      exited = true;
      reject(new Error(`npm start exited ${code} before listening:\n${out}`));
    });
  });
  const timer = setTimeout(() => {
    exited = true;
  }, TIMEOUT_MS);
  const [health, page] = await Promise.all([firstOk(port, "/api/health", t0, () => exited), firstOk(port, "/", t0, () => exited), listening]);
  clearTimeout(timer);
  const closed = new Promise<void>((r) => child.once("close", () => r()));
  process.kill(-child.pid!, "SIGTERM");
  await closed;
  // the server may outlive npm by its shutdown: wait until it has released the folder
  const lock = path.join(dataDir, "platform.lock");
  for (let i = 0; i < 2400 && fs.existsSync(lock); i++) await new Promise((r) => setTimeout(r, 25));
  if (fs.existsSync(lock)) throw new Error(`${lock} still held 60 s after SIGTERM`);
  return { prestartMs, listeningMs, healthMs: health, pageMs: page, dataMiB: du(dataDir) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

function summary(label: string, runs: Run[]) {
  console.log(`\n  ${label}`);
  for (const [i, r] of runs.entries()) console.log(`    run ${i + 1}: prestart check done ${s(r.prestartMs)}, listening ${s(r.listeningMs)}, /api/health 200 ${s(r.healthMs)}, / 200 ${s(r.pageMs)}, data folder ${r.dataMiB.toFixed(1)} MiB`);
  const m = { prestartMs: median(runs.map((r) => r.prestartMs)), listeningMs: median(runs.map((r) => r.listeningMs)), healthMs: median(runs.map((r) => r.healthMs)), pageMs: median(runs.map((r) => r.pageMs)), dataMiB: median(runs.map((r) => r.dataMiB)) };
  console.log(`    median: prestart ${s(m.prestartMs)}, listening ${s(m.listeningMs)}, /api/health ${s(m.healthMs)}, / ${s(m.pageMs)}, data folder ${m.dataMiB.toFixed(1)} MiB`);
  return m;
}

async function main() {
  const pglite = JSON.parse(fs.readFileSync(path.join(root, "node_modules/@electric-sql/pglite/package.json"), "utf8")).version as string;
  const cpus = os.cpus();
  console.log(`cold-start benchmark — ${new Date().toISOString()}`);
  console.log(`  machine: ${cpus.length} × ${cpus[0]?.model ?? "?"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}, PGlite ${pglite}, load avg ${os.loadavg().map((x) => x.toFixed(2)).join(" ")}`);
  if (!fs.existsSync(path.join(root, "web/dist/index.html"))) console.log("  web/dist is not built: the first `npm start` builds it (prestart), and that run includes the build");
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "jl-cold-start-"));
  try {
    const fresh: Run[] = [];
    for (let i = 0; i < RUNS; i++) {
      const dir = path.join(work, `fresh-${i}`);
      fresh.push(await startOnce(dir));
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const a = summary("(a) fresh, empty DATA_DIR (migrations + reference data + admin)", fresh);

    const demoDir = path.join(work, "demo");
    const t = performance.now();
    execFileSync("npm", ["run", "--silent", "demo", "--", "--scale", DEMO_SCALE], { cwd: root, env: env(demoDir, 3999), stdio: ["ignore", "ignore", "inherit"] });
    const demoMiB = du(demoDir);
    console.log(`\n  npm run demo -- --scale ${DEMO_SCALE}: ${s(performance.now() - t)}, data folder ${demoMiB.toFixed(1)} MiB`);
    const existing: Run[] = [];
    for (let i = 0; i < RUNS; i++) existing.push(await startOnce(demoDir));
    const b = summary(`(b) existing DATA_DIR holding the demo province (--scale ${DEMO_SCALE})`, existing);

    record(
      "cold-start",
      [
        { name: "fresh: to listening", value: a.listeningMs, baseline: 0, unit: "ms" },
        { name: "fresh: first /api/health 200", value: a.healthMs, baseline: 0, unit: "ms" },
        { name: "fresh: first / 200", value: a.pageMs, baseline: 0, unit: "ms", extra: { note: `data ${a.dataMiB.toFixed(1)} MiB` } },
        { name: "demo: to listening", value: b.listeningMs, baseline: 0, unit: "ms" },
        { name: "demo: first /api/health 200", value: b.healthMs, baseline: 0, unit: "ms" },
        { name: "demo: first / 200", value: b.pageMs, baseline: 0, unit: "ms", extra: { note: `data ${b.dataMiB.toFixed(1)} MiB (after demo ${demoMiB.toFixed(1)})` } },
      ],
      { pglite, runs: RUNS, demoScale: DEMO_SCALE, fresh, existing, demoMiB },
    );
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
