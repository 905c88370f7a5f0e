-- An accepted check-in's evidence is its check-in row: the device id moves there, and the accepted
-- attempt is no longer written a second time into attendance_checkin_attempts (it doubled the
-- check-in path's writes: docs/benchmarks.md, check-in, 2026-12-03).
ALTER TABLE "attendance_checkins" ADD COLUMN "device_id" text;
--> statement-breakpoint
-- the device ids of check-ins accepted before this migration, from their 'accepted' attempt rows;
-- the append-only trigger is lifted for this one statement of the migration only
ALTER TABLE "attendance_checkins" DISABLE TRIGGER "attendance_checkins_no_update";
--> statement-breakpoint
UPDATE "attendance_checkins" c SET "device_id" = a."device_id"
FROM "attendance_checkin_attempts" a
WHERE a."checkin_id" = c."id" AND a."outcome" = 'accepted' AND a."device_id" IS NOT NULL;
--> statement-breakpoint
ALTER TABLE "attendance_checkins" ENABLE TRIGGER "attendance_checkins_no_update";
--> statement-breakpoint
-- every attempt of a known session as one list: the accepted ones from the check-ins, the refused
-- and repeated ones from the attempts (legacy 'accepted' attempt rows are the check-ins' copies)
CREATE VIEW "attendance_checkin_evidence" AS
  SELECT c."id", c."session_id", c."class_id", c."person_id", c."user_id", c."kind", c."at", 'accepted'::text AS "outcome", c."id" AS "checkin_id",
    c."lat", c."lng", c."accuracy", c."distance_m", c."user_agent", c."device_id", c."client_ip"
  FROM "attendance_checkins" c
  UNION ALL
  SELECT a."id", a."session_id", a."class_id", a."person_id", a."user_id", a."kind", a."at", a."outcome", a."checkin_id",
    a."lat", a."lng", a."accuracy", a."distance_m", a."user_agent", a."device_id", a."client_ip"
  FROM "attendance_checkin_attempts" a
  WHERE a."outcome" <> 'accepted';
