import { describe, expect, it } from "vitest";
import { rateSentence, rateState } from "./rate-state.ts";

const base = { heldSessions: 2, totalSessions: 5, ratePercentSoFar: 100, canStillReach80: true, verdict: "pending" as const };

describe("rateState", () => {
  it("says nothing is known before the first session, on track or out of reach mid-class, the verdict only at the end", () => {
    expect(rateState({ ...base, heldSessions: 0, ratePercentSoFar: null })).toBe("not_started");
    expect(rateState(base)).toBe("on_track");
    expect(rateState({ ...base, ratePercentSoFar: 0, canStillReach80: false })).toBe("cannot_reach");
    expect(rateState({ ...base, heldSessions: 5, verdict: "met" })).toBe("met");
    expect(rateState({ ...base, heldSessions: 5, verdict: "not_met" })).toBe("not_met");
  });
  it("the sentence says only held sessions count", () => {
    expect(rateSentence(base, 80)).toContain("按已结束的 2/5 个课次计算");
    expect(rateSentence({ ...base, heldSessions: 5, verdict: "not_met", canStillReach80: false }, 80)).toContain("不符合补贴条件");
  });
});
