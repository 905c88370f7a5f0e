import { useMemo } from "react";
import { dateInChina } from "../../../../shared/src/china-date.ts";
import { can, useMe } from "../../app/session.ts";
import { useReference } from "../reference/reference.api.ts";
import { useOwnClassRates, useStatsOverview, useTargetsOverview, useTodos } from "./dashboard.api.ts";
import { DashboardView, institutionOnly } from "./DashboardView.tsx";

/**
 * 首页: the caller's to-dos, and for officers their region's progress against the year's target
 * (with the pace expected by today and a forecast), the monthly trend, breakdowns and the map of
 * Jilin; institution staff see their own classes' completion and certification rates.
 */
export function DashboardPage() {
  const me = useMe();
  const ref = useReference();
  // the day in China: the year and the elapsed share follow it
  const today = dateInChina(Date.now());
  const year = Number(today.slice(0, 4));
  const officer = !!me.data && !institutionOnly(me.data);
  const ownClasses = !!me.data && can(me.data, "class.apply");
  const todos = useTodos();
  const targets = useTargetsOverview(year, officer);
  const stats = useStatsOverview(year, officer);
  const own = useOwnClassRates(ownClasses);
  const regionNames = useMemo(() => new Map((ref.data?.regions ?? []).map((r) => [r.code, r.name])), [ref.data]);
  const departmentNames = useMemo(() => new Map((ref.data?.departments ?? []).map((x) => [x.code, x.shortName])), [ref.data]);
  if (!me.data) return null;
  return (
    <DashboardView
      me={me.data}
      today={today}
      year={year}
      regionNames={regionNames}
      departmentNames={departmentNames}
      todos={{ items: todos.data?.items, loading: todos.isPending }}
      overview={{ show: officer, targets: targets.isError ? null : targets.data, stats: stats.isError ? null : stats.data }}
      ownClasses={{ show: ownClasses, items: own.data?.items, loading: own.isPending }}
    />
  );
}
