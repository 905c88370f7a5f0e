import http from "node:http";
import type { AddressInfo } from "node:net";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../src/app.ts";
import { fromDatabaseError, pgErrorOf } from "../src/platform/db/pg-errors.ts";
import { createTestEnv, anonymous, type TestEnv } from "./harness.ts";

/** Whatever a person types, the answer is a 4xx in the platform's error shape, never a 500. */
let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env?.close());

const shape = { error: { code: expect.any(String), message: expect.any(String), requestId: expect.any(String) } };

describe("NUL characters", () => {
  it("are refused in a query string, a login name and a path parameter, with the path", async () => {
    const q = await env.app.inject({ method: "GET", url: "/api/public/catalogue?q=%00" });
    expect(q.statusCode).toBe(400);
    expect(q.json().error).toMatchObject({ code: "request.invalid", details: { issues: [{ path: "querystring.q", code: "nul_character" }] } });

    const login = await anonymous(env.app).post("/api/auth/login", { username: "ad\u0000min", password: "x" });
    expect(login.statusCode).toBe(400);
    expect(login.json().error.details.issues).toEqual([expect.objectContaining({ path: "body.username", code: "nul_character" })]);

    const params = await env.app.inject({ method: "GET", url: "/api/public/institutions/%00" });
    expect(params.statusCode).toBe(400);
  });
});

describe("dates", () => {
  it("outside 1900–2100 or not on the calendar are 400", async () => {
    for (const date of ["0000-01-01", "9999-12-31", "2026-02-30", "2025-02-29"]) {
      const r = await env.app.inject({ method: "GET", url: `/api/public/catalogue?date=${date}` });
      expect(r.statusCode, date).toBe(400);
      expect(r.json().error.code).toBe("request.invalid");
    }
    expect((await env.app.inject({ method: "GET", url: "/api/public/catalogue?date=2024-02-29" })).statusCode).toBe(200);
  });
});

describe("PostgreSQL errors", () => {
  it.each([
    ["22P02", "select 'x'::int"],
    ["22003", "select 99999999999::int"],
    ["22008", "select '0000-01-01'::date"],
    ["22007", "select 'not a date'::date"],
    ["22012", "select 1/0"],
  ])("%s becomes a 400 request.invalid through the error handler", async (state, query) => {
    const app = await buildApp(env.deps, { serveWeb: false });
    app.get("/api/test/db-error", { config: { access: "public" } }, async () => {
      await env.deps.db.execute(sql.raw(query));
      return { ok: true };
    });
    const r = await app.inject({ method: "GET", url: "/api/test/db-error" });
    await app.close();
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject(shape);
    expect(r.json().error).toMatchObject({ code: "request.invalid", details: { issues: [{ code: `db_${state}` }] } });
  });

  it("every class-22 state, 54000, unique and FK and serialization map to 4xx; a declared constraint to its domain code", () => {
    for (const code of ["22001", "22021", "22P05", "22023", "2201B", "54000", "23502", "23514"]) {
      expect(fromDatabaseError({ code })?.status, code).toBe(400);
    }
    expect(fromDatabaseError({ cause: { code: "23505", constraint: "whatever_uq" } })).toMatchObject({ code: "conflict.duplicate", status: 409 });
    expect(fromDatabaseError({ cause: { cause: { code: "23503" } } })).toMatchObject({ code: "conflict.reference" });
    expect(fromDatabaseError({ code: "40001" })).toMatchObject({ code: "conflict.retry" });
    // declared by the users module at load
    expect(fromDatabaseError({ cause: { code: "23505", constraint: "users_username_uq" } })).toMatchObject({ code: "user.username_taken", status: 409 });
    expect(pgErrorOf(new Error("plain"))).toBeUndefined();
    expect(fromDatabaseError({ code: "XX000" })).toBeUndefined();
  });
});

describe("Fastify's own refusals", () => {
  it("use the platform's error shape: bad URL, too-long parameter, body too large, unknown route", async () => {
    const badUrl = await env.app.inject({ method: "GET", url: "/api/public/institutions/%E0%A4%A" });
    expect(badUrl.statusCode).toBe(400);
    expect(badUrl.json()).toMatchObject(shape);

    const longParam = await env.app.inject({ method: "GET", url: `/api/public/institutions/${"a".repeat(200)}` });
    expect(longParam.statusCode).toBe(414);
    expect(longParam.json()).toMatchObject({ error: { code: "request.too_long" } });

    const tooLarge = await env.app.inject({ method: "POST", url: "/api/auth/login", payload: JSON.stringify({ username: "a".repeat(1_100_000), password: "x" }), headers: { "content-type": "application/json" } });
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.json()).toMatchObject({ error: { code: "request.too_large" } });

    const missing = await env.app.inject({ method: "GET", url: "/api/no-such-thing" });
    expect(missing.json()).toMatchObject({ error: { code: "route.not_found" } });
  });

  it("over a real socket: oversized headers (431) in the same shape", async () => {
    const app = await buildApp(env.deps, { serveWeb: false });
    await app.listen({ port: 0, host: "127.0.0.1" });
    const { port } = app.server.address() as AddressInfo;
    const get = (headers: Record<string, string>) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = http.get({ host: "127.0.0.1", port, path: "/api/health", headers }, (res) => {
          let body = "";
          res.on("data", (c) => (body += c));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on("error", reject);
      });
    const big = await get({ "x-big": "a".repeat(20_000) });
    await app.close();
    expect(big.status).toBe(431);
    expect(JSON.parse(big.body)).toMatchObject({ error: { code: "request.too_long", requestId: expect.any(String) } });
  });
});
