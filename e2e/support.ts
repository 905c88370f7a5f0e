/**
 * Browser journeys run the real server (a child process on a free port, with a fresh data
 * directory) and the system Chromium. The console must already be built: `npm run build:web`
 * (the `npm test` script builds it before running vitest).
 */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, type BrowserContext, chromium, type Page, type Request } from "playwright-core";
import { afterAll, beforeAll, onTestFailed } from "vitest";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const webDist = path.join(repoRoot, "web", "dist");
export const resultsDir = path.join(repoRoot, "test-results");
/** long enough and of three classes, and without the word "admin" (the rule forbids the username) */
export const ADMIN_PASSWORD = "Jilin-E2e-Passw0rd!";

export const LAPTOP = { width: 1366, height: 768 };
export const PHONE = { width: 390, height: 844 };

const CHROMIUM_ARGS = [
  "--headless=new",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function assertWebBuilt(): void {
  if (!fs.existsSync(path.join(webDist, "index.html"))) {
    throw new Error(`The web console is not built (${path.join(webDist, "index.html")} is missing). Run \`npm run build:web\` first; \`npm test\` does it for you.`);
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export interface Platform {
  baseUrl: string;
  /** everything the server printed, for failure messages */
  output(): string;
  stop(): Promise<void>;
}

/** Starts `node --import tsx server/src/main.ts` on a free port with an empty data directory. */
export async function startPlatform(): Promise<Platform> {
  assertWebBuilt();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "jl-e2e-data-"));
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "server/src/main.ts"], {
    cwd: repoRoot,
    env: { ...process.env, DATA_DIR: dataDir, ADMIN_PASSWORD, PORT: String(port), HOST: "127.0.0.1", WEB_DIST: webDist, LOG_LEVEL: "warn", DATABASE_URL: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout?.on("data", (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on("data", (d: Buffer) => {
    out += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const baseUrl = `http://127.0.0.1:${port}`;

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`The server exited (code ${child.exitCode}) before it was ready:\n${out}`);
    }
    try {
      const res = await fetch(`${baseUrl}/api/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`The server did not answer /api/health within 90 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { baseUrl, output: () => out, stop };
}

/** The system Chromium; Playwright gives every launch a fresh temporary profile (user-data-dir). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: "/usr/bin/chromium", headless: true, args: CHROMIUM_ARGS });
}

export interface PageProblems {
  /** uncaught exceptions in the page */
  errors: string[];
  /** console warnings and errors (React and antd warnings land here) */
  console: string[];
}

/** A new browser context (own cookies) and page at the given screen size, in Chinese, Beijing time. */
export async function openPage(
  browser: Browser,
  baseUrl: string,
  size: { width: number; height: number } = LAPTOP,
): Promise<{ context: BrowserContext; page: Page; problems: PageProblems }> {
  const phone = size.width < 768;
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport: size,
    deviceScaleFactor: phone ? 2 : 1,
    isMobile: phone,
    hasTouch: phone,
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    // no zoom or slide: a click on a popover's or dialog's button while it is still zooming in can
    // land beside it on a loaded machine (CI lost a confirm and a "我已记录" that way); the console
    // turns its motion off for users who ask for less (reduced-motion.ts)
    reducedMotion: "reduce",
  });
  // every step waits for an event; the bound only decides how long a broken step takes to fail. CI runs
  // the PGlite and PostgreSQL projects beside the journeys on 2 cores, where 15 s was not always enough
  context.setDefaultTimeout(45_000);
  const page = await context.newPage();
  const problems: PageProblems = { errors: [], console: [] };
  page.on("pageerror", (e) => problems.errors.push(e.message));
  page.on("response", (r) => {
    if (r.status() >= 400) problems.console.push(`http ${r.status()}: ${r.request().method()} ${new URL(r.url()).pathname}`);
  });
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.console.push(`${m.type()}: ${m.text()}`);
  });
  // the API calls of the page in the order they were sent (a Map keeps insertion order), so a
  // failure shows which request never came back or came back late
  const calls = new Map<Request, { line: string; started: number; ended?: string }>();
  page.on("request", (r) => {
    const { pathname } = new URL(r.url());
    if (pathname.startsWith("/api/")) calls.set(r, { line: `${r.method()} ${pathname}`, started: Date.now() });
  });
  const ended = (r: Request, how: string) => {
    const c = calls.get(r);
    if (c) c.ended = `${how} after ${Date.now() - c.started} ms`;
  };
  page.on("requestfinished", (r) => void r.response().then((res) => ended(r, String(res?.status() ?? "?"))));
  page.on("requestfailed", (r) => ended(r, `failed (${r.failure()?.errorText ?? "?"})`));
  // called inside a test: keep what the page looked like when it failed
  onTestFailed(async ({ task }) => {
    await screenshot(page, `FAILED-${task.name.replace(/[^\w\u4e00-\u9fff-]+/g, "_").slice(0, 60)}`).catch(() => {});
    const last = [...calls.values()]
      .slice(-15)
      .map((c) => `${new Date(c.started).toISOString().slice(11, 23)} ${c.line}: ${c.ended ?? `NO ANSWER YET (${Date.now() - c.started} ms)`}`);
    console.log(`[browser console]\n${problems.console.join("\n")}\n[page errors]\n${problems.errors.join("\n")}\n[last API calls]\n${last.join("\n")}`);
  });
  return { context, page, problems };
}

/** antd's motion classes (rc-motion) while a dialog, drawer or message is still opening or closing */
const IN_MOTION = '[class*="-appear"], [class*="-enter"], [class*="-leave"], .ant-spin-spinning';

/** A full-page screenshot in test-results/, taken once spinners and opening animations are done. */
export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(resultsDir, { recursive: true });
  await page
    .locator(IN_MOTION)
    .first()
    .waitFor({ state: "detached", timeout: 5_000 })
    .catch(() => {});
  // CSS transitions still running (e.g. a table fading back in after loading)
  await page.evaluate(() => {
    const finite = document.getAnimations().filter((a) => a.effect?.getTiming().iterations !== Number.POSITIVE_INFINITY);
    return Promise.race([Promise.all(finite.map((a) => a.finished.catch(() => {}))), new Promise((r) => setTimeout(r, 3_000))]);
  });
  await page.screenshot({ path: path.join(resultsDir, `${name}.png`), fullPage: true });
}

/** A logged-in API client (Node fetch with the session cookie), for setting the stage quickly. */
export class ApiSession {
  private constructor(
    private readonly baseUrl: string,
    private readonly cookie: string,
  ) {}

  static async login(baseUrl: string, username: string, password: string): Promise<ApiSession> {
    const res = await fetch(`${baseUrl}/api/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username, password }) });
    if (!res.ok) throw new Error(`login as ${username} failed: ${res.status} ${await res.text()}`);
    const cookie = (res.headers.get("set-cookie") ?? "").split(";")[0]!;
    return new ApiSession(baseUrl, cookie);
  }

  async call<T>(method: string, url: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.baseUrl}${url}`, {
      method,
      headers: { cookie: this.cookie, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${url} failed: ${res.status} ${text}`);
    return JSON.parse(text) as T;
  }

  /** Creates a county officer (人社部门经办人员 for `regionCode`) and returns the temporary password. */
  async createOfficer(username: string, displayName: string, regionCode: string): Promise<string> {
    const r = await this.call<{ temporaryPassword: string }>("POST", "/api/users", {
      username,
      displayName,
      regionCode,
      grants: [{ role: "hrss_officer", scopeType: "region", regionCode }],
    });
    return r.temporaryPassword;
  }
}

/** Creates an officer and sets their own password, so a journey can log in without the forced change. */
export async function createReadyOfficer(admin: ApiSession, baseUrl: string, username: string, displayName: string, regionCode: string, password: string): Promise<void> {
  const temporary = await admin.createOfficer(username, displayName, regionCode);
  const me = await ApiSession.login(baseUrl, username, temporary);
  await me.call("POST", "/api/auth/change-password", { currentPassword: temporary, newPassword: password });
}

/**
 * One server and one browser for a test file, started before its tests and stopped after them.
 * Returns a getter, since the values exist only once `beforeAll` has run.
 */
export function useJourneyEnv(): () => { platform: Platform; browser: Browser } {
  let platform: Platform | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    platform = await startPlatform();
    try {
      browser = await launchBrowser();
    } catch (e) {
      await platform.stop();
      throw e;
    }
  });
  afterAll(async () => {
    await browser?.close().catch(() => {});
    await platform?.stop();
  });
  return () => {
    if (!platform || !browser) throw new Error("the journey environment did not start");
    return { platform, browser };
  };
}
