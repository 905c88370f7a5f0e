-- Change notifications for the public answers cache (platform/http/public-cache.ts,
-- platform/db/changes.ts): every statement that writes a table behind a cached public answer
-- notifies channel jl_changes with the answer's tag, delivered at commit to every listening app
-- process. Statement-level: one notification per statement (and PostgreSQL folds equal ones of a
-- transaction), so bulk writes pay once. The table lists are PUBLIC_CACHE_SOURCES; a test checks
-- that the triggers and the statements of each cached route agree with it.
CREATE OR REPLACE FUNCTION jl_notify_change() RETURNS trigger AS $$
BEGIN
  -- the transaction id tells the duplicates apart: each listening connection of a process hears it
  PERFORM pg_notify('jl_changes', TG_ARGV[0] || ':' || txid_current()::text);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER "catalogue_items_notify_catalogue" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "catalogue_items" FOR EACH STATEMENT EXECUTE FUNCTION jl_notify_change('catalogue');
--> statement-breakpoint
CREATE TRIGGER "catalogue_item_versions_notify_catalogue" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "catalogue_item_versions" FOR EACH STATEMENT EXECUTE FUNCTION jl_notify_change('catalogue');
--> statement-breakpoint
CREATE TRIGGER "occupations_notify_catalogue" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "occupations" FOR EACH STATEMENT EXECUTE FUNCTION jl_notify_change('catalogue');
--> statement-breakpoint
CREATE TRIGGER "subsidy_standards_notify_catalogue" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "subsidy_standards" FOR EACH STATEMENT EXECUTE FUNCTION jl_notify_change('catalogue');
--> statement-breakpoint
CREATE TRIGGER "institutions_notify_institutions" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "institutions" FOR EACH STATEMENT EXECUTE FUNCTION jl_notify_change('institutions');
--> statement-breakpoint
CREATE TRIGGER "institution_facilities_notify_institutions" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "institution_facilities" FOR EACH STATEMENT EXECUTE FUNCTION jl_notify_change('institutions');
--> statement-breakpoint
CREATE TRIGGER "institution_programs_notify_institutions" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "institution_programs" FOR EACH STATEMENT EXECUTE FUNCTION jl_notify_change('institutions');
--> statement-breakpoint
CREATE TRIGGER "institution_qualifications_notify_institutions" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "institution_qualifications" FOR EACH STATEMENT EXECUTE FUNCTION jl_notify_change('institutions');
--> statement-breakpoint
CREATE TRIGGER "institution_teachers_notify_institutions" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "institution_teachers" FOR EACH STATEMENT EXECUTE FUNCTION jl_notify_change('institutions');
--> statement-breakpoint
CREATE TRIGGER "regions_notify_institutions" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "regions" FOR EACH STATEMENT EXECUTE FUNCTION jl_notify_change('institutions');
--> statement-breakpoint
CREATE TRIGGER "subsidy_notices_notify_notices" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "subsidy_notices" FOR EACH STATEMENT EXECUTE FUNCTION jl_notify_change('notices');
--> statement-breakpoint
CREATE TRIGGER "subsidy_notice_lines_notify_notices" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "subsidy_notice_lines" FOR EACH STATEMENT EXECUTE FUNCTION jl_notify_change('notices');
--> statement-breakpoint
CREATE TRIGGER "subsidy_claims_notify_notices" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "subsidy_claims" FOR EACH STATEMENT EXECUTE FUNCTION jl_notify_change('notices');
--> statement-breakpoint
CREATE TRIGGER "subsidy_claim_lines_notify_notices" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "subsidy_claim_lines" FOR EACH STATEMENT EXECUTE FUNCTION jl_notify_change('notices');
--> statement-breakpoint
CREATE TRIGGER "subsidy_objections_notify_notices" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "subsidy_objections" FOR EACH STATEMENT EXECUTE FUNCTION jl_notify_change('notices');
--> statement-breakpoint
CREATE TRIGGER "classes_notify_notices" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "classes" FOR EACH STATEMENT EXECUTE FUNCTION jl_notify_change('notices');
--> statement-breakpoint
CREATE TRIGGER "persons_notify_notices" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "persons" FOR EACH STATEMENT EXECUTE FUNCTION jl_notify_change('notices');
--> statement-breakpoint
CREATE TRIGGER "fund_accounts_notify_funds" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "fund_accounts" FOR EACH STATEMENT EXECUTE FUNCTION jl_notify_change('funds');
--> statement-breakpoint
CREATE TRIGGER "ledger_postings_notify_funds" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "ledger_postings" FOR EACH STATEMENT EXECUTE FUNCTION jl_notify_change('funds');
--> statement-breakpoint
CREATE TRIGGER "ledger_transactions_notify_funds" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "ledger_transactions" FOR EACH STATEMENT EXECUTE FUNCTION jl_notify_change('funds');
--> statement-breakpoint
CREATE TRIGGER "programs_notify_funds" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "programs" FOR EACH STATEMENT EXECUTE FUNCTION jl_notify_change('funds');
--> statement-breakpoint
CREATE TRIGGER "regions_notify_funds" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "regions" FOR EACH STATEMENT EXECUTE FUNCTION jl_notify_change('funds');
