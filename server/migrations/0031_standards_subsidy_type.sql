DROP INDEX "subsidy_standards_key_from_uq";--> statement-breakpoint
ALTER TABLE "subsidy_standards" ADD COLUMN "subsidy_type" text DEFAULT 'training' NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "subsidy_standards_key_from_uq" ON "subsidy_standards" USING btree ("subsidy_type","item_id","region_code","certificate_type",coalesce("skill_level", ''),"effective_from");--> statement-breakpoint
ALTER TABLE "subsidy_standards" ADD CONSTRAINT "subsidy_standards_type_ck" CHECK ("subsidy_standards"."subsidy_type" in ('training', 'evaluation'));