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

/** Each test below logs in from its own address, so the per-address back-off of one does not leak into another. */
function from(remoteAddress: string) {
  return (username: string, password: string) =>
    env.app.inject({ method: "POST", url: "/api/auth/login", payload: { username, password }, remoteAddress });
}

describe("login does not tell which usernames exist, and throttles one address", () => {
  it("answers an unknown username exactly like a known one with a wrong password, up to the lockout", async () => {
    const known = await makeUser(env);
    const unknown = "nobody_really_here";
    for (let i = 1; i <= 5; i++) {
      const a = await from(`10.7.0.${i}`)(known.username, "wrong-password");
      const b = await from(`10.8.0.${i}`)(unknown, "wrong-password");
      expect(b.statusCode).toBe(a.statusCode);
      expect(b.json().error.code).toBe(a.json().error.code);
      // same keys in details (no remainingAttempts that only known users would get)
      expect(Object.keys(b.json().error.details ?? {}).sort()).toEqual(Object.keys(a.json().error.details ?? {}).sort());
      expect(a.json().error.details?.remainingAttempts).toBeUndefined();
    }
    // both are "locked" now, with the same shape
    const a = await from("10.7.1.1")(known.username, TEST_PASSWORD);
    const b = await from("10.8.1.1")(unknown, TEST_PASSWORD);
    expect([a.statusCode, b.statusCode]).toEqual([423, 423]);
    expect(Object.keys(b.json().error.details).sort()).toEqual(Object.keys(a.json().error.details).sort());
  });

  it("30 usernames from one address: after 10 failures each further try waits twice as long", async () => {
    const login = from("10.9.9.9");
    const codes: number[] = [];
    for (let i = 0; i < 30; i++) codes.push((await login(`guess_${i}`, "Password1!")).statusCode);
    expect(codes.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(codes.slice(10)).toEqual(Array(20).fill(429));
    const first = await login("guess_x", "Password1!");
    expect(first.json().error.code).toBe("request.rate_limited");
    const wait1 = Number(first.headers["retry-after"]);
    expect(wait1).toBeGreaterThan(0);
    env.clock.advance(wait1 * 1000);
    expect((await login("guess_y", "Password1!")).statusCode).toBe(401);
    const second = await login("guess_z", "Password1!");
    expect(second.statusCode).toBe(429);
    expect(Number(second.headers["retry-after"])).toBe(wait1 * 2);
    // another address is not held back
    expect((await from("10.9.9.10")("guess_0", "Password1!")).statusCode).toBe(401);
  });

  it("a right password from a throttled address still waits, and success gives its attempt back", async () => {
    const u = await makeUser(env);
    const login = from("10.6.6.6");
    for (let i = 0; i < 9; i++) await login(`guess_${i}`, "x-wrong");
    expect((await login(u.username, TEST_PASSWORD)).statusCode).toBe(200);
    expect((await login("guess_last", "x-wrong")).statusCode).toBe(401); // 10th failure
    expect((await login(u.username, TEST_PASSWORD)).statusCode).toBe(429);
  });
});

describe("session lifetime", () => {
  it("an idle session lasts the full idle time from its true last use (not up to a minute less)", async () => {
    const s = await (await makeUser(env)).session();
    env.clock.advance(50_000);
    expect((await s.get("/api/me")).statusCode).toBe(200); // last use: 50 s after login
    env.clock.advance(30 * 60_000 - 1_000); // 29:59 after that use
    expect((await s.get("/api/me")).statusCode).toBe(200);
    env.clock.advance(30 * 60_000 + 10_000); // well past 30 idle minutes
    expect((await s.get("/api/me")).statusCode).toBe(401);
  });

  it("ends a session 12 hours after login however busy it is (SESSION_MAX_HOURS)", async () => {
    const s = await (await makeUser(env)).session();
    for (let h = 0; h < 24; h++) {
      env.clock.advanceMinutes(29);
      expect((await s.get("/api/me")).statusCode).toBe(200); // 29 … 696 minutes: still inside 12 h
    }
    env.clock.advanceMinutes(25); // 721 minutes after login
    const r = await s.get("/api/me");
    expect(r.statusCode).toBe(401);
    expect(r.json().error.code).toBe("auth.required");
  });

  it("changing the password keeps the session, and its 12 hours still count from login", async () => {
    const s = await (await makeUser(env)).session();
    for (let i = 0; i < 26; i++) {
      env.clock.advanceMinutes(25);
      expect((await s.get("/api/me")).statusCode).toBe(200);
    }
    // 10:50 after login
    expect((await s.post("/api/auth/change-password", { currentPassword: TEST_PASSWORD, newPassword: "Renewed-Pass-2026!" })).statusCode).toBe(200);
    for (const _at of ["11:15", "11:40"]) {
      env.clock.advanceMinutes(25);
      expect((await s.get("/api/me")).statusCode).toBe(200);
    }
    env.clock.advanceMinutes(25); // 12:05, used 25 minutes ago
    expect((await s.get("/api/me")).statusCode).toBe(401);
  });
});
