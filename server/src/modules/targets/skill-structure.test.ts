import { describe, expect, it } from "vitest";
import { countProblems, sharesOf, withCertificates } from "./skill-structure.ts";

describe("skill-structure shares (G2, G3)", () => {
  it("skilled share is skilled ÷ employed; high-skilled share is high-skilled ÷ skilled", () => {
    expect(sharesOf({ employed: 1_000, skilled: 250, highSkilled: 75 })).toEqual({ skilledShare: 0.25, highSkilledShare: 0.3 });
    expect(sharesOf({ employed: 13_000_000, skilled: 2_600_000, highSkilled: 650_000 })).toEqual({ skilledShare: 0.2, highSkilledShare: 0.25 });
  });

  it("has no share without figures or with a zero denominator (never NaN or Infinity)", () => {
    expect(sharesOf(null)).toEqual({ skilledShare: null, highSkilledShare: null });
    expect(sharesOf({ employed: 0, skilled: 0, highSkilled: 0 })).toEqual({ skilledShare: null, highSkilledShare: null });
    expect(sharesOf({ employed: 10, skilled: 0, highSkilled: 0 })).toEqual({ skilledShare: 0, highSkilledShare: null });
  });

  it("adds every level's certificates to the skilled, and levels 3–1 to the high-skilled", () => {
    const certs = new Map([
      ["5", 40],
      ["4", 30],
      ["3", 20],
      ["2", 8],
      ["1", 2],
      ["x", 999],
    ]);
    const c = withCertificates({ employed: 1_000, skilled: 150, highSkilled: 45 }, certs);
    expect(c).toEqual({ employed: 1_000, skilled: 250, highSkilled: 75 });
    expect(sharesOf(c)).toEqual({ skilledShare: 0.25, highSkilledShare: 0.3 });
  });

  it("certificates of the low levels raise the skilled share and lower the high-skilled share", () => {
    const base = { employed: 1_000, skilled: 200, highSkilled: 60 };
    const after = sharesOf(withCertificates(base, new Map([["5", 100]])));
    expect(after.skilledShare).toBeGreaterThan(sharesOf(base).skilledShare!);
    expect(after.highSkilledShare).toBeLessThan(sharesOf(base).highSkilledShare!);
  });

  it("names counts that contradict each other", () => {
    expect(countProblems({ employed: 10, skilled: 11, highSkilled: 12 })).toHaveLength(2);
    expect(countProblems({ employed: 10, skilled: 10, highSkilled: 10 })).toEqual([]);
  });
});
