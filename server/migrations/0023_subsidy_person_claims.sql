ALTER TABLE "subsidy_claims" ALTER COLUMN "class_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "subsidy_claims" ALTER COLUMN "institution_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "subsidy_claim_lines" ADD COLUMN "paid_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "subsidy_claims" ADD COLUMN "person_id" uuid;--> statement-breakpoint
ALTER TABLE "subsidy_claims" ADD COLUMN "certificate_id" uuid;--> statement-breakpoint
ALTER TABLE "subsidy_claims" ADD CONSTRAINT "subsidy_claims_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subsidy_claims" ADD CONSTRAINT "subsidy_claims_certificate_id_certificates_id_fk" FOREIGN KEY ("certificate_id") REFERENCES "public"."certificates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "subsidy_claims_certificate_uq" ON "subsidy_claims" USING btree ("certificate_id","subsidy_type");--> statement-breakpoint
CREATE INDEX "subsidy_claims_person_idx" ON "subsidy_claims" USING btree ("person_id");--> statement-breakpoint
ALTER TABLE "subsidy_claims" ADD CONSTRAINT "subsidy_claims_kind_ck" CHECK (("subsidy_claims"."subsidy_type" <> 'skill_upgrading' and "subsidy_claims"."class_id" is not null and "subsidy_claims"."institution_id" is not null and "subsidy_claims"."person_id" is null) or ("subsidy_claims"."subsidy_type" = 'skill_upgrading' and "subsidy_claims"."person_id" is not null and "subsidy_claims"."certificate_id" is not null and "subsidy_claims"."class_id" is null and "subsidy_claims"."institution_id" is null));