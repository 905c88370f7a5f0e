import { Writable } from "node:stream";
import Fastify, { type FastifyInstance, LogController } from "fastify";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { buildApp } from "../../app.ts";
import { TestClock } from "../clock.ts";
import { loadConfig } from "../config.ts";
import { createDataCrypto } from "../crypto.ts";
import type { Database } from "../db/db.ts";
import { openTestDatabase } from "../../../test/harness.ts";
import { registerRequestLog } from "./request-log.ts";

interface LogLine {
  level: number;
  msg: string;
  status?: number;
  method?: string;
  url?: string;
}
const INFO = 30;
const WARN = 40;
const ERROR = 50;

// the real app with its real logger options, writing pino's JSON lines into an array
let lines: LogLine[] = [];
const stream = new Writable({
  write(chunk, _enc, done) {
    for (const l of String(chunk).split("\n")) if (l.trim()) lines.push(JSON.parse(l) as LogLine);
    done();
  },
});
let app: FastifyInstance;
let database: Database;
let drop: () => Promise<void>;

beforeAll(async () => {
  ({ database, drop } = await openTestDatabase());
  const deps = { db: database.db, dbKind: database.kind, clock: new TestClock("2026-03-02T01:00:00Z"), config: loadConfig({}), crypto: createDataCrypto("test-key") };
  app = await buildApp(deps, { serveWeb: false, logger: { level: "info", stream } });
  // an unexpected failure inside a handler, as a bug would cause
  app.get("/api/test/boom", { config: { access: "public" } }, async () => {
    throw new Error("kaputt");
  });
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await database?.close();
  await drop?.();
});
beforeEach(() => {
  lines = [];
});

const requestLines = () => lines.filter((l) => l.status !== undefined);

describe("request logs at the default level keep what matters", () => {
  it("a burst of successful reads writes no line at all", async () => {
    for (let i = 0; i < 30; i++) expect((await app.inject({ method: "GET", url: "/api/health" })).statusCode).toBe(200);
    expect(lines.filter((l) => l.level >= INFO)).toEqual([]);
  });

  it("a server error is one error line with status and path (plus the error itself)", async () => {
    const r = await app.inject({ method: "GET", url: "/api/test/boom" });
    expect(r.statusCode).toBe(500);
    expect(requestLines()).toEqual([expect.objectContaining({ level: ERROR, status: 500, method: "GET", url: "/api/test/boom" })]);
    expect(lines.some((l) => l.level === ERROR && l.msg === "unexpected error")).toBe(true);
  });

  it("a refused request (no session) is a warning", async () => {
    const r = await app.inject({ method: "GET", url: "/api/users" });
    expect(r.statusCode).toBe(401);
    expect(requestLines()).toEqual([expect.objectContaining({ level: WARN, status: 401, msg: "request refused" })]);
  });

  it("a state-changing request is one info line", async () => {
    const r = await app.inject({ method: "POST", url: "/api/auth/login", payload: { username: "nobody-here", password: "x" } });
    expect(r.statusCode).toBeGreaterThanOrEqual(400);
    const mine = requestLines();
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ method: "POST", url: "/api/auth/login" });
    expect(mine[0]!.level).toBeGreaterThanOrEqual(INFO);
  });
});

describe("slow requests", () => {
  it("a read slower than the threshold is a warning", async () => {
    const slow = Fastify({ logger: { level: "info", stream }, logController: new LogController({ disableRequestLogging: true }) });
    // threshold 0: every request is "slow", so the branch is tested without waiting for a clock
    registerRequestLog(slow, { slowMs: 0 });
    slow.get("/x", async () => ({ ok: true }));
    await slow.inject({ method: "GET", url: "/x" });
    await slow.close();
    expect(requestLines()).toEqual([expect.objectContaining({ level: WARN, msg: "slow request", url: "/x" })]);
  });
});
