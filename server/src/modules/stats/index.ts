export { statsRoutes } from "./stats.routes.ts";
export { markClassesDirty, rebuildStats, refreshStats, startStatsRefresher } from "./stats.refresh.ts";
