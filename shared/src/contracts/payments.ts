import { z } from "zod";
import { pageQuery, paged, uuid } from "./common.ts";
import { fundSourceValues, idempotencyKey, positiveFen } from "./funds.ts";

export const payeeTypeValues = ["institution", "enterprise", "person"] as const;
export const payeeTypeLabels: Record<(typeof payeeTypeValues)[number], string> = { institution: "培训机构", enterprise: "企业", person: "个人" };
export const orderKindValues = ["advance", "settlement"] as const;
export const orderKindLabels: Record<(typeof orderKindValues)[number], string> = { advance: "预拨", settlement: "清算" };
export const orderStatusValues = ["ready", "in_batch", "paid", "returned"] as const;
export const batchStatusValues = ["sent", "reconciled"] as const;

/** The Idempotency-Key header every money-moving request carries (same rules as the ledger's keys). */
export const idempotencyHeader = idempotencyKey;

const text = (max: number, msg = "必填") => z.string().trim().min(1, msg).max(max);

/** 银行账号: 6–32 digits (spaces and dashes as typed are removed) */
export const accountNumber = z
  .string()
  .transform((s) => s.replace(/[\s-]/g, ""))
  .pipe(z.string().regex(/^\d{6,32}$/, "银行账号须为 6–32 位数字"));

/** Registers a payee's bank account, or corrects it (a new version; `reason` required then). */
export const payeeAccountBody = z.strictObject({
  payeeType: z.enum(payeeTypeValues),
  payeeId: uuid,
  accountName: text(100),
  bankName: text(100),
  accountNumber,
  reason: z.string().trim().max(500).optional(),
});
export type PayeeAccountBody = z.infer<typeof payeeAccountBody>;

export const payeeAccountsQuery = z.strictObject({ payeeType: z.enum(payeeTypeValues).optional(), payeeId: uuid.optional(), ...pageQuery });

export const payeeAccountView = z.object({
  id: z.string(),
  payeeType: z.enum(payeeTypeValues),
  payeeId: z.string(),
  payeeName: z.string(),
  regionCode: z.string(),
  accountName: z.string(),
  bankName: z.string(),
  accountNumberMasked: z.string(),
  version: z.number().int(),
  status: z.enum(["active", "retired"]),
  reason: z.string().nullable(),
  createdAt: z.string(),
});
export const payeeAccountList = paged(payeeAccountView);

/** 预拨: the advance asked for, in fen (≤ 50% of the approved lines' amount). */
export const advanceBody = z.strictObject({ amountFen: positiveFen });
export type AdvanceBody = z.infer<typeof advanceBody>;

export const orderView = z.object({
  id: z.string(),
  code: z.string(),
  kind: z.enum(orderKindValues),
  claimId: z.string(),
  claimCode: z.string(),
  regionCode: z.string(),
  payeeType: z.enum(payeeTypeValues),
  payeeId: z.string(),
  payeeName: z.string(),
  fundSource: z.enum(fundSourceValues),
  subsidyType: z.string(),
  grossFen: z.number().int(),
  advanceDeductedFen: z.number().int(),
  nettedFen: z.number().int(),
  receivableCreatedFen: z.number().int(),
  amountFen: z.number().int(),
  status: z.enum(orderStatusValues),
  explanation: z.string(),
  bankReference: z.string().nullable(),
  paidAt: z.string().nullable(),
  lineCount: z.number().int(),
  /** the payee's active account, masked (null: none registered yet) */
  account: z.object({ accountName: z.string(), bankName: z.string(), accountNumberMasked: z.string(), version: z.number().int() }).nullable(),
  /** a returned order goes into a new batch only after its account was corrected */
  accountCorrected: z.boolean(),
  createdAt: z.string(),
});
export const ordersQuery = z.strictObject({ status: z.enum(orderStatusValues).optional(), claimId: uuid.optional(), ...pageQuery });
export const orderList = paged(orderView);
export const ordersAnswer = z.object({ orders: z.array(orderView) });

/** A claim as finance sees it: what is approved, cleared, advanced and settled. */
export const claimPaymentView = z.object({
  claimId: z.string(),
  claimCode: z.string(),
  classTitle: z.string(),
  institutionName: z.string(),
  regionCode: z.string(),
  subsidyType: z.string(),
  claimStatus: z.string(),
  approvedLines: z.number().int(),
  approvedFen: z.number().int(),
  /** 50% of the approved lines' amount; 0 when the claim may not be advanced */
  maxAdvanceFen: z.number().int(),
  advanceAllowed: z.boolean(),
  advanceRefusal: z.string().nullable(),
  clearedUnsettledLines: z.number().int(),
  clearedUnsettledFen: z.number().int(),
  orders: z.array(orderView),
  abilities: z.object({ advance: z.boolean(), settle: z.boolean() }),
  reasons: z.object({ advance: z.string().nullable(), settle: z.string().nullable() }),
});
export const claimPaymentsQuery = z.strictObject({ ...pageQuery });
export const claimPaymentList = paged(
  claimPaymentView.omit({ orders: true, abilities: true, reasons: true }).extend({ ordersCount: z.number().int(), paidFen: z.number().int() }),
);

export const createBatchBody = z.strictObject({ orderIds: z.array(uuid).min(1, "请至少选择一笔支付指令").max(2000) });
export type CreateBatchBody = z.infer<typeof createBatchBody>;

export const batchRowView = z.object({
  rowNo: z.number().int(),
  accountName: z.string(),
  bankName: z.string(),
  accountNumberMasked: z.string(),
  amountFen: z.number().int(),
  status: z.enum(["sent", "paid", "returned"]),
  bankReference: z.string().nullable(),
  returnReason: z.string().nullable(),
  orderCodes: z.array(z.string()),
});
export const batchView = z.object({
  id: z.string(),
  code: z.string(),
  regionCode: z.string(),
  status: z.enum(batchStatusValues),
  rowCount: z.number().int(),
  totalFen: z.number().int(),
  controlHash: z.string(),
  paidFen: z.number().int(),
  returnedFen: z.number().int(),
  createdAt: z.string(),
  reconciledAt: z.string().nullable(),
  rows: z.array(batchRowView).optional(),
});
export const batchList = paged(batchView);
export const batchesQuery = z.strictObject({ status: z.enum(batchStatusValues).optional(), ...pageQuery });

export const receivableView = z.object({
  id: z.string(),
  payeeType: z.enum(payeeTypeValues),
  payeeId: z.string(),
  payeeName: z.string(),
  regionCode: z.string(),
  fundSource: z.enum(fundSourceValues),
  originOrderCode: z.string(),
  amountFen: z.number().int(),
  outstandingFen: z.number().int(),
  createdAt: z.string(),
});
export const receivableList = paged(receivableView);
export const receivablesQuery = z.strictObject({ open: z.enum(["true", "false"]).optional(), ...pageQuery });

/** 追回: a repayment the payee made, with the bank's reference. */
export const recoveryBody = z.strictObject({ amountFen: positiveFen, bankReference: text(64), valueDate: z.iso.date("须为日期 YYYY-MM-DD") });
export type RecoveryBody = z.infer<typeof recoveryBody>;
