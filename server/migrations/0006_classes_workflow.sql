CREATE TABLE "certificates" (
	"id" uuid PRIMARY KEY NOT NULL,
	"enrollment_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"class_id" uuid NOT NULL,
	"type" text NOT NULL,
	"level" text,
	"number" text NOT NULL,
	"issue_date" date NOT NULL,
	"issuer_institution_id" uuid NOT NULL,
	"status" text DEFAULT 'valid' NOT NULL,
	"revoked_reason" text,
	"revoked_at" timestamp with time zone,
	"revoked_by" uuid,
	"verify_token" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" uuid,
	CONSTRAINT "certificates_status_ck" CHECK ("certificates"."status" in ('valid', 'revoked')),
	CONSTRAINT "certificates_revoked_ck" CHECK ("certificates"."status" = 'valid' or "certificates"."revoked_reason" is not null)
);
--> statement-breakpoint
CREATE TABLE "class_changes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"class_id" uuid NOT NULL,
	"revision" integer NOT NULL,
	"kind" text NOT NULL,
	"before" jsonb,
	"after" jsonb,
	"reason" text NOT NULL,
	"filed_by" uuid,
	"filed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "classes" ADD COLUMN "evaluator_institution_id" uuid;--> statement-breakpoint
ALTER TABLE "classes" ADD COLUMN "cancel_reason" text;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_enrollment_id_class_enrollments_id_fk" FOREIGN KEY ("enrollment_id") REFERENCES "public"."class_enrollments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_class_id_classes_id_fk" FOREIGN KEY ("class_id") REFERENCES "public"."classes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificates" ADD CONSTRAINT "certificates_issuer_institution_id_institutions_id_fk" FOREIGN KEY ("issuer_institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "class_changes" ADD CONSTRAINT "class_changes_class_id_classes_id_fk" FOREIGN KEY ("class_id") REFERENCES "public"."classes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "certificates_type_number_uq" ON "certificates" USING btree ("type","number");--> statement-breakpoint
CREATE UNIQUE INDEX "certificates_verify_token_uq" ON "certificates" USING btree ("verify_token");--> statement-breakpoint
CREATE UNIQUE INDEX "certificates_enrollment_valid_uq" ON "certificates" USING btree ("enrollment_id") WHERE "certificates"."status" = 'valid';--> statement-breakpoint
CREATE INDEX "certificates_person_idx" ON "certificates" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "certificates_class_idx" ON "certificates" USING btree ("class_id");--> statement-breakpoint
CREATE UNIQUE INDEX "class_changes_revision_uq" ON "class_changes" USING btree ("class_id","revision");--> statement-breakpoint
ALTER TABLE "classes" ADD CONSTRAINT "classes_evaluator_institution_id_institutions_id_fk" FOREIGN KEY ("evaluator_institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;