import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  checkInBody,
  checkInResult,
  classAttendanceSummary,
  correctionBody,
  correctionList,
  correctionPage,
  correctionsQuery,
  correctionView,
  decisionBody,
  myAttendance,
  sessionCodeView,
} from "../../../../shared/src/contracts/attendance.ts";
import { uuid } from "../../../../shared/src/contracts/common.ts";
import type { Deps } from "../../platform/context.ts";
import { classSummary, myAttendanceOf, sessionCode } from "./attendance.service.ts";
import { checkIn, SessionFactsCache } from "./checkin.service.ts";
import { decideCorrection, fileCorrection, listCorrections } from "./corrections.service.ts";
import { registerAttendanceExports } from "./attendance.exports.ts";
import { listCorrectionsInScope } from "./corrections.list.ts";

const idParams = z.strictObject({ id: uuid });
const classParams = z.strictObject({ classId: uuid });

export function attendanceRoutes(deps: Deps) {
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const sessionFacts = new SessionFactsCache();

    app.post(
      "/api/attendance/check-in",
      {
        config: { access: "attendance.checkin" },
        schema: { tags: ["attendance"], summary: "学员扫码签到/签退（签到码、时间窗口、电子围栏、名单校验；重复提交返回原记录）", body: checkInBody, response: { 200: checkInResult, 201: checkInResult } },
      },
      async (req, reply) => {
        const r = await checkIn(deps, req.ctx, req.body, req.headers["user-agent"]?.slice(0, 300) ?? null, sessionFacts);
        reply.status(r.duplicate ? 200 : 201);
        return r;
      },
    );

    app.get(
      "/api/attendance/sessions/:id/code",
      {
        config: { access: "attendance.code" },
        schema: { tags: ["attendance"], summary: "教师端：当前签到码（每 30 秒更新）与二维码", params: idParams, response: { 200: sessionCodeView } },
      },
      async (req, reply) => {
        reply.header("cache-control", "no-store");
        return sessionCode(deps, req.ctx, req.params.id);
      },
    );

    app.get(
      "/api/attendance/classes/:classId/summary",
      {
        config: { access: "attendance.read" },
        schema: { tags: ["attendance"], summary: "培训班考勤汇总：学员出勤率（≥80% 可补贴）、每日出勤率、每课次签到人数", params: classParams, response: { 200: classAttendanceSummary } },
      },
      async (req) => classSummary(deps, req.ctx, req.params.classId),
    );

    app.get(
      "/api/attendance/classes/:classId/corrections",
      { config: { access: "attendance.read" }, schema: { tags: ["attendance"], summary: "培训班考勤补正记录", params: classParams, response: { 200: correctionList } } },
      async (req) => listCorrections(deps, req.ctx, req.params.classId),
    );

    app.get(
      "/api/attendance/corrections",
      {
        config: { access: "attendance.read" },
        schema: { tags: ["attendance"], summary: "考勤补正列表（本人范围内；awaiting=true 为本人可审核的待审核补正，即首页待办）", querystring: correctionsQuery, response: { 200: correctionPage } },
      },
      async (req) => listCorrectionsInScope(deps, req.ctx, req.query),
    );

    app.post(
      "/api/attendance/corrections",
      {
        config: { access: "attendance.correct" },
        schema: { tags: ["attendance"], summary: "提交考勤补正（须由另一人审核后生效）", body: correctionBody, response: { 201: correctionView } },
      },
      async (req, reply) => {
        reply.status(201);
        return fileCorrection(deps, req.ctx, req.body);
      },
    );

    app.post(
      "/api/attendance/corrections/:id/decision",
      {
        config: { access: "attendance.approve_correction" },
        schema: { tags: ["attendance"], summary: "审核考勤补正（提交人不能审核自己的补正）", params: idParams, body: decisionBody, response: { 200: correctionView } },
      },
      async (req) => decideCorrection(deps, req.ctx, req.params.id, req.body),
    );

    app.get(
      "/api/my/attendance",
      { config: { access: "attendance.read_own" }, schema: { tags: ["attendance"], summary: "学员本人考勤与出勤率", response: { 200: myAttendance } } },
      async (req) => myAttendanceOf(deps, req.ctx),
    );
    // exports and import templates live in their own file (issue #10)
    registerAttendanceExports(fastify, deps);
  };
}
