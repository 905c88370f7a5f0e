/**
 * A platform whose server clock the journey can move (see clock-shift.ts): the class lifecycle
 * must be applied 5 working days ahead, yet sessions, check-ins and the finish happen "now".
 */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { ADMIN_PASSWORD, assertWebBuilt, type Platform, repoRoot, webDist } from "./support.ts";

export interface ShiftedPlatform extends Platform {
  /** moves the server's clock to `at` (real time keeps running from there) */
  setNow(at: Date): Promise<void>;
  /** from now on the server's clock is real time */
  toRealTime(): Promise<void>;
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

/**
 * @param offsetMs where the server's clock starts, relative to real time
 * @param prepare fills the fresh data directory before the server opens it (a world built in process)
 */
export async function startShiftedPlatform(offsetMs = 0, prepare?: (dataDir: string) => Promise<void>): Promise<ShiftedPlatform> {
  assertWebBuilt();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "jl-e2e-data-"));
  await prepare?.(dataDir);
  const clockFile = path.join(dataDir, "..", `${path.basename(dataDir)}.clock`);
  fs.writeFileSync(clockFile, String(offsetMs));
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "--import", "./e2e/clock-shift.ts", "server/src/main.ts"], {
    cwd: repoRoot,
    env: { ...process.env, DATA_DIR: dataDir, ADMIN_PASSWORD, PORT: String(port), HOST: "127.0.0.1", WEB_DIST: webDist, LOG_LEVEL: "warn", DATABASE_URL: "", E2E_CLOCK_FILE: clockFile },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout?.on("data", (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on("data", (d: Buffer) => {
    out += d.toString();
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(clockFile, { force: true });
  };
  // a fresh store migrates and seeds first: over a minute on a shared, loaded machine
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`The server exited before it was ready:\n${out}`);
    }
    const ok = await fetch(`${baseUrl}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`The server did not answer /api/health within 180 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const setNow = async (at: Date) => {
    fs.writeFileSync(clockFile, String(at.getTime() - Date.now()));
    child.kill("SIGUSR2");
    await new Promise((r) => setTimeout(r, 300));
  };
  return { baseUrl, output: () => out, stop, setNow, toRealTime: () => setNow(new Date()) };
}
