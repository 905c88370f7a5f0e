import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grant, makeUser, TEST_PASSWORD } from "../../../test/factories.ts";
import { anonymous, createTestEnv, type TestEnv } from "../../../test/harness.ts";

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env?.close());

describe("login, lockout and sessions", () => {
  it("sets an HttpOnly, SameSite=Strict session cookie and /api/me lists permissions", async () => {
    const u = await makeUser(env, { regionCode: "220000", grants: [grant.admin()] });
    const res = await anonymous(env.app).post("/api/auth/login", { username: u.username, password: TEST_PASSWORD });
    expect(res.statusCode).toBe(200);
    const c = res.cookies.find((x) => x.name === "jl_sid")!;
    expect(c.httpOnly).toBe(true);
    expect(c.sameSite).toBe("Strict");
    const me = await (await u.session()).get("/api/me");
    expect(me.json().permissions).toEqual(expect.arrayContaining(["user.manage", "audit.read"]));
    expect(me.json().user.regionName).toBe("吉林省");
  });

  it("locks the account for 15 minutes after 5 wrong passwords, even for the right password", async () => {
    const u = await makeUser(env);
    const anon = anonymous(env.app);
    for (let i = 1; i <= 4; i++) {
      const r = await anon.post("/api/auth/login", { username: u.username, password: "wrong-password" });
      expect(r.json().error.code).toBe("auth.invalid_credentials");
      expect(r.json().error.details.remainingAttempts).toBe(5 - i);
    }
    const fifth = await anon.post("/api/auth/login", { username: u.username, password: "wrong-password" });
    expect(fifth.statusCode).toBe(423);
    expect(fifth.json().error.code).toBe("auth.locked");
    const right = await anon.post("/api/auth/login", { username: u.username, password: TEST_PASSWORD });
    expect(right.json().error.code).toBe("auth.locked");
    env.clock.advanceMinutes(15.5);
    const later = await anon.post("/api/auth/login", { username: u.username, password: TEST_PASSWORD });
    expect(later.statusCode).toBe(200);
  });

  it("an unknown user gets the same answer as a wrong password", async () => {
    const r = await anonymous(env.app).post("/api/auth/login", { username: "nobody_here", password: "x" });
    expect(r.statusCode).toBe(401);
    expect(r.json().error.code).toBe("auth.invalid_credentials");
  });

  it("expires a session after 30 idle minutes, not while it is used", async () => {
    const u = await makeUser(env);
    const s = await u.session();
    env.clock.advanceMinutes(20);
    expect((await s.get("/api/me")).statusCode).toBe(200);
    env.clock.advanceMinutes(20); // 40 since login, 20 since last use
    expect((await s.get("/api/me")).statusCode).toBe(200);
    env.clock.advanceMinutes(31);
    const r = await s.get("/api/me");
    expect(r.statusCode).toBe(401);
    expect(r.json().error.code).toBe("auth.required");
  });

  it("logout ends the session", async () => {
    const s = await (await makeUser(env)).session();
    expect((await s.post("/api/auth/logout")).statusCode).toBe(200);
    expect((await s.get("/api/me")).statusCode).toBe(401);
  });

  it("refuses weak new passwords with every reason, and a wrong current password", async () => {
    const u = await makeUser(env);
    const s = await u.session();
    const weak = await s.post("/api/auth/change-password", { currentPassword: TEST_PASSWORD, newPassword: "short" });
    expect(weak.json().error.code).toBe("auth.weak_password");
    expect(weak.json().error.details.problems.length).toBeGreaterThanOrEqual(2);
    const wrong = await s.post("/api/auth/change-password", { currentPassword: "nope", newPassword: "Another-Pass1!" });
    expect(wrong.json().error.code).toBe("auth.wrong_password");
    const ok = await s.post("/api/auth/change-password", { currentPassword: TEST_PASSWORD, newPassword: "Another-Pass1!" });
    expect(ok.statusCode).toBe(200);
    expect((await anonymous(env.app).post("/api/auth/login", { username: u.username, password: "Another-Pass1!" })).statusCode).toBe(200);
  });

  it("an administrator's password reset unlocks and forces a change", async () => {
    const admin = await (await makeUser(env, { regionCode: "220000", grants: [grant.admin()] })).session();
    const u = await makeUser(env);
    for (let i = 0; i < 5; i++) await anonymous(env.app).post("/api/auth/login", { username: u.username, password: "bad" });
    const reset = await admin.post(`/api/users/${u.id}/reset-password`);
    expect(reset.statusCode).toBe(200);
    const tmp = reset.json().temporaryPassword as string;
    const login = await anonymous(env.app).post("/api/auth/login", { username: u.username, password: tmp });
    expect(login.json()).toEqual({ mustChangePassword: true });
  });
});
