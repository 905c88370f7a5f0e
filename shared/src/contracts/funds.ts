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

// 资金使用公开: spending from the ledger (postings to expense accounts, net of returns and reversals)
export const spendingPeriodValues = ["month", "quarter", "year"] as const;
export const spendingQuery = z.strictObject({
  /** how spending is split in time */
  period: z.enum(spendingPeriodValues).default("year"),
  /** only this calendar year (by the transaction's value date) */
  year: z.coerce.number({ error: "年份须为数字" }).int("年份须为整数").min(2019, "年份不早于 2019").max(2100, "年份过大").optional(),
  /** a city: its counties; omitted or the province: the cities */
  regionCode: regionCode.optional(),
  fundSource: z.enum(fundSourceValues).optional(),
  programCode: z.string().trim().max(20).optional(),
  subsidyType: z.string().trim().max(40).optional(),
});
export type SpendingQuery = z.infer<typeof spendingQuery>;

const spendingRow = z.object({
  regionCode: z.string(),
  regionName: z.string(),
  programCode: z.string().nullable(),
  programName: z.string().nullable(),
  subsidyType: z.string().nullable(),
  period: z.string(),
  spentFen: z.number().int(),
});
export const spendingView = z.object({
  /** "city" rows are cities (province level: 省本级); "county" rows are the counties of the city asked for */
  level: z.enum(["city", "county"]),
  period: z.enum(spendingPeriodValues),
  rows: z.array(spendingRow),
  byRegion: z.array(z.object({ regionCode: z.string(), regionName: z.string(), spentFen: z.number().int(), allocatedFen: z.number().int() })),
  byPeriod: z.array(z.object({ period: z.string(), spentFen: z.number().int() })),
  bySubsidyType: z.array(z.object({ subsidyType: z.string().nullable(), spentFen: z.number().int() })),
  totalSpentFen: z.number().int(),
  totalAllocatedFen: z.number().int(),
});
export type SpendingView = z.infer<typeof spendingView>;
