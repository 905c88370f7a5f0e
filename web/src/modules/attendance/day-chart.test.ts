import { describe, expect, it } from "vitest";
import { dayChartOption, FLAG_RED } from "./day-chart.ts";

describe("attendance per class day", () => {
  it("paints held days under 80% red, marks the 80% line, and shows days not over yet in grey", () => {
    const o = dayChartOption(
      [
        { date: "2026-03-16", present: 9, percent: 90, held: true, flagged: false },
        { date: "2026-03-17", present: 5, percent: 50, held: true, flagged: true },
        { date: "2026-03-18", present: 0, percent: 0, held: false, flagged: false },
      ],
      80,
    );
    const series = (o.series as { data: { value: number; itemStyle: { color: string } }[]; markLine: { data: { yAxis: number }[] } }[])[0]!;
    expect(series.data.map((d) => d.itemStyle.color)).toEqual(["#1f5fad", FLAG_RED, "#bfbfbf"]);
    expect(series.markLine.data).toEqual([{ yAxis: 80 }]);
    expect((o.xAxis as { data: string[] }).data).toEqual(["3/16", "3/17", "3/18"]);
  });
});
