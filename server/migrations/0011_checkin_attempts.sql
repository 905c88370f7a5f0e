CREATE TABLE "attendance_checkin_attempts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"session_id" uuid NOT NULL,
	"class_id" uuid NOT NULL,
	"person_id" uuid,
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"outcome" text NOT NULL,
	"checkin_id" uuid,
	"lat" double precision NOT NULL,
	"lng" double precision NOT NULL,
	"accuracy" double precision,
	"distance_m" integer,
	"user_agent" text,
	"device_id" text,
	"client_ip" text,
	CONSTRAINT "attendance_checkin_attempts_kind_ck" CHECK ("attendance_checkin_attempts"."kind" in ('in', 'out')),
	CONSTRAINT "attendance_checkin_attempts_outcome_ck" CHECK (outcome in ('accepted', 'duplicate', 'not_enrolled', 'checkin_locked', 'session_cancelled', 'class_not_active', 'check_out_not_required', 'window_not_open', 'window_closed', 'not_checked_in', 'code_stale', 'code_invalid', 'outside_geofence'))
);
--> statement-breakpoint
ALTER TABLE "attendance_checkin_attempts" ADD CONSTRAINT "attendance_checkin_attempts_session_id_class_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."class_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attendance_checkin_attempts" ADD CONSTRAINT "attendance_checkin_attempts_class_id_classes_id_fk" FOREIGN KEY ("class_id") REFERENCES "public"."classes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attendance_checkin_attempts" ADD CONSTRAINT "attendance_checkin_attempts_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attendance_checkin_attempts" ADD CONSTRAINT "attendance_checkin_attempts_checkin_id_attendance_checkins_id_fk" FOREIGN KEY ("checkin_id") REFERENCES "public"."attendance_checkins"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "attendance_checkin_attempts_wrong_idx" ON "attendance_checkin_attempts" USING btree ("session_id","person_id") WHERE "attendance_checkin_attempts"."outcome" = 'code_invalid';--> statement-breakpoint
CREATE INDEX "attendance_checkin_attempts_class_wrong_idx" ON "attendance_checkin_attempts" USING btree ("class_id") WHERE "attendance_checkin_attempts"."outcome" = 'code_invalid';