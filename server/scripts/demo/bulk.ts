/**
 * The benchmark scales of the demo province (`npm run demo -- --scale province|three-years`): on top
 * of the service-loaded demo province (its institutions, accounts, catalogue and showcase classes),
 * bulk rows for a province-year (≈ 230,000 enrollments) or three years (≈ 700,000 persons and
 * enrollments, ≈ 14 million check-ins) — through the fastest path that works on both stores:
 *
 * - persons are made in Node (valid GB 11643 ID numbers, the ID number encrypted and keyed-hashed
 *   with the deployment's key exactly as registration stores it, sensitive category evidence
 *   encrypted) and sent in batches of 5,000 rows as one `INSERT … SELECT FROM unnest(array params)`;
 * - classes, sessions, enrollments, results, check-ins and certificates are derived inside the
 *   database by `INSERT … SELECT` over `generate_series`, so no row crosses the wire.
 *
 * Deterministic: ids are md5 of (seed, kind, number) and every choice is a hash of the seed and the
 * row's numbers, so the same seed gives the same rows on PostgreSQL and PGlite. (COPY would need the
 * `pg-copy-streams` package, not a dependency of the project; the server-side generation avoids the
 * wire altogether for the large tables, which is what COPY would have saved.)
 *
 * What is simplified, and why: bulk classes run their controls nowhere (they are inserted as their
 * final state, not through submit/approve), so their sessions carry no teacher (an institution runs
 * a dozen classes at once here and a shared teacher would be flagged as being in two places at once);
 * their verify tokens derive from the seed (demo data only).
 */
import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import { maskIdNumber } from "../../../shared/src/ids.ts";
import { dateInChina } from "../../src/modules/calendar/index.ts";
import type { Deps } from "../../src/platform/context.ts";
import { birthDate, CATEGORY_WEIGHTS, categoryEvidence, type Gender, idNumber, personName, phone } from "./people.ts";
import { Prng } from "./prng.ts";
import type { Region } from "./world.ts";

export interface BulkSize {
  persons: number;
  /** years the classes run in; the current year's classes take every state by their dates */
  years: number[];
  /** classes per year */
  classesPerYear: number;
  /** enrolled per class: min..max */
  roster: [number, number];
  /** sessions (days) per class: min..max */
  days: [number, number];
}

export const BULK_SCALES = {
  /** a province-year: ≈ 230,000 enrollments in the current year */
  province: (year: number): BulkSize => ({ persons: 200_000, years: [year], classesPerYear: 5_750, roster: [30, 50], days: [10, 14] }),
  /** three years (2019–2021): ≈ 700,000 persons and enrollments, ≈ 14 million check-ins */
  "three-years": (): BulkSize => ({ persons: 700_000, years: [2019, 2020, 2021], classesPerYear: 5_850, roster: [30, 50], days: [16, 22] }),
} as const;
export type BulkScale = keyof typeof BULK_SCALES;

export interface BulkResult {
  persons: number;
  classes: number;
  sessions: number;
  enrollments: number;
  checkins: number;
  certificates: number;
  seconds: number;
}

/**
 * md5 formatted as an RFC 4122 version-4 uuid (the API's `z.uuid()` refuses other bits) — the same
 * value as `overlay(overlay(md5(text) placing '4' from 13) placing '8' from 17)::uuid` in SQL.
 */
export function md5Uuid(s: string): string {
  const m = createHash("md5").update(s).digest("hex");
  const h = `${m.slice(0, 12)}4${m.slice(13, 16)}8${m.slice(17)}`;
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** A PostgreSQL array literal, sent as one text parameter and cast (`::text[]`) in the statement. */
function pgArray(xs: readonly (string | number | null)[]): string {
  return `{${xs.map((x) => (x === null ? "NULL" : typeof x === "number" ? String(x) : `"${x.replace(/["\\]/g, "\\$&")}"`)).join(",")}}`;
}

/** a deterministic non-negative 28-bit integer from a SQL text expression */
const h = (expr: string) => `(('x' || substr(md5(${expr}), 1, 7))::bit(28)::int)`;

const SENSITIVE = new Set(["disabled", "poor_labor"]);

/**
 * Adds the bulk rows. Needs the service-loaded demo province in the database (institutions with
 * classes to copy settings from).
 */
export async function generateBulk(deps: Deps, o: { seed: number; size: BulkSize; now: Date; log?: (line: string) => void }): Promise<BulkResult> {
  const { db } = deps;
  const log = o.log ?? (() => {});
  const started = Date.now();
  const step = (s: string) => log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${s}`);
  const S = o.seed;
  const today = dateInChina(o.now);
  const rows = async <T>(q: ReturnType<typeof sql>) => ((await db.execute(q)) as unknown as { rows: T[] }).rows;

  const counties = await rows<Region>(sql`select code, name, level, parent_code as "parentCode" from regions where level = 'county' order by code`);
  // one settings template per training institution: a class of its own from the demo province
  await db.execute(sql`drop table if exists demo_bulk_templates`);
  await db.execute(sql`create unlogged table demo_bulk_templates as
    select row_number() over (order by i.region_code, i.id)::int - 1 as k, left(i.region_code, 4) || '00' as city, c.* from (
      select distinct on (institution_id) * from classes order by institution_id, code) c
    join institutions i on i.id = c.institution_id where i.status in ('approved', 'suspended')`);
  const templates = await rows<{ k: number; city: string }>(sql`select k, city from demo_bulk_templates order by k`);
  if (!templates.length) throw new Error("the bulk scales need the demo province's classes first");

  const [reg] = await rows<{ t: string | null }>(sql`select to_regclass('person_regions')::text as t`);
  const hasRegions = reg?.t != null;
  /**
   * The bulk-load path pg_restore takes: a table's foreign keys and secondary indexes are dropped
   * for the load and built again after it — every row is still checked (ADD CONSTRAINT validates
   * them all in one join, CREATE UNIQUE INDEX refuses a duplicate), only not one at a time.
   */
  const dropForLoad = async (table: string) => {
    const fks = await rows<{ name: string; def: string }>(
      sql`select conname as name, pg_get_constraintdef(oid) as def from pg_constraint where conrelid = ${table}::regclass and contype = 'f' order by conname`,
    );
    const idx = await rows<{ name: string; def: string }>(
      sql`select i.relname as name, pg_get_indexdef(i.oid) as def from pg_index x join pg_class i on i.oid = x.indexrelid
        where x.indrelid = ${table}::regclass and not x.indisprimary and not exists (select 1 from pg_constraint c where c.conindid = i.oid) order by i.relname`,
    );
    for (const f of fks) await db.execute(sql.raw(`alter table ${table} drop constraint "${f.name}"`));
    for (const i of idx) await db.execute(sql.raw(`drop index "${i.name}"`));
    return async () => {
      for (const i of idx) await db.execute(sql.raw(i.def));
      for (const f of fks) await db.execute(sql.raw(`alter table ${table} add constraint "${f.name}" ${f.def}`));
    };
  };

  // ── persons, grouped by city so classes can enrol their own city's residents ────────────────
  const cityCodes = [...new Set(counties.map((c) => c.parentCode!))].filter((c) => templates.some((t) => t.city === c)).sort();
  const weight = (c: string) => (c === "220100" ? 4 : c === "220200" ? 2 : 1);
  const totalW = cityCodes.reduce((s, c) => s + weight(c), 0);
  const ranges: { city: string; start: number; count: number }[] = [];
  let at = 0;
  for (const [i, c] of cityCodes.entries()) {
    const count = i === cityCodes.length - 1 ? o.size.persons - at : Math.floor((o.size.persons * weight(c)) / totalW);
    ranges.push({ city: c, start: at, count });
    at += count;
  }
  step(`persons: ${o.size.persons.toLocaleString("en")} (ID numbers encrypted and hashed as registration stores them), batches of 5,000`);
  const r = new Prng(S).fork("bulk-persons");
  const seen = new Set<string>();
  const createdAt = new Date(`${o.size.years[0]! - 1}-12-15T02:00:00Z`);
  const BATCH = 5_000;
  let n = 0;
  for (const range of ranges) {
    const local = counties.filter((c) => c.parentCode === range.city);
    for (let b = 0; b < range.count; b += BATCH) {
      const cols = { id: [] as string[], enc: [] as string[], hash: [] as string[], masked: [] as string[], name: [] as string[], gender: [] as string[], birth: [] as number[], phone: [] as string[], household: [] as string[], residence: [] as string[], education: [] as string[], category: [] as string[] };
      const cats = { type: [] as string[], ref: [] as (string | null)[], refEnc: [] as (string | null)[], date: [] as string[] };
      for (let j = b; j < Math.min(range.count, b + BATCH); j++, n++) {
        const residence = r.pick(local).code;
        const birthYear = r.int(1966, 2003);
        const gender: Gender = r.chance(0.52) ? "male" : "female";
        let id: string;
        do id = idNumber(r.chance(0.85) ? residence : r.pick(counties).code, birthDate(r, birthYear), r.int(0, 999), gender);
        while (seen.has(id));
        seen.add(id);
        const category = r.weighted(CATEGORY_WEIGHTS);
        const ev = categoryEvidence(r, category, o.size.years[0]!);
        cols.id.push(md5Uuid(`p${S}-${n}`));
        cols.enc.push(deps.crypto.encrypt(id));
        cols.hash.push(deps.crypto.lookupHash(id));
        cols.masked.push(maskIdNumber(id));
        cols.name.push(personName(r, gender));
        cols.gender.push(gender);
        cols.birth.push(birthYear);
        cols.phone.push(phone(r));
        cols.household.push(id.slice(0, 6));
        cols.residence.push(residence);
        cols.education.push(r.pick(["primary", "junior_high", "junior_high", "senior_high", "junior_college", "bachelor"]));
        cols.category.push(category);
        cats.type.push(ev.evidenceType);
        cats.ref.push(SENSITIVE.has(category) ? null : ev.ref);
        cats.refEnc.push(SENSITIVE.has(category) ? deps.crypto.encrypt(ev.ref) : null);
        cats.date.push(ev.date);
      }
      await db.execute(sql`insert into persons (id, id_number_encrypted, id_number_hash, id_number_masked, name, gender, birth_year, phone, household_region_code, residence_region_code, education, primary_category, created_at, updated_at)
        select u.*, ${createdAt}::timestamptz, ${createdAt}::timestamptz from unnest(${pgArray(cols.id)}::uuid[], ${pgArray(cols.enc)}::text[], ${pgArray(cols.hash)}::text[], ${pgArray(cols.masked)}::text[],
          ${pgArray(cols.name)}::text[], ${pgArray(cols.gender)}::text[], ${pgArray(cols.birth)}::smallint[], ${pgArray(cols.phone)}::text[], ${pgArray(cols.household)}::text[],
          ${pgArray(cols.residence)}::text[], ${pgArray(cols.education)}::text[], ${pgArray(cols.category)}::text[]) as u`);
      await db.execute(sql`insert into person_categories (person_id, category, evidence_type, evidence_ref, evidence_ref_encrypted, evidence_date, created_at)
        select u.*, ${createdAt}::timestamptz from unnest(${pgArray(cols.id)}::uuid[], ${pgArray(cols.category)}::text[], ${pgArray(cats.type)}::text[], ${pgArray(cats.ref)}::text[], ${pgArray(cats.refEnc)}::text[], ${pgArray(cats.date)}::date[]) as u`);
      if (n % 50_000 < BATCH) step(`  persons ${n.toLocaleString("en")}/${o.size.persons.toLocaleString("en")}`);
    }
  }
  // pensioners and students among them (≈ 1.5 % each), as the registry comparisons record them
  await db.execute(sql.raw(`insert into person_exclusions (person_id, kind, source, recorded_on, created_at)
    select overlay(overlay(md5('p${S}-' || g) placing '4' from 13) placing '8' from 17)::uuid, case when ${h(`'x${S}-' || g`)} % 2 = 0 then 'pensioner' else 'student' end,
      case when ${h(`'x${S}-' || g`)} % 2 = 0 then '城乡居民养老保险待遇领取名册比对' else '全日制在校生学籍库比对（非毕业年度）' end, '${o.size.years[0]}-03-01', now()
    from generate_series(0, ${o.size.persons - 1}) g where ${h(`'e${S}-' || g`)} % 1000 < 30`));

  // ── classes: per year, copied from their institution's template, state by date ─────────────
  const T = templates.length;
  const perYear = o.size.classesPerYear;
  const rangesSql = `(values ${ranges.map((x) => `('${x.city}', ${x.start}, ${x.count})`).join(", ")}) as pr(city, start, count)`;
  let classTotal = 0;
  for (const [yi, year] of o.size.years.entries()) {
    step(`classes of ${year}: ${perYear.toLocaleString("en")} with their sessions`);
    const g0 = yi * perYear;
    const [dmin, dmax] = o.size.days;
    await db.execute(
      sql.raw(`insert into classes (id, code, institution_id, region_code, catalogue_item_id, catalogue_version_id, program_code, title, training_type, certificate_type, skill_level, mode, address, lat, lng,
        geofence_radius_m, start_date, end_date, capacity, assessment_plan, evaluator_institution_id, status, cancel_reason, warnings, revision, submitted_at, reviewed_at, reviewed_by, locked_at, created_by, created_at, updated_at)
      select overlay(overlay(md5('c${S}-' || g) placing '4' from 13) placing '8' from 17)::uuid, 'PX${year}' || t.region_code || lpad(g::text, 6, '0'), t.institution_id, t.region_code, t.catalogue_item_id, t.catalogue_version_id, t.program_code,
        regexp_replace(t.title, '[0-9]{4} 年第 [0-9]+ 期$', '') || '${year} 年第 ' || (g - ${g0} + 1) || ' 期', t.training_type, t.certificate_type, t.skill_level, t.mode, t.address, t.lat, t.lng,
        t.geofence_radius_m, d.start, d.start + (d.days - 1), 60, t.assessment_plan, t.evaluator_institution_id, d.status, case when d.status = 'cancelled' then '报名人数不足，机构申请撤销' end, '[]'::jsonb, 1,
        case when d.status <> 'draft' then d.created end, case when d.status not in ('draft', 'submitted') then d.created + interval '3 days' end, t.reviewed_by,
        case when d.status in ('finished', 'assessed') then (d.start + d.days + 7)::timestamp at time zone 'Asia/Shanghai' end, t.created_by, d.created, d.created
      from generate_series(${g0}, ${g0 + perYear - 1}) g
      join demo_bulk_templates t on t.k = g % ${T}
      cross join lateral (select (${year === Number(today.slice(0, 4)) ? `'${today}'::date - 200` : `'${year}-03-01'::date`} + ${h(`'s${S}-' || g`)} % ${year === Number(today.slice(0, 4)) ? 300 : 260}) as start, ${dmin} + ${h(`'d${S}-' || g`)} % ${dmax - dmin + 1} as days) s
      cross join lateral (select s.start, s.days, ((s.start - 20)::timestamp + time '10:00') at time zone 'Asia/Shanghai' as created,
        case when s.start + s.days - 1 < '${today}'::date then (case when ${h(`'st${S}-' || g`)} % 100 < 4 then 'cancelled' when ${h(`'st${S}-' || g`)} % 100 < 10 then 'finished' else 'assessed' end)
             when s.start <= '${today}'::date then 'in_progress'
             else (array['approved', 'approved', 'submitted', 'returned', 'draft'])[1 + ${h(`'st${S}-' || g`)} % 5] end as status) d`),
    );
    await db.execute(
      sql.raw(`insert into class_sessions (id, class_id, date, starts_at, ends_at, teacher_id, content, theory_minutes, practice_minutes, place, code_secret, require_check_out, status, created_at)
      select overlay(overlay(md5('s${S}-' || g || '-' || i) placing '4' from 13) placing '8' from 17)::uuid, c.id, c.start_date + i, ((c.start_date + i)::timestamp + time '08:30') at time zone 'Asia/Shanghai',
        ((c.start_date + i)::timestamp + time '16:30') at time zone 'Asia/Shanghai', null, case when i % 2 = 0 then '理论讲授' else '实操训练' end, 180, 240, c.address,
        md5('k${S}-' || g || '-' || i) || md5('K${S}-' || g || '-' || i), i % 5 = 4, 'planned', c.created_at
      from generate_series(${g0}, ${g0 + perYear - 1}) g join classes c on c.id = overlay(overlay(md5('c${S}-' || g) placing '4' from 13) placing '8' from 17)::uuid
      cross join generate_series(0, c.end_date - c.start_date) i`),
    );
    // rosters: a class of city X enrols the next residents of X (wrapping), so persons spread evenly
    const [rmin, rmax] = o.size.roster;
    await db.execute(
      sql.raw(`insert into class_enrollments (id, class_id, person_id, status, enrolled_at, warnings, result, score, result_entered_at, result_entered_by)
      select overlay(overlay(md5('n${S}-' || g || '-' || j) placing '4' from 13) placing '8' from 17)::uuid, c.id, overlay(overlay(md5('p${S}-' || (pr.start + ((k.k * ${rmax} + j) % pr.count))) placing '4' from 13) placing '8' from 17)::uuid,
        case when ${h(`'w${S}-' || g || '-' || j`)} % 100 < 2 then 'withdrawn' else 'enrolled' end, c.created_at + interval '2 days',
        '[]'::jsonb, r.result, case when r.result in ('pass', 'fail') then r.score end, case when r.result is not null then c.locked_at end, case when r.result is not null then c.created_by end
      from (select g, row_number() over (partition by t.city order by g) - 1 as k, t.city from generate_series(${g0}, ${g0 + perYear - 1}) g join demo_bulk_templates t on t.k = g % ${T}) k
      join ${rangesSql} on pr.city = k.city
      join classes c on c.id = overlay(overlay(md5('c${S}-' || k.g) placing '4' from 13) placing '8' from 17)::uuid
      cross join generate_series(0, ${rmin} + ${h(`'r${S}-' || k.g`)} % ${rmax - rmin + 1} - 1) j
      cross join lateral (select case when c.status <> 'assessed' or ${h(`'w${S}-' || k.g || '-' || j`)} % 100 < 2 then null
          when ${h(`'x${S}-' || k.g || '-' || j`)} % 100 < 86 then 'pass' when ${h(`'x${S}-' || k.g || '-' || j`)} % 100 < 96 then 'fail' else 'absent' end as result,
          60 + ${h(`'y${S}-' || k.g || '-' || j`)} % 40 as score) r0
      cross join lateral (select r0.result, case when r0.result = 'fail' then 30 + r0.score % 30 else r0.score end as score) r`),
    );
    await db.execute(
      sql.raw(`insert into person_institutions (person_id, institution_id, first_linked_at, entered, created_record)
      select distinct on (e.person_id, c.institution_id) e.person_id, c.institution_id, e.enrolled_at, null::jsonb, false
      from class_enrollments e join classes c on c.id = e.class_id
      where c.code like 'PX${year}%' order by e.person_id, c.institution_id, e.enrolled_at
      on conflict do nothing`),
    );
    classTotal += perYear;
    if (hasRegions) {
      await db.execute(
        sql.raw(`insert into person_regions (region_code, person_id, via)
        select distinct r.code, e.person_id, 'class' from class_enrollments e join classes c on c.id = e.class_id
        cross join lateral (values (c.region_code), (left(c.region_code, 4) || '00')) r(code)
        where c.code like 'PX${year}%' on conflict do nothing`),
      );
    }
    // check-ins: sessions already held, of classes that ran; about 94 % present (a few persons about half)
    const CHUNK = 500;
    const restore = await dropForLoad("attendance_checkins");
    for (let c0 = g0; c0 < g0 + perYear; c0 += CHUNK) {
      await db.execute(
        sql.raw(`insert into attendance_checkins (id, session_id, class_id, person_id, kind, at, lat, lng, accuracy, distance_m, user_id, user_agent, client_ip)
        select overlay(overlay(md5(s.id::text || e.person_id::text || k.kind) placing '4' from 13) placing '8' from 17)::uuid, s.id, c.id, e.person_id, k.kind,
          case when k.kind = 'in' then s.starts_at - make_interval(mins => 12 - hv % 20) else s.ends_at + make_interval(mins => hv % 15) end,
          c.lat + ((hv % 200) - 100) * 0.000004, c.lng + ((hv % 300) - 150) * 0.000004, 8 + hv % 25, hv % 120, null, 'Mozilla/5.0 (Linux; Android 12) MicroMessenger', null
        from generate_series(${c0}, ${Math.min(c0 + CHUNK, g0 + perYear) - 1}) g
        join classes c on c.id = overlay(overlay(md5('c${S}-' || g) placing '4' from 13) placing '8' from 17)::uuid and c.status in ('in_progress', 'finished', 'assessed')
        join class_sessions s on s.class_id = c.id and s.starts_at < '${o.now.toISOString()}'::timestamptz
        join class_enrollments e on e.class_id = c.id and e.status = 'enrolled'
        cross join lateral (select ${h(`s.id::text || e.person_id::text`)} as hv) x
        join (values ('in'), ('out')) k(kind) on k.kind = 'in' or s.require_check_out
        where x.hv % 100 < case when ${h(`'low' || e.person_id::text`)} % 25 = 0 then 50 else 95 end`),
      );
      step(`  check-ins of ${year}: classes ${Math.min(c0 - g0 + CHUNK, perYear).toLocaleString("en")}/${perYear.toLocaleString("en")}`);
    }
    step(`  check-ins of ${year}: rebuilding the indexes and validating the foreign keys`);
    await restore();
    // certificates for the passed of assessed classes; 职业技能等级证书 numbers in the national format
    await db.execute(
      sql.raw(`insert into certificates (id, enrollment_id, person_id, class_id, type, level, number, issue_date, issuer_institution_id, status, verify_token, created_at, created_by)
      select overlay(overlay(md5('z' || e.id::text) placing '4' from 13) placing '8' from 17)::uuid, e.id, e.person_id, c.id, c.certificate_type, c.skill_level,
        case when c.certificate_type = 'skill_level'
          then 'S' || (1000 + ${h("coalesce(c.evaluator_institution_id, c.institution_id)::text")} % 9000) || '22' || c.region_code || '${String(year).slice(2)}' || coalesce(c.skill_level, '4')
            || lpad((row_number() over (partition by coalesce(c.evaluator_institution_id, c.institution_id), c.region_code, c.skill_level order by c.code, e.id))::text, 6, '0')
          else 'PX-' || substr(c.code, 3) || '-' || lpad((row_number() over (partition by c.id order by e.id))::text, 3, '0') end,
        c.end_date + 10, coalesce(c.evaluator_institution_id, c.institution_id), 'valid', md5('t${S}' || e.id::text) || substr(md5('u${S}' || e.id::text), 1, 8), c.locked_at, c.created_by
      from class_enrollments e join classes c on c.id = e.class_id
      where c.code like 'PX${year}%' and c.status = 'assessed' and e.result = 'pass'`),
    );
  }
  // VACUUM as well as ANALYZE: the state autovacuum leaves a live database in (visibility maps set,
  // so the scope checks are index-only scans); right after a bulk load nothing is all-visible yet and
  // the plans and times of the lists would be those of a database no one runs
  step("VACUUM ANALYZE");
  await db.execute(sql`vacuum analyze`);
  const [counts] = await rows<{ persons: number; classes: number; sessions: number; enrollments: number; checkins: number; certificates: number }>(sql`select
    (select count(*)::int from persons) as persons, (select count(*)::int from classes) as classes, (select count(*)::int from class_sessions) as sessions,
    (select count(*)::int from class_enrollments) as enrollments, (select count(*)::int from attendance_checkins) as checkins, (select count(*)::int from certificates) as certificates`);
  await db.execute(sql`drop table if exists demo_bulk_templates`);
  const seconds = (Date.now() - started) / 1000;
  step(`done: ${Object.entries(counts!).map(([k, v]) => `${k} ${v.toLocaleString("en")}`).join(" · ")}`);
  return { ...counts!, classes: classTotal ? counts!.classes : counts!.classes, seconds };
}
