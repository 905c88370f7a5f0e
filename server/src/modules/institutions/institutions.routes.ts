import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { okResponse } from "../../../../shared/src/contracts/common.ts";
import {
  childParams,
  expiringList,
  expiringQuery,
  facilityInput,
  facilityView,
  idParams,
  importQuery,
  importResult,
  institutionList,
  institutionView,
  listInstitutionsQuery,
  publicInstitution,
  publicInstitutionList,
  publicSearchQuery,
  qualificationInput,
  registerInstitutionBody,
  registrationResult,
  reviewQualificationsBody,
  sanctionBody,
  sanctionResult,
  teacherIdNumber,
  teacherInput,
  teacherView,
  transitionBody,
  updateInstitutionBody,
} from "../../../../shared/src/contracts/institutions.ts";
import type { Deps } from "../../platform/context.ts";
import { AppError } from "../../platform/http/errors.ts";
import { XLSX_MIME } from "../../platform/spreadsheet/index.ts";
import * as details from "./institutions.details.service.ts";
import { exportInstitutions, importInstitutions } from "./institutions.import.ts";
import { getPublicInstitution, searchPublicCatalogue } from "./institutions.public.ts";
import { sanctionInstitution } from "./institutions.sanctions.ts";
import * as svc from "./institutions.service.ts";
import { registerInstitutionTemplate } from "./institutions.templates.ts";

const tags = ["institutions"];
const qualificationView = institutionView.shape.qualifications.element;
const PUBLIC_CACHE = "public, max-age=60, stale-while-revalidate=300";

export function institutionsRoutes(deps: Deps) {
  // the users module asks us where an institution is, for institution-scoped grants

  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();

    // ---- public portal and self-registration (no login) ----
    app.post(
      "/api/public/institutions/register",
      { config: { access: "public" }, schema: { tags, summary: "机构注册申请（同时创建机构账号）", body: registerInstitutionBody, response: { 201: registrationResult } } },
      async (req, reply) => {
        reply.status(201);
        return svc.registerInstitution(deps, req.ctx, req.body);
      },
    );
    app.get(
      "/api/public/institutions",
      { config: { access: "public", publicCache: "institutions" }, schema: { tags, summary: "公开的培训评价机构目录", querystring: publicSearchQuery, response: { 200: publicInstitutionList } } },
      async (req, reply) => {
        reply.header("cache-control", PUBLIC_CACHE);
        return searchPublicCatalogue(deps, req.query);
      },
    );
    app.get(
      "/api/public/institutions/:id",
      { config: { access: "public", publicCache: "institutions" }, schema: { tags, summary: "目录中的机构详情", params: idParams, response: { 200: publicInstitution } } },
      async (req, reply) => {
        reply.header("cache-control", PUBLIC_CACHE);
        return getPublicInstitution(deps, req.params.id);
      },
    );

    // ---- console ----
    app.get(
      "/api/institutions",
      { config: { access: "institution.read" }, schema: { tags, summary: "机构列表（按本人范围过滤）", querystring: listInstitutionsQuery, response: { 200: institutionList } } },
      async (req) => svc.listInstitutions(deps, req.ctx, req.query),
    );
    app.get(
      "/api/institutions/expiring",
      { config: { access: "institution.review" }, schema: { tags, summary: "协议即将到期（及已到期）的机构", querystring: expiringQuery, response: { 200: expiringList } } },
      async (req) => svc.listExpiring(deps, req.ctx, req.query.days),
    );
    app.get(
      "/api/institutions/export",
      { config: { access: "institution.read" }, schema: { tags, summary: "导出机构列表 .xlsx", querystring: listInstitutionsQuery.omit({ page: true, pageSize: true }) } },
      async (req, reply) => {
        const buf = await exportInstitutions(deps, req.ctx, req.query);
        return reply
          .header("content-type", XLSX_MIME)
          .header("content-disposition", `attachment; filename="institutions.xlsx"; filename*=UTF-8''${encodeURIComponent("培训评价机构.xlsx")}`)
          .header("cache-control", "no-store")
          .send(buf);
      },
    );
    app.post(
      "/api/institutions/import",
      {
        config: { access: "institution.import" },
        schema: { tags, summary: "导入机构（先试运行；提交时全部成功或全部不导入）", querystring: importQuery, response: { 200: importResult } },
      },
      async (req) => {
        if (!Buffer.isBuffer(req.body)) throw new AppError("import.bad_file", "请以 .xlsx 或 .csv 文件作为请求体上传");
        return importInstitutions(deps, req.ctx, req.body, req.query.filename, req.query.dryRun);
      },
    );
    app.get(
      "/api/institutions/:id",
      { config: { access: "institution.read" }, schema: { tags, summary: "机构详情", params: idParams, response: { 200: institutionView } } },
      async (req) => svc.getInstitution(deps, req.ctx, req.params.id),
    );
    app.patch(
      "/api/institutions/:id",
      { config: { access: "institution.edit_own" }, schema: { tags, summary: "机构修改本机构信息", params: idParams, body: updateInstitutionBody, response: { 200: institutionView } } },
      async (req) => svc.updateInstitution(deps, req.ctx, req.params.id, req.body),
    );
    // who may take which action is decided by the transition table in the service
    app.post(
      "/api/institutions/:id/transitions",
      { config: { access: "institution.read" }, schema: { tags, summary: "审核、退回、重新提交、续签、恢复、撤销", params: idParams, body: transitionBody, response: { 200: institutionView } } },
      async (req) => svc.transitionInstitution(deps, req.ctx, req.params.id, req.body),
    );
    app.post(
      "/api/institutions/:id/sanctions",
      { config: { access: "institution.sanction" }, schema: { tags, summary: "作出处理（约谈、整改、通报、解除协议）", params: idParams, body: sanctionBody, response: { 201: sanctionResult } } },
      async (req, reply) => {
        reply.status(201);
        return sanctionInstitution(deps, req.ctx, req.params.id, req.body);
      },
    );
    app.post(
      "/api/institutions/:id/qualification-changes",
      { config: { access: "institution.review" }, schema: { tags, summary: "审核资质变更", params: idParams, body: reviewQualificationsBody, response: { 200: institutionView } } },
      async (req) => details.reviewQualificationChanges(deps, req.ctx, req.params.id, req.body),
    );

    app.post(
      "/api/institutions/:id/teachers",
      { config: { access: "institution.edit_own" }, schema: { tags, summary: "添加教师", params: idParams, body: teacherInput, response: { 201: teacherView } } },
      async (req, reply) => {
        reply.status(201);
        return details.addTeacher(deps, req.ctx, req.params.id, req.body);
      },
    );
    app.delete(
      "/api/institutions/:id/teachers/:childId",
      { config: { access: "institution.edit_own" }, schema: { tags, summary: "删除教师", params: childParams, response: { 200: okResponse } } },
      async (req) => {
        await details.removeTeacher(deps, req.ctx, req.params.id, req.params.childId);
        return { ok: true as const };
      },
    );
    app.get(
      "/api/institutions/:id/teachers/:childId/id-number",
      { config: { access: "institution.view_sensitive" }, schema: { tags, summary: "查看教师完整身份证号（记录日志）", params: childParams, response: { 200: teacherIdNumber } } },
      async (req, reply) => {
        reply.header("cache-control", "no-store");
        return details.revealTeacherIdNumber(deps, req.ctx, req.params.id, req.params.childId);
      },
    );
    app.post(
      "/api/institutions/:id/facilities",
      { config: { access: "institution.edit_own" }, schema: { tags, summary: "添加场地设施", params: idParams, body: facilityInput, response: { 201: facilityView } } },
      async (req, reply) => {
        reply.status(201);
        return details.addFacility(deps, req.ctx, req.params.id, req.body);
      },
    );
    app.delete(
      "/api/institutions/:id/facilities/:childId",
      { config: { access: "institution.edit_own" }, schema: { tags, summary: "删除场地设施", params: childParams, response: { 200: okResponse } } },
      async (req) => {
        await details.removeFacility(deps, req.ctx, req.params.id, req.params.childId);
        return { ok: true as const };
      },
    );
    app.post(
      "/api/institutions/:id/qualifications",
      { config: { access: "institution.edit_own" }, schema: { tags, summary: "添加培训资质（通过审核后为变更申请）", params: idParams, body: qualificationInput, response: { 201: qualificationView } } },
      async (req, reply) => {
        reply.status(201);
        return details.addQualification(deps, req.ctx, req.params.id, req.body);
      },
    );
    app.delete(
      "/api/institutions/:id/qualifications/:childId",
      { config: { access: "institution.edit_own" }, schema: { tags, summary: "删除培训资质（通过审核后为变更申请）", params: childParams, response: { 200: okResponse } } },
      async (req) => {
        await details.removeQualification(deps, req.ctx, req.params.id, req.params.childId);
        return { ok: true as const };
      },
    );
    // exports and import templates live in their own file (issue #10)
    registerInstitutionTemplate(fastify);
  };
}
