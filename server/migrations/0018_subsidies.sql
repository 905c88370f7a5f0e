CREATE TABLE "subsidy_claim_lines" (
	"id" uuid PRIMARY KEY NOT NULL,
	"claim_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"certificate_id" uuid,
	"eligible" boolean NOT NULL,
	"reason" text NOT NULL,
	"checks" jsonb NOT NULL,
	"inputs" jsonb NOT NULL,
	"policy_version" text NOT NULL,
	"amount_fen" integer NOT NULL,
	"payee_type" text NOT NULL,
	"payee_id" uuid NOT NULL,
	"payee_name" text NOT NULL,
	"warnings" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"held" boolean DEFAULT false NOT NULL,
	"hold_reason" text,
	"approved_at" timestamp with time zone,
	CONSTRAINT "subsidy_claim_lines_amount_ck" CHECK ("subsidy_claim_lines"."amount_fen" >= 0 and ("subsidy_claim_lines"."eligible" or "subsidy_claim_lines"."amount_fen" = 0)),
	CONSTRAINT "subsidy_claim_lines_held_ck" CHECK (not ("subsidy_claim_lines"."held" and "subsidy_claim_lines"."approved_at" is not null)),
	CONSTRAINT "subsidy_claim_lines_hold_reason_ck" CHECK (not "subsidy_claim_lines"."held" or "subsidy_claim_lines"."hold_reason" is not null)
);
--> statement-breakpoint
CREATE TABLE "subsidy_claim_reviews" (
	"id" uuid PRIMARY KEY NOT NULL,
	"claim_id" uuid NOT NULL,
	"step" text NOT NULL,
	"decision" text NOT NULL,
	"reasons" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"decided_by" uuid NOT NULL,
	"decided_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "subsidy_claims" (
	"id" uuid PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"class_id" uuid NOT NULL,
	"institution_id" uuid NOT NULL,
	"region_code" varchar(6) NOT NULL,
	"subsidy_type" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"total_fen" bigint NOT NULL,
	"standard" jsonb NOT NULL,
	"policy_version" text NOT NULL,
	"commitment_text_version" text,
	"commitment_text_hash" varchar(64),
	"commitment_signed_by" uuid,
	"commitment_signed_at" timestamp with time zone,
	"submitted_at" timestamp with time zone,
	"due_date" date,
	"return_reasons" jsonb,
	"approved_at" timestamp with time zone,
	"generated_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "subsidy_claims_total_ck" CHECK ("subsidy_claims"."total_fen" >= 0),
	CONSTRAINT "subsidy_claims_commitment_ck" CHECK ("subsidy_claims"."commitment_signed_at" is null or ("subsidy_claims"."commitment_text_version" is not null and "subsidy_claims"."commitment_text_hash" is not null and "subsidy_claims"."commitment_signed_by" is not null))
);
--> statement-breakpoint
CREATE TABLE "subsidy_line_holds" (
	"id" uuid PRIMARY KEY NOT NULL,
	"line_id" uuid NOT NULL,
	"action" text NOT NULL,
	"reason" text NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "subsidy_notice_lines" (
	"notice_id" uuid NOT NULL,
	"line_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "subsidy_notices" (
	"id" uuid PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"title" text NOT NULL,
	"region_code" varchar(6) NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"published_by" uuid,
	"published_at" timestamp with time zone NOT NULL,
	CONSTRAINT "subsidy_notices_period_ck" CHECK ("subsidy_notices"."ends_on" >= "subsidy_notices"."starts_on")
);
--> statement-breakpoint
CREATE TABLE "subsidy_objections" (
	"id" uuid PRIMARY KEY NOT NULL,
	"notice_id" uuid NOT NULL,
	"line_id" uuid NOT NULL,
	"contact_name" text NOT NULL,
	"contact_phone" text NOT NULL,
	"content" text NOT NULL,
	"client_ip" text,
	"status" text DEFAULT 'open' NOT NULL,
	"decision_reason" text,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "subsidy_objections_decision_ck" CHECK ("subsidy_objections"."status" = 'open' or ("subsidy_objections"."decision_reason" is not null and "subsidy_objections"."decided_at" is not null))
);
--> statement-breakpoint
ALTER TABLE "subsidy_claim_lines" ADD CONSTRAINT "subsidy_claim_lines_claim_id_subsidy_claims_id_fk" FOREIGN KEY ("claim_id") REFERENCES "public"."subsidy_claims"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subsidy_claim_lines" ADD CONSTRAINT "subsidy_claim_lines_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subsidy_claim_reviews" ADD CONSTRAINT "subsidy_claim_reviews_claim_id_subsidy_claims_id_fk" FOREIGN KEY ("claim_id") REFERENCES "public"."subsidy_claims"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subsidy_claims" ADD CONSTRAINT "subsidy_claims_class_id_classes_id_fk" FOREIGN KEY ("class_id") REFERENCES "public"."classes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subsidy_claims" ADD CONSTRAINT "subsidy_claims_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subsidy_line_holds" ADD CONSTRAINT "subsidy_line_holds_line_id_subsidy_claim_lines_id_fk" FOREIGN KEY ("line_id") REFERENCES "public"."subsidy_claim_lines"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subsidy_notice_lines" ADD CONSTRAINT "subsidy_notice_lines_notice_id_subsidy_notices_id_fk" FOREIGN KEY ("notice_id") REFERENCES "public"."subsidy_notices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subsidy_notice_lines" ADD CONSTRAINT "subsidy_notice_lines_line_id_subsidy_claim_lines_id_fk" FOREIGN KEY ("line_id") REFERENCES "public"."subsidy_claim_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subsidy_objections" ADD CONSTRAINT "subsidy_objections_notice_id_subsidy_notices_id_fk" FOREIGN KEY ("notice_id") REFERENCES "public"."subsidy_notices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subsidy_objections" ADD CONSTRAINT "subsidy_objections_line_id_subsidy_claim_lines_id_fk" FOREIGN KEY ("line_id") REFERENCES "public"."subsidy_claim_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "subsidy_claim_lines_person_uq" ON "subsidy_claim_lines" USING btree ("claim_id","person_id");--> statement-breakpoint
CREATE INDEX "subsidy_claim_lines_person_idx" ON "subsidy_claim_lines" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "subsidy_claim_reviews_claim_idx" ON "subsidy_claim_reviews" USING btree ("claim_id");--> statement-breakpoint
CREATE UNIQUE INDEX "subsidy_claims_code_uq" ON "subsidy_claims" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "subsidy_claims_class_type_uq" ON "subsidy_claims" USING btree ("class_id","subsidy_type");--> statement-breakpoint
CREATE INDEX "subsidy_claims_region_idx" ON "subsidy_claims" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "subsidy_claims_institution_idx" ON "subsidy_claims" USING btree ("institution_id");--> statement-breakpoint
CREATE INDEX "subsidy_line_holds_line_idx" ON "subsidy_line_holds" USING btree ("line_id");--> statement-breakpoint
CREATE UNIQUE INDEX "subsidy_notice_lines_line_uq" ON "subsidy_notice_lines" USING btree ("line_id");--> statement-breakpoint
CREATE INDEX "subsidy_notice_lines_notice_idx" ON "subsidy_notice_lines" USING btree ("notice_id");--> statement-breakpoint
CREATE UNIQUE INDEX "subsidy_notices_code_uq" ON "subsidy_notices" USING btree ("code");--> statement-breakpoint
CREATE INDEX "subsidy_notices_region_idx" ON "subsidy_notices" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "subsidy_objections_line_idx" ON "subsidy_objections" USING btree ("line_id");--> statement-breakpoint
CREATE INDEX "subsidy_objections_status_idx" ON "subsidy_objections" USING btree ("status");