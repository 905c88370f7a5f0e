import { BarChart, LineChart, MapChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from "echarts/components";
import { registerMap, use } from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import { useEffect, useState } from "react";
import { useEChart } from "../../components/chart/use-echart.ts";
import type { DashboardChartProps } from "./DashboardChart.tsx";
import { JILIN_MAP } from "./chart-options.ts";

use([BarChart, LineChart, MapChart, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent, CanvasRenderer]);

let mapLoad: Promise<void> | null = null;
/** The map of Jilin (≈ 40 KB) is fetched the first time a map is drawn, then registered once. */
function loadJilinMap(): Promise<void> {
  mapLoad ??= import("../../assets/maps/jilin.json").then((m) => {
    registerMap(JILIN_MAP, m.default as unknown as Parameters<typeof registerMap>[1]);
  });
  return mapLoad;
}

/** A chart of the home page that follows its container's size; only the chart types imported above. */
export function DashboardChartCanvas({ option, style, label, needsMap }: DashboardChartProps) {
  const [mapReady, setMapReady] = useState(!needsMap);

  useEffect(() => {
    if (!needsMap) return;
    let live = true;
    void loadJilinMap().then(() => live && setMapReady(true));
    return () => {
      live = false;
    };
  }, [needsMap]);

  const el = useEChart(option, mapReady);

  return <div ref={el} role="img" aria-label={label} aria-busy={!mapReady} style={{ width: "100%", height: 280, ...style }} />;
}
