import fs from "node:fs";
import { randomBytes } from "node:crypto";
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from "fastify";
import pg from "pg";
import { inject } from "vitest";
import { buildApp } from "../src/app.ts";
import { TestClock } from "../src/platform/clock.ts";
import { loadConfig } from "../src/platform/config.ts";
import type { Ctx, Deps } from "../src/platform/context.ts";
import { createDataCrypto } from "../src/platform/crypto.ts";
import { type Database, openPglite, openPostgres } from "../src/platform/db/db.ts";
import { systemActor } from "../src/platform/auth/actor.ts";
import { jobsIdle } from "../src/platform/jobs/jobs.ts";

export interface TestEnv {
  app: FastifyInstance;
  deps: Deps;
  clock: TestClock;
  database: Database;
  /** context for calling services directly as the system actor */
  system: Ctx;
  close(): Promise<void>;
}

/** A fresh database for this test file: a copy of the migrated, seeded template. */
export async function openTestDatabase(): Promise<{ database: Database; drop: () => Promise<void> }> {
  if (process.env.TEST_DB === "postgres") {
    const url = process.env.TEST_DATABASE_URL!;
    const tpl = inject("pgTemplate");
    // named after the run's template so global teardown can drop leftovers of this run
    const name = `${tpl.replace("jl_tpl_", "jl_t_")}_${randomBytes(5).toString("hex")}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${tpl}`);
    const u = new URL(url);
    u.pathname = `/${name}`;
    const database = await openPostgres(u.toString(), 5);
    return {
      database,
      drop: async () => {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.end();
      },
    };
  }
  const file = inject("pgliteTemplate");
  const database = await openPglite(undefined, { loadDataDir: new Blob([fs.readFileSync(file)]) });
  return { database, drop: async () => {} };
}

/**
 * `open`: another database than a fresh copy of the template (a data folder or database a server
 * process will use next); `dataKey`: the key that process encrypts personal data with.
 */
export async function createTestEnv(
  opts: { now?: string; open?: () => Promise<{ database: Database; drop: () => Promise<void> }>; dataKey?: string } = {},
): Promise<TestEnv> {
  const { database, drop } = await (opts.open ?? openTestDatabase)();
  const clock = new TestClock(opts.now ?? "2026-03-02T01:00:00Z");
  const config = { ...loadConfig({}), sessionIdleMinutes: 30 };
  const deps: Deps = { db: database.db, dbKind: database.kind, clock, config, crypto: createDataCrypto(opts.dataKey ?? "test-key") };
  const app = await buildApp(deps, { serveWeb: false });
  await app.ready();
  return {
    app,
    deps,
    clock,
    database,
    system: { actor: systemActor, requestId: "test", clientIp: null },
    close: async () => {
      await app.close();
      // a background job may still be writing its final state (a test can see "succeeded" from the
      // job's own transaction before the runner's last update): let it finish before the pool ends
      await jobsIdle(database.db);
      await database.close();
      await drop();
    },
  };
}

/** A logged-in client: keeps the session cookie and sends it with every request. */
export class Session {
  constructor(
    private readonly app: FastifyInstance,
    public cookie: string | null,
  ) {}
  request(opts: InjectOptions): Promise<LightMyRequestResponse> {
    const headers = { ...(opts.headers ?? {}), ...(this.cookie ? { cookie: this.cookie } : {}) };
    return this.app.inject({ ...opts, headers });
  }
  get(url: string) {
    return this.request({ method: "GET", url });
  }
  post(url: string, payload?: unknown) {
    return this.request({ method: "POST", url, ...(payload === undefined ? {} : { payload: payload as object }) });
  }
  patch(url: string, payload: unknown) {
    return this.request({ method: "PATCH", url, payload: payload as object });
  }
  put(url: string, payload: unknown) {
    return this.request({ method: "PUT", url, payload: payload as object });
  }
  delete(url: string) {
    return this.request({ method: "DELETE", url });
  }
}

export async function login(app: FastifyInstance, username: string, password: string): Promise<Session> {
  const res = await app.inject({ method: "POST", url: "/api/auth/login", payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  const c = res.cookies.find((x) => x.name === "jl_sid");
  return new Session(app, `jl_sid=${c!.value}`);
}

export function anonymous(app: FastifyInstance): Session {
  return new Session(app, null);
}
