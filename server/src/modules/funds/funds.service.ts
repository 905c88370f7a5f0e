/**
 * Budgets (资金下达): finance receives a fund source into the province budget and allocates it
 * down province → city → county. Every movement is one balanced ledger transaction.
 */
import { and, eq, inArray, type SQL } from "drizzle-orm";
import type { AllocationBody, FundingBody } from "../../../../shared/src/contracts/funds.ts";
import { regionWithin } from "../../../../shared/src/regions.ts";
import { audit } from "../../platform/audit/audit.ts";
import { grantsFor } from "../../platform/auth/actor.ts";
import { coversRegion, scopeWhere } from "../../platform/auth/scope.ts";
import type { Ctx, Deps } from "../../platform/context.ts";
import { AppError } from "../../platform/http/errors.ts";
import { regions } from "../reference/index.ts";
import { accountBalances, postTransaction } from "./funds.ledger.ts";
import { type AccountKind, type FundSource, fundAccounts } from "./funds.table.ts";

const PROVINCE = "220000";

/**
 * Money from finance into the province budget. Province-wide fund.manage only.
 * @throws auth.forbidden, ledger.idempotency_conflict
 */
export async function receiveFunding(deps: Deps, ctx: Ctx, b: FundingBody) {
  if (!grantsFor(ctx.actor, "fund.manage").some((g) => g.scopeType === "province")) {
    throw new AppError("auth.forbidden", "资金入账由省级财政部门办理");
  }
  return deps.db.transaction(async (tx) => {
    const posted = await postTransaction(tx, ctx, deps.clock, {
      kind: "funding",
      idempotencyKey: b.idempotencyKey,
      fundSource: b.fundSource,
      regionCode: PROVINCE,
      valueDate: b.valueDate,
      memo: b.memo,
      postings: [
        { account: { kind: "budget", fundSource: b.fundSource, regionCode: PROVINCE }, amountFen: b.amountFen },
        { account: { kind: "source", fundSource: b.fundSource, regionCode: PROVINCE }, amountFen: -b.amountFen },
      ],
    });
    if (!posted.replayed) {
      await audit(tx, ctx, deps.clock, { action: "fund.funding_received", entityType: "ledger_transaction", entityId: posted.id, regionCode: PROVINCE, after: b });
    }
    return { transactionId: posted.id, replayed: posted.replayed };
  });
}

/**
 * Moves budget from a region to one under it (province → city → county). The caller's fund.manage
 * grant must cover the giving region; the receiving region must lie under it.
 * @throws request.invalid (unknown region, not under the giver), auth.forbidden,
 *   ledger.insufficient_funds, ledger.idempotency_conflict
 */
export async function allocateBudget(deps: Deps, ctx: Ctx, b: AllocationBody) {
  const known = await deps.db.select({ code: regions.code }).from(regions).where(inArray(regions.code, [b.fromRegionCode, b.toRegionCode]));
  const issues = [];
  for (const [path, code] of [
    ["body.fromRegionCode", b.fromRegionCode],
    ["body.toRegionCode", b.toRegionCode],
  ] as const) {
    if (!known.some((r) => r.code === code)) issues.push({ path, code: "unknown_region", message: "未知的行政区划代码" });
  }
  if (!issues.length && (b.fromRegionCode === b.toRegionCode || !regionWithin(b.toRegionCode, b.fromRegionCode))) {
    issues.push({ path: "body.toRegionCode", code: "not_under", message: "只能向下级地区下达资金" });
  }
  if (issues.length) throw new AppError("request.invalid", "输入有误", { issues });
  if (!coversRegion(ctx.actor, "fund.manage", b.fromRegionCode)) throw new AppError("auth.forbidden", "只能下达本级管理的资金");
  return deps.db.transaction(async (tx) => {
    const posted = await postTransaction(tx, ctx, deps.clock, {
      kind: "allocation",
      idempotencyKey: b.idempotencyKey,
      fundSource: b.fundSource,
      regionCode: b.toRegionCode,
      valueDate: b.valueDate,
      memo: b.memo,
      postings: [
        { account: { kind: "budget", fundSource: b.fundSource, regionCode: b.toRegionCode }, amountFen: b.amountFen },
        { account: { kind: "budget", fundSource: b.fundSource, regionCode: b.fromRegionCode }, amountFen: -b.amountFen },
      ],
    });
    if (!posted.replayed) {
      await audit(tx, ctx, deps.clock, { action: "fund.allocated", entityType: "ledger_transaction", entityId: posted.id, regionCode: b.toRegionCode, after: b });
    }
    return { transactionId: posted.id, replayed: posted.replayed };
  });
}

/** Accounts with balances within the caller's fund.read scope (a city sees itself and its counties). */
export async function listAccounts(deps: Deps, ctx: Ctx, q: { fundSource?: FundSource | undefined; kind?: AccountKind | undefined }) {
  const filters: SQL[] = [scopeWhere(ctx.actor, "fund.read", { region: fundAccounts.regionCode })];
  if (q.fundSource) filters.push(eq(fundAccounts.fundSource, q.fundSource));
  if (q.kind) filters.push(eq(fundAccounts.kind, q.kind));
  const rows = await accountBalances(deps.db, and(...filters));
  const names = new Map(
    (await deps.db.select({ code: regions.code, name: regions.name }).from(regions).where(inArray(regions.code, [...new Set(rows.map((r) => r.regionCode)), PROVINCE]))).map((r) => [r.code, r.name]),
  );
  return { items: rows.map((r) => ({ ...r, regionName: names.get(r.regionCode) ?? r.regionCode })) };
}
