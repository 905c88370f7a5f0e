CREATE TABLE "stats_person_counts" (
	"year" smallint NOT NULL,
	"quarter" smallint NOT NULL,
	"region_prefix" varchar(6) NOT NULL,
	"persons" integer NOT NULL,
	CONSTRAINT "stats_person_counts_year_quarter_region_prefix_pk" PRIMARY KEY("year","quarter","region_prefix")
);
--> statement-breakpoint
ALTER TABLE "stats_records" DROP CONSTRAINT "stats_records_measure_ck";--> statement-breakpoint
ALTER TABLE "stats_monthly" ADD COLUMN "subsidy_person_times" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "stats_monthly" ADD COLUMN "subsidy_fen" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "stats_records" ADD COLUMN "amount_fen" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "stats_person_years_person_idx" ON "stats_person_years" USING btree ("person_id","year");--> statement-breakpoint
ALTER TABLE "stats_records" ADD CONSTRAINT "stats_records_measure_ck" CHECK ("stats_records"."measure" in ('class_opened', 'class_started', 'class_completed', 'pt_started', 'pt_completed', 'certificate', 'subsidy_training', 'subsidy_evaluation', 'subsidy_living_allowance', 'subsidy_skill_upgrading'));