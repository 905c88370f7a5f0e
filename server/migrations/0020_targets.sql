CREATE TABLE "skill_structure_versions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"year" integer NOT NULL,
	"version" integer NOT NULL,
	"employed" integer NOT NULL,
	"skilled" integer NOT NULL,
	"high_skilled" integer NOT NULL,
	"reason" text NOT NULL,
	"created_by" uuid,
	"created_by_name" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "skill_structure_counts_ck" CHECK ("skill_structure_versions"."employed" >= 0 and "skill_structure_versions"."skilled" between 0 and "skill_structure_versions"."employed" and "skill_structure_versions"."high_skilled" between 0 and "skill_structure_versions"."skilled")
);
--> statement-breakpoint
CREATE TABLE "target_versions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"period" text NOT NULL,
	"line" text NOT NULL,
	"region_code" varchar(6) NOT NULL,
	"department_code" text,
	"version" integer NOT NULL,
	"target" integer NOT NULL,
	"reason" text NOT NULL,
	"created_by" uuid,
	"created_by_name" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "target_versions_target_ck" CHECK ("target_versions"."target" >= 0),
	CONSTRAINT "target_versions_version_ck" CHECK ("target_versions"."version" >= 1),
	CONSTRAINT "target_versions_period_ck" CHECK ("target_versions"."period" ~ '^[0-9]{4}(-[0-9]{4})?$')
);
--> statement-breakpoint
ALTER TABLE "target_versions" ADD CONSTRAINT "target_versions_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "target_versions" ADD CONSTRAINT "target_versions_department_code_departments_code_fk" FOREIGN KEY ("department_code") REFERENCES "public"."departments"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "skill_structure_year_version_uq" ON "skill_structure_versions" USING btree ("year","version");--> statement-breakpoint
CREATE UNIQUE INDEX "target_versions_key_version_uq" ON "target_versions" USING btree ("key","version");--> statement-breakpoint
CREATE INDEX "target_versions_period_line_idx" ON "target_versions" USING btree ("period","line");--> statement-breakpoint
CREATE INDEX "target_versions_region_idx" ON "target_versions" USING btree ("region_code");