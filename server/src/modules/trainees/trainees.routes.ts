import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { uuid } from "../../../../shared/src/contracts/common.ts";
import {
  findByIdNumberBody,
  idNumberView,
  importJobPage,
  importJobView,
  importJobsQuery,
  importQuery,
  importReport,
  importStarted,
  listPersonsQuery,
  personList,
  personMatches,
  personView,
  registerPersonBody,
  registryImportQuery,
  registryImportReport,
  registerResult,
  traineeAccountView,
  traineeResetView,
  changeRequestList,
  changeRequestPage,
  changeRequestView,
  decideChangeRequestBody,
  listChangeRequestsQuery,
  personChangesBody,
} from "../../../../shared/src/contracts/trainees.ts";
import type { Deps } from "../../platform/context.ts";
import { AppError } from "../../platform/http/errors.ts";
import { enqueueJob, findJob, IMPORT_LOOKBACK_DAYS, type JobRow, listJobs } from "../../platform/jobs/jobs.ts";
import { createTraineeAccount, resetTraineeAccount } from "./trainees.account.ts";
import { importRoster } from "./trainees.import.ts";
import { importRegistryList } from "./trainees.registry.ts";
import * as changeRequests from "./trainees.change-requests.ts";
import type { PersonEnrollments } from "./trainees.policy.ts";
import * as service from "./trainees.service.ts";
import { registerTraineeExports } from "./trainees.exports.ts";

const idParams = z.strictObject({ id: uuid });
/** larger uploads run as a background job (≈ 2,000 roster rows) */
export const SYNC_IMPORT_MAX_BYTES = 256 * 1024;
const JOB_KINDS = ["trainee_roster.dry-run", "trainee_roster.commit"];

/** a job as the console shows it (without its problem rows) */
function presentJob(j: JobRow) {
  return {
    id: j.id,
    kind: j.kind,
    filename: j.filename,
    status: j.status,
    total: j.total,
    processed: j.processed,
    created: j.created,
    updated: j.updated,
    unchanged: j.unchanged,
    problemCount: j.problemCount,
    error: j.errorCode ? { code: j.errorCode, message: j.errorMessage ?? "" } : null,
    createdAt: j.createdAt.toISOString(),
    finishedAt: j.finishedAt?.toISOString() ?? null,
  };
}

/**
 * `enrollments`: the classes module's rosters as conditions (a port: classes depends on trainees,
 * so the app passes them in rather than trainees naming class tables).
 */
/**
 * Distinct ID numbers a caller without person.view_id may have checked against the registry per
 * day through imports: a school's rosters are tens to hundreds of people (a dry run and its commit,
 * or a re-run, cost nothing more); the ~16,600 numbers one mask leaves would take days, like the
 * exact look-up's 120 an hour.
 */
export const ID_CHECKS_PER_DAY = 3000;

function idCheckBudget(app: FastifyInstance, deps: Deps, who: string) {
  return async (idHashes: string[]) => {
    const now = deps.clock.now().getTime();
    let refused = false;
    await app.counters.update<string[]>(`id-checks:${who}`, now, (seen) => {
      const known = new Set(seen ?? []);
      for (const h of idHashes) known.add(h);
      refused = known.size > ID_CHECKS_PER_DAY;
      // a refused import spends nothing
      return { value: refused ? (seen ?? []) : [...known], expiresAt: now + 86_400_000 };
    });
    if (refused) {
      throw new AppError("request.rate_limited", `每日最多核对 ${ID_CHECKS_PER_DAY} 个身份证号，今日额度不足，请明日再导入或联系人社部门`, { retryAfterSeconds: 86_400, limit: ID_CHECKS_PER_DAY });
    }
  };
}

export function traineesRoutes(platformDeps: Deps, enrollments: PersonEnrollments) {
  const deps: service.TraineesDeps = { ...platformDeps, enrollments };
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();

    app.post(
      "/api/persons",
      {
        config: { access: "person.register" },
        schema: { tags: ["trainees"], summary: "实名登记学员（身份证号已登记则只关联到本机构并返回不一致项，不修改已登记信息）", body: registerPersonBody, response: { 200: registerResult, 201: registerResult } },
      },
      async (req, reply) => {
        const r = await service.registerPerson(deps, req.ctx, req.body);
        reply.status(r.created ? 201 : 200);
        return r;
      },
    );

    app.get(
      "/api/persons",
      { config: { access: "person.read" }, schema: { tags: ["trainees"], summary: "学员列表（按本人范围过滤，身份证号脱敏）", querystring: listPersonsQuery, response: { 200: personList } } },
      async (req) => service.listPersons(deps, req.ctx, req.query),
    );

    app.post(
      "/api/persons/find-by-id-number",
      {
        // an exact look-up is an oracle: the masked number next to the birth year leaves ~16,600
        // candidates, which unthrottled look-ups would try in minutes (issue #7)
        config: { access: "person.read", rateLimit: { max: 120, perSeconds: 3600 } },
        schema: { tags: ["trainees"], summary: "按完整身份证号精确查找（本人范围内）", body: findByIdNumberBody, response: { 200: personMatches } },
      },
      async (req) => service.findByIdNumber(deps, req.ctx, req.body.idNumber),
    );

    app.get(
      "/api/persons/:id",
      { config: { access: "person.read" }, schema: { tags: ["trainees"], summary: "学员详情（含排除情形提示）", params: idParams, response: { 200: personView } } },
      async (req) => service.getPerson(deps, req.ctx, req.params.id),
    );

    app.get(
      "/api/persons/:id/id-number",
      { config: { access: "person.view_id" }, schema: { tags: ["trainees"], summary: "查看完整身份证号（记录审计日志）", params: idParams, response: { 200: idNumberView } } },
      async (req) => service.revealIdNumber(deps, req.ctx, req.params.id),
    );

    app.post(
      "/api/persons/:id/trainee-account",
      {
        config: { access: "person.register" },
        schema: { tags: ["trainees"], summary: "为学员开通本人账号（初始密码只返回一次）", params: idParams, response: { 200: traineeAccountView } },
      },
      async (req) => createTraineeAccount(deps, req.ctx, req.params.id),
    );

    app.post(
      "/api/persons/:id/trainee-account/reset-password",
      {
        config: { access: "person.register" },
        schema: { tags: ["trainees"], summary: "学员忘记密码：生成一次性登录码（只显示一次，登录后须修改）", params: idParams, response: { 200: traineeResetView } },
      },
      async (req) => resetTraineeAccount(deps, req.ctx, req.params.id),
    );

    app.post(
      "/api/persons/:id/change-requests",
      {
        config: { access: "person.read" },
        schema: { tags: ["trainees"], summary: "提交人员登记信息变更申请（由居住地人社部门或本人确认）", params: idParams, body: personChangesBody, response: { 201: changeRequestView } },
      },
      async (req, reply) => {
        reply.status(201);
        return changeRequests.requestPersonChange(deps, req.ctx, req.params.id, req.body);
      },
    );

    app.get(
      "/api/person-change-requests",
      { config: { access: "person.read" }, schema: { tags: ["trainees"], summary: "人员信息变更申请列表（居住地人社部门、提交机构可见）", querystring: listChangeRequestsQuery, response: { 200: changeRequestPage } } },
      async (req) => changeRequests.listChangeRequests(deps, req.ctx, req.query),
    );

    app.get(
      "/api/person-change-requests/:id",
      { config: { access: "authenticated" }, schema: { tags: ["trainees"], summary: "变更申请详情", params: idParams, response: { 200: changeRequestView } } },
      async (req) => changeRequests.getChangeRequest(deps, req.ctx, req.params.id),
    );

    app.post(
      "/api/person-change-requests/:id/decision",
      {
        // the person themself decides on the phone (self scope), so no staff permission is named here
        config: { access: "authenticated" },
        schema: { tags: ["trainees"], summary: "确认或驳回变更申请（居住地人社部门或本人；提交人不能处理）", params: idParams, body: decideChangeRequestBody, response: { 200: changeRequestView } },
      },
      async (req) => changeRequests.decideChangeRequest(deps, req.ctx, req.params.id, req.body),
    );

    app.get(
      "/api/my/person-change-requests",
      { config: { access: "authenticated" }, schema: { tags: ["trainees"], summary: "本人登记信息的变更申请", response: { 200: changeRequestList } } },
      async (req) => changeRequests.listMyChangeRequests(deps, req.ctx),
    );

    app.get(
      "/api/my/profile",
      { config: { access: "authenticated" }, schema: { tags: ["trainees"], summary: "学员本人信息（身份证号脱敏）", response: { 200: personView } } },
      async (req) => service.myProfile(deps, req.ctx),
    );

    app.post(
      "/api/trainee-imports",
      {
        config: { access: "person.import" },
        schema: {
          tags: ["trainees"],
          summary: "批量导入学员花名册（.xlsx/.csv 原始请求体；先试导入，再全部或全不提交；大文件转后台任务）",
          querystring: importQuery,
          response: { 200: importReport, 202: importStarted },
        },
      },
      async (req, reply) => {
        const body = req.body;
        if (!Buffer.isBuffer(body)) throw new AppError("import.bad_file", "请以 .xlsx 或 .csv 文件作为请求体上传");
        const opts = {
          mode: req.query.mode,
          filename: req.query.filename,
          institutionId: req.query.institutionId,
          fileChangeRequests: req.query.fileChangeRequests === "true",
          spendIdChecks: req.ctx.actor.permissions.has("person.view_id") ? undefined : idCheckBudget(fastify, deps, req.ctx.actor.userId ?? req.ip),
        };
        if (body.length > SYNC_IMPORT_MAX_BYTES || req.query.background === "true") {
          const ctx = req.ctx;
          const jobId = await enqueueJob(deps, ctx, `trainee_roster.${opts.mode}`, async (job) => {
            const r = await importRoster(deps, ctx, body, opts, job);
            return { ...r, processed: r.total };
          }, { filename: opts.filename });
          reply.status(202);
          return { jobId };
        }
        return importRoster(deps, req.ctx, body, opts);
      },
    );

    app.post(
      "/api/registry-imports",
      {
        config: { access: "person.import" },
        schema: {
          tags: ["trainees"],
          summary: "名册比对：导入失业登记、脱贫人口等名册（身份证号+姓名），为已登记人员记录名册比对证明（人社经办人员）",
          querystring: registryImportQuery,
          response: { 200: registryImportReport },
        },
      },
      async (req) => {
        if (!Buffer.isBuffer(req.body)) throw new AppError("import.bad_file", "请以 .xlsx 或 .csv 文件作为请求体上传");
        return importRegistryList(deps, req.ctx, req.body, req.query);
      },
    );

    app.get(
      "/api/trainee-imports/:id",
      { config: { access: "person.import" }, schema: { tags: ["trainees"], summary: "导入任务进度与结果（仅提交人可见）", params: idParams, response: { 200: importJobView } } },
      async (req) => {
        const j = await findJob(deps.db, req.params.id, { createdBy: req.ctx.actor.userId, kinds: JOB_KINDS });
        if (!j) throw new AppError("import.not_found", "导入任务不存在");
        return { ...presentJob(j), problems: j.problems as z.infer<typeof importReport>["problems"] };
      },
    );

    app.get(
      "/api/trainee-imports",
      {
        config: { access: "person.import" },
        schema: { tags: ["trainees"], summary: "本人提交的花名册导入任务（后台任务；problems=true 为近期失败或有问题行的任务，即首页待办）", querystring: importJobsQuery, response: { 200: importJobPage } },
      },
      async (req) => {
        const q = req.query;
        const createdBy = req.ctx.actor.userId;
        if (!createdBy) return { items: [], total: 0, page: q.page, pageSize: q.pageSize };
        const problemsSince = q.problems === "true" ? new Date(deps.clock.now().getTime() - IMPORT_LOOKBACK_DAYS * 86_400_000) : undefined;
        const { rows, total } = await listJobs(deps.db, { createdBy, kinds: JOB_KINDS, status: q.status, problemsSince, page: q.page, pageSize: q.pageSize });
        return { items: rows.map(presentJob), total, page: q.page, pageSize: q.pageSize };
      },
    );
    // exports and import templates live in their own file (issue #10)
    registerTraineeExports(fastify, deps);
  };
}
