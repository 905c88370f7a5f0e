import { sql } from "drizzle-orm";
import { bigint, check, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid, varchar } from "drizzle-orm/pg-core";

export const payeeTypes = ["institution", "enterprise", "person"] as const;
export type PayeeType = (typeof payeeTypes)[number];

/**
 * 收款账户: the bank account a payee (institution, enterprise or person) is paid to. The account
 * number is stored encrypted (platform/crypto.ts) with a masked copy for screens; a correction adds
 * a new version and retires the old one (both kept, audited), so every paid row names the exact
 * version it went to. One active version per payee. `region_code` is the payee's region (scope).
 */
export const payeeAccounts = pgTable(
  "payee_accounts",
  {
    id: uuid("id").primaryKey(),
    payeeType: text("payee_type", { enum: payeeTypes }).notNull(),
    payeeId: uuid("payee_id").notNull(),
    payeeName: text("payee_name").notNull(),
    regionCode: varchar("region_code", { length: 6 }).notNull(),
    accountName: text("account_name").notNull(),
    bankName: text("bank_name").notNull(),
    accountNumberEncrypted: text("account_number_encrypted").notNull(),
    accountNumberMasked: text("account_number_masked").notNull(),
    version: integer("version").notNull(),
    /** active: used for new batch rows; retired: replaced by a correction */
    status: text("status", { enum: ["active", "retired"] }).notNull(),
    reason: text("reason"),
    createdBy: uuid("created_by"),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [
    uniqueIndex("payee_accounts_active_uq")
      .on(t.payeeType, t.payeeId)
      .where(sql`status = 'active'`),
    uniqueIndex("payee_accounts_version_uq").on(t.payeeType, t.payeeId, t.version),
    index("payee_accounts_region_idx").on(t.regionCode),
  ],
);

export const orderKinds = ["advance", "settlement"] as const;
export type OrderKind = (typeof orderKinds)[number];

/**
 * ready: waits to be put in a batch; in_batch: in a batch sent to the bank; paid: the bank paid it
 * (or nothing had to be paid: posted at once); returned: the bank returned it (wrong account), to be
 * re-issued after the account is corrected.
 */
export const orderStatuses = ["ready", "in_batch", "paid", "returned"] as const;
export type OrderStatus = (typeof orderStatuses)[number];

/**
 * 支付指令: one payment to one payee for one claim — an advance (预拨, at most one per claim) or a
 * settlement (清算) of cleared lines. Amounts are integer fen:
 *   amount (cash to the bank) = gross − advance_deducted − netted + receivable_created
 * where a settlement whose gross is below the advance pays nothing and creates a receivable of the
 * difference. `region_code` is the class's county (scope filter, and the budget that pays).
 * The ledger transaction is posted in the same database transaction that marks the order paid.
 */
export const paymentOrders = pgTable(
  "payment_orders",
  {
    id: uuid("id").primaryKey(),
    code: text("code").notNull(),
    kind: text("kind", { enum: orderKinds }).notNull(),
    claimId: uuid("claim_id").notNull(),
    regionCode: varchar("region_code", { length: 6 }).notNull(),
    /** the claiming institution; null for a person's own claim (skill-upgrading) */
    institutionId: uuid("institution_id"),
    payeeType: text("payee_type", { enum: payeeTypes }).notNull(),
    payeeId: uuid("payee_id").notNull(),
    payeeName: text("payee_name").notNull(),
    fundSource: text("fund_source").notNull(),
    programCode: text("program_code"),
    subsidyType: text("subsidy_type").notNull(),
    grossFen: bigint("gross_fen", { mode: "number" }).notNull(),
    advanceDeductedFen: bigint("advance_deducted_fen", { mode: "number" }).notNull().default(0),
    /** the advance order this settlement deducted (a given advance is deducted once) */
    advanceOrderId: uuid("advance_order_id"),
    nettedFen: bigint("netted_fen", { mode: "number" }).notNull().default(0),
    receivableCreatedFen: bigint("receivable_created_fen", { mode: "number" }).notNull().default(0),
    amountFen: bigint("amount_fen", { mode: "number" }).notNull(),
    status: text("status", { enum: orderStatuses }).notNull(),
    /** how the amount was worked out, in plain Chinese */
    explanation: text("explanation").notNull(),
    bankReference: text("bank_reference"),
    /** the account version the bank returned the order from; re-issued only once the active one differs */
    returnedAccountId: uuid("returned_account_id"),
    paidAt: timestamp("paid_at", { withTimezone: true, mode: "date" }),
    valueDate: date("value_date", { mode: "string" }),
    ledgerTransactionId: uuid("ledger_transaction_id"),
    createdBy: uuid("created_by"),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [
    uniqueIndex("payment_orders_code_uq").on(t.code),
    // one advance per claim: two concurrent clicks cannot both create one
    uniqueIndex("payment_orders_advance_uq")
      .on(t.claimId)
      .where(sql`kind = 'advance'`),
    // an advance is deducted by one settlement only
    uniqueIndex("payment_orders_advance_deducted_uq").on(t.advanceOrderId),
    uniqueIndex("payment_orders_ledger_uq").on(t.ledgerTransactionId),
    index("payment_orders_region_idx").on(t.regionCode),
    index("payment_orders_payee_idx").on(t.payeeType, t.payeeId),
    index("payment_orders_status_idx").on(t.status),
    check(
      "payment_orders_amounts_ck",
      sql`${t.grossFen} >= 0 and ${t.advanceDeductedFen} >= 0 and ${t.nettedFen} >= 0 and ${t.receivableCreatedFen} >= 0 and ${t.amountFen} >= 0
        and ${t.amountFen} = ${t.grossFen} - ${t.advanceDeductedFen} - ${t.nettedFen} + ${t.receivableCreatedFen}
        and (${t.receivableCreatedFen} = 0 or (${t.nettedFen} = 0 and ${t.amountFen} = 0))`,
    ),
    check("payment_orders_paid_ck", sql`(${t.status} = 'paid') = (${t.ledgerTransactionId} is not null and ${t.paidAt} is not null)`),
    check("payment_orders_advance_ck", sql`${t.kind} = 'settlement' or (${t.advanceDeductedFen} = 0 and ${t.receivableCreatedFen} = 0)`),
  ],
);

/** The claim lines a settlement pays: a claim line is settled once, whoever clicks (unique). */
export const paymentOrderLines = pgTable(
  "payment_order_lines",
  {
    orderId: uuid("order_id")
      .notNull()
      .references(() => paymentOrders.id),
    claimLineId: uuid("claim_line_id").notNull(),
    amountFen: integer("amount_fen").notNull(),
  },
  (t) => [uniqueIndex("payment_order_lines_line_uq").on(t.claimLineId), index("payment_order_lines_order_idx").on(t.orderId), check("payment_order_lines_amount_ck", sql`${t.amountFen} >= 0`)],
);

export const batchStatuses = ["sent", "reconciled"] as const;

/**
 * 支付批次: orders finance sends to the bank in one file (one row per payee account), with the
 * total and a control hash (SHA-256 over the canonical rows) written into the file and kept here;
 * the bank's result file must carry the same batch code, total and hash.
 */
export const paymentBatches = pgTable(
  "payment_batches",
  {
    id: uuid("id").primaryKey(),
    code: text("code").notNull(),
    /** the creating officer's region (scope) */
    regionCode: varchar("region_code", { length: 6 }).notNull(),
    status: text("status", { enum: batchStatuses }).notNull(),
    rowCount: integer("row_count").notNull(),
    totalFen: bigint("total_fen", { mode: "number" }).notNull(),
    controlHash: varchar("control_hash", { length: 64 }).notNull(),
    paidFen: bigint("paid_fen", { mode: "number" }).notNull().default(0),
    returnedFen: bigint("returned_fen", { mode: "number" }).notNull().default(0),
    createdBy: uuid("created_by"),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
    reconciledBy: uuid("reconciled_by"),
    reconciledAt: timestamp("reconciled_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [uniqueIndex("payment_batches_code_uq").on(t.code), index("payment_batches_region_idx").on(t.regionCode), check("payment_batches_total_ck", sql`${t.totalFen} > 0 and ${t.rowCount} > 0`)],
);

/** One row of the bank file: one payee account, the sum of its orders in the batch. */
export const paymentBatchRows = pgTable(
  "payment_batch_rows",
  {
    id: uuid("id").primaryKey(),
    batchId: uuid("batch_id")
      .notNull()
      .references(() => paymentBatches.id),
    rowNo: integer("row_no").notNull(),
    payeeAccountId: uuid("payee_account_id")
      .notNull()
      .references(() => payeeAccounts.id),
    amountFen: bigint("amount_fen", { mode: "number" }).notNull(),
    status: text("status", { enum: ["sent", "paid", "returned"] }).notNull(),
    bankReference: text("bank_reference"),
    returnReason: text("return_reason"),
  },
  (t) => [uniqueIndex("payment_batch_rows_no_uq").on(t.batchId, t.rowNo), check("payment_batch_rows_amount_ck", sql`${t.amountFen} > 0`)],
);

/**
 * Which orders a batch row carries. An order is in at most one live row (sent or paid): a second
 * batch cannot take an order already sent, so nothing is paid twice (partial unique index).
 */
export const paymentBatchOrders = pgTable(
  "payment_batch_orders",
  {
    rowId: uuid("row_id")
      .notNull()
      .references(() => paymentBatchRows.id),
    orderId: uuid("order_id")
      .notNull()
      .references(() => paymentOrders.id),
    live: text("live", { enum: ["live", "returned"] }).notNull(),
  },
  (t) => [
    uniqueIndex("payment_batch_orders_live_uq")
      .on(t.orderId)
      .where(sql`live = 'live'`),
    index("payment_batch_orders_row_idx").on(t.rowId),
  ],
);

/**
 * 应收款: what a payee owes back (an advance larger than the settled amount). Netted against the
 * payee's next payment from the same fund source and county, or recovered (追回) by a recorded
 * repayment. `outstanding_fen` falls with each netting or recovery, never below 0.
 */
export const paymentReceivables = pgTable(
  "payment_receivables",
  {
    id: uuid("id").primaryKey(),
    payeeType: text("payee_type", { enum: payeeTypes }).notNull(),
    payeeId: uuid("payee_id").notNull(),
    payeeName: text("payee_name").notNull(),
    regionCode: varchar("region_code", { length: 6 }).notNull(),
    fundSource: text("fund_source").notNull(),
    originOrderId: uuid("origin_order_id")
      .notNull()
      .references(() => paymentOrders.id),
    amountFen: bigint("amount_fen", { mode: "number" }).notNull(),
    outstandingFen: bigint("outstanding_fen", { mode: "number" }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [
    uniqueIndex("payment_receivables_origin_uq").on(t.originOrderId),
    index("payment_receivables_payee_idx").on(t.payeeType, t.payeeId),
    check("payment_receivables_amount_ck", sql`${t.amountFen} > 0 and ${t.outstandingFen} >= 0 and ${t.outstandingFen} <= ${t.amountFen}`),
  ],
);

/** Each reduction of a receivable: netted against an order, or recovered (追回) with the bank's reference. */
export const paymentReceivableMoves = pgTable(
  "payment_receivable_moves",
  {
    id: uuid("id").primaryKey(),
    receivableId: uuid("receivable_id")
      .notNull()
      .references(() => paymentReceivables.id),
    kind: text("kind", { enum: ["netted", "recovered"] }).notNull(),
    amountFen: bigint("amount_fen", { mode: "number" }).notNull(),
    orderId: uuid("order_id").references(() => paymentOrders.id),
    bankReference: text("bank_reference"),
    valueDate: date("value_date", { mode: "string" }).notNull(),
    ledgerTransactionId: uuid("ledger_transaction_id"),
    createdBy: uuid("created_by"),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [
    index("payment_receivable_moves_receivable_idx").on(t.receivableId),
    check("payment_receivable_moves_amount_ck", sql`${t.amountFen} > 0`),
    check("payment_receivable_moves_kind_ck", sql`(${t.kind} = 'netted') = (${t.orderId} is not null)`),
  ],
);

/**
 * Idempotency-Key of every money-moving request: the first answer is stored in the same database
 * transaction as the work, so the same key replays it; the same key with other content is refused.
 * Two concurrent requests with one key: the second waits on the unique key, then replays.
 */
export const paymentRequests = pgTable(
  "payment_requests",
  {
    key: text("key").primaryKey(),
    operation: text("operation").notNull(),
    requestHash: varchar("request_hash", { length: 64 }).notNull(),
    actorId: uuid("actor_id"),
    response: jsonb("response"),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  () => [],
);
