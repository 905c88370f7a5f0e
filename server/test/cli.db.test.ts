import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { afterAll, describe, expect, it } from "vitest";

/**
 * The embedded store as an operator meets it: `npm start` on a data folder, a second process on the
 * same folder, a hard kill, `npm run audit:verify` after tampering. PGlite only (PostgreSQL has its own server).
 */
const root = path.resolve(import.meta.dirname, "../..");
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "jl-cli-"));
const ADMIN_PASSWORD = "Jilin-Passw0rd!";
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
  return { ...process.env, DATA_DIR: dataDir, PORT: String(port), ADMIN_PASSWORD, LOG_LEVEL: "warn", DATABASE_URL: "" };
}

async function startServer(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "server/src/main.ts"], { cwd: root, env: env(port), stdio: "pipe" });
  children.push(child);
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  for (let i = 0; i < 120; i++) {
    if (child.exitCode !== null) throw new Error(`server exited ${child.exitCode}: ${output}`);
    try {
      const r = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (r.ok) return child;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`server did not start: ${output}`);
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

function runScript(script: string) {
  return spawnSync(process.execPath, ["--import", "tsx", script], { cwd: root, env: env(3999), encoding: "utf8" });
}

afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe.skipIf(process.env.TEST_DB === "postgres")("embedded database operations", () => {
  it("refuses a second process on the same data folder, survives a hard kill, and audit:verify catches tampering", async () => {
    const port = await freePort();
    const first = await startServer(port);

    // a second process on the same folder is refused with a clear message
    const second = spawnSync(process.execPath, ["--import", "tsx", "server/src/main.ts"], { cwd: root, env: env(await freePort()), encoding: "utf8", timeout: 60_000 });
    expect(second.status).toBe(2);
    expect(second.stderr).toContain("正由另一个进程");

    // make a change, then kill -9
    const cookie = await loginCookie(port, "admin", ADMIN_PASSWORD);
    const created = await fetch(`http://127.0.0.1:${port}/api/users`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie },
      body: JSON.stringify({ username: "survivor", displayName: "持久化检查", regionCode: "220102", password: "Persist-2026!x", grants: [{ role: "hrss_officer", scopeType: "region", regionCode: "220102" }] }),
    });
    expect(created.status).toBe(201);
    first.kill("SIGKILL");
    await new Promise((r) => first.once("exit", r));

    // the stale lock is taken over and the data is still there
    const port2 = await freePort();
    const again = await startServer(port2);
    const cookie2 = await loginCookie(port2, "admin", ADMIN_PASSWORD);
    const list = await (await fetch(`http://127.0.0.1:${port2}/api/users?q=survivor`, { headers: { cookie: cookie2 } })).json();
    expect(list.total).toBe(1);
    again.kill("SIGTERM");
    await new Promise((r) => again.once("exit", r));

    const ok = runScript("server/scripts/audit-verify.ts");
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/audit chain OK: \d+ entries/);

    // a DBA edits a row behind the application's back
    const pg = new PGlite(path.join(dataDir, "pg"));
    await pg.exec("alter table audit_log disable trigger user; update audit_log set actor_username = 'someone_else' where seq = 2; alter table audit_log enable trigger user;");
    await pg.close();

    const bad = runScript("server/scripts/audit-verify.ts");
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/BROKEN at seq 2/);
  });
});
