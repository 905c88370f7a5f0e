import { type EChartsCoreOption, init } from "echarts/core";
import { type RefObject, useEffect, useRef } from "react";
import { prefersReducedMotion } from "../../app/reduced-motion.ts";

/**
 * One ECharts instance bound to a container: created on mount, resized with the container,
 * disposed on unmount; `option` is applied (replacing the previous one) whenever it changes and
 * `ready` is true. Each caller registers its own chart types with `use([...])`, so a page
 * downloads only the charts it draws.
 */
export function useEChart(option: EChartsCoreOption, ready = true): RefObject<HTMLDivElement | null> {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<ReturnType<typeof init> | null>(null);

  useEffect(() => {
    if (!el.current) return;
    const c = init(el.current, undefined, { renderer: "canvas" });
    chart.current = c;
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    // charts grow in unless the user asked for less motion
    if (ready) chart.current?.setOption(prefersReducedMotion() ? { ...option, animation: false } : option, true);
  }, [option, ready]);

  return el;
}
