import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import {
  cascadeQuery,
  cascadeView,
  historyQuery,
  historyView,
  overviewQuery,
  overviewView,
  setTargetBody,
  skillStructureBody,
  skillStructureQuery,
  skillStructureView,
  targetRow,
} from "../../../../shared/src/contracts/targets.ts";
import type { Deps } from "../../platform/context.ts";
import { getSkillStructure, setSkillStructure } from "./skill-structure.service.ts";
import { getCascade, getHistory, getOverview, setTarget } from "./targets.service.ts";

export function targetsRoutes(deps: Deps) {
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    app.get(
      "/api/targets/overview",
      { config: { access: "target.read" }, schema: { tags: ["targets"], summary: "本级年度目标、下一级与各项目目标（首页）", querystring: overviewQuery, response: { 200: overviewView } } },
      async (req) => getOverview(deps, req.ctx, req.query.year),
    );
    app.get(
      "/api/targets/cascade",
      { config: { access: "target.read" }, schema: { tags: ["targets"], summary: "目标分解：某地区的目标、下级地区与部门分解", querystring: cascadeQuery, response: { 200: cascadeView } } },
      async (req) => getCascade(deps, req.ctx, req.query),
    );
    app.put(
      "/api/targets",
      { config: { access: "target.manage" }, schema: { tags: ["targets"], summary: "下达或调整一项目标（新版本，保留历史）", body: setTargetBody, response: { 200: targetRow } } },
      async (req) => setTarget(deps, req.ctx, req.body),
    );
    app.get(
      "/api/targets/history",
      { config: { access: "target.read" }, schema: { tags: ["targets"], summary: "一项目标的调整历史", querystring: historyQuery, response: { 200: historyView } } },
      async (req) => getHistory(deps, req.ctx, req.query),
    );
    app.get(
      "/api/targets/skill-structure",
      { config: { access: "target.read" }, schema: { tags: ["targets"], summary: "技能人才结构：统计数、本平台发证与占比", querystring: skillStructureQuery, response: { 200: skillStructureView } } },
      async (req) => getSkillStructure(deps, req.ctx, req.query.year),
    );
    app.put(
      "/api/targets/skill-structure",
      { config: { access: "target.manage" }, schema: { tags: ["targets"], summary: "录入年度就业人员、技能劳动者和高技能人才人数（省级）", body: skillStructureBody, response: { 200: skillStructureView } } },
      async (req) => setSkillStructure(deps, req.ctx, req.body),
    );
  };
}
