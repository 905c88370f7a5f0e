import Fastify from "fastify";
import { describe, expect, it } from "vitest";
import { TestClock } from "../clock.ts";
import { registerErrorHandling } from "./error-handler.ts";
import { AppError } from "./errors.ts";
import { backoffSeconds, registerRateLimit } from "./rate-limit.ts";

const BACKOFF = { free: 3, baseSeconds: 2, maxSeconds: 60, forgetSeconds: 600 };

async function app(clock: TestClock) {
  const a = Fastify();
  registerErrorHandling(a);
  registerRateLimit(a, clock);
  a.post<{ Body: { ok: boolean } }>("/try", { config: { failureBackoff: BACKOFF } }, async (req) => {
    if (!req.body.ok) throw new AppError("auth.invalid_credentials", "x");
    return { ok: true };
  });
  await a.ready();
  return (ok: boolean, remoteAddress = "10.0.0.1") => a.inject({ method: "POST", url: "/try", payload: { ok }, remoteAddress });
}

describe("failure back-off per address", () => {
  it("waits 2, 4, 8 … seconds after the free failures, capped", () => {
    expect([2, 3, 4, 5, 9, 30].map((f) => backoffSeconds(BACKOFF, f))).toEqual([0, 2, 4, 8, 60, 60]);
  });

  it("blocks after the free failures, lets one try through when the wait is over, and doubles the wait", async () => {
    const clock = new TestClock();
    const call = await app(clock);
    for (let i = 0; i < 3; i++) expect((await call(false)).statusCode).toBe(401);
    const blocked = await call(true);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.headers["retry-after"]).toBe("2");
    expect((await call(false, "10.0.0.2")).statusCode).toBe(401); // another address
    clock.advance(2_000);
    expect((await call(false)).statusCode).toBe(401);
    expect((await call(false)).headers["retry-after"]).toBe("4");
    clock.advance(4_000 + 600_000);
    expect((await call(true)).statusCode).toBe(200); // forgotten after the quiet period
  });

  it("a success gives its attempt back; a clock set back never blocks", async () => {
    const clock = new TestClock();
    const call = await app(clock);
    for (let i = 0; i < 10; i++) expect((await call(true)).statusCode).toBe(200);
    clock.advance(-3_600_000);
    expect((await call(false)).statusCode).toBe(401);
    expect((await call(true)).statusCode).toBe(200);
  });
});
