import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { accountList, accountsQuery, allocationBody, fundingBody, postedView } from "../../../../shared/src/contracts/funds.ts";
import type { Deps } from "../../platform/context.ts";
import { allocateBudget, listAccounts, receiveFunding } from "./funds.service.ts";

export function fundsRoutes(deps: Deps) {
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    app.get(
      "/api/funds/accounts",
      { config: { access: "fund.read" }, schema: { tags: ["funds"], summary: "资金账户及余额（本级及下级）", querystring: accountsQuery, response: { 200: accountList } } },
      async (req) => listAccounts(deps, req.ctx, req.query),
    );
    app.post(
      "/api/funds/funding",
      { config: { access: "fund.manage" }, schema: { tags: ["funds"], summary: "资金入账（省级财政，幂等）", body: fundingBody, response: { 200: postedView } } },
      async (req) => receiveFunding(deps, req.ctx, req.body),
    );
    app.post(
      "/api/funds/allocations",
      { config: { access: "fund.manage" }, schema: { tags: ["funds"], summary: "向下级地区下达资金（幂等）", body: allocationBody, response: { 200: postedView } } },
      async (req) => allocateBudget(deps, req.ctx, req.body),
    );
  };
}
