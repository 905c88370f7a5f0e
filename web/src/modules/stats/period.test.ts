import { describe, expect, it } from "vitest";
import { lastClosedPeriod, reportPeriods } from "./period.ts";

describe("report periods", () => {
  it("offers quarters up to the current one and proposes the last closed period", () => {
    const today = new Date(2026, 11, 2);
    expect(reportPeriods("quarterly", today).slice(0, 2).map((p) => p.value)).toEqual(["2026Q4", "2026Q3"]);
    expect(reportPeriods("annual", today).at(-1)?.value).toBe("2019");
    expect(lastClosedPeriod("quarterly", today)).toBe("2026Q3");
    expect(lastClosedPeriod("quarterly", new Date(2026, 1, 1))).toBe("2025Q4");
    expect(lastClosedPeriod("annual", today)).toBe("2025");
  });
});
