import { BarChart, GaugeChart } from "echarts/charts";
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from "echarts/components";
import { use } from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import { useEChart } from "../../components/chart/use-echart.ts";
import type { EChartProps } from "./EChart.tsx";

use([BarChart, GaugeChart, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, CanvasRenderer]);

/**
 * An ECharts chart that follows its container's size; only the chart types imported above.
 * Loaded through EChart.tsx, so ECharts is downloaded only by pages that draw a chart.
 */
export function EChartCanvas({ option, style, label }: EChartProps) {
  const el = useEChart(option);

  return <div ref={el} role="img" aria-label={label} style={{ width: "100%", height: 240, ...style }} />;
}
