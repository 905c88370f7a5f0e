-- Statistics, subsidy measures (decision 0004): a write to a subsidy claim line (generated, approved,
-- paid, deleted) marks the class it was claimed for — a class claim's class, or for a person's own
-- claim (skill-upgrading) the class of the certificate it is for — so the refresher recomputes the
-- class's paid-subsidy facts within a minute, as for rosters and certificates.
CREATE OR REPLACE FUNCTION stats_mark_classes_from_claim_lines() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    INSERT INTO stats_dirty_classes (class_id, marked_at)
      SELECT DISTINCT coalesce(sc.class_id, x.class_id), now() FROM old_rows l JOIN subsidy_claims sc ON sc.id = l.claim_id
        LEFT JOIN certificates x ON x.id = sc.certificate_id
      WHERE coalesce(sc.class_id, x.class_id) IS NOT NULL ON CONFLICT DO NOTHING;
  ELSE
    INSERT INTO stats_dirty_classes (class_id, marked_at)
      SELECT DISTINCT coalesce(sc.class_id, x.class_id), now() FROM new_rows l JOIN subsidy_claims sc ON sc.id = l.claim_id
        LEFT JOIN certificates x ON x.id = sc.certificate_id
      WHERE coalesce(sc.class_id, x.class_id) IS NOT NULL ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER stats_claim_lines_ins AFTER INSERT ON subsidy_claim_lines REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION stats_mark_classes_from_claim_lines();
--> statement-breakpoint
CREATE TRIGGER stats_claim_lines_upd AFTER UPDATE ON subsidy_claim_lines REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION stats_mark_classes_from_claim_lines();
--> statement-breakpoint
CREATE TRIGGER stats_claim_lines_del AFTER DELETE ON subsidy_claim_lines REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION stats_mark_classes_from_claim_lines();
--> statement-breakpoint
-- a deleted claim takes its lines with it (cascade): mark its class from the claim itself (a claim's
-- class and certificate never change after it is generated, so updates need no trigger)
CREATE OR REPLACE FUNCTION stats_mark_classes_from_claims() RETURNS trigger AS $$
BEGIN
  INSERT INTO stats_dirty_classes (class_id, marked_at)
    SELECT DISTINCT coalesce(o.class_id, x.class_id), now() FROM old_rows o LEFT JOIN certificates x ON x.id = o.certificate_id
    WHERE coalesce(o.class_id, x.class_id) IS NOT NULL ON CONFLICT DO NOTHING;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER stats_claims_del AFTER DELETE ON subsidy_claims REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION stats_mark_classes_from_claims();
--> statement-breakpoint
-- unique persons precomputed for region-wide scopes: filled once from the distinct-person rows the
-- rollups already hold, then kept exact by the refresher
INSERT INTO stats_person_counts (year, quarter, region_prefix, persons)
  SELECT year, q, prefix, count(DISTINCT person_id)::int FROM (
    SELECT p.year, q.q, r.prefix, p.person_id FROM stats_person_years p
      CROSS JOIN LATERAL (VALUES (0::smallint), (p.quarter)) AS q(q)
      CROSS JOIN LATERAL (VALUES (substr(p.region_code, 1, 2)), (substr(p.region_code, 1, 4)), (p.region_code::text)) AS r(prefix)
    WHERE p.completions > 0
  ) k GROUP BY year, q, prefix
ON CONFLICT DO NOTHING;
--> statement-breakpoint
-- classes with subsidies paid before this migration: recomputed once, so their paid lines are counted
INSERT INTO stats_dirty_classes (class_id, marked_at)
  SELECT DISTINCT coalesce(sc.class_id, x.class_id), now() FROM subsidy_claim_lines l JOIN subsidy_claims sc ON sc.id = l.claim_id
    LEFT JOIN certificates x ON x.id = sc.certificate_id
  WHERE l.paid_at IS NOT NULL AND coalesce(sc.class_id, x.class_id) IS NOT NULL
ON CONFLICT DO NOTHING;
