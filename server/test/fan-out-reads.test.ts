/**
 * Reads fanned out over one database handle go through `readAll` (platform/db/reads.ts), never
 * `Promise.all`: the handle may be a transaction — one connection, on which overlapping queries
 * are queued with a deprecation warning by pg 8 and refused by pg 9. Reads source files as text;
 * production code only. A `Promise.all` whose elements name a `db` (or `tx`) fails the test
 * unless listed below with its reason.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), "../src");

const ALLOWED = new Set<string>([
  // the health details read the replica's pool and the primary's, from the route only (never a transaction)
  "platform/system.routes.ts",
]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = join(dir, d.name);
    if (d.isDirectory()) return sourceFiles(p);
    return d.name.endsWith(".ts") && !d.name.endsWith(".test.ts") && !d.name.endsWith(".factory.ts") ? [p] : [];
  });
}

/** the argument text of every `Promise.all(…)` call in `src` (parentheses balanced; strings not parsed) */
export function promiseAllArgs(src: string): string[] {
  const out: string[] = [];
  for (let i = src.indexOf("Promise.all("); i !== -1; i = src.indexOf("Promise.all(", i + 1)) {
    let depth = 0;
    let j = i + "Promise.all".length;
    for (; j < src.length; j++) {
      if (src[j] === "(") depth++;
      if (src[j] === ")" && --depth === 0) break;
    }
    out.push(src.slice(i + "Promise.all(".length, j));
  }
  return out;
}

const onDb = (args: string) => /\b(db|tx)\b/.test(args);
const found = sourceFiles(SRC).flatMap((f) => (promiseAllArgs(readFileSync(f, "utf8")).some(onDb) ? [relative(SRC, f)] : []));

describe("fan-out reads", () => {
  it("finds a Promise.all over db handles (the scan itself works)", () => {
    const args = promiseAllArgs("const [a, b] = await Promise.all([repo.x(deps.db, id), f(g(1))]); Promise.all(files.map((f) => read(f)))");
    expect(args).toEqual(["[repo.x(deps.db, id), f(g(1))]", "files.map((f) => read(f))"]);
    expect(args.map(onDb)).toEqual([true, false]);
  });

  it("no Promise.all runs queries on one db handle: readAll does, one at a time on a transaction", () => {
    expect(found.filter((f) => !ALLOWED.has(f))).toEqual([]);
  });

  it("every allowed exception still exists (shrink the list when one is fixed)", () => {
    expect([...ALLOWED].filter((f) => !found.includes(f))).toEqual([]);
  });
});
