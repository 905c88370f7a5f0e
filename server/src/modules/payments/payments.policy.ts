/**
 * Who pays what (decision 0003): the finance officer whose payment.manage grant covers the class's
 * county acts; whoever reviewed the claim (either step) or belongs to the claiming institution may
 * not pay it (separation of duties). Scope of every list and read: the row's region by prefix.
 */
import type { SQL } from "drizzle-orm";
import type { Permission } from "../../../../shared/src/permissions.ts";
import type { Actor } from "../../platform/auth/actor.ts";
import { coversRegion, scopeWhere } from "../../platform/auth/scope.ts";
import { defineRules, type Guard } from "../../platform/authz/rules.ts";
import { claimStatusLabels } from "../subsidies/index.ts";
import { type OrderStatus, paymentBatches, paymentOrders, paymentReceivables, payeeAccounts } from "./payments.table.ts";

export const orderScope = (a: Actor, perm: Permission): SQL => scopeWhere(a, perm, { region: paymentOrders.regionCode });
export const batchScope = (a: Actor, perm: Permission): SQL => scopeWhere(a, perm, { region: paymentBatches.regionCode });
export const receivableScope = (a: Actor, perm: Permission): SQL => scopeWhere(a, perm, { region: paymentReceivables.regionCode });
export const accountScope = (a: Actor, perm: Permission): SQL => scopeWhere(a, perm, { region: payeeAccounts.regionCode });

/** What the payment rules need beyond the row (loaded once by the service). */
export interface PayFacts {
  /** the acting user took a review step (county or city) on this claim */
  reviewed: boolean;
  /** enterprise training (payee is the enterprise) or a project-based class (项目制培训) — the claims an advance may be paid for */
  advanceAllowed: boolean;
  hasAdvance: boolean;
  /** a settlement order exists: an advance made now would never be deducted */
  hasSettlement: boolean;
  /** the advance exists but the bank has not paid it yet */
  advanceUnpaid: boolean;
  clearedUnsettled: number;
}

export interface ClaimForPayment {
  regionCode: string;
  institutionId: string | null;
  status: "draft" | "submitted" | "county_approved" | "approved" | "returned";
}

const belongs = (a: Actor, institutionId: string | null) => institutionId !== null && a.grants.some((g) => g.scopeType === "institution" && g.institutionId === institutionId);

function sod<R extends { institutionId: string | null }, F extends { reviewed: boolean }>(): Record<string, Guard<R, F>> {
  return {
    reviewed: { when: (_r, f) => f.reviewed, code: "payment.separation_of_duties", message: "您审核过该申领，不能办理其拨付" },
    member: { when: (r, _f, a) => belongs(a, r.institutionId), code: "payment.separation_of_duties", message: "您属于申领机构，不能办理其拨付" },
  };
}

export const claimPaymentRules = defineRules<"finance", ClaimForPayment["status"], "advance" | "settle", ClaimForPayment, PayFacts>({
  record: "claim_payment",
  parties: { finance: (a, c) => coversRegion(a, "payment.manage", c.regionCode) },
  state: (c) => c.status,
  stateLabels: claimStatusLabels,
  refusedCode: "payment.transition_not_allowed",
  actions: {
    advance: {
      by: ["finance"],
      from: ["approved"],
      label: "预拨",
      unless: {
        ...sod<ClaimForPayment, PayFacts>(),
        not_enterprise: { when: (_c, f) => !f.advanceAllowed, code: "payment.advance_not_allowed", message: "只有企业职工培训或项目制培训的申领可以预拨" },
        exists: { when: (_c, f) => f.hasAdvance, code: "payment.advance_exists", message: "该申领已有预拨指令" },
        settled: { when: (_c, f) => f.hasSettlement, code: "payment.advance_after_settlement", message: "该申领已开始清算，不能再预拨" },
      },
    },
    settle: {
      by: ["finance"],
      from: ["approved"],
      label: "清算",
      unless: {
        ...sod<ClaimForPayment, PayFacts>(),
        advance_unpaid: { when: (_c, f) => f.advanceUnpaid, code: "payment.advance_unpaid", message: "预拨款尚未到账，请先导入预拨的银行回盘" },
        nothing: { when: (_c, f) => f.clearedUnsettled === 0, code: "payment.nothing_to_settle", message: "没有公示期满、可清算的明细" },
      },
    },
  },
});

export const orderStatusLabels: Record<OrderStatus, string> = { ready: "待支付", in_batch: "已发银行", paid: "已支付", returned: "银行退回" };

export interface OrderForBatch {
  regionCode: string;
  institutionId: string | null;
  status: OrderStatus;
}
export interface OrderFacts {
  reviewed: boolean;
  accountCorrected: boolean;
  hasAccount: boolean;
}

/** Putting an order in a bank batch: waiting (ready), or returned with the account corrected since. */
export const orderRules = defineRules<"finance", OrderStatus, "batch", OrderForBatch, OrderFacts>({
  record: "payment_order",
  parties: { finance: (a, o) => coversRegion(a, "payment.manage", o.regionCode) },
  state: (o) => o.status,
  stateLabels: orderStatusLabels,
  refusedCode: "payment.order_not_ready",
  actions: {
    batch: {
      by: ["finance"],
      from: ["ready", "returned"],
      label: "加入支付批次",
      unless: {
        ...sod<OrderForBatch, OrderFacts>(),
        no_account: { when: (_o, f) => !f.hasAccount, code: "payment.no_payee_account", message: "收款方尚未登记收款账户" },
        not_corrected: { when: (o, f) => o.status === "returned" && !f.accountCorrected, code: "payment.account_not_corrected", message: "银行退回后收款账户尚未更正" },
      },
    },
  },
});

/** Importing the bank's result of a batch: once, by finance covering the batch's region. */
export const batchRules = defineRules<"finance", "sent" | "reconciled", "importResult", { regionCode: string; status: "sent" | "reconciled" }, Record<string, never>>({
  record: "payment_batch",
  parties: { finance: (a, b) => coversRegion(a, "payment.manage", b.regionCode) },
  state: (b) => b.status,
  stateLabels: { sent: "已发银行", reconciled: "已对账" },
  refusedCode: "payment.batch_reconciled",
  actions: { importResult: { by: ["finance"], from: ["sent"], to: "reconciled", label: "导入银行回盘" } },
});
