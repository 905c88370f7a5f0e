/** ECharts options of the home page's charts (pure; types only from echarts, so no chart code loads here). */
import type { BarSeriesOption, LineSeriesOption, MapSeriesOption } from "echarts/charts";
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption, VisualMapComponentOption } from "echarts/components";
import type { ComposeOption } from "echarts/core";
import type { MapDatum } from "./map-names.ts";
import type { StatsOverview } from "./overview.types.ts";

export type DashboardChartOption = ComposeOption<
  BarSeriesOption | LineSeriesOption | MapSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption | VisualMapComponentOption
>;

/** the map's registered name (see DashboardChartCanvas.tsx) */
export const JILIN_MAP = "jilin";

const BLUE = "#1677ff";
const GREEN = "#389e0d";
const AXIS_TEXT = "#595959"; // ≥ 4.5:1 on white

/** Twelve months of the year, zero where the statistics have no row. */
export function monthsOf(year: number, byMonth: StatsOverview["byMonth"]): { month: string; personTimesCompleted: number; certificates: number }[] {
  const rows = new Map(byMonth.map((m) => [m.month, m]));
  return Array.from({ length: 12 }, (_, i) => {
    const month = `${year}-${String(i + 1).padStart(2, "0")}`;
    return { month, personTimesCompleted: rows.get(month)?.personTimesCompleted ?? 0, certificates: rows.get(month)?.certificates ?? 0 };
  });
}

/** Person-times completed (bars) and certificates (line) per month. */
export function trendOption(year: number, byMonth: StatsOverview["byMonth"]): DashboardChartOption {
  const months = monthsOf(year, byMonth);
  return {
    tooltip: { trigger: "axis" },
    legend: { top: 0, textStyle: { color: AXIS_TEXT } },
    grid: { left: 8, right: 8, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: "category", data: months.map((m) => `${Number(m.month.slice(5))}月`), axisLabel: { color: AXIS_TEXT } },
    yAxis: { type: "value", axisLabel: { color: AXIS_TEXT } },
    series: [
      { name: "结业人次", type: "bar", data: months.map((m) => m.personTimesCompleted), itemStyle: { color: BLUE } },
      { name: "发证数", type: "line", data: months.map((m) => m.certificates), itemStyle: { color: GREEN }, lineStyle: { color: GREEN } },
    ],
  };
}

/** Horizontal bars, largest at the top (category or industry breakdown). */
export function breakdownOption(rows: { name: string; personTimesCompleted: number }[]): DashboardChartOption {
  const sorted = [...rows].sort((a, b) => a.personTimesCompleted - b.personTimesCompleted);
  return {
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: "value", axisLabel: { color: AXIS_TEXT } },
    yAxis: { type: "category", data: sorted.map((r) => r.name), axisLabel: { color: AXIS_TEXT, width: 110, overflow: "truncate" } },
    series: [{ name: "结业人次", type: "bar", data: sorted.map((r) => r.personTimesCompleted), itemStyle: { color: BLUE }, label: { show: true, position: "right", color: AXIS_TEXT } }],
  };
}

/** Jilin's cities coloured by attainment (%); cities without a target stay grey. */
export function mapOption(data: MapDatum[]): DashboardChartOption {
  return {
    tooltip: {
      trigger: "item",
      formatter: (p: unknown) => {
        const d = (p as { data?: MapDatum; name: string }).data;
        if (!d) return (p as { name: string }).name;
        return `${d.name}<br/>结业 ${d.completed.toLocaleString("zh-CN")} 人次<br/>目标 ${d.target === null ? "未下达" : d.target.toLocaleString("zh-CN")}<br/>完成率 ${d.value === null ? "—" : `${d.value}%`}`;
      },
    },
    visualMap: {
      type: "piecewise",
      left: 0,
      bottom: 0,
      textStyle: { color: AXIS_TEXT },
      pieces: [
        { min: 100, label: "≥100%", color: "#237804" },
        { min: 80, max: 100, label: "80–100%", color: "#73d13d" }, // contrast: not text (map/bar fill)
        { min: 50, max: 80, label: "50–80%", color: "#ffc53d" }, // contrast: not text (map/bar fill)
        { max: 50, label: "<50%", color: "#ff7a45" }, // contrast: not text (map/bar fill)
      ],
      outOfRange: { color: "#d9d9d9" }, // contrast: not text (map/bar fill)
    },
    series: [
      {
        name: "目标完成率",
        type: "map",
        map: JILIN_MAP,
        roam: false,
        label: { show: true, fontSize: 10, color: "#262626" },
        itemStyle: { borderColor: "#ffffff", areaColor: "#d9d9d9" },
        emphasis: { label: { color: "#000000" }, itemStyle: { areaColor: "#91caff" } },
        data: data.map((d) => ({ ...d, value: d.value ?? Number.NaN })),
      },
    ],
  };
}
