import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { accountList, accountsQuery, allocationBody, fundingBody, postedView, spendingQuery, spendingView } from "../../../../shared/src/contracts/funds.ts";
import type { Deps } from "../../platform/context.ts";
import { lagTolerant } from "../../platform/db/replica.ts";
import { sendXlsx } from "../../platform/spreadsheet/index.ts";
import { publicSpending, scopedSpending, spendingXlsx } from "./funds.disclosure.ts";
import { allocateBudget, listAccounts, receiveFunding } from "./funds.service.ts";

/** public reads: the same limit as /api/public/notices; a file costs more to build */
const PUBLIC_READ_LIMIT = { max: 120, perSeconds: 60 };
const PUBLIC_EXPORT_LIMIT = { max: 20, perSeconds: 60 };

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
    app.get(
      "/api/funds/spending",
      { config: { access: "fund.read" }, schema: { tags: ["funds"], summary: "资金使用情况（本人范围内；与公开页面同一口径）", querystring: spendingQuery, response: { 200: spendingView } } },
      // the disclosure is a lag-tolerant aggregate of the ledger: the replica when configured
      async (req, reply) => scopedSpending(lagTolerant(deps, reply), req.ctx, req.query),
    );
    app.get(
      "/api/funds/spending/export",
      { config: { access: "fund.read" }, schema: { tags: ["funds"], summary: "导出资金使用情况 (.xlsx，本人范围内)", querystring: spendingQuery } },
      async (req, reply) => sendXlsx(reply, await spendingXlsx(await scopedSpending(lagTolerant(deps, reply), req.ctx, req.query)), "资金使用情况"),
    );
    app.get(
      "/api/public/funds/spending",
      {
        config: { access: "public", rateLimit: PUBLIC_READ_LIMIT, publicCache: "funds" },
        schema: { tags: ["public"], summary: "资金使用公开：按地区、项目、补贴类型和期间的实际支出（台账费用科目净额）及下达资金", querystring: spendingQuery, response: { 200: spendingView } },
      },
      async (req, reply) => publicSpending(lagTolerant(deps, reply), req.query),
    );
    app.get(
      "/api/public/funds/spending/export",
      { config: { access: "public", rateLimit: PUBLIC_EXPORT_LIMIT }, schema: { tags: ["public"], summary: "下载资金使用公开表 (.xlsx)", querystring: spendingQuery } },
      async (req, reply) => sendXlsx(reply, await spendingXlsx(await publicSpending(lagTolerant(deps, reply), req.query)), "资金使用公开"),
    );
  };
}
