import { describe, expect, it } from "vitest";
import { applyFactors, computeStandard, periodsOverlap, type StandardRow, standardRegionChain } from "./standard-lookup.ts";

const base: Omit<StandardRow, "id" | "regionCode" | "amountFen" | "effectiveFrom" | "effectiveTo"> = {
  subsidyType: "training",
  itemId: "item-1",
  certificateType: "skill_level",
  skillLevel: "4",
  shortageFactorPercent: 100,
  onlineFactorPercent: 100,
  blendedFactorPercent: 70,
};
const rows: StandardRow[] = [
  { ...base, id: "prov-2024", regionCode: "220000", amountFen: 150_000, effectiveFrom: "2024-01-01", effectiveTo: "2024-12-31" },
  { ...base, id: "prov-2025", regionCode: "220000", amountFen: 160_000, effectiveFrom: "2025-01-01", effectiveTo: null },
  { ...base, id: "cc-2025", regionCode: "220100", amountFen: 180_000, shortageFactorPercent: 90, effectiveFrom: "2025-03-01", effectiveTo: null },
  { ...base, id: "cc-level3", regionCode: "220100", skillLevel: "3", amountFen: 250_000, effectiveFrom: "2024-01-01", effectiveTo: null },
  { ...base, id: "mhk", regionCode: "220581", amountFen: 170_000, effectiveFrom: "2025-01-01", effectiveTo: null },
];
const q = { subsidyType: "training" as const, itemId: "item-1", certificateType: "skill_level", skillLevel: "4", mode: "offline" as const };

describe("standard lookup", () => {
  it("uses the version in force on the date (inclusive end dates)", () => {
    expect(computeStandard(rows, { ...q, regionCode: "220200", date: "2024-12-31" })?.standardId).toBe("prov-2024");
    expect(computeStandard(rows, { ...q, regionCode: "220200", date: "2025-01-01" })?.standardId).toBe("prov-2025");
    expect(computeStandard(rows, { ...q, regionCode: "220200", date: "2023-12-31" })).toBeNull();
  });

  it("a city's own standard beats the province default, from its own start date", () => {
    expect(computeStandard(rows, { ...q, regionCode: "220100", date: "2025-02-28" })?.standardId).toBe("prov-2025");
    const a = computeStandard(rows, { ...q, regionCode: "220100", date: "2025-03-01" })!;
    expect(a.standardId).toBe("cc-2025");
    expect(a.resolvedRegionCode).toBe("220100");
  });

  it("a county resolves to its city; 梅河口 (省直管) has its own and falls back to the province, not 通化", () => {
    expect(standardRegionChain("220102")).toEqual(["220100", "220000"]);
    expect(computeStandard(rows, { ...q, regionCode: "220102", date: "2025-06-01" })?.standardId).toBe("cc-2025");
    expect(computeStandard(rows, { ...q, regionCode: "220581", date: "2025-06-01" })?.standardId).toBe("mhk");
    expect(standardRegionChain("220581")).toEqual(["220581", "220000"]);
    expect(computeStandard(rows, { ...q, regionCode: "220502", date: "2025-06-01" })?.standardId).toBe("prov-2025");
  });

  it("matches level and certificate type exactly", () => {
    expect(computeStandard(rows, { ...q, skillLevel: "3", regionCode: "220100", date: "2025-06-01" })?.amountFen).toBe(250_000);
    expect(computeStandard(rows, { ...q, skillLevel: "5", regionCode: "220100", date: "2025-06-01" })).toBeNull();
    expect(computeStandard(rows, { ...q, certificateType: "special_ability", regionCode: "220100", date: "2025-06-01" })).toBeNull();
  });

  it("applies shortage and mode factors: 1800.00 元 × 90% × 70% = 1134.00 元", () => {
    const a = computeStandard(rows, { ...q, mode: "blended", regionCode: "220100", date: "2025-06-01" })!;
    expect(a).toMatchObject({ baseAmountFen: 180_000, shortageFactorPercent: 90, modeFactorPercent: 70, amountFen: 113_400, rounding: "half_up_fen" });
    expect(computeStandard(rows, { ...q, mode: "offline", regionCode: "220100", date: "2025-06-01" })!.amountFen).toBe(162_000);
  });

  it("training and evaluation standards are looked up separately; evaluation has no training-mode factor", () => {
    const evaluation: StandardRow[] = [
      ...rows,
      { ...base, id: "prov-eval", subsidyType: "evaluation", onlineFactorPercent: 100, blendedFactorPercent: 100, regionCode: "220000", amountFen: 20_000, effectiveFrom: "2025-01-01", effectiveTo: null },
      // a row that (against the service's rules) carries a factor: the lookup still ignores it
      { ...base, id: "cc-eval", subsidyType: "evaluation", regionCode: "220100", amountFen: 25_000, effectiveFrom: "2026-01-01", effectiveTo: null },
    ];
    const ev = { ...q, subsidyType: "evaluation" as const };
    expect(computeStandard(evaluation, { ...q, regionCode: "220200", date: "2025-06-01" })?.standardId).toBe("prov-2025");
    expect(computeStandard(evaluation, { ...ev, regionCode: "220200", date: "2025-06-01" })).toMatchObject({ standardId: "prov-eval", subsidyType: "evaluation", amountFen: 20_000 });
    expect(computeStandard(evaluation, { ...ev, mode: "blended", regionCode: "220100", date: "2026-03-01" })).toMatchObject({ standardId: "cc-eval", modeFactorPercent: 100, amountFen: 25_000 });
    // a city's training standard does not stand in for a missing evaluation standard, nor the other way round
    expect(computeStandard(evaluation, { ...ev, regionCode: "220100", date: "2024-06-01" })).toBeNull();
    expect(computeStandard(rows, { ...ev, regionCode: "220100", date: "2025-06-01" })).toBeNull();
  });

  it("rounds half up to whole fen", () => {
    expect(applyFactors(5, 100, 70)).toBe(4); // 3.5 fen → 4
    expect(applyFactors(3, 90, 50)).toBe(1); // 1.35 fen → 1
    expect(applyFactors(1, 50, 100)).toBe(1); // 0.5 fen → 1
    expect(applyFactors(123_457, 90, 70)).toBe(77_778); // 77777.91 → 77778
    expect(applyFactors(0, 80, 70)).toBe(0);
    expect(() => applyFactors(1.5, 100, 100)).toThrow(RangeError);
  });

  it("periods overlap when they share a day; open ends overlap everything later", () => {
    expect(periodsOverlap({ effectiveFrom: "2025-01-01", effectiveTo: "2025-06-30" }, { effectiveFrom: "2025-06-30", effectiveTo: null })).toBe(true);
    expect(periodsOverlap({ effectiveFrom: "2025-01-01", effectiveTo: "2025-06-29" }, { effectiveFrom: "2025-06-30", effectiveTo: null })).toBe(false);
    expect(periodsOverlap({ effectiveFrom: "2025-01-01", effectiveTo: null }, { effectiveFrom: "2030-01-01", effectiveTo: "2030-12-31" })).toBe(true);
    expect(periodsOverlap({ effectiveFrom: "2026-01-01", effectiveTo: null }, { effectiveFrom: "2025-01-01", effectiveTo: "2025-12-31" })).toBe(false);
  });
});
