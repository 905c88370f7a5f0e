-- The persons lists' sort key (name; then id) copied into the scope tables, so a county's, city's
-- or institution's page is one index range in name order instead of a walk of persons_name_idx
-- probing the scope per person (docs/benchmarks.md "Lists … at three-year scale"). Kept by
-- triggers, so every writer (registration, import, linkPersonsToInstitution, the residence trigger
-- of 0030, the demo's bulk rows, test factories) stays in step without knowing of the column:
-- an insert takes the name from persons, a name change on persons is copied to both tables.
ALTER TABLE "person_institutions" ADD COLUMN "name" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "person_regions" ADD COLUMN "name" text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE OR REPLACE FUNCTION person_scope_name() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT p.name INTO NEW.name FROM persons p WHERE p.id = NEW.person_id;
  -- the foreign key refuses a missing person after this; keep the column's NOT NULL out of its way
  NEW.name := coalesce(NEW.name, '');
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER person_regions_name_trg BEFORE INSERT OR UPDATE OF person_id, name ON person_regions
  FOR EACH ROW EXECUTE FUNCTION person_scope_name();
--> statement-breakpoint
CREATE TRIGGER person_institutions_name_trg BEFORE INSERT OR UPDATE OF person_id, name ON person_institutions
  FOR EACH ROW EXECUTE FUNCTION person_scope_name();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION persons_scope_name() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.name IS DISTINCT FROM OLD.name THEN
    UPDATE person_regions SET name = NEW.name WHERE person_id = NEW.id;
    UPDATE person_institutions SET name = NEW.name WHERE person_id = NEW.id;
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER persons_scope_name_trg AFTER UPDATE OF name ON persons
  FOR EACH ROW EXECUTE FUNCTION persons_scope_name();
--> statement-breakpoint
-- backfill in one pass each (a hash join; the row triggers above do not fire: they watch person_id)
ALTER TABLE person_regions DISABLE TRIGGER person_regions_name_trg;--> statement-breakpoint
UPDATE person_regions pr SET name = p.name FROM persons p WHERE p.id = pr.person_id;--> statement-breakpoint
ALTER TABLE person_regions ENABLE TRIGGER person_regions_name_trg;--> statement-breakpoint
ALTER TABLE person_institutions DISABLE TRIGGER person_institutions_name_trg;--> statement-breakpoint
UPDATE person_institutions pi SET name = p.name FROM persons p WHERE p.id = pi.person_id;--> statement-breakpoint
ALTER TABLE person_institutions ENABLE TRIGGER person_institutions_name_trg;--> statement-breakpoint
DROP INDEX "person_institutions_institution_idx";--> statement-breakpoint
CREATE INDEX "person_institutions_name_idx" ON "person_institutions" USING btree ("institution_id","name","person_id");--> statement-breakpoint
CREATE INDEX "person_regions_name_idx" ON "person_regions" USING btree ("region_code","name","person_id","via");--> statement-breakpoint
-- a category's persons index-only (the list's category filter counts its total by a merge join)
DROP INDEX "person_categories_category_idx";--> statement-breakpoint
CREATE INDEX "person_categories_category_person_idx" ON "person_categories" USING btree ("category","person_id");--> statement-breakpoint
ANALYZE person_regions;--> statement-breakpoint
ANALYZE person_institutions;
