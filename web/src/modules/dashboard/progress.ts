/**
 * Progress against target, joined from the targets and statistics overviews (pure; no I/O):
 * attainment = person-times completed ÷ target; the pace expected by today = target × the share of
 * the year elapsed; the year-end forecast extends the rate so far to the whole year; the same per
 * child region (cities for the province, counties for a city).
 */
import type { StatsOverview, TargetsOverview } from "./overview.types.ts";

export type PaceState = "ahead" | "on_pace" | "behind" | "no_target";

export interface ChildProgress {
  regionCode: string;
  regionName: string;
  target: number | null;
  completed: number;
  persons: number;
  certificates: number;
  /** completed ÷ target; null without a (positive) target */
  attainment: number | null;
}

export interface Progress {
  year: number;
  completed: number;
  persons: number;
  certificates: number;
  target: number | null;
  attainment: number | null;
  /** days of `year` elapsed through `today` ÷ days in the year: 0 before it starts, 1 after it ends */
  elapsedShare: number;
  /** target × elapsedShare, rounded; null without a target */
  expectedByToday: number | null;
  /** completed ÷ elapsedShare (the rate so far over the whole year), rounded; null before the year starts */
  forecast: number | null;
  forecastAttainment: number | null;
  pace: PaceState;
  children: ChildProgress[];
}

/** completed within ±2% of the expected pace counts as on pace */
export const PACE_TOLERANCE = 0.02;

const DAY_MS = 86_400_000;

/** Share of `year` elapsed at the end of `today` (YYYY-MM-DD, the day in China). */
export function elapsedShareOfYear(year: number, today: string): number {
  const start = Date.UTC(year, 0, 1);
  const end = Date.UTC(year + 1, 0, 1);
  const [y, m, d] = today.split("-").map(Number) as [number, number, number];
  const endOfToday = Date.UTC(y, m - 1, d) + DAY_MS;
  if (endOfToday <= start) return 0;
  if (endOfToday >= end) return 1;
  return (endOfToday - start) / (end - start);
}

const ratio = (n: number, target: number | null): number | null => (target !== null && target > 0 ? n / target : null);

export function paceOf(completed: number, expected: number | null): PaceState {
  if (expected === null) return "no_target";
  if (expected === 0) return completed > 0 ? "ahead" : "on_pace";
  const r = completed / expected;
  if (r > 1 + PACE_TOLERANCE) return "ahead";
  if (r < 1 - PACE_TOLERANCE) return "behind";
  return "on_pace";
}

/**
 * Joins the two overviews for `today`. Either may be missing (null: not yet available) — the
 * figures it would give are then zero (statistics) or null (targets). Children are matched by
 * region code; a child known to only one side is kept, with zeros or a null target.
 */
export function joinProgress(targets: TargetsOverview | null, stats: StatsOverview | null, year: number, today: string): Progress {
  const target = targets?.total.target ?? null;
  const completed = stats?.totals.personTimesCompleted ?? 0;
  const elapsedShare = elapsedShareOfYear(year, today);
  const expectedByToday = target === null ? null : Math.round(target * elapsedShare);
  const forecast = elapsedShare > 0 ? Math.round(completed / elapsedShare) : null;
  const byCode = new Map<string, ChildProgress>();
  for (const c of targets?.children ?? []) {
    byCode.set(c.regionCode, { regionCode: c.regionCode, regionName: c.regionName, target: c.target, completed: 0, persons: 0, certificates: 0, attainment: null });
  }
  for (const c of stats?.children ?? []) {
    const row = byCode.get(c.regionCode) ?? { regionCode: c.regionCode, regionName: c.regionName, target: null, completed: 0, persons: 0, certificates: 0, attainment: null };
    byCode.set(c.regionCode, { ...row, completed: c.personTimesCompleted, persons: c.persons, certificates: c.certificates });
  }
  const children = [...byCode.values()].map((c) => ({ ...c, attainment: ratio(c.completed, c.target) })).sort((a, b) => a.regionCode.localeCompare(b.regionCode));
  return {
    year,
    completed,
    persons: stats?.totals.persons ?? 0,
    certificates: stats?.totals.certificates ?? 0,
    target,
    attainment: ratio(completed, target),
    elapsedShare,
    expectedByToday,
    forecast,
    forecastAttainment: forecast === null ? null : ratio(forecast, target),
    pace: paceOf(completed, expectedByToday),
    children,
  };
}

/** "37.5%" (one decimal); "—" for null */
export function percentText(r: number | null): string {
  return r === null ? "—" : `${(r * 100).toFixed(1)}%`;
}
