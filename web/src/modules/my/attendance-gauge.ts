import type { ChartOption } from "../attendance/EChart.tsx";

/** A gauge of one attendance rate with the threshold marked: red below it, green from it. */
export function gaugeOption(percent: number, threshold: number): ChartOption {
  const ok = percent >= threshold;
  return {
    series: [
      {
        type: "gauge",
        min: 0,
        max: 100,
        startAngle: 210,
        endAngle: -30,
        radius: "95%",
        center: ["50%", "58%"],
        progress: { show: true, width: 14, itemStyle: { color: ok ? "#52c41a" : "#f5222d" } },
        axisLine: { lineStyle: { width: 14, color: [[threshold / 100, "#ffe7e6"], [1, "#e8f7e0"]] } },
        splitNumber: 10,
        axisTick: { show: false },
        splitLine: { distance: -14, length: 14, lineStyle: { width: 1, color: "#fff" } },
        axisLabel: { distance: 18, fontSize: 11, color: "#888", formatter: (v: number) => (v === 0 || v === threshold || v === 100 ? `${v}%` : "") },
        pointer: { show: false },
        anchor: { show: false },
        title: { show: true, offsetCenter: [0, "32%"], fontSize: 13, color: ok ? "#389e0d" : "#cf1322" },
        detail: { valueAnimation: false, offsetCenter: [0, "-2%"], fontSize: 34, fontWeight: 700, formatter: "{value}%", color: "#222" },
        data: [{ value: percent, name: ok ? `达到 ${threshold}%` : `低于 ${threshold}%` }],
      },
    ],
  };
}
