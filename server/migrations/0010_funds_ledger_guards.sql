-- The ledger is append-only: posted money is corrected by a reversal, never by an edit.
CREATE OR REPLACE FUNCTION ledger_forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the ledger is append-only (% on %)', TG_OP, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END $$;
--> statement-breakpoint
CREATE TRIGGER ledger_transactions_no_update BEFORE UPDATE OR DELETE ON ledger_transactions FOR EACH ROW EXECUTE FUNCTION ledger_forbid_change();
--> statement-breakpoint
CREATE TRIGGER ledger_transactions_no_truncate BEFORE TRUNCATE ON ledger_transactions FOR EACH STATEMENT EXECUTE FUNCTION ledger_forbid_change();
--> statement-breakpoint
CREATE TRIGGER ledger_postings_no_update BEFORE UPDATE OR DELETE ON ledger_postings FOR EACH ROW EXECUTE FUNCTION ledger_forbid_change();
--> statement-breakpoint
CREATE TRIGGER ledger_postings_no_truncate BEFORE TRUNCATE ON ledger_postings FOR EACH STATEMENT EXECUTE FUNCTION ledger_forbid_change();
--> statement-breakpoint
-- At commit: every transaction has at least two postings that sum to zero.
CREATE OR REPLACE FUNCTION ledger_check_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  n integer;
  total numeric;
BEGIN
  SELECT count(*), coalesce(sum(amount_fen), 0) INTO n, total FROM ledger_postings WHERE transaction_id = NEW.id;
  IF n < 2 OR total <> 0 THEN
    RAISE EXCEPTION 'ledger transaction % is unbalanced (% postings, sum % fen)', NEW.id, n, total
      USING ERRCODE = 'check_violation', CONSTRAINT = 'ledger_transaction_balanced';
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER ledger_transactions_balanced AFTER INSERT ON ledger_transactions
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_check_balanced();
--> statement-breakpoint
-- At commit: no account below its floor (a budget never goes negative).
CREATE OR REPLACE FUNCTION ledger_check_floor() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  fl bigint;
  bal numeric;
BEGIN
  SELECT floor_fen INTO fl FROM fund_accounts WHERE id = NEW.account_id;
  IF fl IS NOT NULL THEN
    SELECT coalesce(sum(amount_fen), 0) INTO bal FROM ledger_postings WHERE account_id = NEW.account_id;
    IF bal < fl THEN
      RAISE EXCEPTION 'account % would fall to % fen, below its floor of % fen', NEW.account_id, bal, fl
        USING ERRCODE = 'check_violation', CONSTRAINT = 'fund_account_floor';
    END IF;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER ledger_postings_floor AFTER INSERT ON ledger_postings
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_check_floor();
