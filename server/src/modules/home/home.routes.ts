import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { ownClassRates, todoList } from "../../../../shared/src/contracts/home.ts";
import type { Deps } from "../../platform/context.ts";
import { lagTolerant } from "../../platform/db/replica.ts";
import { listOwnClassRates, listTodos } from "./home.service.ts";

export function homeRoutes(deps: Deps) {
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    app.get(
      "/api/home/todos",
      // every signed-in user has a home page; each to-do kind checks its own permission
      { config: { access: "authenticated" }, schema: { tags: ["home"], summary: "首页待办：按角色与范围统计待处理事项（可点击进入已筛选的列表）", response: { 200: todoList } } },
      async (req) => listTodos(deps, req.ctx),
    );
    app.get(
      "/api/home/classes",
      { config: { access: "class.apply" }, schema: { tags: ["home"], summary: "培训机构首页：本机构培训班的结业率与取证率", response: { 200: ownClassRates } } },
      // dashboard aggregate, lag-tolerant: the replica when configured (the to-dos above stay on the primary)
      async (req, reply) => listOwnClassRates(lagTolerant(deps, reply), req.ctx),
    );
  };
}
