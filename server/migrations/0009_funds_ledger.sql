CREATE TABLE "fund_accounts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"kind" text NOT NULL,
	"fund_source" text NOT NULL,
	"region_code" text NOT NULL,
	"floor_fen" bigint,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "fund_accounts_kind_ck" CHECK ("fund_accounts"."kind" in ('source', 'budget', 'advance', 'receivable', 'expense'))
);
--> statement-breakpoint
CREATE TABLE "ledger_postings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"transaction_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"amount_fen" bigint NOT NULL,
	CONSTRAINT "ledger_postings_nonzero_ck" CHECK ("ledger_postings"."amount_fen" <> 0)
);
--> statement-breakpoint
CREATE TABLE "ledger_transactions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"content_hash" text NOT NULL,
	"region_code" text NOT NULL,
	"fund_source" text NOT NULL,
	"program_code" text,
	"subsidy_type" text,
	"reference_type" text,
	"reference_id" uuid,
	"reverses_id" uuid,
	"memo" text NOT NULL,
	"value_date" date NOT NULL,
	"posted_at" timestamp with time zone NOT NULL,
	"posted_by" uuid,
	CONSTRAINT "ledger_transactions_kind_ck" CHECK ("ledger_transactions"."kind" in ('funding', 'allocation', 'advance', 'settlement', 'recovery', 'return', 'reversal'))
);
--> statement-breakpoint
ALTER TABLE "ledger_postings" ADD CONSTRAINT "ledger_postings_transaction_id_ledger_transactions_id_fk" FOREIGN KEY ("transaction_id") REFERENCES "public"."ledger_transactions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_postings" ADD CONSTRAINT "ledger_postings_account_id_fund_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."fund_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "fund_accounts_code_uq" ON "fund_accounts" USING btree ("code");--> statement-breakpoint
CREATE INDEX "fund_accounts_region_idx" ON "fund_accounts" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "ledger_postings_account_idx" ON "ledger_postings" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "ledger_postings_transaction_idx" ON "ledger_postings" USING btree ("transaction_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_transactions_key_uq" ON "ledger_transactions" USING btree ("idempotency_key");--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_transactions_reverses_uq" ON "ledger_transactions" USING btree ("reverses_id");--> statement-breakpoint
CREATE INDEX "ledger_transactions_reference_idx" ON "ledger_transactions" USING btree ("reference_type","reference_id");--> statement-breakpoint
CREATE INDEX "ledger_transactions_region_date_idx" ON "ledger_transactions" USING btree ("region_code","value_date");