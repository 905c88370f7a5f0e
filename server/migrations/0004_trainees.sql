CREATE TABLE "person_categories" (
	"person_id" uuid NOT NULL,
	"category" text NOT NULL,
	"evidence_type" text NOT NULL,
	"evidence_ref" text,
	"evidence_ref_encrypted" text,
	"evidence_date" date NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "person_categories_person_id_category_pk" PRIMARY KEY("person_id","category"),
	CONSTRAINT "person_categories_evidence_ck" CHECK ("person_categories"."evidence_ref" is not null or "person_categories"."evidence_ref_encrypted" is not null)
);
--> statement-breakpoint
CREATE TABLE "person_exclusions" (
	"person_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"source" text NOT NULL,
	"recorded_on" date NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "person_exclusions_person_id_kind_pk" PRIMARY KEY("person_id","kind")
);
--> statement-breakpoint
CREATE TABLE "person_institutions" (
	"person_id" uuid NOT NULL,
	"institution_id" uuid NOT NULL,
	"first_linked_at" timestamp with time zone NOT NULL,
	CONSTRAINT "person_institutions_person_id_institution_id_pk" PRIMARY KEY("person_id","institution_id")
);
--> statement-breakpoint
CREATE TABLE "persons" (
	"id" uuid PRIMARY KEY NOT NULL,
	"id_number_encrypted" text NOT NULL,
	"id_number_hash" text NOT NULL,
	"id_number_masked" varchar(18) NOT NULL,
	"name" text NOT NULL,
	"gender" text NOT NULL,
	"birth_date" date NOT NULL,
	"phone" text,
	"household_region_code" varchar(6),
	"residence_region_code" varchar(6) NOT NULL,
	"education" text,
	"employer_name" text,
	"employer_credit_code" varchar(18),
	"primary_category" text,
	"user_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"created_by" uuid
);
--> statement-breakpoint
CREATE TABLE "import_jobs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"processed" integer DEFAULT 0 NOT NULL,
	"created" integer DEFAULT 0 NOT NULL,
	"updated" integer DEFAULT 0 NOT NULL,
	"unchanged" integer DEFAULT 0 NOT NULL,
	"problem_count" integer DEFAULT 0 NOT NULL,
	"problems" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"error_code" text,
	"error_message" text,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "person_categories" ADD CONSTRAINT "person_categories_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_exclusions" ADD CONSTRAINT "person_exclusions_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_institutions" ADD CONSTRAINT "person_institutions_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "persons" ADD CONSTRAINT "persons_residence_region_code_regions_code_fk" FOREIGN KEY ("residence_region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "persons" ADD CONSTRAINT "persons_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "person_categories_category_idx" ON "person_categories" USING btree ("category");--> statement-breakpoint
CREATE INDEX "person_institutions_institution_idx" ON "person_institutions" USING btree ("institution_id");--> statement-breakpoint
CREATE UNIQUE INDEX "persons_id_number_hash_uq" ON "persons" USING btree ("id_number_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "persons_user_uq" ON "persons" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "persons_residence_idx" ON "persons" USING btree ("residence_region_code");--> statement-breakpoint
CREATE INDEX "persons_name_idx" ON "persons" USING btree ("name");--> statement-breakpoint
CREATE INDEX "import_jobs_created_by_idx" ON "import_jobs" USING btree ("created_by");