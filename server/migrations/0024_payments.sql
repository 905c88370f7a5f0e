CREATE TABLE "payee_accounts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"payee_type" text NOT NULL,
	"payee_id" uuid NOT NULL,
	"payee_name" text NOT NULL,
	"region_code" varchar(6) NOT NULL,
	"account_name" text NOT NULL,
	"bank_name" text NOT NULL,
	"account_number_encrypted" text NOT NULL,
	"account_number_masked" text NOT NULL,
	"version" integer NOT NULL,
	"status" text NOT NULL,
	"reason" text,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payment_batch_orders" (
	"row_id" uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"live" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payment_batch_rows" (
	"id" uuid PRIMARY KEY NOT NULL,
	"batch_id" uuid NOT NULL,
	"row_no" integer NOT NULL,
	"payee_account_id" uuid NOT NULL,
	"amount_fen" bigint NOT NULL,
	"status" text NOT NULL,
	"bank_reference" text,
	"return_reason" text,
	CONSTRAINT "payment_batch_rows_amount_ck" CHECK ("payment_batch_rows"."amount_fen" > 0)
);
--> statement-breakpoint
CREATE TABLE "payment_batches" (
	"id" uuid PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"region_code" varchar(6) NOT NULL,
	"status" text NOT NULL,
	"row_count" integer NOT NULL,
	"total_fen" bigint NOT NULL,
	"control_hash" varchar(64) NOT NULL,
	"paid_fen" bigint DEFAULT 0 NOT NULL,
	"returned_fen" bigint DEFAULT 0 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"reconciled_by" uuid,
	"reconciled_at" timestamp with time zone,
	CONSTRAINT "payment_batches_total_ck" CHECK ("payment_batches"."total_fen" > 0 and "payment_batches"."row_count" > 0)
);
--> statement-breakpoint
CREATE TABLE "payment_order_lines" (
	"order_id" uuid NOT NULL,
	"claim_line_id" uuid NOT NULL,
	"amount_fen" integer NOT NULL,
	CONSTRAINT "payment_order_lines_amount_ck" CHECK ("payment_order_lines"."amount_fen" >= 0)
);
--> statement-breakpoint
CREATE TABLE "payment_orders" (
	"id" uuid PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"kind" text NOT NULL,
	"claim_id" uuid NOT NULL,
	"region_code" varchar(6) NOT NULL,
	"institution_id" uuid NOT NULL,
	"payee_type" text NOT NULL,
	"payee_id" uuid NOT NULL,
	"payee_name" text NOT NULL,
	"fund_source" text NOT NULL,
	"program_code" text,
	"subsidy_type" text NOT NULL,
	"gross_fen" bigint NOT NULL,
	"advance_deducted_fen" bigint DEFAULT 0 NOT NULL,
	"advance_order_id" uuid,
	"netted_fen" bigint DEFAULT 0 NOT NULL,
	"receivable_created_fen" bigint DEFAULT 0 NOT NULL,
	"amount_fen" bigint NOT NULL,
	"status" text NOT NULL,
	"explanation" text NOT NULL,
	"bank_reference" text,
	"returned_account_id" uuid,
	"paid_at" timestamp with time zone,
	"value_date" date,
	"ledger_transaction_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "payment_orders_amounts_ck" CHECK ("payment_orders"."gross_fen" >= 0 and "payment_orders"."advance_deducted_fen" >= 0 and "payment_orders"."netted_fen" >= 0 and "payment_orders"."receivable_created_fen" >= 0 and "payment_orders"."amount_fen" >= 0
        and "payment_orders"."amount_fen" = "payment_orders"."gross_fen" - "payment_orders"."advance_deducted_fen" - "payment_orders"."netted_fen" + "payment_orders"."receivable_created_fen"
        and ("payment_orders"."receivable_created_fen" = 0 or ("payment_orders"."netted_fen" = 0 and "payment_orders"."amount_fen" = 0))),
	CONSTRAINT "payment_orders_paid_ck" CHECK (("payment_orders"."status" = 'paid') = ("payment_orders"."ledger_transaction_id" is not null and "payment_orders"."paid_at" is not null)),
	CONSTRAINT "payment_orders_advance_ck" CHECK ("payment_orders"."kind" = 'settlement' or ("payment_orders"."advance_deducted_fen" = 0 and "payment_orders"."receivable_created_fen" = 0))
);
--> statement-breakpoint
CREATE TABLE "payment_receivable_moves" (
	"id" uuid PRIMARY KEY NOT NULL,
	"receivable_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"order_id" uuid,
	"bank_reference" text,
	"value_date" date NOT NULL,
	"ledger_transaction_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "payment_receivable_moves_amount_ck" CHECK ("payment_receivable_moves"."amount_fen" > 0),
	CONSTRAINT "payment_receivable_moves_kind_ck" CHECK (("payment_receivable_moves"."kind" = 'netted') = ("payment_receivable_moves"."order_id" is not null))
);
--> statement-breakpoint
CREATE TABLE "payment_receivables" (
	"id" uuid PRIMARY KEY NOT NULL,
	"payee_type" text NOT NULL,
	"payee_id" uuid NOT NULL,
	"payee_name" text NOT NULL,
	"region_code" varchar(6) NOT NULL,
	"fund_source" text NOT NULL,
	"origin_order_id" uuid NOT NULL,
	"amount_fen" bigint NOT NULL,
	"outstanding_fen" bigint NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "payment_receivables_amount_ck" CHECK ("payment_receivables"."amount_fen" > 0 and "payment_receivables"."outstanding_fen" >= 0 and "payment_receivables"."outstanding_fen" <= "payment_receivables"."amount_fen")
);
--> statement-breakpoint
CREATE TABLE "payment_requests" (
	"key" text PRIMARY KEY NOT NULL,
	"operation" text NOT NULL,
	"request_hash" varchar(64) NOT NULL,
	"actor_id" uuid,
	"response" jsonb,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "payment_batch_orders" ADD CONSTRAINT "payment_batch_orders_row_id_payment_batch_rows_id_fk" FOREIGN KEY ("row_id") REFERENCES "public"."payment_batch_rows"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_batch_orders" ADD CONSTRAINT "payment_batch_orders_order_id_payment_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."payment_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_batch_rows" ADD CONSTRAINT "payment_batch_rows_batch_id_payment_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."payment_batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_batch_rows" ADD CONSTRAINT "payment_batch_rows_payee_account_id_payee_accounts_id_fk" FOREIGN KEY ("payee_account_id") REFERENCES "public"."payee_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_order_lines" ADD CONSTRAINT "payment_order_lines_order_id_payment_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."payment_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_receivable_moves" ADD CONSTRAINT "payment_receivable_moves_receivable_id_payment_receivables_id_fk" FOREIGN KEY ("receivable_id") REFERENCES "public"."payment_receivables"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_receivable_moves" ADD CONSTRAINT "payment_receivable_moves_order_id_payment_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."payment_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "payment_receivables" ADD CONSTRAINT "payment_receivables_origin_order_id_payment_orders_id_fk" FOREIGN KEY ("origin_order_id") REFERENCES "public"."payment_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "payee_accounts_active_uq" ON "payee_accounts" USING btree ("payee_type","payee_id") WHERE status = 'active';--> statement-breakpoint
CREATE UNIQUE INDEX "payee_accounts_version_uq" ON "payee_accounts" USING btree ("payee_type","payee_id","version");--> statement-breakpoint
CREATE INDEX "payee_accounts_region_idx" ON "payee_accounts" USING btree ("region_code");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_batch_orders_live_uq" ON "payment_batch_orders" USING btree ("order_id") WHERE live = 'live';--> statement-breakpoint
CREATE INDEX "payment_batch_orders_row_idx" ON "payment_batch_orders" USING btree ("row_id");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_batch_rows_no_uq" ON "payment_batch_rows" USING btree ("batch_id","row_no");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_batches_code_uq" ON "payment_batches" USING btree ("code");--> statement-breakpoint
CREATE INDEX "payment_batches_region_idx" ON "payment_batches" USING btree ("region_code");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_order_lines_line_uq" ON "payment_order_lines" USING btree ("claim_line_id");--> statement-breakpoint
CREATE INDEX "payment_order_lines_order_idx" ON "payment_order_lines" USING btree ("order_id");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_orders_code_uq" ON "payment_orders" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_orders_advance_uq" ON "payment_orders" USING btree ("claim_id") WHERE kind = 'advance';--> statement-breakpoint
CREATE UNIQUE INDEX "payment_orders_advance_deducted_uq" ON "payment_orders" USING btree ("advance_order_id");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_orders_ledger_uq" ON "payment_orders" USING btree ("ledger_transaction_id");--> statement-breakpoint
CREATE INDEX "payment_orders_region_idx" ON "payment_orders" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "payment_orders_payee_idx" ON "payment_orders" USING btree ("payee_type","payee_id");--> statement-breakpoint
CREATE INDEX "payment_orders_status_idx" ON "payment_orders" USING btree ("status");--> statement-breakpoint
CREATE INDEX "payment_receivable_moves_receivable_idx" ON "payment_receivable_moves" USING btree ("receivable_id");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_receivables_origin_uq" ON "payment_receivables" USING btree ("origin_order_id");--> statement-breakpoint
CREATE INDEX "payment_receivables_payee_idx" ON "payment_receivables" USING btree ("payee_type","payee_id");