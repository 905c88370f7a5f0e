import type { ChartOption } from "../attendance/EChart.tsx";

/**
 * Bars of one share per year (percent) with the plan's goal drawn as a line. A year without
 * entered figures has no bar (not a zero).
 */
export function shareChartOption(points: { year: number; share: number | null }[], goal: number, color: string): ChartOption {
  return {
    grid: { left: 44, right: 16, top: 24, bottom: 28 },
    tooltip: { trigger: "axis", valueFormatter: (v) => (typeof v === "number" ? `${v.toFixed(1)}%` : "未录入") },
    xAxis: { type: "category", data: points.map((p) => String(p.year)), axisLabel: { color: "#595959" } },
    yAxis: { type: "value", min: 0, max: (m: { max: number }) => Math.max(goal * 100 + 5, Math.ceil(m.max / 5) * 5), axisLabel: { formatter: "{value}%", color: "#595959" } },
    series: [
      {
        type: "bar",
        barMaxWidth: 28,
        itemStyle: { color },
        data: points.map((p) => (p.share === null ? null : Math.round(p.share * 1000) / 10)),
        markLine: {
          symbol: "none",
          lineStyle: { color: "#cf1322", type: "dashed" },
          label: { formatter: `目标 ${goal * 100}%`, color: "#cf1322", position: "insideEndTop" },
          data: [{ yAxis: goal * 100 }],
        },
      },
    ],
  };
}
