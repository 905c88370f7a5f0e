-- Decision 0004: stats_monthly gained the subsidies split by type. Rows written before carry the
-- totals only; fill the split from the ledger (stats_records keeps the type in the measure).
UPDATE stats_monthly m SET
  subsidy_training_person_times = o.tp, subsidy_training_fen = o.tf,
  subsidy_evaluation_person_times = o.ep, subsidy_evaluation_fen = o.ef,
  subsidy_living_allowance_person_times = o.lp, subsidy_living_allowance_fen = o.lf,
  subsidy_skill_upgrading_person_times = o.sp, subsidy_skill_upgrading_fen = o.sf
FROM (
  SELECT date_trunc('month', day)::date AS month, region_code, institution_id, institution_type, program_code, training_type, industry_code,
    occupation_code, skill_level, certificate_type, fund_source, category,
    count(*) FILTER (WHERE measure = 'subsidy_training')::int AS tp, coalesce(sum(amount_fen) FILTER (WHERE measure = 'subsidy_training'), 0)::bigint AS tf,
    count(*) FILTER (WHERE measure = 'subsidy_evaluation')::int AS ep, coalesce(sum(amount_fen) FILTER (WHERE measure = 'subsidy_evaluation'), 0)::bigint AS ef,
    count(*) FILTER (WHERE measure = 'subsidy_living_allowance')::int AS lp, coalesce(sum(amount_fen) FILTER (WHERE measure = 'subsidy_living_allowance'), 0)::bigint AS lf,
    count(*) FILTER (WHERE measure = 'subsidy_skill_upgrading')::int AS sp, coalesce(sum(amount_fen) FILTER (WHERE measure = 'subsidy_skill_upgrading'), 0)::bigint AS sf
  FROM stats_records WHERE measure LIKE 'subsidy\_%'
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12
) o
WHERE m.month = o.month AND m.region_code = o.region_code AND m.institution_id = o.institution_id AND m.institution_type = o.institution_type
  AND m.program_code = o.program_code AND m.training_type = o.training_type AND m.industry_code = o.industry_code
  AND m.occupation_code = o.occupation_code AND m.skill_level = o.skill_level AND m.certificate_type = o.certificate_type
  AND m.fund_source = o.fund_source AND m.category = o.category;
