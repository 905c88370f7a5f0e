CREATE TABLE "person_change_requests" (
	"id" uuid PRIMARY KEY NOT NULL,
	"person_id" uuid NOT NULL,
	"institution_id" uuid,
	"changes" jsonb NOT NULL,
	"status" text NOT NULL,
	"filed_by" uuid,
	"filed_at" timestamp with time zone NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"note" text,
	CONSTRAINT "person_change_requests_status_ck" CHECK ("person_change_requests"."status" in ('pending', 'confirmed', 'rejected'))
);
--> statement-breakpoint
ALTER TABLE "person_institutions" ADD COLUMN "entered" jsonb;--> statement-breakpoint
ALTER TABLE "person_institutions" ADD COLUMN "created_record" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "person_change_requests" ADD CONSTRAINT "person_change_requests_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "person_change_requests_person_idx" ON "person_change_requests" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "person_change_requests_institution_idx" ON "person_change_requests" USING btree ("institution_id");--> statement-breakpoint
-- hand-written: links made in the same transaction that created the person are the registrar's
UPDATE "person_institutions" pi SET "created_record" = true FROM "persons" p WHERE p."id" = pi."person_id" AND pi."first_linked_at" = p."created_at";
