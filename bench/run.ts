/**
 * Benchmark dispatcher: `npm run bench -- <name> [options]`. Each benchmark runs in its own
 * process only when named; with no name the check-in benchmark runs.
 *   checkin        real-name check-in over HTTP against PostgreSQL (bench/checkin.ts)
 *   roster-import  100,000-row roster import (bench/roster-import.ts)
 *   bundle         JavaScript and CSS each console page loads, raw/gzip/brotli (bench/bundle-size.ts)
 *   page-load      login, console and phone home load times in Chromium over a throttled link (bench/page-load.ts)
 *   reports        dashboard and report requests at 1,000,000 enrollments vs a direct GROUP BY (bench/reports.ts)
 *   lists          list/search/detail endpoints on a generated province vs their own SQL, plans checked (bench/lists.ts)
 *   claims         generating and reviewing subsidy claims for N assessed classes of 50 vs a bare INSERT (bench/claims.ts)
 *   portal         the public portal and certificate check under 100 concurrent anonymous clients vs the same SQL on a bare route (bench/portal.ts)
 *   cold-start     `npm start` to listening, first /api/health and first page: empty data folder vs the demo province (bench/cold-start.ts)
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const benches: Record<string, string> = { checkin: "checkin.ts", "roster-import": "roster-import.ts", bundle: "bundle-size.ts", "page-load": "page-load.ts", reports: "reports.ts", lists: "lists.ts", claims: "claims.ts", portal: "portal.ts", "cold-start": "cold-start.ts" };
const [name = "checkin", ...rest] = process.argv.slice(2);
const file = benches[name];
if (!file) {
  console.error(`unknown benchmark "${name}"; choose one of: ${Object.keys(benches).join(", ")}`);
  process.exit(2);
}
const r = spawnSync(process.execPath, ["--import", "tsx", fileURLToPath(new URL(`./${file}`, import.meta.url)), ...rest], { stdio: "inherit" });
process.exit(r.status ?? 1);
