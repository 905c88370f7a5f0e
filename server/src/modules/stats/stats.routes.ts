import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { uuid } from "../../../../shared/src/contracts/common.ts";
import {
  breakdownQuery,
  breakdownView,
  overviewQuery,
  overviewView,
  recordList,
  recordsQuery,
  reportQuery,
  reportView,
  snapshotList,
  snapshotsQuery,
  snapshotView,
  submitReportBody,
} from "../../../../shared/src/contracts/stats.ts";
import { audit } from "../../platform/audit/audit.ts";
import { grantsFor } from "../../platform/auth/actor.ts";
import { AppError } from "../../platform/http/errors.ts";
import type { Deps } from "../../platform/context.ts";
import { lagTolerant } from "../../platform/db/replica.ts";
import { sendXlsx } from "../../platform/spreadsheet/index.ts";
import { rebuildStats } from "./stats.refresh.ts";
import { getReport, getSnapshot, listSnapshots, submitReport } from "./stats.reports.ts";
import { breakdown, listRecords, overview } from "./stats.service.ts";
import { reportXlsx } from "./stats.xlsx.ts";

const tags = ["stats"];
const idParams = z.strictObject({ id: uuid });

export function statsRoutes(deps: Deps) {
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    app.get(
      "/api/stats/overview",
      { config: { access: "stats.read" }, schema: { tags, summary: "首页统计：本范围一年的开班、人次、人数、证书，下级地区、月度、人员类别、产业分布（读汇总表）", querystring: overviewQuery, response: { 200: overviewView } } },
      // lag-tolerant reads of the rollups (already up to a minute behind): the replica when configured
      async (req, reply) => overview(lagTolerant(deps, reply), req.ctx, req.query),
    );
    app.get(
      "/api/stats/breakdown",
      { config: { access: "stats.read" }, schema: { tags, summary: "按一个维度分组的统计（地区、部门、人员类别、培训类型、计划项目、产业、机构类型、职业、等级、证书类型、资金来源）", querystring: breakdownQuery, response: { 200: breakdownView } } },
      async (req, reply) => breakdown(lagTolerant(deps, reply), req.ctx, req.query),
    );
    app.get(
      "/api/stats/records",
      { config: { access: "stats.read" }, schema: { tags, summary: "数字背后的明细：每一人次或证书（范围内，姓名和身份证号脱敏）", querystring: recordsQuery, response: { 200: recordList } } },
      async (req, reply) => listRecords(lagTolerant(deps, reply), req.ctx, req.query),
    );
    app.post(
      "/api/stats/rebuild",
      { config: { access: "stats.rebuild" }, schema: { tags, summary: "从业务数据重建全部统计汇总（记录审计日志）", response: { 200: z.object({ classes: z.number().int() }) } } },
      async (req) => {
        if (!grantsFor(req.ctx.actor, "stats.rebuild").some((g) => g.scopeType === "province")) throw new AppError("auth.forbidden", "只有省级管理员可以重建统计汇总");
        const classes = await rebuildStats(deps.db, deps.clock);
        await deps.db.transaction((tx) => audit(tx, req.ctx, deps.clock, { action: "stats.rebuild", entityType: "stats_rollup", after: { classes } }));
        return { classes };
      },
    );
    app.get(
      "/api/reports",
      { config: { access: "stats.read" }, schema: { tags, summary: "季报、年报（按地区或按部门，本范围，读汇总表）", querystring: reportQuery, response: { 200: reportView } } },
      async (req, reply) => getReport(lagTolerant(deps, reply), req.ctx, req.query),
    );
    app.get(
      "/api/reports/export",
      { config: { access: "stats.read" }, schema: { tags, summary: "导出季报、年报 (.xlsx)", querystring: reportQuery } },
      async (req, reply) => {
        const r = await getReport(lagTolerant(deps, reply), req.ctx, req.query);
        return sendXlsx(reply, await reportXlsx(r.content, r), r.content.title);
      },
    );
    app.get(
      "/api/reports/snapshots",
      { config: { access: "stats.read" }, schema: { tags, summary: "已报送的季报、年报（各版本）", querystring: snapshotsQuery, response: { 200: snapshotList } } },
      async (req) => listSnapshots(deps, req.ctx, req.query),
    );
    app.post(
      "/api/reports/snapshots",
      { config: { access: "report.submit" }, schema: { tags, summary: "报送季报、年报（保存快照和校验码；再次报送为更正版本，须填理由）", body: submitReportBody, response: { 201: snapshotView } } },
      async (req, reply) => {
        reply.status(201);
        return submitReport(deps, req.ctx, req.body);
      },
    );
    app.get(
      "/api/reports/snapshots/:id",
      { config: { access: "stats.read" }, schema: { tags, summary: "一份已报送报表，并用当前数据重算核对校验码", params: idParams, response: { 200: snapshotView } } },
      async (req) => getSnapshot(deps, req.ctx, req.params.id),
    );
    app.get(
      "/api/reports/snapshots/:id/export",
      { config: { access: "stats.read" }, schema: { tags, summary: "导出已报送报表 (.xlsx，报送时的内容)", params: idParams } },
      async (req, reply) => {
        const s = await getSnapshot(deps, req.ctx, req.params.id);
        return sendXlsx(reply, await reportXlsx(s.content, { asOf: s.dataAsOf, contentHash: s.contentHash, version: s.version }), `${s.content.title} 第${s.version}版`);
      },
    );
  };
}
