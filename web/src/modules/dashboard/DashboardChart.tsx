import { type CSSProperties, lazy, Suspense } from "react";
import type { DashboardChartOption } from "./chart-options.ts";

export interface DashboardChartProps {
  option: DashboardChartOption;
  style?: CSSProperties;
  /** what the chart shows, read out by screen readers */
  label: string;
  /** the option draws the map of Jilin (loaded on first use) */
  needsMap?: boolean;
}

// ECharts and the map load with the first chart drawn, not with the console or the login page.
const Canvas = lazy(() => import("./DashboardChartCanvas.tsx").then((m) => ({ default: m.DashboardChartCanvas })));

/** A chart; while ECharts loads, an empty box of the chart's size keeps the page from jumping. */
export function DashboardChart(props: DashboardChartProps) {
  return (
    <Suspense fallback={<div role="img" aria-label={props.label} aria-busy="true" style={{ width: "100%", height: 280, ...props.style }} />}>
      <Canvas {...props} />
    </Suspense>
  );
}
