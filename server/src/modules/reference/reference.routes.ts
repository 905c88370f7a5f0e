import { asc } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { referenceView } from "../../../../shared/src/contracts/reference.ts";
import type { Deps } from "../../platform/context.ts";
import { readAll } from "../../platform/db/reads.ts";
import { departments, programs, refCodes, regions, reportingUnits } from "./reference.table.ts";

/** Reference lists are public: the portal and the console both use them. */
export async function loadReference(deps: Deps) {
  const { db } = deps;
  const [r, u, d, p, c] = await readAll(db, [
    () => db.select().from(regions).orderBy(asc(regions.code)),
    () => db.select().from(reportingUnits).orderBy(asc(reportingUnits.code)),
    () => db.select().from(departments).orderBy(asc(departments.sort)),
    () => db.select().from(programs).orderBy(asc(programs.sort)),
    () => db.select().from(refCodes).orderBy(asc(refCodes.kind), asc(refCodes.sort)),
  ]);
  const codes: Record<string, { code: string; name: string; note: string | null }[]> = {};
  for (const row of c) {
    codes[row.kind] ??= [];
    codes[row.kind]!.push({ code: row.code, name: row.name, note: row.note });
  }
  return { regions: r, reportingUnits: u, departments: d, programs: p, codes };
}

export function referenceRoutes(deps: Deps) {
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    app.get(
      "/api/reference",
      { config: { access: "public" }, schema: { tags: ["reference"], summary: "行政区划、部门、计划项目与代码表", response: { 200: referenceView } } },
      async (_req, reply) => {
        reply.header("cache-control", "public, max-age=300");
        return loadReference(deps);
      },
    );
  };
}
