import { and, count, desc, eq, gte, like, lte, type SQL } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { z } from "zod";
import { auditList, auditQuery } from "../../../../shared/src/contracts/audit.ts";
import { remaskIdFields } from "../../../../shared/src/ids.ts";
import { regionPrefix } from "../../../../shared/src/regions.ts";
import { scopeWhere } from "../auth/scope.ts";
import type { Ctx, Deps } from "../context.ts";
import { auditLog } from "./audit.table.ts";
import { escapeLike } from "../db/like.ts";
import { readAll } from "../db/reads.ts";
import { registerAuditExports } from "./audit.exports.ts";
import { type EntityNameResolvers, nameEntities } from "./audit.names.ts";

/**
 * Audit search; a region-scoped auditor sees entries of their region only. Each entry names its
 * object as the reader may see it (resolvers from the owning modules; out of the reader's scope:
 * no name, the console shows the type's name alone).
 */
export async function searchAudit(deps: Deps, ctx: Ctx, q: z.infer<typeof auditQuery>, resolvers: EntityNameResolvers = {}) {
  const conds: (SQL | undefined)[] = [scopeWhere(ctx.actor, "audit.read", { region: auditLog.regionCode })];
  if (q.from) conds.push(gte(auditLog.at, new Date(q.from)));
  if (q.to) conds.push(lte(auditLog.at, new Date(q.to)));
  if (q.actor) conds.push(eq(auditLog.actorUsername, q.actor));
  if (q.action) conds.push(like(auditLog.action, `${escapeLike(q.action)}%`));
  if (q.entityType) conds.push(eq(auditLog.entityType, q.entityType));
  if (q.entityId) conds.push(eq(auditLog.entityId, q.entityId));
  if (q.regionCode) conds.push(like(auditLog.regionCode, `${regionPrefix(q.regionCode)}%`));
  const where = and(...conds);
  const [rows, [total]] = await readAll(deps.db, [
    () => deps.db
      .select()
      .from(auditLog)
      .where(where)
      .orderBy(desc(auditLog.seq))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    () => deps.db.select({ n: count() }).from(auditLog).where(where),
  ]);
  const nameOf = await nameEntities(deps.db, ctx.actor, resolvers, rows);
  return {
    // entries written before the 3+1 mask still hold 4+4 masks: shown coarsened (issue #7)
    items: rows.map(({ prevHash: _p, ...r }) => ({
      ...r,
      before: remaskIdFields(r.before),
      after: remaskIdFields(r.after),
      at: r.at.toISOString(),
      entity: nameOf(r.entityType, r.entityId),
    })),
    total: total?.n ?? 0,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** `resolvers`: each module's name look-up for its entity types, handed over by app.ts. */
export function auditRoutes(deps: Deps, resolvers: EntityNameResolvers = {}) {
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    app.get(
      "/api/audit",
      { config: { access: "audit.read" }, schema: { tags: ["audit"], summary: "查询操作日志", querystring: auditQuery, response: { 200: auditList } } },
      async (req) => searchAudit(deps, req.ctx, req.query, resolvers),
    );
    // exports and import templates live in their own file (issue #10)
    registerAuditExports(fastify, deps);
  };
}
