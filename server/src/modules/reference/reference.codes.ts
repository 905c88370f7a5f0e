import { asc, eq } from "drizzle-orm";
import type { Deps } from "../../platform/context.ts";
import { refCodes } from "./reference.table.ts";

/** The names of one code list (e.g. certificate_type, skill_level) by code, as /api/reference gives them to the console. */
export async function codeNames(deps: Deps, kind: string): Promise<ReadonlyMap<string, string>> {
  const rows = await deps.db.select({ code: refCodes.code, name: refCodes.name }).from(refCodes).where(eq(refCodes.kind, kind)).orderBy(asc(refCodes.sort));
  return new Map(rows.map((r) => [r.code, r.name]));
}
