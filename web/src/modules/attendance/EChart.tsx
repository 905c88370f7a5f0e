import type { BarSeriesOption, GaugeSeriesOption } from "echarts/charts";
import type { GridComponentOption, LegendComponentOption, MarkLineComponentOption, TooltipComponentOption } from "echarts/components";
import type { ComposeOption } from "echarts/core";
import { type CSSProperties, lazy, Suspense } from "react";

export type ChartOption = ComposeOption<BarSeriesOption | GaugeSeriesOption | GridComponentOption | LegendComponentOption | MarkLineComponentOption | TooltipComponentOption>;

export interface EChartProps {
  option: ChartOption;
  style?: CSSProperties;
  /** what the chart shows, read out by screen readers */
  label: string;
}

// ECharts is ≈ 170 KB gzip: it is fetched when a chart is first drawn, not with the console.
const EChartCanvas = lazy(() => import("./EChartCanvas.tsx").then((m) => ({ default: m.EChartCanvas })));

/** A chart; while ECharts loads, an empty box of the chart's size keeps the page from jumping. */
export function EChart(props: EChartProps) {
  return (
    <Suspense fallback={<div role="img" aria-label={props.label} aria-busy="true" style={{ width: "100%", height: 240, ...props.style }} />}>
      <EChartCanvas {...props} />
    </Suspense>
  );
}
