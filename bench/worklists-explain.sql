set session_replication_role = replica;
create temp table cty as select code, row_number() over (order by code) - 1 as i from regions where level = 'county';
insert into institutions (id, credit_code, name, type, role, status, region_code, address, licence_no, licence_valid_until, contact_name, contact_phone, bank_account_name, bank_name, bank_account_encrypted, bank_account_last4, created_at, updated_at)
select md5('inst'||g)::uuid, lpad(g::text, 18, '0'), '机构'||g, 'private_school', 'training', 'approved', (select code from cty where i = g % 60), '地址', 'L'||g, '2030-01-01', '联系人', '13900000000', '户名', '银行', 'x', '1234', now(), now() from generate_series(1, 2000) g;
insert into classes (id, code, institution_id, region_code, catalogue_item_id, program_code, title, training_type, certificate_type, mode, address, lat, lng, start_date, end_date, capacity, assessment_plan, status, created_at, updated_at)
select md5('class'||g)::uuid, 'C'||g, md5('inst'||(g % 2000 + 1))::uuid, (select code from cty where i = (g % 2000 + 1) % 60), gen_random_uuid(), 'K1', '班'||g, 'employment', 'training', 'offline', '地址', 43.8, 125.3, date '2024-01-01' + (g % 900), date '2024-01-20' + (g % 900), 50, '考核', case when g % 10 = 0 then 'in_progress' else 'assessed' end, now(), now() from generate_series(1, 60000) g;
insert into persons (id, id_number_encrypted, id_number_hash, id_number_masked, name, gender, residence_region_code, created_at, updated_at, birth_year)
select md5('p'||g)::uuid, 'x', md5('h'||g), '220**************1', '人'||g, 'male', (select code from cty where i = g % 60), now(), now(), 1980 from generate_series(1, 700000) g;
-- ≈1% of 15M attendance marks corrected: 150k corrections, one session each
insert into class_sessions (id, class_id, date, starts_at, ends_at, content, theory_minutes, practice_minutes, place, code_secret, created_at)
select md5('s'||g)::uuid, md5('class'||(g % 60000 + 1))::uuid, date '2024-01-01' + (g % 900), now(), now() + interval '4 hours', '内容', 240, 0, '教室', 'x', now() from generate_series(1, 150000) g;
insert into attendance_corrections (id, session_id, class_id, person_id, region_code, mark, reason, evidence, status, filed_by, filed_at)
select md5('cor'||g)::uuid, md5('s'||g)::uuid, md5('class'||(g % 60000 + 1))::uuid, md5('p'||(g * 7 % 700000 + 1))::uuid, (select code from cty where i = ((g % 60000 + 1) % 2000 + 1) % 60),
  'present', '设备故障', '说明', case when g % 50 = 0 then 'pending' when g % 7 = 0 then 'rejected' else 'approved' end, gen_random_uuid(), timestamptz '2024-01-01' + (g || ' minutes')::interval * 5 from generate_series(1, 150000) g;
insert into person_change_requests (id, person_id, institution_id, changes, status, filed_by, filed_at)
select md5('cr'||g)::uuid, md5('p'||(g * 13 % 700000 + 1))::uuid, null, '{"phone":"13900000000"}', case when g % 20 = 0 then 'pending' when g % 9 = 0 then 'rejected' else 'confirmed' end, gen_random_uuid(), timestamptz '2024-01-01' + (g || ' minutes')::interval * 10 from generate_series(1, 60000) g;
insert into import_jobs (id, kind, filename, status, problem_count, created_by, created_at)
select gen_random_uuid(), 'trainee_roster.commit', 'r'||g||'.xlsx', case when g % 10 = 0 then 'failed' else 'succeeded' end, g % 3, md5('u'||(g % 3000))::uuid, timestamptz '2024-01-01' + (g || ' minutes')::interval * 5 from generate_series(1, 200000) g;
set session_replication_role = origin;
analyze;
