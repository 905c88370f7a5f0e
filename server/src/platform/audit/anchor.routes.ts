import { desc, sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { auditAnchorsQuery, publicAuditAnchors } from "../../../../shared/src/contracts/audit.ts";
import type { Deps } from "../context.ts";
import { type AnchorRow, listAnchors } from "./anchor.ts";
import { auditAnchors } from "./audit.table.ts";

function view(a: AnchorRow) {
  return { id: a.id, seq: a.seq, hash: a.hash, at: a.at.toISOString(), keyId: a.keyId, signature: a.signature };
}

/** China has no daylight saving: a fixed +8 h gives the calendar day without time-zone data. */
const cstDay = sql`((${auditAnchors.at} at time zone 'UTC') + interval '8 hours')::date`;

/**
 * The signed heads of the audit chain, public: anyone may keep copies, so a later rewrite of the
 * chain (or of the anchors) is caught by `npm run audit:verify -- --anchors <copy>`.
 */
export function auditAnchorRoutes(deps: Deps) {
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    app.get(
      "/api/public/audit/anchors",
      { config: { access: "public" }, schema: { tags: ["public"], summary: "操作日志签名锚点（每日链头、全部锚点、公钥）", querystring: auditAnchorsQuery, response: { 200: publicAuditAnchors } } },
      async (req) => {
        const [latest] = await deps.db.select().from(auditAnchors).orderBy(desc(auditAnchors.id)).limit(1);
        const daily = await deps.db
          .selectDistinctOn([cstDay])
          .from(auditAnchors)
          .orderBy(desc(cstDay), desc(auditAnchors.id))
          .limit(31);
        const items = await listAnchors(deps.db, req.query.afterId, req.query.limit);
        const keys = await deps.db.selectDistinct({ keyId: auditAnchors.keyId, publicKey: auditAnchors.publicKey }).from(auditAnchors).orderBy(auditAnchors.keyId);
        return { latest: latest ? view(latest) : null, daily: daily.map(view), items: items.map(view), keys };
      },
    );
  };
}
