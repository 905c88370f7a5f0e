import { describe, expect, it } from "vitest";
import { codeCountdown, nextCodeFetchMs } from "./code-timing.ts";

const until = "2026-03-16T01:00:30.000Z";
const at = (iso: string) => new Date(iso).getTime();

describe("code screen timing", () => {
  it("counts down the 30-second period and marks the code past at validUntil", () => {
    expect(codeCountdown(until, 30, at("2026-03-16T01:00:00.000Z"))).toEqual({ secondsLeft: 30, fraction: 1, expired: false });
    expect(codeCountdown(until, 30, at("2026-03-16T01:00:20.500Z"))).toMatchObject({ secondsLeft: 10, expired: false });
    expect(codeCountdown(until, 30, at("2026-03-16T01:00:30.000Z"))).toEqual({ secondsLeft: 0, fraction: 0, expired: true });
  });

  it("asks for the next code just after validUntil, and again soon when the server lags", () => {
    expect(nextCodeFetchMs(until, at("2026-03-16T01:00:10.000Z"))).toBe(20_250);
    expect(nextCodeFetchMs(until, at("2026-03-16T01:00:31.000Z"))).toBe(1000);
  });
});
