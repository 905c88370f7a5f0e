CREATE TABLE "calendar_days" (
	"date" date PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"name" text,
	"source" text NOT NULL,
	"updated_at" timestamp with time zone,
	"updated_by" uuid,
	CONSTRAINT "calendar_days_kind_ck" CHECK ("calendar_days"."kind" in ('holiday', 'workday', 'normal'))
);
--> statement-breakpoint
CREATE TABLE "catalogue_item_versions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"item_id" uuid NOT NULL,
	"effective_from" date NOT NULL,
	"effective_to" date,
	"min_hours" integer NOT NULL,
	"max_hours" integer NOT NULL,
	"min_theory_percent" integer NOT NULL,
	"min_practice_percent" integer NOT NULL,
	"modes" text[] NOT NULL,
	"note" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "catalogue_item_versions_period_ck" CHECK ("catalogue_item_versions"."effective_to" is null or "catalogue_item_versions"."effective_to" >= "catalogue_item_versions"."effective_from"),
	CONSTRAINT "catalogue_item_versions_hours_ck" CHECK ("catalogue_item_versions"."min_hours" > 0 and "catalogue_item_versions"."max_hours" >= "catalogue_item_versions"."min_hours"),
	CONSTRAINT "catalogue_item_versions_share_ck" CHECK ("catalogue_item_versions"."min_theory_percent" between 0 and 100 and "catalogue_item_versions"."min_practice_percent" between 0 and 100 and "catalogue_item_versions"."min_theory_percent" + "catalogue_item_versions"."min_practice_percent" <= 100)
);
--> statement-breakpoint
CREATE TABLE "catalogue_items" (
	"id" uuid PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"occupation_id" uuid,
	"trade_name" text,
	"project_name" text,
	"training_type" text NOT NULL,
	"certificate_types" text[] NOT NULL,
	"skill_levels" text[] DEFAULT '{}'::text[] NOT NULL,
	"industry_code" text,
	"program_codes" text[] DEFAULT '{}'::text[] NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"published_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "catalogue_items_subject_ck" CHECK ("catalogue_items"."occupation_id" is not null or "catalogue_items"."project_name" is not null),
	CONSTRAINT "catalogue_items_status_ck" CHECK ("catalogue_items"."status" in ('draft', 'published', 'withdrawn'))
);
--> statement-breakpoint
CREATE TABLE "occupations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"edition" smallint NOT NULL,
	"code" varchar(16) NOT NULL,
	"name" text NOT NULL,
	"digital" boolean DEFAULT false NOT NULL,
	"green" boolean DEFAULT false NOT NULL,
	"trades" text[] DEFAULT '{}'::text[] NOT NULL,
	"note" text,
	"demo" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "occupations_edition_ck" CHECK ("occupations"."edition" in (2015, 2022)),
	CONSTRAINT "occupations_code_ck" CHECK ("occupations"."code" ~ '^[0-9]-[0-9]{2}-[0-9]{2}-[0-9]{2}$')
);
--> statement-breakpoint
CREATE TABLE "subsidy_standards" (
	"id" uuid PRIMARY KEY NOT NULL,
	"item_id" uuid NOT NULL,
	"region_code" varchar(6) NOT NULL,
	"certificate_type" text NOT NULL,
	"skill_level" text,
	"amount_fen" integer NOT NULL,
	"shortage_factor_percent" integer DEFAULT 100 NOT NULL,
	"online_factor_percent" integer DEFAULT 100 NOT NULL,
	"blended_factor_percent" integer DEFAULT 100 NOT NULL,
	"effective_from" date NOT NULL,
	"effective_to" date,
	"note" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "subsidy_standards_amount_ck" CHECK ("subsidy_standards"."amount_fen" >= 0),
	CONSTRAINT "subsidy_standards_factors_ck" CHECK ("subsidy_standards"."shortage_factor_percent" between 1 and 200 and "subsidy_standards"."online_factor_percent" between 0 and 200 and "subsidy_standards"."blended_factor_percent" between 0 and 200),
	CONSTRAINT "subsidy_standards_period_ck" CHECK ("subsidy_standards"."effective_to" is null or "subsidy_standards"."effective_to" >= "subsidy_standards"."effective_from")
);
--> statement-breakpoint
ALTER TABLE "catalogue_item_versions" ADD CONSTRAINT "catalogue_item_versions_item_id_catalogue_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."catalogue_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalogue_items" ADD CONSTRAINT "catalogue_items_occupation_id_occupations_id_fk" FOREIGN KEY ("occupation_id") REFERENCES "public"."occupations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subsidy_standards" ADD CONSTRAINT "subsidy_standards_item_id_catalogue_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."catalogue_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subsidy_standards" ADD CONSTRAINT "subsidy_standards_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "catalogue_item_versions_from_uq" ON "catalogue_item_versions" USING btree ("item_id","effective_from");--> statement-breakpoint
CREATE UNIQUE INDEX "catalogue_items_code_uq" ON "catalogue_items" USING btree ("code");--> statement-breakpoint
CREATE INDEX "catalogue_items_occupation_idx" ON "catalogue_items" USING btree ("occupation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "occupations_edition_code_uq" ON "occupations" USING btree ("edition","code");--> statement-breakpoint
CREATE UNIQUE INDEX "subsidy_standards_key_from_uq" ON "subsidy_standards" USING btree ("item_id","region_code","certificate_type",coalesce("skill_level", ''),"effective_from");--> statement-breakpoint
CREATE INDEX "subsidy_standards_region_idx" ON "subsidy_standards" USING btree ("region_code");