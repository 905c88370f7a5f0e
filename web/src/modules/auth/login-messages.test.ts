import dayjs from "dayjs";
import { describe, expect, it } from "vitest";
import { ApiError } from "../../app/api-client.ts";
import { loginFailureText } from "./login-messages.ts";

describe("login failure wording", () => {
  it("states the lockout rule without a count (the server does not tell one)", () => {
    expect(loginFailureText(new ApiError(401, "auth.invalid_credentials", "x"))).toBe("用户名或密码错误（连续错误 5 次账号将被临时锁定）");
  });

  it("tells how long a throttled address waits", () => {
    expect(loginFailureText(new ApiError(429, "request.rate_limited", "x", { retryAfterSeconds: 8 }))).toBe("登录尝试过于频繁，请 8 秒后再试");
  });

  it("tells until when the account is locked, in local time", () => {
    const now = new Date("2026-03-02T08:00:00");
    const until = new Date("2026-03-02T08:15:00");
    const text = loginFailureText(new ApiError(423, "auth.locked", "x", { lockedUntil: until.toISOString() }), now);
    expect(text).toContain(`请于 ${dayjs(until).format("HH:mm")} 后再试`);
  });
});
