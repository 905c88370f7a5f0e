-- Signed chain heads are append-only like the chain they anchor: no UPDATE, DELETE or TRUNCATE.
CREATE OR REPLACE FUNCTION audit_anchors_forbid_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit_anchors is append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER audit_anchors_no_update BEFORE UPDATE OR DELETE ON audit_anchors FOR EACH ROW EXECUTE FUNCTION audit_anchors_forbid_change();
--> statement-breakpoint
CREATE TRIGGER audit_anchors_no_truncate BEFORE TRUNCATE ON audit_anchors FOR EACH STATEMENT EXECUTE FUNCTION audit_anchors_forbid_change();
