-- person_regions (trainees module): the county and city of a person's residence, kept by this
-- trigger on persons so every way a person is written (registration, import, corrections, the
-- demo's bulk rows, test factories) keeps the person scope's index in step; the class rows are
-- written by linkPersonsToInstitution when classes enrols. Backfills both for existing data.
CREATE OR REPLACE FUNCTION person_regions_residence() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF NEW.residence_region_code IS NOT DISTINCT FROM OLD.residence_region_code THEN
      RETURN NEW;
    END IF;
    DELETE FROM person_regions WHERE person_id = NEW.id AND via = 'residence';
  END IF;
  INSERT INTO person_regions (region_code, person_id, via)
  SELECT DISTINCT code, NEW.id, 'residence'
  FROM (VALUES (NEW.residence_region_code),
               (CASE WHEN NEW.residence_region_code LIKE '%00' THEN NEW.residence_region_code ELSE left(NEW.residence_region_code, 4) || '00' END)) AS r(code)
  ON CONFLICT DO NOTHING;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER persons_regions_trg AFTER INSERT OR UPDATE OF residence_region_code ON persons
  FOR EACH ROW EXECUTE FUNCTION person_regions_residence();
--> statement-breakpoint
INSERT INTO person_regions (region_code, person_id, via)
SELECT DISTINCT r.code, p.id, 'residence'
FROM persons p
CROSS JOIN LATERAL (VALUES (p.residence_region_code),
  (CASE WHEN p.residence_region_code LIKE '%00' THEN p.residence_region_code ELSE left(p.residence_region_code, 4) || '00' END)) AS r(code)
ON CONFLICT DO NOTHING;
--> statement-breakpoint
INSERT INTO person_regions (region_code, person_id, via)
SELECT DISTINCT r.code, e.person_id, 'class'
FROM class_enrollments e
JOIN classes c ON c.id = e.class_id
CROSS JOIN LATERAL (VALUES (c.region_code),
  (CASE WHEN c.region_code LIKE '%00' THEN c.region_code ELSE left(c.region_code, 4) || '00' END)) AS r(code)
ON CONFLICT DO NOTHING;
--> statement-breakpoint
ANALYZE person_regions;
