/**
 * Test helpers that run the platform as real processes (`node --import tsx server/src/main.ts`), as
 * `npm start` does: several processes on one database, kill -9, restart. Each server gets a free
 * port; `start` resolves when it prints that it is listening.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { inject } from "vitest";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** Keys and passwords one platform needs; the same for every process of one database. */
export function platformSecrets(): Record<string, string> {
  return {
    DATA_KEY: randomBytes(32).toString("hex"),
    AUDIT_SIGNING_KEY: generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    ADMIN_PASSWORD: "Jilin-Str0ng!pw",
  };
}

export interface ServerProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** everything it printed so far */
  output(): string;
  /** resolves when it has printed `text` (now or later); rejects if it exits first */
  waitFor(text: string): Promise<void>;
  /** SIGTERM and wait for the exit */
  stop(): Promise<void>;
  /** SIGKILL (kill -9) and wait for the exit */
  kill(): Promise<void>;
}

/** Starts `server/src/main.ts` with `env` (DATABASE_URL or DATA_DIR, keys) on a free port. */
export async function startServer(env: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "server/src/main.ts"], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: "warn", WEB_DIST: "/nonexistent", DATABASE_URL: "", DATABASE_MIGRATION_URL: "", ...env, HOST: "127.0.0.1", PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const onData = () => {
      if (out.includes("running at http://")) {
        child.stdout!.off("data", onData);
        resolve();
      }
    };
    child.stdout!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`server exited with ${code} before listening:\n${out}`)));
  });
  const waitFor = (text: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!out.includes(text)) return false;
        child.stdout!.off("data", check);
        child.stderr!.off("data", check);
        child.off("exit", onExit);
        resolve();
        return true;
      };
      const onExit = () => reject(new Error(`server exited before printing ${JSON.stringify(text)}:\n${out}`));
      if (check()) return;
      if (child.exitCode !== null || child.signalCode !== null) return onExit();
      child.stdout!.on("data", check);
      child.stderr!.on("data", check);
      child.once("exit", onExit);
    });
  const stopWith = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return { url: `http://127.0.0.1:${port}`, child, output: () => out, waitFor, stop: () => stopWith("SIGTERM"), kill: () => stopWith("SIGKILL") };
}

/** A fresh PostgreSQL database cloned from the run's migrated template; its URL and a drop function. */
export async function freshPostgres(): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = process.env.TEST_DATABASE_URL!;
  const tpl = inject("pgTemplate");
  const name = `${tpl.replace("jl_tpl_", "jl_t_")}_${randomBytes(5).toString("hex")}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${tpl}`);
  const u = new URL(base);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

export interface Answer {
  status: number;
  text: string;
  headers: Headers;
  json<T = Record<string, unknown>>(): T;
}

/** A cookie-keeping HTTP client over fetch, so one session can be used against several processes. */
export class Client {
  cookie: string | null = null;
  async request(base: string, method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    const h: Record<string, string> = { ...headers };
    if (this.cookie) h.cookie = this.cookie;
    let payload: BodyInit | undefined;
    if (Buffer.isBuffer(body)) payload = new Uint8Array(body);
    else if (body !== undefined) {
      payload = JSON.stringify(body);
      h["content-type"] = "application/json";
    }
    // a state-changing request must name an allowed origin (the platform refuses cross-site posts)
    if (method !== "GET") h.origin = base;
    const res = await fetch(base + url, { method, headers: h, body: payload });
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith("jl_sid="));
    if (setCookie) this.cookie = setCookie.split(";")[0]!;
    const text = await res.text();
    return { status: res.status, text, headers: res.headers, json: <T>() => JSON.parse(text) as T };
  }
}

/** Runs a script (`server/scripts/x.ts`) to its end with `env`: exit status and what it printed. */
export async function runScript(script: string, args: string[], env: Record<string, string>): Promise<{ status: number | null; out: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", script, ...args], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: "warn", DATABASE_URL: "", DATABASE_MIGRATION_URL: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const status = await new Promise<number | null>((resolve) => child.once("close", (code) => resolve(code)));
  return { status, out };
}
