CREATE TABLE "institution_facilities" (
	"id" uuid PRIMARY KEY NOT NULL,
	"institution_id" uuid NOT NULL,
	"name" text NOT NULL,
	"type" text NOT NULL,
	"area_m2" integer NOT NULL,
	"capacity" integer NOT NULL,
	"address" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "institution_facilities_type_ck" CHECK ("institution_facilities"."type" in ('classroom', 'workshop', 'training_base', 'exam_site', 'other'))
);
--> statement-breakpoint
CREATE TABLE "institution_programs" (
	"institution_id" uuid NOT NULL,
	"program_code" text NOT NULL,
	CONSTRAINT "institution_programs_institution_id_program_code_pk" PRIMARY KEY("institution_id","program_code")
);
--> statement-breakpoint
CREATE TABLE "institution_qualifications" (
	"id" uuid PRIMARY KEY NOT NULL,
	"institution_id" uuid NOT NULL,
	"occupation_code" text,
	"project_name" text,
	"occupation_name" text NOT NULL,
	"max_level" integer,
	"capacity" integer NOT NULL,
	"state" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "institution_qualifications_state_ck" CHECK ("institution_qualifications"."state" in ('active', 'proposed_add', 'proposed_remove')),
	CONSTRAINT "institution_qualifications_key_ck" CHECK (("institution_qualifications"."occupation_code" is null) <> ("institution_qualifications"."project_name" is null)),
	CONSTRAINT "institution_qualifications_level_ck" CHECK ("institution_qualifications"."max_level" is null or "institution_qualifications"."max_level" between 1 and 5),
	CONSTRAINT "institution_qualifications_capacity_ck" CHECK ("institution_qualifications"."capacity" > 0)
);
--> statement-breakpoint
CREATE TABLE "institution_sanctions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"institution_id" uuid NOT NULL,
	"level" integer NOT NULL,
	"date" date NOT NULL,
	"until" date,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" uuid,
	CONSTRAINT "institution_sanctions_level_ck" CHECK ("institution_sanctions"."level" between 1 and 4)
);
--> statement-breakpoint
CREATE TABLE "institution_teachers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"institution_id" uuid NOT NULL,
	"name" text NOT NULL,
	"id_number_encrypted" text NOT NULL,
	"id_number_hash" text NOT NULL,
	"id_number_masked" text NOT NULL,
	"qualifications" text DEFAULT '' NOT NULL,
	"employment" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "institution_teachers_employment_ck" CHECK ("institution_teachers"."employment" in ('full_time', 'part_time'))
);
--> statement-breakpoint
CREATE TABLE "institutions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"credit_code" varchar(18) NOT NULL,
	"name" text NOT NULL,
	"type" text NOT NULL,
	"role" text NOT NULL,
	"status" text NOT NULL,
	"region_code" varchar(6) NOT NULL,
	"address" text NOT NULL,
	"public_phone" text,
	"licence_no" text NOT NULL,
	"licence_valid_until" date NOT NULL,
	"contact_name" text NOT NULL,
	"contact_phone" text NOT NULL,
	"bank_account_name" text NOT NULL,
	"bank_name" text NOT NULL,
	"bank_account_encrypted" text NOT NULL,
	"bank_account_last4" varchar(4) NOT NULL,
	"approved_at" timestamp with time zone,
	"agreement_valid_until" date,
	"sanctioned_until" date,
	"review_note" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "institutions_status_ck" CHECK ("institutions"."status" in ('pending', 'returned', 'approved', 'suspended', 'banned', 'withdrawn')),
	CONSTRAINT "institutions_type_ck" CHECK ("institutions"."type" in ('technical_school', 'vocational_college', 'private_school', 'enterprise_center', 'public_base', 'enterprise', 'evaluation_body')),
	CONSTRAINT "institutions_role_ck" CHECK ("institutions"."role" in ('training', 'evaluation', 'both'))
);
--> statement-breakpoint
ALTER TABLE "institution_facilities" ADD CONSTRAINT "institution_facilities_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "institution_programs" ADD CONSTRAINT "institution_programs_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "institution_programs" ADD CONSTRAINT "institution_programs_program_code_programs_code_fk" FOREIGN KEY ("program_code") REFERENCES "public"."programs"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "institution_qualifications" ADD CONSTRAINT "institution_qualifications_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "institution_sanctions" ADD CONSTRAINT "institution_sanctions_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "institution_teachers" ADD CONSTRAINT "institution_teachers_institution_id_institutions_id_fk" FOREIGN KEY ("institution_id") REFERENCES "public"."institutions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "institutions" ADD CONSTRAINT "institutions_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "institution_facilities_inst_idx" ON "institution_facilities" USING btree ("institution_id");--> statement-breakpoint
CREATE INDEX "institution_programs_program_idx" ON "institution_programs" USING btree ("program_code");--> statement-breakpoint
CREATE INDEX "institution_qualifications_inst_idx" ON "institution_qualifications" USING btree ("institution_id");--> statement-breakpoint
CREATE INDEX "institution_qualifications_code_idx" ON "institution_qualifications" USING btree ("occupation_code");--> statement-breakpoint
CREATE UNIQUE INDEX "institution_qualifications_key_uq" ON "institution_qualifications" USING btree ("institution_id",coalesce("occupation_code", "project_name"),("state" = 'proposed_add'));--> statement-breakpoint
CREATE INDEX "institution_sanctions_inst_idx" ON "institution_sanctions" USING btree ("institution_id","date");--> statement-breakpoint
CREATE UNIQUE INDEX "institution_teachers_person_uq" ON "institution_teachers" USING btree ("institution_id","id_number_hash");--> statement-breakpoint
CREATE INDEX "institution_teachers_hash_idx" ON "institution_teachers" USING btree ("id_number_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "institutions_credit_code_uq" ON "institutions" USING btree ("credit_code");--> statement-breakpoint
CREATE INDEX "institutions_region_idx" ON "institutions" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "institutions_status_idx" ON "institutions" USING btree ("status");