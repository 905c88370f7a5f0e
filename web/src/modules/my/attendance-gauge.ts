import type { ChartOption } from "../attendance/EChart.tsx";
import { SECONDARY_TEXT } from "../../app/colors.ts";

/**
 * A gauge of one attendance rate with the threshold marked, coloured and named by where the
 * trainee stands (`color`, `name`): mid-class the rate so far is not a verdict, so it is not red.
 */
export function gaugeOption(percent: number, threshold: number, look: { color: string; name: string }): ChartOption {
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
        progress: { show: true, width: 14, itemStyle: { color: look.color } },
        axisLine: { lineStyle: { width: 14, color: [[threshold / 100, "#ffe7e6"], [1, "#e8f7e0"]] } },
        splitNumber: 10,
        axisTick: { show: false },
        splitLine: { distance: -14, length: 14, lineStyle: { width: 1, color: "#fff" } }, // contrast: not text (gaps between the ticks)
        axisLabel: { distance: 18, fontSize: 11, color: SECONDARY_TEXT, formatter: (v: number) => (v === 0 || v === threshold || v === 100 ? `${v}%` : "") },
        pointer: { show: false },
        anchor: { show: false },
        title: { show: true, offsetCenter: [0, "32%"], fontSize: 13, color: look.color },
        detail: { valueAnimation: false, offsetCenter: [0, "-2%"], fontSize: 34, fontWeight: 700, formatter: "{value}%", color: "#222" },
        data: [{ value: percent, name: look.name }],
      },
    ],
  };
}
