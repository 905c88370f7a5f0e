import { z } from "zod";
import { regionCode } from "./common.ts";

export const fundSourceValues = ["employment_subsidy", "unemployment_insurance", "special_account"] as const;
export const fundSourceLabels: Record<(typeof fundSourceValues)[number], string> = {
  employment_subsidy: "就业补助资金",
  unemployment_insurance: "失业保险基金",
  special_account: "职业技能提升行动专账资金",
};

/** a positive whole number of fen (no fractions of a fen, no negative transfers) */
export const positiveFen = z
  .number({ error: "金额须为数字（单位：分）" })
  .int("金额须为整数（单位：分），不能有小数")
  .min(1, "金额须大于 0")
  .max(1_000_000_000_000, "金额过大");

/** a caller-chosen key: resending the same request with it never moves money twice */
export const idempotencyKey = z
  .string()
  .trim()
  .min(8, "幂等键至少 8 个字符")
  .max(100)
  .regex(/^[A-Za-z0-9._:-]+$/, "幂等键只能包含字母、数字和 . _ : -");

export const fundingBody = z.strictObject({
  idempotencyKey,
  fundSource: z.enum(fundSourceValues),
  amountFen: positiveFen,
  valueDate: z.iso.date("须为日期 YYYY-MM-DD"),
  memo: z.string().trim().min(2, "请填写资金文号或说明").max(200),
});
export type FundingBody = z.infer<typeof fundingBody>;

export const allocationBody = z.strictObject({
  idempotencyKey,
  fundSource: z.enum(fundSourceValues),
  fromRegionCode: regionCode,
  toRegionCode: regionCode,
  amountFen: positiveFen,
  valueDate: z.iso.date("须为日期 YYYY-MM-DD"),
  memo: z.string().trim().min(2, "请填写下达文号或说明").max(200),
});
export type AllocationBody = z.infer<typeof allocationBody>;

export const postedView = z.object({ transactionId: z.string(), replayed: z.boolean() });

export const accountView = z.object({
  id: z.string(),
  code: z.string(),
  kind: z.enum(["source", "budget", "advance", "receivable", "expense"]),
  fundSource: z.enum(fundSourceValues),
  regionCode: z.string(),
  regionName: z.string(),
  balanceFen: z.number().int(),
  floorFen: z.number().int().nullable(),
});
export const accountList = z.object({ items: z.array(accountView) });

export const accountsQuery = z.strictObject({ fundSource: z.enum(fundSourceValues).optional(), kind: z.enum(["source", "budget", "advance", "receivable", "expense"]).optional() });
