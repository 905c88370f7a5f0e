import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grant, makeUser, TEST_PASSWORD } from "../../../test/factories.ts";
import { anonymous, createTestEnv, login, type Session, type TestEnv } from "../../../test/harness.ts";

let env: TestEnv;
let provinceAdmin: Session;

beforeAll(async () => {
  env = await createTestEnv();
  const admin = await makeUser(env, { regionCode: "220000", grants: [grant.admin()] });
  provinceAdmin = await admin.session();
});
afterAll(() => env?.close());

describe("users: scoped administration", () => {
  it("creates a county officer for 南关区 who sees only that county's users", async () => {
    const res = await provinceAdmin.post("/api/users", {
      username: "nanguan_officer",
      displayName: "南关区经办人",
      regionCode: "220102",
      grants: [{ role: "hrss_officer", scopeType: "region", regionCode: "220102" }],
    });
    expect(res.statusCode).toBe(201);
    const { temporaryPassword, user } = res.json();
    expect(temporaryPassword).toMatch(/.{10,}/);
    expect(user.mustChangePassword).toBe(true);
    expect(user.grants[0]).toMatchObject({ role: "hrss_officer", regionCode: "220102", regionName: "南关区" });

    await makeUser(env, { username: "kuancheng_user", regionCode: "220103" });
    await makeUser(env, { username: "nanguan_user2", regionCode: "220102" });

    const officer = await login(env.app, "nanguan_officer", temporaryPassword);
    // must change the initial password first
    expect((await officer.get("/api/users")).json().error.code).toBe("auth.password_change_required");
    const ch = await officer.post("/api/auth/change-password", { currentPassword: temporaryPassword, newPassword: "Nanguan-2026!x" });
    expect(ch.statusCode).toBe(200);

    const list = await officer.get("/api/users?pageSize=200");
    expect(list.statusCode).toBe(200);
    const names = list.json().items.map((u: { username: string }) => u.username);
    expect(names).toContain("nanguan_user2");
    expect(names).toContain("nanguan_officer");
    expect(names).not.toContain("kuancheng_user");
    expect(list.json().items.every((u: { regionCode: string }) => u.regionCode === "220102")).toBe(true);

    // a user of another county is "not found", not "forbidden"
    const other = (await provinceAdmin.get("/api/users?q=kuancheng_user")).json().items[0];
    const probe = await officer.get(`/api/users/${other.id}`);
    expect(probe.statusCode).toBe(404);
    expect(probe.json().error.code).toBe("user.not_found");
    // and an officer cannot create users at all
    expect((await officer.post("/api/users", { username: "x123", displayName: "x", regionCode: "220102", grants: [grant.officer("220102")] })).statusCode).toBe(403);
  });

  it("a city administrator cannot grant outside the city", async () => {
    const cityAdmin = await (await makeUser(env, { regionCode: "220200", grants: [grant.admin("220200")] })).session();
    const outside = await cityAdmin.post("/api/users", {
      username: "jilin_outside",
      displayName: "越权",
      regionCode: "220202",
      grants: [grant.officer("220102")],
    });
    expect(outside.statusCode).toBe(403);
    expect(outside.json().error.code).toBe("user.scope_outside");
    const province = await cityAdmin.post("/api/users", { username: "jilin_prov", displayName: "越权", regionCode: "220202", grants: [{ role: "admin", scopeType: "province" }] });
    expect(province.json().error.code).toBe("user.scope_outside");
    const inside = await cityAdmin.post("/api/users", { username: "jilin_inside", displayName: "昌邑区", regionCode: "220202", grants: [grant.officer("220202")] });
    expect(inside.statusCode).toBe(201);
    // nothing half-written by the refused attempts
    expect((await provinceAdmin.get("/api/users?q=jilin_outside")).json().total).toBe(0);
  });

  it("reports every validation problem with its path, and unknown fields", async () => {
    const res = await provinceAdmin.post("/api/users", { username: "a", displayName: "", regionCode: "12", grants: [], extra: 1 });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.error.code).toBe("request.invalid");
    const paths = body.error.details.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(["body.username", "body.displayName", "body.regionCode", "body.grants", "body.extra"]));
    expect(body.error.requestId).toBeTruthy();
  });

  it("refuses a role with a scope it cannot have", async () => {
    const res = await provinceAdmin.post("/api/users", { username: "bad_scope", displayName: "x", regionCode: "220102", grants: [{ role: "trainee", scopeType: "province" }] });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.issues[0].path).toBe("body.grants[0].scopeType");
  });

  it("duplicate usernames are a 409 with a clear code", async () => {
    await makeUser(env, { username: "dupe_user" });
    const res = await provinceAdmin.post("/api/users", { username: "DUPE_user", displayName: "x", regionCode: "220102", grants: [grant.officer("220102")] });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe("user.username_taken");
  });

  it("an administrator cannot disable themselves; disabling another ends their sessions", async () => {
    const me = (await provinceAdmin.get("/api/me")).json().user;
    expect((await provinceAdmin.patch(`/api/users/${me.id}`, { status: "disabled" })).json().error.code).toBe("user.self_change");
    const victim = await makeUser(env);
    const s = await victim.session();
    expect((await s.get("/api/me")).statusCode).toBe(200);
    expect((await provinceAdmin.patch(`/api/users/${victim.id}`, { status: "disabled" })).statusCode).toBe(200);
    expect((await s.get("/api/me")).statusCode).toBe(401);
    expect((await anonymous(env.app).post("/api/auth/login", { username: victim.username, password: TEST_PASSWORD })).json().error.code).toBe("auth.disabled");
  });
});
