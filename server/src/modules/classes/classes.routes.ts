import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  certificateView,
  changeBody,
  changeView,
  classList,
  classView,
  createClassBody,
  issueCertificatesBody,
  listClassesQuery,
  myClassesView,
  publicCertificateView,
  resultsBody,
  revokeBody,
  traineeAccountView,
  transitionBody,
  updateClassBody,
  verifyQuery,
  verifyTokenParams,
} from "../../../../shared/src/contracts/classes.ts";
import { uuid } from "../../../../shared/src/contracts/common.ts";
import type { Deps } from "../../platform/context.ts";
import { fileChange, listChanges } from "./classes.changes.ts";
import { myClasses, verifyByNumber, verifyByToken } from "./classes.public.ts";
import { enterResults, issueCertificates, listCertificates, revokeCertificate } from "./classes.results.ts";
import * as svc from "./classes.service.ts";
import { registerClassExports } from "./classes.exports.ts";

const idParams = z.strictObject({ id: uuid });
const tags = ["classes"];


/** number + name guessing is the way to probe certificates: 30 look-ups a minute per address */
const PUBLIC_VERIFY_LIMIT = { max: 30, perSeconds: 60 };

export function classesRoutes(deps: Deps) {
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();

    app.get("/api/classes", { config: { access: "class.read" }, schema: { tags, summary: "培训班列表（按范围）", querystring: listClassesQuery, response: { 200: classList } } }, async (req) =>
      svc.listClasses(deps, req.ctx, req.query),
    );
    app.get("/api/classes/:id", { config: { access: "class.read" }, schema: { tags, summary: "培训班详情（课程、名册、预警、可执行操作）", params: idParams, response: { 200: classView } } }, async (req) =>
      svc.getClass(deps, req.ctx, req.params.id),
    );
    app.post("/api/classes", { config: { access: "class.apply" }, schema: { tags, summary: "新建开班申请（草稿）", body: createClassBody, response: { 201: classView } } }, async (req, reply) => {
      reply.status(201);
      return svc.createClass(deps, req.ctx, req.body);
    });
    app.put("/api/classes/:id", { config: { access: "class.apply" }, schema: { tags, summary: "修改草稿或退回的开班申请（整体替换）", params: idParams, body: updateClassBody, response: { 200: classView } } }, async (req) =>
      svc.updateClass(deps, req.ctx, req.params.id, req.body),
    );
    app.post(
      "/api/classes/:id/transitions",
      { config: { access: "class.read" }, schema: { tags, summary: "提交、审核通过、退回（列明全部理由）、开班、结业、考核锁定、取消", params: idParams, body: transitionBody, response: { 200: classView } } },
      async (req) => svc.transitionClass(deps, req.ctx, req.params.id, req.body),
    );
    app.post(
      "/api/classes/:id/trainee-accounts",
      { config: { access: "class.apply" }, schema: { tags, summary: "为学员开通账号（初始密码仅返回一次）", params: idParams, response: { 200: z.object({ items: z.array(traineeAccountView) }) } } },
      async (req) => svc.ensureTraineeAccounts(deps, req.ctx, req.params.id),
    );
    app.get("/api/classes/:id/changes", { config: { access: "class.read" }, schema: { tags, summary: "变更报备记录", params: idParams, response: { 200: z.object({ items: z.array(changeView) }) } } }, async (req) =>
      listChanges(deps, req.ctx, req.params.id),
    );
    app.post(
      "/api/classes/:id/changes",
      {
        config: { access: "class.apply" },
        schema: {
          tags,
          summary: "报备变更（课程增减、调课、换教师；学员增加、退出）",
          params: idParams,
          body: changeBody,
          response: { 201: z.object({ class: classView, change: changeView, account: traineeAccountView.nullable() }) },
        },
      },
      async (req, reply) => {
        reply.status(201);
        return fileChange(deps, req.ctx, req.params.id, req.body);
      },
    );
    app.put("/api/classes/:id/results", { config: { access: "class.results" }, schema: { tags, summary: "录入考核结果", params: idParams, body: resultsBody, response: { 200: classView } } }, async (req) =>
      enterResults(deps, req.ctx, req.params.id, req.body),
    );
    app.get(
      "/api/classes/:id/certificates",
      { config: { access: "class.read" }, schema: { tags, summary: "本班证书", params: idParams, response: { 200: z.object({ items: z.array(certificateView) }) } } },
      async (req) => listCertificates(deps, req.ctx, req.params.id),
    );
    app.post(
      "/api/classes/:id/certificates",
      { config: { access: "class.results" }, schema: { tags, summary: "发放证书（仅考核合格学员）", params: idParams, body: issueCertificatesBody, response: { 201: z.object({ items: z.array(certificateView) }) } } },
      async (req, reply) => {
        reply.status(201);
        return issueCertificates(deps, req.ctx, req.params.id, req.body);
      },
    );
    app.post(
      "/api/certificates/:id/revoke",
      { config: { access: "certificate.revoke" }, schema: { tags, summary: "撤销证书（须说明原因）", params: idParams, body: revokeBody, response: { 200: certificateView } } },
      async (req) => revokeCertificate(deps, req.ctx, req.params.id, req.body.reason),
    );
    app.get("/api/my/classes", { config: { access: "class.read_own" }, schema: { tags, summary: "我的培训班、课表、成绩与证书", response: { 200: myClassesView } } }, async (req) =>
      myClasses(deps, req.ctx),
    );
    app.get(
      "/api/public/certificates/verify",
      { config: { access: "public", rateLimit: PUBLIC_VERIFY_LIMIT }, schema: { tags: ["public"], summary: "证书查验（编号 + 姓名）", querystring: verifyQuery, response: { 200: publicCertificateView } } },
      async (req) => verifyByNumber(deps, req.query.number, req.query.name),
    );
    app.get(
      "/api/public/certificates/:verifyToken",
      { config: { access: "public", rateLimit: PUBLIC_VERIFY_LIMIT }, schema: { tags: ["public"], summary: "证书查验（二维码）", params: verifyTokenParams, response: { 200: publicCertificateView } } },
      async (req) => verifyByToken(deps, req.params.verifyToken),
    );
    // exports and import templates live in their own file (issue #10)
    registerClassExports(fastify, deps);
  };
}
