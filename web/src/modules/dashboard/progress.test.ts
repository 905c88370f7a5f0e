import { describe, expect, it } from "vitest";
import type { StatsOverview, TargetsOverview } from "./overview.types.ts";
import { elapsedShareOfYear, joinProgress, paceOf, percentText } from "./progress.ts";

const targets: TargetsOverview = {
  year: 2026,
  scopeRegionCode: "220000",
  total: { target: 700_000 },
  children: [
    { regionCode: "220100", regionName: "长春市", target: 200_000 },
    { regionCode: "220200", regionName: "吉林市", target: 100_000 },
    { regionCode: "220300", regionName: "四平市", target: null },
  ],
  programs: [],
};

const stats = (completed: number, children: StatsOverview["children"] = []): StatsOverview => ({
  year: 2026,
  asOf: "2026-07-02T08:00:00+08:00",
  scopeRegionCode: "220000",
  totals: { classesOpened: 0, classesStarted: 0, classesCompleted: 0, personTimesStarted: 0, personTimesCompleted: completed, persons: 0, certificates: 0 },
  subsidies: { personTimes: 0, amountFen: 0, byType: [] },
  notices: { published: 0, lines: 0, objections: 0, upheld: 0 },
  children,
  byMonth: [],
  byCategory: [],
  byIndustry: [],
});

describe("elapsed share of the year", () => {
  it("counts today as elapsed, and is 0 before the year and 1 after it", () => {
    expect(elapsedShareOfYear(2026, "2026-01-01")).toBeCloseTo(1 / 365);
    expect(elapsedShareOfYear(2026, "2026-07-02")).toBeCloseTo(183 / 365);
    expect(elapsedShareOfYear(2024, "2024-12-31")).toBe(1);
    expect(elapsedShareOfYear(2024, "2024-02-29")).toBeCloseTo(60 / 366);
    expect(elapsedShareOfYear(2027, "2026-12-31")).toBe(0);
    expect(elapsedShareOfYear(2025, "2026-03-01")).toBe(1);
  });
});

describe("joinProgress", () => {
  it("gives attainment, the pace expected by today and a forecast from the rate so far", () => {
    // 2 July: 183 of 365 days gone; 350,000 done of 700,000
    const p = joinProgress(targets, stats(350_000), 2026, "2026-07-02");
    expect(p.attainment).toBe(0.5);
    expect(p.expectedByToday).toBe(Math.round((700_000 * 183) / 365)); // 350,959
    expect(p.forecast).toBe(Math.round((350_000 * 365) / 183)); // 698,087
    expect(p.forecastAttainment).toBeCloseTo(698_087 / 700_000, 5);
    expect(p.pace).toBe("on_pace");
    expect(joinProgress(targets, stats(300_000), 2026, "2026-07-02").pace).toBe("behind");
    expect(joinProgress(targets, stats(400_000), 2026, "2026-07-02").pace).toBe("ahead");
  });

  it("joins children by region code: a child without a target has no attainment, one without figures has zeros", () => {
    const p = joinProgress(
      targets,
      stats(60_000, [
        { regionCode: "220300", regionName: "四平市", personTimesCompleted: 10_000, persons: 9_000, certificates: 8_000 },
        { regionCode: "220100", regionName: "长春市", personTimesCompleted: 50_000, persons: 40_000, certificates: 30_000 },
      ]),
      2026,
      "2026-07-02",
    );
    expect(p.children).toEqual([
      { regionCode: "220100", regionName: "长春市", target: 200_000, completed: 50_000, persons: 40_000, certificates: 30_000, attainment: 0.25 },
      { regionCode: "220200", regionName: "吉林市", target: 100_000, completed: 0, persons: 0, certificates: 0, attainment: 0 },
      { regionCode: "220300", regionName: "四平市", target: null, completed: 10_000, persons: 9_000, certificates: 8_000, attainment: null },
    ]);
  });

  it("works with either overview missing (not yet available): no target means no pace, no statistics means zeros", () => {
    const noTargets = joinProgress(null, stats(1_000), 2026, "2026-07-02");
    expect(noTargets).toMatchObject({ target: null, attainment: null, expectedByToday: null, pace: "no_target", completed: 1_000 });
    const noStats = joinProgress(targets, null, 2026, "2026-07-02");
    expect(noStats).toMatchObject({ completed: 0, attainment: 0, forecast: 0, pace: "behind" });
    expect(noStats.children.map((c) => c.regionName)).toEqual(["长春市", "吉林市", "四平市"]);
  });

  it("before the year starts there is no forecast; a zero target gives no attainment", () => {
    expect(joinProgress(targets, stats(0), 2027, "2026-12-31")).toMatchObject({ elapsedShare: 0, forecast: null, expectedByToday: 0, pace: "on_pace" });
    expect(joinProgress({ ...targets, total: { target: 0 } }, stats(5), 2026, "2026-07-02").attainment).toBeNull();
  });
});

describe("pace and percentages", () => {
  it("reads within 2% of the expected figure as on pace", () => {
    expect(paceOf(98, 100)).toBe("on_pace");
    expect(paceOf(97, 100)).toBe("behind");
    expect(paceOf(103, 100)).toBe("ahead");
    expect(paceOf(5, 0)).toBe("ahead");
    expect(percentText(0.3751)).toBe("37.5%");
    expect(percentText(null)).toBe("—");
  });
});
