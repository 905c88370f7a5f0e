import type { FastifyInstance, FastifyReply } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  createItemBody,
  createOccupationBody,
  createStandardBody,
  importQuery,
  importResult,
  itemList,
  itemView,
  listItemsQuery,
  listOccupationsQuery,
  listStandardsQuery,
  lookupStandardQuery,
  occupationList,
  occupationView,
  publicCatalogueQuery,
  publicItemList,
  publicItemQuery,
  publicItemView,
  standardAnswer,
  standardList,
  standardView,
  updateItemBody,
  updateOccupationBody,
  updateStandardBody,
  updateVersionBody,
  versionInput,
} from "../../../../shared/src/contracts/catalogue.ts";
import { okResponse, uuid } from "../../../../shared/src/contracts/common.ts";
import type { Access } from "../../platform/http/access.ts";
import type { Ctx, Deps } from "../../platform/context.ts";
import { AppError } from "../../platform/http/errors.ts";
import { XLSX_MIME } from "../../platform/spreadsheet/index.ts";
import { itemReadWhere } from "./catalogue.policy.ts";
import { findItem } from "./catalogue.repo.ts";
import { exportItems, exportOccupations, exportStandards } from "./catalogue.exports.ts";
import { itemImport, occupationImport, standardImport } from "./catalogue.imports.ts";
import { type ImportSpec, runImport } from "./import-runner.ts";
import * as items from "./items.service.ts";
import * as occ from "./occupations.service.ts";
import { getPublicItem, searchPublicCatalogue } from "./public.service.ts";
import * as std from "./standards.service.ts";
import { registerCatalogueTemplates } from "./catalogue.template-routes.ts";

const idParams = z.strictObject({ id: uuid });
const versionParams = z.strictObject({ id: uuid, versionId: uuid });

function sendXlsx(reply: FastifyReply, buf: Buffer, name: string) {
  return reply
    .header("content-type", XLSX_MIME)
    .header("content-disposition", `attachment; filename="export.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}.xlsx`)
    .send(buf);
}

export function catalogueRoutes(deps: Deps) {
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();

    /** Upload = the raw file as the body (text/csv or the xlsx type), file name in ?filename=. */
    const importRoute = <T>(url: string, access: Access, spec: ImportSpec<T>, summary: string, guard: (ctx: Ctx) => void = () => {}) =>
      app.post(url, { config: { access }, schema: { tags: ["catalogue"], summary, querystring: importQuery, response: { 200: importResult } } }, async (req) => {
        guard(req.ctx);
        if (!Buffer.isBuffer(req.body)) throw new AppError("import.bad_file", "请直接上传 .xlsx 或 .csv 文件内容（Content-Type: text/csv 或 xlsx）");
        return runImport(deps, req.ctx, spec, { body: req.body, filename: req.query.filename, dryRun: req.query.dryRun });
      });

    // ---- occupations ----
    app.get("/api/occupations", { config: { access: "catalogue.read" }, schema: { tags: ["catalogue"], summary: "职业目录", querystring: listOccupationsQuery, response: { 200: occupationList } } }, async (req) =>
      occ.listOccupations(deps, req.ctx, req.query),
    );
    app.get("/api/occupations/export", { config: { access: "catalogue.read" }, schema: { tags: ["catalogue"], summary: "导出职业目录 (.xlsx)" } }, async (_req, reply) =>
      sendXlsx(reply, await exportOccupations(deps), "职业目录"),
    );
    importRoute("/api/occupations/import", "occupation.manage", occupationImport, "导入职业目录（?dryRun=true 只检查）", occ.assertManageOccupations);
    app.get("/api/occupations/:id", { config: { access: "catalogue.read" }, schema: { tags: ["catalogue"], summary: "职业详情", params: idParams, response: { 200: occupationView } } }, async (req) =>
      occ.getOccupation(deps, req.ctx, req.params.id),
    );
    app.post("/api/occupations", { config: { access: "occupation.manage" }, schema: { tags: ["catalogue"], summary: "新增职业（省级）", body: createOccupationBody, response: { 201: occupationView } } }, async (req, reply) => {
      reply.status(201);
      return occ.createOccupation(deps, req.ctx, req.body);
    });
    app.patch(
      "/api/occupations/:id",
      { config: { access: "occupation.manage" }, schema: { tags: ["catalogue"], summary: "修改职业（省级）", params: idParams, body: updateOccupationBody, response: { 200: occupationView } } },
      async (req) => occ.updateOccupation(deps, req.ctx, req.params.id, req.body),
    );

    // ---- catalogue items ----
    app.get("/api/catalogue/items", { config: { access: "authenticated" }, schema: { tags: ["catalogue"], summary: "培训项目目录（按范围）", querystring: listItemsQuery, response: { 200: itemList } } }, async (req) =>
      items.listItems(deps, req.ctx, req.query),
    );
    app.get("/api/catalogue/items/export", { config: { access: "authenticated" }, schema: { tags: ["catalogue"], summary: "导出培训项目目录 (.xlsx)", querystring: listItemsQuery } }, async (req, reply) =>
      sendXlsx(reply, await exportItems(deps, req.ctx, req.query), "培训项目目录"),
    );
    importRoute("/api/catalogue/items/import", "catalogue.manage", itemImport, "导入培训项目及版本（?dryRun=true 只检查）", (ctx) => {
      items.assertManage(ctx);
    });
    app.get("/api/catalogue/items/:id", { config: { access: "authenticated" }, schema: { tags: ["catalogue"], summary: "培训项目详情", params: idParams, response: { 200: itemView } } }, async (req) =>
      items.getItem(deps, req.ctx, req.params.id),
    );
    app.post("/api/catalogue/items", { config: { access: "catalogue.manage" }, schema: { tags: ["catalogue"], summary: "新增培训项目（草稿，含首个版本）", body: createItemBody, response: { 201: itemView } } }, async (req, reply) => {
      reply.status(201);
      return items.createItem(deps, req.ctx, req.body);
    });
    app.patch(
      "/api/catalogue/items/:id",
      { config: { access: "catalogue.manage" }, schema: { tags: ["catalogue"], summary: "修改培训项目", params: idParams, body: updateItemBody, response: { 200: itemView } } },
      async (req) => items.updateItem(deps, req.ctx, req.params.id, req.body),
    );
    for (const [action, to] of [
      ["publish", "published"],
      ["withdraw", "withdrawn"],
    ] as const) {
      app.post(
        `/api/catalogue/items/:id/${action}`,
        { config: { access: "catalogue.manage" }, schema: { tags: ["catalogue"], summary: action === "publish" ? "发布培训项目" : "撤销培训项目", params: idParams, response: { 200: itemView } } },
        async (req) => items.setItemStatus(deps, req.ctx, req.params.id, to),
      );
    }
    app.post(
      "/api/catalogue/items/:id/versions",
      { config: { access: "catalogue.manage" }, schema: { tags: ["catalogue"], summary: "新增项目版本（按生效日期）", params: idParams, body: versionInput, response: { 201: itemView } } },
      async (req, reply) => {
        reply.status(201);
        return items.addVersion(deps, req.ctx, req.params.id, req.body);
      },
    );
    app.patch(
      "/api/catalogue/items/:id/versions/:versionId",
      { config: { access: "catalogue.manage" }, schema: { tags: ["catalogue"], summary: "修改项目版本", params: versionParams, body: updateVersionBody, response: { 200: itemView } } },
      async (req) => items.updateVersion(deps, req.ctx, req.params.id, req.params.versionId, req.body),
    );

    // ---- subsidy standards ----
    app.get("/api/standards", { config: { access: "catalogue.read" }, schema: { tags: ["catalogue"], summary: "补贴标准（按范围）", querystring: listStandardsQuery, response: { 200: standardList } } }, async (req) =>
      std.listStandards(deps, req.ctx, req.query),
    );
    app.get("/api/standards/export", { config: { access: "catalogue.read" }, schema: { tags: ["catalogue"], summary: "导出补贴标准 (.xlsx)", querystring: listStandardsQuery } }, async (req, reply) =>
      sendXlsx(reply, await exportStandards(deps, req.ctx, req.query), "补贴标准"),
    );
    importRoute("/api/standards/import", "standard.manage", standardImport, "导入补贴标准（?dryRun=true 只检查；只能导入本人范围内地区）");
    app.get("/api/standards/lookup", { config: { access: "authenticated" }, schema: { tags: ["catalogue"], summary: "查询适用的补贴标准及计算金额", querystring: lookupStandardQuery, response: { 200: standardAnswer } } }, async (req) => {
      const q = req.query;
      if (!(await findItem(deps.db, q.itemId, itemReadWhere(req.ctx.actor)))) throw new AppError("catalogue.item_not_found", "培训项目不存在");
      const a = await std.lookupStandard(deps.db, { ...q, date: q.date ?? items.today(deps.clock) });
      if (!a) throw new AppError("standard.not_applicable", "该地区、日期没有适用的补贴标准");
      const { row: _row, ...answer } = a;
      return answer;
    });
    app.get("/api/standards/:id", { config: { access: "catalogue.read" }, schema: { tags: ["catalogue"], summary: "补贴标准详情", params: idParams, response: { 200: standardView } } }, async (req) =>
      std.getStandard(deps, req.ctx, req.params.id),
    );
    app.post("/api/standards", { config: { access: "standard.manage" }, schema: { tags: ["catalogue"], summary: "设定补贴标准（金额单位：分）", body: createStandardBody, response: { 201: standardView } } }, async (req, reply) => {
      reply.status(201);
      return std.createStandard(deps, req.ctx, req.body);
    });
    app.patch(
      "/api/standards/:id",
      { config: { access: "standard.manage" }, schema: { tags: ["catalogue"], summary: "修改补贴标准", params: idParams, body: updateStandardBody, response: { 200: standardView } } },
      async (req) => std.updateStandard(deps, req.ctx, req.params.id, req.body),
    );
    app.delete("/api/standards/:id", { config: { access: "standard.manage" }, schema: { tags: ["catalogue"], summary: "删除未生效的补贴标准", params: idParams, response: { 200: okResponse } } }, async (req) => {
      await std.deleteStandard(deps, req.ctx, req.params.id);
      return { ok: true as const };
    });

    // ---- public portal (no login) ----
    app.get("/api/public/catalogue", { config: { access: "public", publicCache: "catalogue" }, schema: { tags: ["public"], summary: "公开的培训项目目录及所在地补贴标准", querystring: publicCatalogueQuery, response: { 200: publicItemList } } }, async (req) =>
      searchPublicCatalogue(deps, req.query),
    );
    app.get(
      "/api/public/catalogue/:id",
      { config: { access: "public", publicCache: "catalogue" }, schema: { tags: ["public"], summary: "公开的培训项目详情", params: idParams, querystring: publicItemQuery, response: { 200: publicItemView } } },
      async (req) => getPublicItem(deps, req.params.id, req.query),
    );
    // exports and import templates live in their own file (issue #10)
    registerCatalogueTemplates(fastify);
  };
}
