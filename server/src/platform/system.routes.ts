import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { systemStatus } from "../../../shared/src/contracts/system.ts";
import { grantsFor } from "./auth/actor.ts";
import type { Deps } from "./context.ts";
import { durabilityOf } from "./db/durability.ts";
import { replicaLag } from "./db/replica.ts";
import { AppError } from "./http/errors.ts";
import { countJobsByStatus } from "./jobs/jobs.ts";

/** GET /api/system/status: the database, the read replica and its lag, durability settings, the job queue. */
export function systemRoutes(deps: Deps) {
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    app.get(
      "/api/system/status",
      {
        config: { access: "system.status" },
        schema: { tags: ["platform"], summary: "系统状态：数据库类型、只读副本及其延迟（秒）、后台任务队列（省级管理员）", response: { 200: systemStatus } },
      },
      async (req) => {
        // the whole platform's state: a province administrator's call only, like the statistics rebuild
        if (!grantsFor(req.ctx.actor, "system.status").some((g) => g.scopeType === "province")) throw new AppError("auth.forbidden", "只有省级管理员可以查看系统状态");
        const [replica, durability, jobs] = await Promise.all([replicaLag(deps.replicaDb), durabilityOf(deps.db), countJobsByStatus(deps.db)]);
        return { database: deps.dbKind, replica, durability, jobs: { ...jobs, depth: jobs.queued + jobs.running } };
      },
    );
  };
}
