import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { uuid } from "../../../../shared/src/contracts/common.ts";
import {
  claimList,
  claimsQuery,
  claimView,
  generateClaimBody,
  filedView,
  holdBody,
  insuredMonthsBody,
  mySubsidiesView,
  noticeList,
  noticesQuery,
  noticeView,
  objectionBody,
  objectionDecisionBody,
  objectionList,
  objectionsQuery,
  noticePreviewView,
  officerNoticeList,
  officerNoticesQuery,
  objectionView,
  publishNoticeBody,
  reviewBody,
  signCommitmentBody,
  skillUpgradingBody,
} from "../../../../shared/src/contracts/subsidies.ts";
import type { Deps } from "../../platform/context.ts";
import { generateClaim } from "./claims.generate.ts";
import { getClaim, listClaims } from "./claims.read.ts";
import { reviewClaim, setLineHold, signCommitment, submitClaim } from "./claims.review.ts";
import { mySubsidies } from "./my-subsidies.ts";
import { enterInsuredMonths, fileSkillUpgrading } from "./person-claims.ts";
import { listNotices, previewNotice } from "./notices.manage.ts";
import { decideObjection, getPublicNotice, listObjections, listPublicNotices, objectToLine, publishNotice } from "./notices.service.ts";

const idParams = z.strictObject({ id: uuid });
const lineParams = z.strictObject({ id: uuid, lineId: uuid });
const tags = ["subsidies"];
/** objections carry free text and phone numbers: a few per address per hour */
const OBJECTION_LIMIT = { max: 5, perSeconds: 3600 };
const PUBLIC_READ_LIMIT = { max: 120, perSeconds: 60 };

export function subsidiesRoutes(deps: Deps) {
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    app.post(
      "/api/classes/:id/claims",
      { config: { access: "claim.apply" }, schema: { tags, summary: "由考核锁定的培训班生成（或重新生成）补贴申领", params: idParams, body: generateClaimBody, response: { 200: claimView } } },
      async (req) => generateClaim(deps, req.ctx, req.params.id, req.body),
    );
    app.get("/api/claims", { config: { access: "claim.read" }, schema: { tags, summary: "补贴申领列表（awaiting=true：待本人审核；overdue=true：本人待审且已超期）", querystring: claimsQuery, response: { 200: claimList } } }, async (req) =>
      listClaims(deps, req.ctx, req.query),
    );
    app.get("/api/claims/:id", { config: { access: "claim.read" }, schema: { tags, summary: "补贴申领详情（明细、资格理由、可执行操作）", params: idParams, response: { 200: claimView } } }, async (req) =>
      getClaim(deps, req.ctx, req.params.id),
    );
    app.post(
      "/api/claims/:id/commitment",
      { config: { access: "claim.apply" }, schema: { tags, summary: "签署告知承诺书（现行文本版本与哈希）", params: idParams, body: signCommitmentBody, response: { 200: claimView } } },
      async (req) => signCommitment(deps, req.ctx, req.params.id, req.body),
    );
    app.post("/api/claims/:id/submit", { config: { access: "claim.apply" }, schema: { tags, summary: "提交申领（须已签署承诺书）", params: idParams, response: { 200: claimView } } }, async (req) =>
      submitClaim(deps, req.ctx, req.params.id),
    );
    // reviewers of either step reach this; the claim's status picks the step and the rules the party
    app.post(
      "/api/claims/:id/reviews",
      { config: { access: "claim.read" }, schema: { tags, summary: "县级初审或市级复审：通过，或退回并列明全部理由", params: idParams, body: reviewBody, response: { 200: claimView } } },
      async (req) => reviewClaim(deps, req.ctx, req.params.id, req.body),
    );
    for (const action of ["hold", "release"] as const) {
      app.post(
        `/api/claims/:id/lines/:lineId/${action}`,
        { config: { access: "claim.read" }, schema: { tags, summary: action === "hold" ? "暂停一条申领明细（说明理由）" : "解除暂停（记录决定）", params: lineParams, body: holdBody, response: { 200: claimView } } },
        async (req) => setLineHold(deps, req.ctx, req.params.id, req.params.lineId, action, req.body),
      );
    }

    app.post(
      "/api/claims/:id/insured-months",
      {
        config: { access: "claim.read" },
        schema: { tags, summary: "技能提升补贴：县级录入核验后的失业保险参保月数（重新判定资格）", params: idParams, body: insuredMonthsBody, response: { 200: claimView } },
      },
      async (req) => enterInsuredMonths(deps, req.ctx, req.params.id, req.body),
    );
    app.get("/api/my/subsidies", { config: { access: "claim.read_own" }, schema: { tags, summary: "我的补贴：本人各项补贴的状态与理由、可申领技能提升补贴的证书", response: { 200: mySubsidiesView } } }, async (req) =>
      mySubsidies(deps, req.ctx),
    );
    app.post(
      "/api/my/subsidies/skill-upgrading",
      { config: { access: "claim.apply_own" }, schema: { tags, summary: "本人凭证书申领技能提升补贴（签署个人承诺）", body: skillUpgradingBody, response: { 200: filedView } } },
      async (req) => fileSkillUpgrading(deps, req.ctx, req.body),
    );

    app.post(
      "/api/notices",
      {
        config: { access: "notice.manage" },
        schema: { tags, summary: "发布公示（复审通过的申领中未公示的明细，公示 5 个工作日）", body: publishNoticeBody, response: { 200: z.object({ id: z.string(), code: z.string(), startsOn: z.string(), endsOn: z.string(), lineCount: z.number().int() }) } },
      },
      async (req) => publishNotice(deps, req.ctx, req.body),
    );
    app.get("/api/notices", { config: { access: "notice.manage" }, schema: { tags, summary: "公示管理：本人范围内申领的公示（公示中 / 公示期满）", querystring: officerNoticesQuery, response: { 200: officerNoticeList } } }, async (req) =>
      listNotices(deps, req.ctx, req.query),
    );
    app.get("/api/notices/preview", { config: { access: "notice.manage" }, schema: { tags, summary: "发布公示前预览：范围内复审通过、尚未公示的申领与明细", response: { 200: noticePreviewView } } }, async (req) =>
      previewNotice(deps, req.ctx),
    );
    app.get("/api/notices/objections", { config: { access: "notice.manage" }, schema: { tags, summary: "公示异议列表（按范围、状态；所涉公示与申领，学员信息脱敏）", querystring: objectionsQuery, response: { 200: objectionList } } }, async (req) =>
      listObjections(deps, req.ctx, req.query),
    );
    app.post(
      "/api/notices/objections/:id/decision",
      { config: { access: "notice.manage" }, schema: { tags, summary: "处理公示异议（成立：明细保持暂停；不成立：解除暂停）", params: idParams, body: objectionDecisionBody, response: { 200: objectionView } } },
      async (req) => decideObjection(deps, req.ctx, req.params.id, req.body),
    );
    app.get("/api/public/notices", { config: { access: "public", rateLimit: PUBLIC_READ_LIMIT, publicCache: "notices" }, schema: { tags: ["public"], summary: "补贴公示（公示中与已结束，可检索）", querystring: noticesQuery, response: { 200: noticeList } } }, async (req) =>
      listPublicNotices(deps, req.query),
    );
    app.get("/api/public/notices/:id", { config: { access: "public", rateLimit: PUBLIC_READ_LIMIT, publicCache: "notices" }, schema: { tags: ["public"], summary: "公示详情（领取单位、姓名与身份证号脱敏、标准、金额）", params: idParams, response: { 200: noticeView } } }, async (req) =>
      getPublicNotice(deps, req.params.id),
    );
    app.post(
      "/api/public/notices/:id/objections",
      { config: { access: "public", rateLimit: OBJECTION_LIMIT }, schema: { tags: ["public"], summary: "对公示明细提出异议（须留联系方式）", params: idParams, body: objectionBody, response: { 200: z.object({ id: z.string(), status: z.literal("open") }) } } },
      async (req) => objectToLine(deps, req.ctx, req.params.id, req.body),
    );
  };
}
