/**
 * The real server with a movable clock, for journeys that need "now" to be in a class's past and
 * present: it starts `offsetMs` away from real time and jumps to real time on `toRealTime()`.
 * The server code is unchanged; the clock is shifted by a preload (shift-clock.mjs).
 */
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { ADMIN_PASSWORD, assertWebBuilt, repoRoot, webDist } from "./support.ts";

export interface ShiftedPlatform {
  baseUrl: string;
  output(): string;
  /** from now on the server's clock is real time */
  toRealTime(): Promise<void>;
  stop(): Promise<void>;
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

export async function startShiftedPlatform(offsetMs: number): Promise<ShiftedPlatform> {
  assertWebBuilt();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "jl-e2e-data-"));
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "--import", "./e2e/shift-clock.mjs", "server/src/main.ts"], {
    cwd: repoRoot,
    env: { ...process.env, DATA_DIR: dataDir, ADMIN_PASSWORD, PORT: String(port), HOST: "127.0.0.1", WEB_DIST: webDist, LOG_LEVEL: "warn", DATABASE_URL: "", E2E_CLOCK_OFFSET_MS: String(offsetMs) },
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
      if ((await fetch(`${baseUrl}/api/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`The server did not answer /api/health within 90 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    baseUrl,
    output: () => out,
    stop,
    toRealTime: async () => {
      child.kill("SIGUSR2");
      await new Promise((r) => setTimeout(r, 300));
    },
  };
}
