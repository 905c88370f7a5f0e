CREATE TABLE "class_enrollments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"class_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"status" text DEFAULT 'enrolled' NOT NULL,
	"enrolled_at" timestamp with time zone NOT NULL,
	"withdrawn_at" timestamp with time zone,
	"warnings" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"result" text,
	"score" integer,
	"result_entered_at" timestamp with time zone,
	"result_entered_by" uuid,
	CONSTRAINT "class_enrollments_score_ck" CHECK ("class_enrollments"."score" is null or "class_enrollments"."score" between 0 and 100)
);
--> statement-breakpoint
CREATE TABLE "class_sessions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"class_id" uuid NOT NULL,
	"date" date NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"teacher_id" uuid,
	"content" text NOT NULL,
	"theory_minutes" integer NOT NULL,
	"practice_minutes" integer NOT NULL,
	"place" text NOT NULL,
	"code_secret" text NOT NULL,
	"require_check_out" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'planned' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "class_sessions_time_ck" CHECK ("class_sessions"."ends_at" > "class_sessions"."starts_at"),
	CONSTRAINT "class_sessions_minutes_ck" CHECK ("class_sessions"."theory_minutes" >= 0 and "class_sessions"."practice_minutes" >= 0 and "class_sessions"."theory_minutes" + "class_sessions"."practice_minutes" > 0)
);
--> statement-breakpoint
CREATE TABLE "classes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"institution_id" uuid NOT NULL,
	"region_code" varchar(6) NOT NULL,
	"catalogue_item_id" uuid NOT NULL,
	"catalogue_version_id" uuid,
	"program_code" text NOT NULL,
	"title" text NOT NULL,
	"training_type" text NOT NULL,
	"certificate_type" text NOT NULL,
	"skill_level" text,
	"mode" text NOT NULL,
	"address" text NOT NULL,
	"lat" double precision NOT NULL,
	"lng" double precision NOT NULL,
	"geofence_radius_m" integer DEFAULT 300 NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"capacity" integer NOT NULL,
	"assessment_plan" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"warnings" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"return_reasons" jsonb,
	"revision" integer DEFAULT 1 NOT NULL,
	"submitted_at" timestamp with time zone,
	"reviewed_at" timestamp with time zone,
	"reviewed_by" uuid,
	"locked_at" timestamp with time zone,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "classes_dates_ck" CHECK ("classes"."end_date" >= "classes"."start_date"),
	CONSTRAINT "classes_capacity_ck" CHECK ("classes"."capacity" > 0),
	CONSTRAINT "classes_radius_ck" CHECK ("classes"."geofence_radius_m" between 10 and 5000)
);
--> statement-breakpoint
ALTER TABLE "class_enrollments" ADD CONSTRAINT "class_enrollments_class_id_classes_id_fk" FOREIGN KEY ("class_id") REFERENCES "public"."classes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "class_enrollments" ADD CONSTRAINT "class_enrollments_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "class_sessions" ADD CONSTRAINT "class_sessions_class_id_classes_id_fk" FOREIGN KEY ("class_id") REFERENCES "public"."classes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "class_sessions" ADD CONSTRAINT "class_sessions_teacher_id_institution_teachers_id_fk" FOREIGN KEY ("teacher_id") REFERENCES "public"."institution_teachers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "classes" ADD CONSTRAINT "classes_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "classes" ADD CONSTRAINT "classes_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "classes" ADD CONSTRAINT "classes_catalogue_item_id_catalogue_items_id_fk" FOREIGN KEY ("catalogue_item_id") REFERENCES "public"."catalogue_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "classes" ADD CONSTRAINT "classes_catalogue_version_id_catalogue_item_versions_id_fk" FOREIGN KEY ("catalogue_version_id") REFERENCES "public"."catalogue_item_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "classes" ADD CONSTRAINT "classes_program_code_programs_code_fk" FOREIGN KEY ("program_code") REFERENCES "public"."programs"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "class_enrollments_person_uq" ON "class_enrollments" USING btree ("class_id","person_id");--> statement-breakpoint
CREATE INDEX "class_enrollments_person_idx" ON "class_enrollments" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "class_sessions_class_idx" ON "class_sessions" USING btree ("class_id");--> statement-breakpoint
CREATE INDEX "class_sessions_teacher_time_idx" ON "class_sessions" USING btree ("teacher_id","starts_at");--> statement-breakpoint
CREATE UNIQUE INDEX "classes_code_uq" ON "classes" USING btree ("code");--> statement-breakpoint
CREATE INDEX "classes_region_idx" ON "classes" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "classes_institution_idx" ON "classes" USING btree ("institution_id");