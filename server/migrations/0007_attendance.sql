CREATE TABLE "attendance_checkins" (
	"id" uuid PRIMARY KEY NOT NULL,
	"session_id" uuid NOT NULL,
	"class_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"lat" double precision NOT NULL,
	"lng" double precision NOT NULL,
	"accuracy" double precision,
	"distance_m" integer NOT NULL,
	"user_id" uuid,
	"user_agent" text,
	"client_ip" text,
	CONSTRAINT "attendance_checkins_kind_ck" CHECK ("attendance_checkins"."kind" in ('in', 'out'))
);
--> statement-breakpoint
CREATE TABLE "attendance_corrections" (
	"id" uuid PRIMARY KEY NOT NULL,
	"session_id" uuid NOT NULL,
	"class_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"region_code" varchar(6) NOT NULL,
	"mark" text NOT NULL,
	"reason" text NOT NULL,
	"evidence" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"filed_by" uuid NOT NULL,
	"filed_at" timestamp with time zone NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	CONSTRAINT "attendance_corrections_status_ck" CHECK ("attendance_corrections"."status" in ('pending', 'approved', 'rejected')),
	CONSTRAINT "attendance_corrections_mark_ck" CHECK ("attendance_corrections"."mark" in ('present', 'absent')),
	CONSTRAINT "attendance_corrections_second_person_ck" CHECK ("attendance_corrections"."decided_by" is null or "attendance_corrections"."decided_by" <> "attendance_corrections"."filed_by")
);
--> statement-breakpoint
ALTER TABLE "attendance_checkins" ADD CONSTRAINT "attendance_checkins_session_id_class_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."class_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attendance_checkins" ADD CONSTRAINT "attendance_checkins_class_id_classes_id_fk" FOREIGN KEY ("class_id") REFERENCES "public"."classes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attendance_checkins" ADD CONSTRAINT "attendance_checkins_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attendance_corrections" ADD CONSTRAINT "attendance_corrections_session_id_class_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."class_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attendance_corrections" ADD CONSTRAINT "attendance_corrections_class_id_classes_id_fk" FOREIGN KEY ("class_id") REFERENCES "public"."classes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attendance_corrections" ADD CONSTRAINT "attendance_corrections_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "attendance_checkins_once_uq" ON "attendance_checkins" USING btree ("session_id","person_id","kind");--> statement-breakpoint
CREATE INDEX "attendance_checkins_class_idx" ON "attendance_checkins" USING btree ("class_id");--> statement-breakpoint
CREATE INDEX "attendance_corrections_class_idx" ON "attendance_corrections" USING btree ("class_id");--> statement-breakpoint
CREATE UNIQUE INDEX "attendance_corrections_pending_uq" ON "attendance_corrections" USING btree ("session_id","person_id") WHERE "attendance_corrections"."status" = 'pending';