/**
 * The answers of GET /api/targets/overview and GET /api/stats/overview, as the targets and
 * statistics modules declare them in their shared contracts (the responses are validated by them).
 */
export type { OverviewView as TargetsOverview } from "../../../../shared/src/contracts/targets.ts";
export type { OverviewView as StatsOverview } from "../../../../shared/src/contracts/stats.ts";
