import { sql } from "drizzle-orm";
import { bigint, check, date, index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

/** 资金来源: where the money comes from (DOMAIN.md §3, the plan's M3). */
export const fundSources = ["employment_subsidy", "unemployment_insurance", "special_account"] as const;
export type FundSource = (typeof fundSources)[number];

/**
 * Kinds of ledger account. Amounts are signed fen: a posting > 0 is a debit, < 0 a credit.
 * - source: money received from finance for a fund source (credited; it goes negative by design)
 * - budget: money a region may still spend (floor 0: it never goes negative)
 * - advance: advances paid and not yet settled (a receivable from the payee)
 * - receivable: overpaid amounts to recover or net against the next payment
 * - expense: subsidies paid (the spending the public disclosure shows)
 */
export const accountKinds = ["source", "budget", "advance", "receivable", "expense"] as const;
export type AccountKind = (typeof accountKinds)[number];

export const ledgerKinds = ["funding", "allocation", "advance", "settlement", "recovery", "return", "reversal"] as const;
export type LedgerKind = (typeof ledgerKinds)[number];

export const fundAccounts = pgTable(
  "fund_accounts",
  {
    id: uuid("id").primaryKey(),
    /** kind:fundSource:regionCode, e.g. budget:employment_subsidy:220100 */
    code: text("code").notNull(),
    kind: text("kind", { enum: accountKinds }).notNull(),
    fundSource: text("fund_source", { enum: fundSources }).notNull(),
    regionCode: text("region_code").notNull(),
    /** the balance may never fall below this (null: no floor) */
    floorFen: bigint("floor_fen", { mode: "number" }),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [
    uniqueIndex("fund_accounts_code_uq").on(t.code),
    index("fund_accounts_region_idx").on(t.regionCode),
    check("fund_accounts_kind_ck", sql`${t.kind} in ('source', 'budget', 'advance', 'receivable', 'expense')`),
  ],
);

/**
 * One balanced movement of money. Posted rows are never edited: a mistake is undone by a
 * reversal (reverses_id, at most one per transaction). The database refuses a transaction whose
 * postings do not sum to zero and any posting that takes an account below its floor
 * (deferred constraint triggers, migration funds_ledger_guards).
 */
export const ledgerTransactions = pgTable(
  "ledger_transactions",
  {
    id: uuid("id").primaryKey(),
    kind: text("kind", { enum: ledgerKinds }).notNull(),
    /** the caller's key: the same key with the same content replays, with other content is refused */
    idempotencyKey: text("idempotency_key").notNull(),
    /** sha-256 of the canonical content, to tell a replay from a conflicting reuse of the key */
    contentHash: text("content_hash").notNull(),
    regionCode: text("region_code").notNull(),
    fundSource: text("fund_source", { enum: fundSources }).notNull(),
    programCode: text("program_code"),
    subsidyType: text("subsidy_type"),
    /** what the money is for (e.g. claim, claim_line, payment_batch) */
    referenceType: text("reference_type"),
    referenceId: uuid("reference_id"),
    reversesId: uuid("reverses_id"),
    memo: text("memo").notNull(),
    /** the business date the money moved (attributes spending to a period) */
    valueDate: date("value_date", { mode: "string" }).notNull(),
    postedAt: timestamp("posted_at", { withTimezone: true, mode: "date" }).notNull(),
    postedBy: uuid("posted_by"),
  },
  (t) => [
    uniqueIndex("ledger_transactions_key_uq").on(t.idempotencyKey),
    uniqueIndex("ledger_transactions_reverses_uq").on(t.reversesId),
    index("ledger_transactions_reference_idx").on(t.referenceType, t.referenceId),
    index("ledger_transactions_region_date_idx").on(t.regionCode, t.valueDate),
    check("ledger_transactions_kind_ck", sql`${t.kind} in ('funding', 'allocation', 'advance', 'settlement', 'recovery', 'return', 'reversal')`),
  ],
);

export const ledgerPostings = pgTable(
  "ledger_postings",
  {
    id: uuid("id").primaryKey(),
    transactionId: uuid("transaction_id")
      .notNull()
      .references(() => ledgerTransactions.id),
    accountId: uuid("account_id")
      .notNull()
      .references(() => fundAccounts.id),
    /** signed fen: > 0 debit, < 0 credit; never 0 */
    amountFen: bigint("amount_fen", { mode: "number" }).notNull(),
  },
  (t) => [
    index("ledger_postings_account_idx").on(t.accountId),
    index("ledger_postings_transaction_idx").on(t.transactionId),
    check("ledger_postings_nonzero_ck", sql`${t.amountFen} <> 0`),
  ],
);
