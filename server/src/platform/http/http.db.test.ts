import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grant, makeUser } from "../../../test/factories.ts";
import { anonymous, createTestEnv, type Session, type TestEnv } from "../../../test/harness.ts";

let env: TestEnv;
let admin: Session;
beforeAll(async () => {
  env = await createTestEnv();
  admin = await (await makeUser(env, { regionCode: "220000", grants: [grant.admin()] })).session();
});
afterAll(() => env?.close());

describe("one error shape for bad input, never a 500", () => {
  it("malformed JSON → 400 request.malformed_json", async () => {
    const r = await admin.request({ method: "POST", url: "/api/users", headers: { "content-type": "application/json" }, payload: "{not json" });
    expect(r.statusCode).toBe(400);
    expect(r.json().error).toMatchObject({ code: "request.malformed_json" });
    expect(r.json().error.requestId).toBeTruthy();
  });

  it("oversized body → 413 request.too_large", async () => {
    const big = JSON.stringify({ username: "x".repeat(2 * 1024 * 1024) });
    const r = await admin.request({ method: "POST", url: "/api/users", headers: { "content-type": "application/json" }, payload: big });
    expect(r.statusCode).toBe(413);
    expect(r.json().error.code).toBe("request.too_large");
  });

  it("wrong types and unknown fields list every problem", async () => {
    const r = await admin.post("/api/users", { username: 5, displayName: ["x"], regionCode: "220102", grants: "all", admin: true });
    expect(r.statusCode).toBe(400);
    const paths = r.json().error.details.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(["body.username", "body.displayName", "body.grants", "body.admin"]));
  });

  it("bad query and path parameters are 400, unknown routes 404", async () => {
    expect((await admin.get("/api/users?page=0")).json().error.code).toBe("request.invalid");
    expect((await admin.get("/api/users/not-a-uuid")).json().error.code).toBe("request.invalid");
    const nf = await admin.get("/api/nothing-here");
    expect(nf.statusCode).toBe(404);
    expect(nf.json().error.code).toBe("route.not_found");
  });

  it("an unsupported content type is 415", async () => {
    const r = await admin.request({ method: "POST", url: "/api/users", headers: { "content-type": "application/xml" }, payload: "<a/>" });
    expect(r.statusCode).toBe(415);
    expect(r.json().error.code).toBe("request.unsupported_media_type");
  });

  it("nothing is written by a refused request", async () => {
    const before = (await admin.get("/api/audit?pageSize=1")).json().total;
    await admin.post("/api/users", { username: "half_written", displayName: "x", regionCode: "999999", grants: [grant.officer("220102")] });
    expect((await admin.get("/api/users?q=half_written")).json().total).toBe(0);
    expect((await admin.get("/api/audit?pageSize=1")).json().total).toBe(before);
  });
});

describe("request hygiene", () => {
  it("limits public certificate look-ups per address: 30 a minute, then 429 with Retry-After", async () => {
    const anon = anonymous(env.app);
    const url = "/api/public/certificates/verify?number=S000122000001244000123&name=%E5%BC%A0%E4%B8%89";
    for (let i = 0; i < 30; i++) expect((await anon.get(url)).statusCode).toBe(404);
    const limited = await anon.get(url);
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe("request.rate_limited");
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
    env.clock.advance(61_000);
    expect((await anon.get(url)).statusCode).toBe(404);
  });

  it("refuses a state change from another origin", async () => {
    const r = await admin.request({ method: "POST", url: "/api/auth/logout", headers: { origin: "https://evil.example", host: "localhost:3000" } });
    expect(r.statusCode).toBe(403);
    expect(r.json().error.code).toBe("request.bad_origin");
    const same = await admin.request({ method: "GET", url: "/api/me", headers: { origin: "https://evil.example" } });
    expect(same.statusCode).toBe(200); // reads are not changes
  });

  it("sets security headers", async () => {
    const r = await anonymous(env.app).get("/api/health");
    expect(r.headers["x-content-type-options"]).toBe("nosniff");
    expect(r.headers["x-frame-options"]).toBe("SAMEORIGIN");
    expect(String(r.headers["content-security-policy"])).toContain("frame-ancestors 'none'");
  });

  it("sets the same security headers on every answer: success, refusal, unknown route, bad input", async () => {
    const names = [
      "content-security-policy",
      "cross-origin-opener-policy",
      "cross-origin-resource-policy",
      "origin-agent-cluster",
      "referrer-policy",
      "x-content-type-options",
      "x-dns-prefetch-control",
      "x-download-options",
      "x-frame-options",
      "x-permitted-cross-domain-policies",
      "x-xss-protection",
    ];
    const answers = [
      await anonymous(env.app).get("/api/health"),
      await anonymous(env.app).get("/api/users"),
      await admin.get("/api/nothing-here"),
      await admin.get("/api/users?page=0"),
    ];
    expect(answers.map((a) => a.statusCode)).toEqual([200, 401, 404, 400]);
    const csp = String(answers[0]!.headers["content-security-policy"]);
    expect(csp).toBe(
      "default-src 'self';base-uri 'self';font-src 'self' data:;form-action 'self';frame-ancestors 'none';img-src 'self' data: blob:;object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self' 'unsafe-inline';connect-src 'self'",
    );
    for (const a of answers) {
      expect(Object.keys(a.headers).filter((h) => names.includes(h)).sort()).toEqual(names);
      expect(a.headers["content-security-policy"]).toBe(csp);
      expect(a.headers["x-xss-protection"]).toBe("0");
      expect(a.headers["strict-transport-security"]).toBeUndefined(); // plain-HTTP test config
      expect(a.headers["x-powered-by"]).toBeUndefined();
    }
  });

  it("health and OpenAPI are public", async () => {
    const h = await anonymous(env.app).get("/api/health");
    expect(h.json()).toMatchObject({ status: "ok", db: env.deps.dbKind });
    const doc = await anonymous(env.app).get("/api/openapi.json");
    expect(doc.json().openapi).toMatch(/^3\./);
    expect(Object.keys(doc.json().paths)).toEqual(expect.arrayContaining(["/api/users", "/api/auth/login", "/api/audit"]));
  });

  it("reference data: 9 cities, 60 counties, the plan's programs, reporting units", async () => {
    const r = (await anonymous(env.app).get("/api/reference")).json();
    expect(r.regions.filter((x: { level: string }) => x.level === "city")).toHaveLength(9);
    expect(r.regions.filter((x: { level: string }) => x.level === "county")).toHaveLength(60);
    expect(r.programs.map((p: { code: string }) => p.code)).toEqual(
      expect.arrayContaining(["E1", "E5", "K4", "K5", "B1", "B5"]),
    );
    expect(r.programs.find((p: { code: string }) => p.code === "E5").targetCount).toBe(20000);
    expect(r.reportingUnits.map((u: { name: string }) => u.name)).toEqual(["长白山管委会", "长春新区管委会"]);
    expect(r.codes.skill_level).toHaveLength(5);
  });
});
