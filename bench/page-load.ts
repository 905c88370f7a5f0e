/**
 * Page load times in a real browser over a throttled link: `npm run bench -- page-load [--runs 3] [--keep-data DIR]`.
 *
 * Loads the demo province (`npm run demo -- --scale tiny`) into a fresh embedded store, starts the
 * platform on it (`node server/src/main.ts`, the built console in web/dist — build it first), and
 * opens Debian's /usr/bin/chromium through playwright-core. Each page is loaded in a new browser
 * context (empty cache: "cold") and then once more in the same context ("warm": what the cache
 * keeps, with index.html revalidated). The link is throttled through the DevTools protocol
 * (Network.emulateNetworkConditions — latency is added per request, bandwidth shared by the page's
 * requests), with the two profiles below. Measured per load: time from the navigation to the page
 * being usable (the element a person waits for is visible), first contentful paint, requests and
 * bytes on the wire (encodedDataLength, i.e. compressed, headers included). Median of the runs.
 *
 * Figures (bench/results/<date>.json): per page, the cold load (empty cache) against the warm one.
 *
 * Pages: the login page (nobody logged in); the console's home as the county officer
 * (ng.officer, laptop 1366×768, logged in by cookie); the trainee's phone home /m (390×844).
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { type Figure, record } from "./results.ts";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const ADMIN_PASSWORD = "Bench-Page-Load#2026";

/** bytes per second from Mbit/s */
const mbit = (n: number) => Math.round((n * 1_000_000) / 8);
const PROFILES = {
  /** a county office's shared line: 8 Mbit/s down, 2 up, 40 ms round trip */
  office: { latency: 40, downloadThroughput: mbit(8), uploadThroughput: mbit(2) },
  /** a phone on a weak 4G signal (Lighthouse's mobile profile): 1.6 Mbit/s down, 0.75 up, 150 ms */
  "4g": { latency: 150, downloadThroughput: mbit(1.6), uploadThroughput: mbit(0.75) },
} as const;
type Profile = keyof typeof PROFILES;

const LAPTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };

interface Case {
  name: string;
  url: string;
  profile: Profile;
  size: { width: number; height: number };
  /** who is logged in (cookie set before loading), or nobody */
  as?: "officer" | "trainee";
  /** the page is usable when this is visible */
  ready: (page: Page) => Promise<void>;
}

const CASES: Case[] = [
  { name: "login page", url: "/login", profile: "office", size: LAPTOP, ready: (p) => p.getByRole("button", { name: "登录" }).waitFor() },
  { name: "login page", url: "/login", profile: "4g", size: PHONE, ready: (p) => p.getByRole("button", { name: "登录" }).waitFor() },
  { name: "console home (officer)", url: "/", profile: "office", size: LAPTOP, as: "officer", ready: (p) => p.getByRole("heading", { level: 1, name: /^您好/ }).waitFor() },
  { name: "phone home (trainee)", url: "/m", profile: "4g", size: PHONE, as: "trainee", ready: (p) => p.locator(".ant-card-head-title").first().waitFor() },
];

const { values } = parseArgs({ options: { runs: { type: "string", default: "3" }, "keep-data": { type: "string" } } });
const RUNS = Math.max(1, Number(values.runs));

function check(cond: unknown, message: string): asserts cond {
  if (!cond) {
    console.error(`✖ ${message}`);
    process.exit(1);
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Runs the demo generator into `dataDir`; returns the demo accounts' passwords by username. */
function loadDemo(dataDir: string): Map<string, string> {
  const env = { ...process.env, DATA_DIR: dataDir, ADMIN_PASSWORD, DATABASE_URL: "" };
  const r = spawnSync(process.execPath, ["--import", "tsx", "server/scripts/demo.ts", "--scale", "tiny"], { cwd: repoRoot, env, encoding: "utf8" });
  check(r.status === 0, `the demo generator failed:\n${r.stdout}\n${r.stderr}`);
  // "  区人社 hrss_officer         ng.officer     Ez8K-Yr3B-Bk7Q    长春市南关区": columns apart by 2+ spaces
  const rows = r.stdout.split("\n").map((l) => l.trim().split(/\s{2,}/));
  const officer = rows.find((x) => x[1] === "ng.officer");
  const trainee = rows.find((x) => x[0]?.includes("trainee"));
  check(officer && trainee, `the demo printed no officer or trainee account:\n${r.stdout}`);
  const out = new Map<string, string>();
  out.set("officer", `${officer[1]}\n${officer[2]}`);
  out.set("trainee", `${trainee[1]}\n${trainee[2]}`);
  return out;
}

async function startServer(dataDir: string): Promise<{ baseUrl: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "server/src/main.ts"], {
    cwd: repoRoot,
    env: { ...process.env, DATA_DIR: dataDir, ADMIN_PASSWORD, PORT: String(port), HOST: "127.0.0.1", WEB_DIST: path.join(repoRoot, "web", "dist"), LOG_LEVEL: "warn", DATABASE_URL: "" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    check(child.exitCode === null, "the server exited before it was ready");
    const ok = await fetch(`${baseUrl}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    check(Date.now() < deadline, "the server did not answer /api/health within 90 s");
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    baseUrl,
    stop: async () => {
      child.kill("SIGTERM");
      await exited;
    },
  };
}

async function sessionCookie(baseUrl: string, credentials: string) {
  const [username, password] = credentials.split("\n");
  const res = await fetch(`${baseUrl}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username, password }) });
  check(res.ok, `login as ${username} failed: ${res.status}`);
  const [pair] = (res.headers.get("set-cookie") ?? "").split(";");
  const eq = pair!.indexOf("=");
  return { name: pair!.slice(0, eq), value: pair!.slice(eq + 1), url: baseUrl };
}

interface Load {
  ms: number;
  fcp: number | null;
  requests: number;
  bytes: number;
}

/** One navigation in `page`, throttled: until the ready element shows, with what went over the wire. */
async function measure(context: BrowserContext, page: Page, c: Case): Promise<Load> {
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", { offline: false, ...PROFILES[c.profile] });
  let requests = 0;
  let bytes = 0;
  cdp.on("Network.loadingFinished", (e: { encodedDataLength: number }) => {
    requests++;
    bytes += e.encodedDataLength;
  });
  const t0 = performance.now();
  await page.goto(c.url, { waitUntil: "commit" });
  await c.ready(page);
  const ms = performance.now() - t0;
  const fcp = await page.evaluate(() => performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? null);
  await cdp.detach();
  return { ms, fcp, requests, bytes };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmtMs = (n: number | null) => (n === null ? "—" : n >= 1000 ? `${(n / 1000).toFixed(2)} s` : `${Math.round(n)} ms`);
const fmtKb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

async function main() {
  check(fs.existsSync(path.join(repoRoot, "web", "dist", "index.html")), "the console is not built: run `npm run build:web` first");
  check(fs.existsSync("/usr/bin/chromium"), "/usr/bin/chromium is missing");
  const dataDir = values["keep-data"] ?? fs.mkdtempSync(path.join(os.tmpdir(), "jl-page-load-"));
  let accounts: Map<string, string>;
  if (values["keep-data"] && fs.existsSync(path.join(dataDir, "accounts.txt"))) {
    accounts = new Map(JSON.parse(fs.readFileSync(path.join(dataDir, "accounts.txt"), "utf8")) as [string, string][]);
  } else {
    process.stdout.write("loading the demo province (tiny)… ");
    accounts = loadDemo(dataDir);
    fs.writeFileSync(path.join(dataDir, "accounts.txt"), JSON.stringify([...accounts]));
    console.log("done");
  }
  const server = await startServer(dataDir);
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", headless: true, args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"] });
  const rows: string[] = [];
  const figures: Figure[] = [];
  try {
    for (const c of CASES) {
      const cold: Load[] = [];
      const warm: Load[] = [];
      for (let i = 0; i < RUNS; i++) {
        const phone = c.size.width < 768;
        const context = await browser.newContext({ baseURL: server.baseUrl, viewport: c.size, deviceScaleFactor: phone ? 2 : 1, isMobile: phone, hasTouch: phone, locale: "zh-CN", timezoneId: "Asia/Shanghai" });
        context.setDefaultTimeout(60_000);
        if (c.as) await context.addCookies([await sessionCookie(server.baseUrl, accounts.get(c.as)!)]);
        const page = await context.newPage();
        cold.push(await measure(context, page, c));
        warm.push(await measure(context, page, c));
        await context.close();
      }
      const pick = (loads: Load[]) => ({ ms: median(loads.map((l) => l.ms)), fcp: median(loads.map((l) => l.fcp ?? 0)), requests: median(loads.map((l) => l.requests)), bytes: median(loads.map((l) => l.bytes)) });
      const cm = pick(cold);
      const wm = pick(warm);
      rows.push(
        `| ${c.name} \`${c.url}\` | ${c.profile} | ${fmtMs(cm.ms)} | ${fmtMs(cm.fcp)} | ${cm.requests} / ${fmtKb(cm.bytes)} | ${fmtMs(wm.ms)} | ${fmtMs(wm.fcp)} | ${wm.requests} / ${fmtKb(wm.bytes)} |`,
      );
      figures.push({ name: `${c.name} (${c.profile}): usable cold vs warm`, value: cm.ms, baseline: wm.ms, unit: "ms", extra: { url: c.url, coldFcp: cm.fcp, warmFcp: wm.fcp, coldRequests: cm.requests, coldKB: Math.round(cm.bytes / 1024), warmRequests: wm.requests, warmKB: Math.round(wm.bytes / 1024) } });
      console.log(`${c.name} (${c.profile}): cold ${cold.map((l) => fmtMs(l.ms)).join(", ")} · warm ${warm.map((l) => fmtMs(l.ms)).join(", ")}`);
    }
  } finally {
    await browser.close();
    await server.stop();
    if (!values["keep-data"]) fs.rmSync(dataDir, { recursive: true, force: true });
  }
  const load = os.loadavg().map((n) => n.toFixed(1));
  console.log(`\n${new Date().toISOString()} · ${os.cpus().length} × ${os.cpus()[0]?.model.trim()} · load average ${load.join(" ")} · median of ${RUNS}`);
  console.log("| page | link | cold: usable | cold: FCP | cold: requests / bytes | warm: usable | warm: FCP | warm: requests / bytes |");
  console.log("|---|---|---|---|---|---|---|---|");
  for (const r of rows) console.log(r);
  record("page-load", figures, { runs: RUNS });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
