-- Check-in attempts are evidence for later risk analysis and the wrong-code counter: like the
-- check-ins themselves, no UPDATE, DELETE or TRUNCATE through any normal path (an erased wrong
-- code would unlock a session).
CREATE OR REPLACE FUNCTION attendance_checkin_attempts_forbid_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'attendance_checkin_attempts is append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER attendance_checkin_attempts_no_update BEFORE UPDATE OR DELETE ON attendance_checkin_attempts FOR EACH ROW EXECUTE FUNCTION attendance_checkin_attempts_forbid_change();
--> statement-breakpoint
CREATE TRIGGER attendance_checkin_attempts_no_truncate BEFORE TRUNCATE ON attendance_checkin_attempts FOR EACH STATEMENT EXECUTE FUNCTION attendance_checkin_attempts_forbid_change();
