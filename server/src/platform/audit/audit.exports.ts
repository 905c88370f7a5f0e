import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { z } from "zod";
import { auditQuery, type auditEntryView } from "../../../../shared/src/contracts/audit.ts";
import type { Ctx, Deps } from "../context.ts";
import { chinaDateTime, collectPages, type ExportColumn, filtersOf, sendXlsx, writeXlsx } from "../spreadsheet/index.ts";
import { audit } from "./audit.ts";
import { searchAudit } from "./audit.routes.ts";

const exportQuery = auditQuery.omit({ page: true, pageSize: true });
type ExportQuery = z.infer<typeof exportQuery>;
type Entry = z.infer<typeof auditEntryView>;

/** an Excel cell holds at most 32,767 characters */
const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v).slice(0, 32_000));

/**
 * 操作日志 through the search's own function (an auditor's region, the same filters, ID numbers
 * re-masked), itself audited with the filters and the row count. @throws export.too_large
 */
export async function exportAudit(deps: Deps, ctx: Ctx, q: ExportQuery): Promise<Buffer> {
  const rows = await collectPages((page, pageSize) => searchAudit(deps, ctx, { ...q, page, pageSize }));
  const cols: ExportColumn<Entry>[] = [
    { header: "序号", value: (e) => e.seq },
    { header: "时间", width: 18, value: (e) => chinaDateTime(e.at) },
    { header: "操作人", width: 16, value: (e) => e.actorUsername },
    { header: "角色", width: 16, value: (e) => e.actorRole },
    { header: "操作", width: 28, value: (e) => e.action },
    { header: "对象类型", width: 14, value: (e) => e.entityType },
    { header: "对象编号", width: 38, value: (e) => e.entityId },
    { header: "地区代码", value: (e) => e.regionCode },
    { header: "变更前", width: 40, value: (e) => json(e.before) },
    { header: "变更后", width: 40, value: (e) => json(e.after) },
    { header: "请求编号", width: 20, value: (e) => e.requestId },
    { header: "来源地址", width: 16, value: (e) => e.clientIp },
    { header: "哈希", width: 20, value: (e) => e.hash },
  ];
  const file = await writeXlsx("操作日志", cols, rows);
  await deps.db.transaction((tx) =>
    audit(tx, ctx, deps.clock, { action: "audit.exported", entityType: "audit_log", regionCode: ctx.actor.regionCode, after: { filters: filtersOf(q), rows: rows.length } }),
  );
  return file;
}

export function registerAuditExports(fastify: FastifyInstance, deps: Deps): void {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get("/api/audit/export", { config: { access: "audit.read" }, schema: { tags: ["audit"], summary: "导出操作日志 (.xlsx，与查询同范围、同筛选；记录审计日志)", querystring: exportQuery } }, async (req, reply) =>
    sendXlsx(reply, await exportAudit(deps, req.ctx, req.query), "操作日志"),
  );
}
