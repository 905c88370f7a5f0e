-- Targets and skill-structure figures keep their history: a version is never changed or removed,
-- a new version is added instead (no UPDATE, DELETE or TRUNCATE).
CREATE OR REPLACE FUNCTION targets_forbid_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER target_versions_no_update BEFORE UPDATE OR DELETE ON target_versions FOR EACH ROW EXECUTE FUNCTION targets_forbid_change();
--> statement-breakpoint
CREATE TRIGGER target_versions_no_truncate BEFORE TRUNCATE ON target_versions FOR EACH STATEMENT EXECUTE FUNCTION targets_forbid_change();
--> statement-breakpoint
CREATE TRIGGER skill_structure_versions_no_update BEFORE UPDATE OR DELETE ON skill_structure_versions FOR EACH ROW EXECUTE FUNCTION targets_forbid_change();
--> statement-breakpoint
CREATE TRIGGER skill_structure_versions_no_truncate BEFORE TRUNCATE ON skill_structure_versions FOR EACH STATEMENT EXECUTE FUNCTION targets_forbid_change();
