import type { ValidationIssue } from "../../../../shared/src/errors.ts";
import type { Db } from "../../platform/db/db.ts";
import { readAll } from "../../platform/db/reads.ts";
import { programs, refCodes } from "../reference/index.ts";

/** Certificate types that carry a skill level (5 … 1); the others have none. */
export const LEVELLED_CERTIFICATES: ReadonlySet<string> = new Set(["vocational_qualification", "skill_level"]);

export interface Refs {
  trainingType: Map<string, string>;
  certificateType: Map<string, string>;
  industry: Map<string, string>;
  skillLevel: Map<string, string>;
  programs: Map<string, string>;
}

export async function loadRefs(db: Db): Promise<Refs> {
  // at once on the pool, one after another on a transaction (platform/db/reads.ts)
  const [codes, progs] = await readAll(db, [() => db.select().from(refCodes), () => db.select({ code: programs.code, name: programs.name }).from(programs)]);
  const kind = (k: string) => new Map(codes.filter((c) => c.kind === k).map((c) => [c.code, c.name]));
  return {
    trainingType: kind("training_type"),
    certificateType: kind("certificate_type"),
    industry: kind("industry"),
    skillLevel: kind("skill_level"),
    programs: new Map(progs.map((p) => [p.code, p.name])),
  };
}

/** Accepts a code or its Chinese name (spreadsheets carry names); returns the code or null. */
export function resolveCode(map: Map<string, string>, value: string): string | null {
  if (map.has(value)) return value;
  for (const [code, name] of map) if (name === value || name.split("/").includes(value)) return code;
  return null;
}

export const issue = (path: string, code: string, message: string): ValidationIssue => ({ path, code, message });

export function eqText(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
