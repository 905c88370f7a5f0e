import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { uuid } from "../../../../shared/src/contracts/common.ts";
import {
  advanceBody,
  batchesQuery,
  batchList,
  batchView,
  claimPaymentList,
  claimPaymentsQuery,
  claimPaymentView,
  createBatchBody,
  orderList,
  ordersAnswer,
  ordersQuery,
  payeeAccountBody,
  payeeAccountList,
  payeeAccountsQuery,
  payeeAccountView,
  receivableList,
  receivablesQuery,
  receivableView,
  recoveryBody,
} from "../../../../shared/src/contracts/payments.ts";
import type { Deps } from "../../platform/context.ts";
import { sendXlsx } from "../../platform/spreadsheet/index.ts";
import { listPayeeAccounts, savePayeeAccount } from "./payments.accounts.ts";
import { batchFile, createBatch, getBatch, importResult, listBatches } from "./payments.batches.ts";
import { requireKey } from "./payments.idempotency.ts";
import { createAdvance, createSettlement, getClaimPayment, listClaimPayments, listOrders } from "./payments.orders.ts";
import { listReceivables, recoverReceivable } from "./payments.receivables.ts";

const idParams = z.strictObject({ id: uuid });
const tags = ["payments"];
const KEY = "Idempotency-Key 请求头：同一键重放首次结果，同一键不同内容被拒绝";

export function paymentsRoutes(deps: Deps) {
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    app.get("/api/payments/claims", { config: { access: "payment.read" }, schema: { tags, summary: "待拨付的申领（复审通过，按范围）", querystring: claimPaymentsQuery, response: { 200: claimPaymentList } } }, async (req) =>
      listClaimPayments(deps, req.ctx, req.query),
    );
    app.get("/api/payments/claims/:id", { config: { access: "payment.read" }, schema: { tags, summary: "申领的拨付情况（预拨上限、可清算明细、支付指令）", params: idParams, response: { 200: claimPaymentView } } }, async (req) =>
      getClaimPayment(deps, req.ctx, req.params.id),
    );
    app.post(
      "/api/payments/claims/:id/advance",
      { config: { access: "payment.manage" }, schema: { tags, summary: `预拨（企业培训，≤ 审核通过金额的 50%，每个申领一次；${KEY}）`, params: idParams, body: advanceBody, response: { 200: ordersAnswer } } },
      async (req) => createAdvance(deps, req.ctx, req.params.id, req.body, requireKey(req.headers["idempotency-key"])),
    );
    app.post(
      "/api/payments/claims/:id/settlement",
      { config: { access: "payment.manage" }, schema: { tags, summary: `清算公示期满的明细（扣回预拨、抵扣应收款；${KEY}）`, params: idParams, response: { 200: ordersAnswer } } },
      async (req) => createSettlement(deps, req.ctx, req.params.id, requireKey(req.headers["idempotency-key"])),
    );
    app.get("/api/payments/orders", { config: { access: "payment.read" }, schema: { tags, summary: "支付指令（按范围与状态）", querystring: ordersQuery, response: { 200: orderList } } }, async (req) =>
      listOrders(deps, req.ctx, req.query),
    );
    app.get("/api/payments/batches", { config: { access: "payment.read" }, schema: { tags, summary: "支付批次", querystring: batchesQuery, response: { 200: batchList } } }, async (req) => listBatches(deps, req.ctx, req.query));
    app.post(
      "/api/payments/batches",
      { config: { access: "payment.manage" }, schema: { tags, summary: `把支付指令编入批次（每个收款账户一行；${KEY}）`, body: createBatchBody, response: { 200: batchView } } },
      async (req) => createBatch(deps, req.ctx, req.body, requireKey(req.headers["idempotency-key"])),
    );
    app.get("/api/payments/batches/:id", { config: { access: "payment.read" }, schema: { tags, summary: "支付批次详情（每行的银行处理结果）", params: idParams, response: { 200: batchView } } }, async (req) =>
      getBatch(deps, req.ctx, req.params.id),
    );
    app.get("/api/payments/batches/:id/file", { config: { access: "payment.manage" }, schema: { tags, summary: "下载银行支付文件 (.xlsx，含合计与校验值；留痕)", params: idParams } }, async (req, reply) => {
      const f = await batchFile(deps, req.ctx, req.params.id);
      return sendXlsx(reply, f.buffer, f.name);
    });
    app.post(
      "/api/payments/batches/:id/result",
      { config: { access: "payment.manage" }, schema: { tags, summary: `导入银行回盘文件 (.xlsx 作为请求体；成功行入账，退回行待更正账户后重发；${KEY})`, params: idParams, response: { 200: batchView } } },
      async (req) => {
        const key = requireKey(req.headers["idempotency-key"]);
        // a body that is not a file reads as an empty one (import.bad_file), after the batch is found
        return importResult(deps, req.ctx, req.params.id, Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0), key);
      },
    );
    app.get("/api/payments/receivables", { config: { access: "payment.read" }, schema: { tags, summary: "应收款（预拨多付，待抵扣或追回）", querystring: receivablesQuery, response: { 200: receivableList } } }, async (req) =>
      listReceivables(deps, req.ctx, req.query),
    );
    app.post(
      "/api/payments/receivables/:id/recoveries",
      { config: { access: "payment.manage" }, schema: { tags, summary: `登记追回（收款方退回的款项；${KEY}）`, params: idParams, body: recoveryBody, response: { 200: receivableView } } },
      async (req) => recoverReceivable(deps, req.ctx, req.params.id, req.body, requireKey(req.headers["idempotency-key"])),
    );
    app.get("/api/payee-accounts", { config: { access: "payment.read" }, schema: { tags, summary: "收款账户（账号脱敏，含历次更正）", querystring: payeeAccountsQuery, response: { 200: payeeAccountList } } }, async (req) =>
      listPayeeAccounts(deps, req.ctx, req.query),
    );
    app.post(
      "/api/payee-accounts",
      { config: { access: "payment.manage" }, schema: { tags, summary: "登记或更正收款账户（更正须说明理由；账号加密保存）", body: payeeAccountBody, response: { 200: payeeAccountView } } },
      async (req) => savePayeeAccount(deps, req.ctx, req.body),
    );
  };
}
