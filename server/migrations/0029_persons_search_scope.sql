CREATE TABLE "person_regions" (
	"region_code" varchar(6) NOT NULL,
	"person_id" uuid NOT NULL,
	"via" text NOT NULL,
	CONSTRAINT "person_regions_region_code_person_id_via_pk" PRIMARY KEY("region_code","person_id","via"),
	CONSTRAINT "person_regions_via_ck" CHECK ("person_regions"."via" in ('residence', 'class'))
);
--> statement-breakpoint
ALTER TABLE "person_regions" ADD CONSTRAINT "person_regions_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "person_regions_person_idx" ON "person_regions" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "certificates_number_idx" ON "certificates" USING btree ("number");--> statement-breakpoint
CREATE INDEX "persons_name_prefix_idx" ON "persons" USING btree ("name" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "persons_name_trgm_idx" ON "persons" USING gin ("name" gin_trgm_ops);