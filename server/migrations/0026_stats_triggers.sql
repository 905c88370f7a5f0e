-- Statistics change markers (decision 0004): every write to what the figures are derived from marks
-- the class dirty; the stats refresher recomputes dirty classes within a minute. Statement-level
-- triggers with transition tables, so a bulk INSERT … SELECT marks each class once per statement.
CREATE OR REPLACE FUNCTION stats_mark_classes_from_id() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    INSERT INTO stats_dirty_classes (class_id, marked_at) SELECT DISTINCT id, now() FROM old_rows ON CONFLICT DO NOTHING;
  ELSE
    INSERT INTO stats_dirty_classes (class_id, marked_at) SELECT DISTINCT id, now() FROM new_rows ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION stats_mark_classes_from_class_id() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    INSERT INTO stats_dirty_classes (class_id, marked_at) SELECT DISTINCT class_id, now() FROM old_rows ON CONFLICT DO NOTHING;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO stats_dirty_classes (class_id, marked_at)
      SELECT class_id, now() FROM new_rows UNION SELECT class_id, now() FROM old_rows ON CONFLICT DO NOTHING;
  ELSE
    INSERT INTO stats_dirty_classes (class_id, marked_at) SELECT DISTINCT class_id, now() FROM new_rows ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER stats_classes_ins AFTER INSERT ON classes REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION stats_mark_classes_from_id();
--> statement-breakpoint
CREATE TRIGGER stats_classes_upd AFTER UPDATE ON classes REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION stats_mark_classes_from_id();
--> statement-breakpoint
CREATE TRIGGER stats_classes_del AFTER DELETE ON classes REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION stats_mark_classes_from_id();
--> statement-breakpoint
CREATE TRIGGER stats_enrollments_ins AFTER INSERT ON class_enrollments REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION stats_mark_classes_from_class_id();
--> statement-breakpoint
CREATE TRIGGER stats_enrollments_upd AFTER UPDATE ON class_enrollments REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION stats_mark_classes_from_class_id();
--> statement-breakpoint
CREATE TRIGGER stats_enrollments_del AFTER DELETE ON class_enrollments REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION stats_mark_classes_from_class_id();
--> statement-breakpoint
CREATE TRIGGER stats_certificates_ins AFTER INSERT ON certificates REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION stats_mark_classes_from_class_id();
--> statement-breakpoint
CREATE TRIGGER stats_certificates_upd AFTER UPDATE ON certificates REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION stats_mark_classes_from_class_id();
--> statement-breakpoint
CREATE TRIGGER stats_certificates_del AFTER DELETE ON certificates REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION stats_mark_classes_from_class_id();
--> statement-breakpoint
-- dimensions that live outside the class: the trainee's primary category, the institution's type,
-- the catalogue item's industry and occupation (rare changes; row-level, only when they change)
CREATE OR REPLACE FUNCTION stats_mark_person_classes() RETURNS trigger AS $$
BEGIN
  INSERT INTO stats_dirty_classes (class_id, marked_at)
    SELECT DISTINCT e.class_id, now() FROM class_enrollments e WHERE e.person_id = NEW.id ON CONFLICT DO NOTHING;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER stats_persons_category AFTER UPDATE OF primary_category ON persons FOR EACH ROW
  WHEN (OLD.primary_category IS DISTINCT FROM NEW.primary_category) EXECUTE FUNCTION stats_mark_person_classes();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION stats_mark_institution_classes() RETURNS trigger AS $$
BEGIN
  INSERT INTO stats_dirty_classes (class_id, marked_at)
    SELECT c.id, now() FROM classes c WHERE c.institution_id = NEW.id ON CONFLICT DO NOTHING;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER stats_institutions_type AFTER UPDATE OF type ON institutions FOR EACH ROW
  WHEN (OLD.type IS DISTINCT FROM NEW.type) EXECUTE FUNCTION stats_mark_institution_classes();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION stats_mark_item_classes() RETURNS trigger AS $$
BEGIN
  INSERT INTO stats_dirty_classes (class_id, marked_at)
    SELECT c.id, now() FROM classes c WHERE c.catalogue_item_id = NEW.id ON CONFLICT DO NOTHING;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER stats_items_dims AFTER UPDATE OF industry_code, occupation_id ON catalogue_items FOR EACH ROW
  WHEN (OLD.industry_code IS DISTINCT FROM NEW.industry_code OR OLD.occupation_id IS DISTINCT FROM NEW.occupation_id)
  EXECUTE FUNCTION stats_mark_item_classes();
--> statement-breakpoint
-- classes that exist before this migration: everything is dirty once, the refresher derives it
INSERT INTO stats_dirty_classes (class_id, marked_at) SELECT id, now() FROM classes ON CONFLICT DO NOTHING;
