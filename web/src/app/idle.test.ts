import { describe, expect, it } from "vitest";
import { idleState } from "./idle.ts";

const MIN = 60_000;

describe("idle timeout", () => {
  it("stays quiet, then warns during the last minute, then expires", () => {
    expect(idleState(28 * MIN, 0, 30 * MIN)).toEqual({ kind: "active" });
    expect(idleState(29 * MIN + 30_500, 0, 30 * MIN)).toEqual({ kind: "warn", secondsLeft: 30 });
    expect(idleState(30 * MIN, 0, 30 * MIN)).toEqual({ kind: "expired" });
  });

  it("warns for half the time when the session is very short", () => {
    expect(idleState(29_000, 0, MIN)).toEqual({ kind: "active" });
    expect(idleState(31_000, 0, MIN).kind).toBe("warn");
  });
});
