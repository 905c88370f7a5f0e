CREATE TABLE "stats_dirty_departments" (
	"department_code" text PRIMARY KEY NOT NULL,
	"marked_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "stats_person_counts" ADD COLUMN "department_code" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "stats_person_counts" DROP CONSTRAINT "stats_person_counts_year_quarter_region_prefix_pk";--> statement-breakpoint
ALTER TABLE "stats_person_counts" ADD CONSTRAINT "stats_person_counts_year_quarter_region_prefix_department_code_pk" PRIMARY KEY("year","quarter","region_prefix","department_code");--> statement-breakpoint
-- Hand-written (decision 0004, department unique persons): a program whose lead departments change
-- marks the departments it gains or loses, so the refresher counts them again — every write path
-- (the reference seed's upsert at start-up, a hand correction) marks what it touched.
CREATE OR REPLACE FUNCTION stats_mark_departments_from_programs() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    INSERT INTO stats_dirty_departments (department_code, marked_at)
      SELECT DISTINCT d, now() FROM (
        SELECT unnest(o.lead_department_codes) AS d, o.code, 'old' AS side FROM old_rows o
        UNION ALL SELECT unnest(n.lead_department_codes), n.code, 'new' FROM new_rows n
      ) x
      GROUP BY d, code HAVING count(DISTINCT side) = 1
    ON CONFLICT DO NOTHING;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO stats_dirty_departments (department_code, marked_at)
      SELECT DISTINCT unnest(o.lead_department_codes), now() FROM old_rows o ON CONFLICT DO NOTHING;
  ELSE
    INSERT INTO stats_dirty_departments (department_code, marked_at)
      SELECT DISTINCT unnest(n.lead_department_codes), now() FROM new_rows n ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER stats_programs_ins AFTER INSERT ON programs REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION stats_mark_departments_from_programs();
--> statement-breakpoint
CREATE TRIGGER stats_programs_upd AFTER UPDATE ON programs REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION stats_mark_departments_from_programs();
--> statement-breakpoint
CREATE TRIGGER stats_programs_del AFTER DELETE ON programs REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION stats_mark_departments_from_programs();
--> statement-breakpoint
-- unique persons per department: filled once from the distinct-person rows the rollups already hold
INSERT INTO stats_person_counts (year, quarter, region_prefix, department_code, persons)
  SELECT year, q, prefix, dept, count(DISTINCT person_id)::int FROM (
    SELECT p.year, q.q, r.prefix, d.dept, p.person_id FROM stats_person_years p
      JOIN programs g ON g.code = p.program_code
      CROSS JOIN LATERAL unnest(g.lead_department_codes) AS d(dept)
      CROSS JOIN LATERAL (VALUES (0::smallint), (p.quarter)) AS q(q)
      CROSS JOIN LATERAL (VALUES (substr(p.region_code, 1, 2)), (substr(p.region_code, 1, 4)), (p.region_code::text)) AS r(prefix)
    WHERE p.completions > 0
  ) k GROUP BY year, q, prefix, dept
ON CONFLICT DO NOTHING;
