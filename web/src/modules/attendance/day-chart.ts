import dayjs from "dayjs";
import type { ClassAttendanceSummary } from "../../../../shared/src/contracts/attendance.ts";
import type { ChartOption } from "./EChart.tsx";

export const FLAG_RED = "#f5222d";
const OK_BLUE = "#1f5fad";
/** a day still to come or under way: its count so far, in grey */
const NOT_HELD = "#bfbfbf";

/** Bars per class day (red when a held day is under the threshold), with the threshold as a dashed line. */
export function dayChartOption(days: ClassAttendanceSummary["days"], threshold: number): ChartOption {
  return {
    grid: { left: 40, right: 56, top: 24, bottom: 28 },
    tooltip: {
      trigger: "axis",
      formatter: (p: unknown) => {
        const i = (Array.isArray(p) ? (p[0] as { dataIndex: number }) : (p as { dataIndex: number })).dataIndex;
        const d = days[i];
        if (!d) return "";
        const state = !d.held ? "尚未结束" : d.flagged ? `低于 ${threshold}%` : "达标";
        return `${d.date}<br/>出勤率 ${d.percent}%（${d.present} 人）<br/>${state}`;
      },
    },
    xAxis: { type: "category", data: days.map((d) => dayjs(d.date).format("M/D")), axisTick: { alignWithLabel: true } },
    yAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
    series: [
      {
        type: "bar",
        barMaxWidth: 36,
        data: days.map((d) => ({ value: d.percent, itemStyle: { color: !d.held ? NOT_HELD : d.flagged ? FLAG_RED : OK_BLUE } })),
        label: {
          show: true,
          position: "top",
          formatter: (p: unknown) => {
            const d = days[(p as { dataIndex: number }).dataIndex];
            return !d || (!d.held && d.present === 0) ? "" : d.held ? `${d.percent}%` : `${d.percent}%（未结束）`;
          },
        },
        markLine: {
          symbol: "none",
          silent: true,
          lineStyle: { color: FLAG_RED, type: "dashed", width: 1.5 },
          label: { formatter: `${threshold}%`, color: FLAG_RED },
          data: [{ yAxis: threshold }],
        },
      },
    ],
  };
}
