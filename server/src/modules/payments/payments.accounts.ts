/**
 * 收款账户: the bank account each payee is paid to. The number is encrypted at rest (DATA_KEY,
 * platform/crypto.ts) and shown masked; only the bank file carries it in full. A correction is a
 * new version (the old one retired, both kept) with a reason, audited with masked before/after.
 */
import { randomUUID } from "node:crypto";
import { and, count, desc, eq, type SQL } from "drizzle-orm";
import type { PayeeAccountBody } from "../../../../shared/src/contracts/payments.ts";
import { audit } from "../../platform/audit/audit.ts";
import { coversRegion } from "../../platform/auth/scope.ts";
import type { Ctx, Deps } from "../../platform/context.ts";
import type { Db } from "../../platform/db/db.ts";
import { AppError, constraintErrors } from "../../platform/http/errors.ts";
import { readAll } from "../../platform/db/reads.ts";
import { institutions } from "../institutions/index.ts";
import { persons } from "../trainees/index.ts";
import { accountScope } from "./payments.policy.ts";
import { type PayeeType, payeeAccounts } from "./payments.table.ts";

constraintErrors({
  payee_accounts_active_uq: ["conflict.retry", "收款账户正被他人同时修改，请重试"],
  payee_accounts_version_uq: ["conflict.retry", "收款账户正被他人同时修改，请重试"],
});

/** 6222 **** **** 1234 style: the first 4 and last 4 digits. */
export function maskAccountNumber(n: string): string {
  return n.length <= 8 ? `${n.slice(0, 2)}****${n.slice(-2)}` : `${n.slice(0, 4)} **** ${n.slice(-4)}`;
}

/** The payee's name and region (the scope its account lives in), or not found. */
async function payeeOf(db: Db, type: PayeeType, id: string): Promise<{ name: string; regionCode: string }> {
  if (type === "person") {
    const [p] = await db.select({ name: persons.name, regionCode: persons.residenceRegionCode }).from(persons).where(eq(persons.id, id)).limit(1);
    if (p) return p;
  } else {
    const [i] = await db.select({ name: institutions.name, regionCode: institutions.regionCode }).from(institutions).where(eq(institutions.id, id)).limit(1);
    if (i) return i;
  }
  throw new AppError("payment.not_found", "收款单位或个人不存在");
}

export type AccountRow = typeof payeeAccounts.$inferSelect;
export const presentAccount = (a: AccountRow) => ({
  id: a.id,
  payeeType: a.payeeType,
  payeeId: a.payeeId,
  payeeName: a.payeeName,
  regionCode: a.regionCode,
  accountName: a.accountName,
  bankName: a.bankName,
  accountNumberMasked: a.accountNumberMasked,
  version: a.version,
  status: a.status,
  reason: a.reason,
  createdAt: a.createdAt.toISOString(),
});

/**
 * Registers the payee's account, or corrects it (the active version is retired; a reason is required).
 * @throws payment.not_found (no such payee, or outside the caller's payment.manage scope),
 *   request.invalid (a correction without a reason), conflict.retry
 */
export async function savePayeeAccount(deps: Deps, ctx: Ctx, b: PayeeAccountBody) {
  return deps.db.transaction(async (tx) => {
    const payee = await payeeOf(tx, b.payeeType, b.payeeId);
    // out of scope reads as not found, like every other record
    if (!coversRegion(ctx.actor, "payment.manage", payee.regionCode)) throw new AppError("payment.not_found", "收款单位或个人不存在");
    const [current] = await tx
      .select()
      .from(payeeAccounts)
      .where(and(eq(payeeAccounts.payeeType, b.payeeType), eq(payeeAccounts.payeeId, b.payeeId), eq(payeeAccounts.status, "active")))
      .for("update");
    if (current && !b.reason) throw new AppError("request.invalid", "输入有误", { issues: [{ path: "body.reason", code: "required", message: "更正收款账户须说明理由" }] });
    const now = deps.clock.now();
    const [{ n } = { n: 0 }] = await tx
      .select({ n: count() })
      .from(payeeAccounts)
      .where(and(eq(payeeAccounts.payeeType, b.payeeType), eq(payeeAccounts.payeeId, b.payeeId)));
    if (current) await tx.update(payeeAccounts).set({ status: "retired" }).where(eq(payeeAccounts.id, current.id));
    const row = {
      id: randomUUID(),
      payeeType: b.payeeType,
      payeeId: b.payeeId,
      payeeName: payee.name,
      regionCode: payee.regionCode,
      accountName: b.accountName,
      bankName: b.bankName,
      accountNumberEncrypted: deps.crypto.encrypt(b.accountNumber),
      accountNumberMasked: maskAccountNumber(b.accountNumber),
      version: n + 1,
      status: "active" as const,
      reason: b.reason ?? null,
      createdBy: ctx.actor.userId,
      createdAt: now,
    };
    await tx.insert(payeeAccounts).values(row);
    const shown = (a: Pick<AccountRow, "accountName" | "bankName" | "accountNumberMasked" | "version">) => ({ accountName: a.accountName, bankName: a.bankName, accountNumber: a.accountNumberMasked, version: a.version });
    await audit(tx, ctx, deps.clock, {
      action: current ? "payment.account_corrected" : "payment.account_registered",
      entityType: "payee_account",
      entityId: row.id,
      regionCode: payee.regionCode,
      before: current ? shown(current) : undefined,
      after: { ...shown(row), payeeType: b.payeeType, payeeId: b.payeeId, ...(b.reason ? { reason: b.reason } : {}) },
    });
    return presentAccount(row as AccountRow);
  });
}

/** Accounts (every version) in the caller's payment.read scope, newest first. */
export async function listPayeeAccounts(deps: Deps, ctx: Ctx, q: { payeeType?: PayeeType | undefined; payeeId?: string | undefined; page: number; pageSize: number }) {
  const where = and(accountScope(ctx.actor, "payment.read"), q.payeeType ? eq(payeeAccounts.payeeType, q.payeeType) : undefined, q.payeeId ? eq(payeeAccounts.payeeId, q.payeeId) : undefined) as SQL;
  const [rows, [total]] = await readAll(deps.db, [
    () => deps.db
      .select()
      .from(payeeAccounts)
      .where(where)
      .orderBy(desc(payeeAccounts.createdAt), desc(payeeAccounts.version))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    () => deps.db.select({ n: count() }).from(payeeAccounts).where(where),
  ]);
  return { items: rows.map(presentAccount), total: total?.n ?? 0, page: q.page, pageSize: q.pageSize };
}
