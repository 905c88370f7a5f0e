-- Check-ins are the append-only record of attendance (the check-in path writes no audit-chain
-- entry): no UPDATE, DELETE or TRUNCATE through any normal path. Corrections live in
-- attendance_corrections and override, they never edit a check-in.
CREATE OR REPLACE FUNCTION attendance_checkins_forbid_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'attendance_checkins is append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER attendance_checkins_no_update BEFORE UPDATE OR DELETE ON attendance_checkins FOR EACH ROW EXECUTE FUNCTION attendance_checkins_forbid_change();
--> statement-breakpoint
CREATE TRIGGER attendance_checkins_no_truncate BEFORE TRUNCATE ON attendance_checkins FOR EACH STATEMENT EXECUTE FUNCTION attendance_checkins_forbid_change();
