import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

/**
 * The embedded store as an operator meets it: `npm start` on a data folder, a second process on the
 * same folder, `npm run audit:verify` while the server runs, a hard kill, and audit:verify after
 * tampering. PGlite only (PostgreSQL has its own server).
 *
 * Every wait is for a process event (a line of output, an exit), never a fixed time. Each step is
 * its own test with a bound that allows for starting Node + TypeScript on a busy machine, and the
 * folder starts from the run's migrated template so no step migrates from scratch.
 */
const root = path.resolve(import.meta.dirname, "../..");
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "jl-cli-"));
const ADMIN_PASSWORD = "Jilin-Passw0rd!";
/** one step starts at most two Node processes; generous for a loaded machine, still bounded */
const STEP_TIMEOUT = 120_000;
const CHILD_TIMEOUT = 90_000;
const children: ChildProcess[] = [];

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

function env(port: number) {
  return { ...process.env, DATA_DIR: dataDir, PORT: String(port), ADMIN_PASSWORD, LOG_LEVEL: "warn", DATABASE_URL: "", DATABASE_MIGRATION_URL: "", AUDIT_SIGNING_KEY: "" };
}

function spawnNode(args: string[], port: number): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, ["--import", "tsx", ...args], { cwd: root, env: env(port), stdio: "pipe", timeout: CHILD_TIMEOUT, killSignal: "SIGKILL" });
  children.push(child);
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  return { child, output: () => out };
}

/** Runs a script to its end: exit status and what it printed. */
async function run(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", ...args], { cwd: root, env: env(3999), stdio: "pipe", timeout: CHILD_TIMEOUT, killSignal: "SIGKILL" });
  children.push(child);
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d) => (stdout += d));
  child.stderr!.on("data", (d) => (stderr += d));
  const status = await new Promise<number | null>((resolve) => child.once("close", (code) => resolve(code)));
  return { status, stdout, stderr };
}

/** Starts the server and resolves when it says it is listening (it prints that after listen()). */
async function startServer(port: number): Promise<ChildProcess> {
  const { child, output } = spawnNode(["server/src/main.ts"], port);
  await new Promise<void>((resolve, reject) => {
    const onData = () => {
      if (output().includes(`running at http://127.0.0.1:${port}`)) {
        child.stdout!.off("data", onData);
        child.off("exit", onExit);
        resolve();
      }
    };
    const onExit = (code: number | null) => reject(new Error(`server exited ${code}: ${output()}`));
    child.stdout!.on("data", onData);
    child.once("exit", onExit);
  });
  return child;
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}

async function loginCookie(port: number, username: string, password: string): Promise<string> {
  const r = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password }),
  });
  expect(r.status).toBe(200);
  return r.headers.get("set-cookie")!.split(";")[0]!;
}

/** What a DBA with direct access to the folder can do while no server runs. */
async function asDba(statements: string) {
  const pg = new PGlite(path.join(dataDir, "pg"), { extensions: { pg_trgm } });
  try {
    await pg.exec(`alter table audit_log disable trigger user; alter table audit_anchors disable trigger user; ${statements}; alter table audit_log enable trigger user; alter table audit_anchors enable trigger user;`);
  } finally {
    await pg.close();
  }
}

const VERIFY = "server/scripts/audit-verify.ts";
const publishedFile = path.join(dataDir, "published-anchors.json");

afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe.skipIf(process.env.TEST_DB === "postgres").sequential("embedded database operations", { timeout: STEP_TIMEOUT }, () => {
  let port = 0;
  let server: ChildProcess;

  beforeAll(async () => {
    // start from the run's migrated, seeded template: the first start then only checks migrations
    const pg = new PGlite(path.join(dataDir, "pg"), { loadDataDir: new Blob([fs.readFileSync(inject("pgliteTemplate"))]), extensions: { pg_trgm } });
    await pg.waitReady;
    await pg.close();
    port = await freePort();
    server = await startServer(port);
  }, STEP_TIMEOUT);

  it("refuses a second server on the same data folder with a clear message (exit 2)", async () => {
    const second = await run(["server/src/main.ts"]);
    expect(second.status).toBe(2);
    expect(second.stderr).toContain("正由另一个进程");
  });

  it("audit:verify on the folder the server holds says so and exits 3, not the broken-chain 1", async () => {
    const r = await run([VERIFY]);
    expect(r.stderr).toContain("audit:verify did not run");
    expect(r.stderr).toContain("in use");
    expect(r.status).toBe(3);
  });

  it("survives a hard kill: the stale lock is taken over and the data is still there", async () => {
    const cookie = await loginCookie(port, "admin", ADMIN_PASSWORD);
    const created = await fetch(`http://127.0.0.1:${port}/api/users`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      body: JSON.stringify({ username: "survivor", displayName: "持久化检查", regionCode: "220102", password: "Persist-2026!x", grants: [{ role: "hrss_officer", scopeType: "region", regionCode: "220102" }] }),
    });
    expect(created.status).toBe(201);
    server.kill("SIGKILL");
    await exited(server);

    port = await freePort();
    server = await startServer(port);
    const cookie2 = await loginCookie(port, "admin", ADMIN_PASSWORD);
    const list = await (await fetch(`http://127.0.0.1:${port}/api/users?q=survivor`, { headers: { cookie: cookie2 } })).json();
    expect(list.total).toBe(1);

    // an outsider keeps a copy of the published heads (the start-up head is signed before listening)
    const published = await (await fetch(`http://127.0.0.1:${port}/api/public/audit/anchors`)).json();
    expect(published.items.length).toBeGreaterThanOrEqual(2);
    fs.writeFileSync(publishedFile, JSON.stringify(published));
    server.kill("SIGTERM");
    expect(await exited(server)).toBe(0);
  });

  it("audit:verify checks the chain and its signed heads", async () => {
    const ok = await run([VERIFY, "--anchors", publishedFile]);
    expect(ok.stderr).toBe("");
    expect(ok.stdout).toMatch(/audit chain OK: \d+ entries/);
    expect(ok.stdout).toMatch(/audit anchors OK: \d+ signed heads verified/);
    expect(ok.status).toBe(0);
  });

  it("a cut tail is reported as truncated, also when the anchors were removed too (published copy)", async () => {
    await asDba("delete from audit_log where seq > 2");
    const cut = await run([VERIFY]);
    expect(cut.stderr).toMatch(/audit anchors BROKEN: the log is truncated/);
    expect(cut.status).toBe(1);

    await asDba("delete from audit_anchors");
    const copy = await run([VERIFY, "--anchors", publishedFile]);
    expect(copy.stderr).toMatch(/missing from audit_anchors/);
    expect(copy.stderr).toMatch(/truncated/);
    expect(copy.status).toBe(1);
  });

  it("an edited row is named (exit 1)", async () => {
    await asDba("update audit_log set actor_username = 'someone_else' where seq = 2");
    const bad = await run([VERIFY]);
    expect(bad.stderr).toMatch(/BROKEN at seq 2/);
    expect(bad.status).toBe(1);
  });
});
