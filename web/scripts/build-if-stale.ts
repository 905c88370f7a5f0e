/**
 * `npm start` runs this first: builds the console only when web/dist is missing or older than
 * anything it is built from, and says which it decided. A rebuild takes seconds on every start
 * otherwise. `FORCE_WEB_BUILD=1` always builds.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const builtMarker = path.join(repoRoot, "web", "dist", "index.html");
/** everything the console build reads: its sources, the shared contracts, its config, the installed packages */
const INPUTS = ["web/src", "web/public", "web/scripts", "shared/src", "web/index.html", "web/vite.config.ts", "package-lock.json"];

/** The most recently changed file under the given paths (files or folders, missing ones skipped). */
export function newestInput(root: string, inputs: readonly string[]): { file: string; mtimeMs: number } | null {
  let newest: { file: string; mtimeMs: number } | null = null;
  const visit = (p: string) => {
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch {
      return;
    }
    if (st.isDirectory()) {
      for (const name of fs.readdirSync(p)) visit(path.join(p, name));
    } else if (!newest || st.mtimeMs > newest.mtimeMs) {
      newest = { file: path.relative(root, p), mtimeMs: st.mtimeMs };
    }
  };
  for (const i of inputs) visit(path.join(root, i));
  return newest;
}

/** Why the console must be built, or null when web/dist is up to date. */
export function staleReason(root: string, marker: string, inputs: readonly string[]): string | null {
  if (process.env.FORCE_WEB_BUILD === "1") return "FORCE_WEB_BUILD=1";
  if (!fs.existsSync(marker)) return `${path.relative(root, marker)} is missing`;
  const builtAt = fs.statSync(marker).mtimeMs;
  const newest = newestInput(root, inputs);
  if (newest && newest.mtimeMs > builtAt) return `${newest.file} changed after the last build`;
  return null;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const reason = staleReason(repoRoot, builtMarker, INPUTS);
  if (!reason) {
    console.log("console: web/dist is up to date with its sources, not rebuilding");
  } else {
    console.log(`console: building (${reason})`);
    const r = spawnSync("npm", ["run", "build:web"], { cwd: repoRoot, stdio: "inherit" });
    process.exit(r.status ?? 1);
  }
}
