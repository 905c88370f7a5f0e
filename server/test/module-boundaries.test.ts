/**
 * Module boundaries (STYLE "Layout"; issue 7 §1): a module is reached only through its index.ts, and
 * nobody writes another module's tables or names them in raw SQL — writes go through the owning
 * module's exported functions, reads across modules through exported tables and scope builders.
 * Reads source files as text; production code only (tests and factories build fixtures directly).
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../src/modules");
/** `reports` may read every table (STYLE); it still writes none */
const READS_EVERYTHING = new Set(["reports"]);

/**
 * Known violations, each with an owner and a reason. The lead shrinks this list; a new violation
 * that is not listed fails the test. Format: "<module>/<file>: <kind> <name>".
 */
const ALLOWED = new Set<string>([
  // reads reference tables directly (regions, names); to go through reference/index.ts
  "trainees/trainees.repo.ts: import reference/reference.table.ts",
  // the check-in hot path (decision 0002): one named prepared statement reads the session, its
  // class and the enrollment and inserts in a single round trip (≈1,750 check-ins/s); a
  // classes-owned SQL function would keep the round trip and remove these — kept until measured
  "attendance/checkin.service.ts: sql class_sessions",
  "attendance/checkin.service.ts: sql classes",
  "attendance/checkin.service.ts: sql class_enrollments",
  "attendance/checkin.service.ts: sql persons",
]);

const modules = readdirSync(ROOT, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = join(dir, d.name);
    if (d.isDirectory()) return sourceFiles(p);
    return d.name.endsWith(".ts") && !d.name.endsWith(".test.ts") && !d.name.endsWith(".factory.ts") ? [p] : [];
  });
}

/** table identifier and SQL name → owning module, from every `*.table.ts` */
const tableIds = new Map<string, string>();
const tableNames = new Map<string, string>();
for (const m of modules) {
  for (const f of sourceFiles(join(ROOT, m)).filter((f) => f.endsWith(".table.ts"))) {
    for (const x of readFileSync(f, "utf8").matchAll(/export const (\w+) = pgTable\(\s*"(\w+)"/g)) {
      tableIds.set(x[1]!, m);
      tableNames.set(x[2]!, m);
    }
  }
}

/** the text of every sql`…` template, with its ${…} interpolations removed */
export function sqlTexts(src: string): string[] {
  const out: string[] = [];
  for (let i = src.indexOf("sql`"); i !== -1; i = src.indexOf("sql`", i + 1)) {
    let j = i + 4;
    let text = "";
    let depth = 0;
    for (; j < src.length; j++) {
      const ch = src[j];
      if (depth === 0 && ch === "`") break;
      if (depth === 0 && ch === "$" && src[j + 1] === "{") {
        depth = 1;
        j++;
        continue;
      }
      if (depth > 0) {
        if (ch === "{") depth++;
        if (ch === "}") depth--;
        continue;
      }
      text += ch;
    }
    out.push(text);
    i = j;
  }
  return out;
}

function violationsOf(m: string, file: string): string[] {
  const src = readFileSync(file, "utf8");
  const where = `${m}/${relative(join(ROOT, m), file)}`;
  const out: string[] = [];
  // (a) another module is reached through its index.ts only; a table file may reference another
  // module's table file for foreign keys (that is the schema, not a use)
  for (const x of src.matchAll(/from\s+"(\.{1,2}\/[^"]+)"/g)) {
    const target = resolve(dirname(file), x[1]!);
    const rel = relative(ROOT, target);
    if (rel.startsWith("..")) continue;
    const [other, ...rest] = rel.split("/");
    if (other === m) continue;
    const path = rest.join("/");
    if (path === "index.ts") continue;
    if (file.endsWith(".table.ts") && path.endsWith(".table.ts")) continue;
    out.push(`${where}: import ${other}/${path}`);
  }
  // (b) insert / update / delete on a table object another module exports
  for (const x of src.matchAll(/\.(insert|update|delete)\(\s*(\w+)\s*\)/g)) {
    const owner = tableIds.get(x[2]!);
    if (owner && owner !== m) out.push(`${where}: ${x[1]} ${x[2]}`);
  }
  // (c) another module's table named in raw SQL
  if (!READS_EVERYTHING.has(m)) {
    const named = new Set<string>();
    for (const text of sqlTexts(src)) {
      for (const [name, owner] of tableNames) if (owner !== m && new RegExp(`\\b${name}\\b`).test(text)) named.add(name);
    }
    for (const name of named) out.push(`${where}: sql ${name}`);
  }
  // (d) module-level mutable state: how a hook that another module fills in at start-up lives
  // (a global setter hides the dependency and is empty until routes are registered)
  for (const x of src.matchAll(/^(?:export\s+)?let\s+(\w+)/gm)) out.push(`${where}: let ${x[1]}`);
  return out;
}

describe("module boundaries", () => {
  const found = modules.flatMap((m) => sourceFiles(join(ROOT, m)).flatMap((f) => violationsOf(m, f)));

  it("knows the tables of every module (the scan itself works)", () => {
    expect(tableNames.get("classes")).toBe("classes");
    expect(tableNames.get("persons")).toBe("trainees");
    expect(tableIds.get("personInstitutions")).toBe("trainees");
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the input is source text containing a template
    expect(sqlTexts("sql`select 1 from persons p where p.id = ${x} and ${sql`inner`}`")).toEqual(["select 1 from persons p where p.id =  and "]);
  });

  it("no module imports another's files other than its index.ts, writes its tables, names them in SQL, or keeps a settable hook", () => {
    expect(found.filter((v) => !ALLOWED.has(v))).toEqual([]);
  });

  it("every allowed exception still exists (shrink the list when one is fixed)", () => {
    expect([...ALLOWED].filter((v) => !found.includes(v))).toEqual([]);
  });
});
