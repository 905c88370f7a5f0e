CREATE TABLE "stats_dirty_classes" (
	"class_id" uuid PRIMARY KEY NOT NULL,
	"marked_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stats_monthly" (
	"month" date NOT NULL,
	"region_code" varchar(6) NOT NULL,
	"institution_id" uuid NOT NULL,
	"institution_type" text DEFAULT '' NOT NULL,
	"program_code" text NOT NULL,
	"training_type" text DEFAULT '' NOT NULL,
	"industry_code" text DEFAULT '' NOT NULL,
	"occupation_code" text DEFAULT '' NOT NULL,
	"skill_level" text DEFAULT '' NOT NULL,
	"certificate_type" text DEFAULT '' NOT NULL,
	"fund_source" text DEFAULT '' NOT NULL,
	"category" text DEFAULT '' NOT NULL,
	"classes_opened" integer DEFAULT 0 NOT NULL,
	"classes_started" integer DEFAULT 0 NOT NULL,
	"classes_completed" integer DEFAULT 0 NOT NULL,
	"person_times_started" integer DEFAULT 0 NOT NULL,
	"person_times_completed" integer DEFAULT 0 NOT NULL,
	"certificates_issued" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stats_person_years" (
	"year" smallint NOT NULL,
	"quarter" smallint NOT NULL,
	"region_code" varchar(6) NOT NULL,
	"program_code" text NOT NULL,
	"institution_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"completions" integer NOT NULL,
	CONSTRAINT "stats_person_years_year_quarter_region_code_program_code_institution_id_person_id_pk" PRIMARY KEY("year","quarter","region_code","program_code","institution_id","person_id")
);
--> statement-breakpoint
CREATE TABLE "stats_records" (
	"class_id" uuid NOT NULL,
	"measure" text NOT NULL,
	"person_id" uuid NOT NULL,
	"day" date NOT NULL,
	"region_code" varchar(6) NOT NULL,
	"institution_id" uuid NOT NULL,
	"institution_type" text DEFAULT '' NOT NULL,
	"program_code" text NOT NULL,
	"training_type" text DEFAULT '' NOT NULL,
	"industry_code" text DEFAULT '' NOT NULL,
	"occupation_code" text DEFAULT '' NOT NULL,
	"skill_level" text DEFAULT '' NOT NULL,
	"certificate_type" text DEFAULT '' NOT NULL,
	"fund_source" text DEFAULT '' NOT NULL,
	"category" text DEFAULT '' NOT NULL,
	CONSTRAINT "stats_records_class_id_measure_person_id_pk" PRIMARY KEY("class_id","measure","person_id"),
	CONSTRAINT "stats_records_measure_ck" CHECK ("stats_records"."measure" in ('class_opened', 'class_started', 'class_completed', 'pt_started', 'pt_completed', 'certificate'))
);
--> statement-breakpoint
CREATE TABLE "stats_report_snapshots" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"period" text NOT NULL,
	"layout" text NOT NULL,
	"scope_region_code" varchar(6) NOT NULL,
	"scope_department_code" text DEFAULT '' NOT NULL,
	"version" integer NOT NULL,
	"content" jsonb NOT NULL,
	"content_hash" text NOT NULL,
	"reason" text,
	"data_as_of" timestamp with time zone NOT NULL,
	"submitted_by" uuid,
	"submitted_at" timestamp with time zone NOT NULL,
	CONSTRAINT "stats_report_snapshots_kind_ck" CHECK ("stats_report_snapshots"."kind" in ('quarterly', 'annual')),
	CONSTRAINT "stats_report_snapshots_layout_ck" CHECK ("stats_report_snapshots"."layout" in ('region', 'department'))
);
--> statement-breakpoint
CREATE TABLE "stats_state" (
	"id" smallint PRIMARY KEY NOT NULL,
	"checked_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "stats_monthly_key_uq" ON "stats_monthly" USING btree ("month","region_code","institution_id","institution_type","program_code","training_type","industry_code","occupation_code","skill_level","certificate_type","fund_source","category");--> statement-breakpoint
CREATE INDEX "stats_monthly_institution_idx" ON "stats_monthly" USING btree ("institution_id","month");--> statement-breakpoint
CREATE INDEX "stats_person_years_empty_idx" ON "stats_person_years" USING btree ("year") WHERE "stats_person_years"."completions" <= 0;--> statement-breakpoint
CREATE INDEX "stats_records_drill_idx" ON "stats_records" USING btree ("measure","day","region_code");--> statement-breakpoint
CREATE UNIQUE INDEX "stats_report_snapshots_version_uq" ON "stats_report_snapshots" USING btree ("kind","period","layout","scope_region_code","scope_department_code","version");