import { type SQL, sql } from "drizzle-orm";
import { ABSENT_RESULT, COMPLETED_CLASS_STATUSES } from "../../../../shared/src/completion.ts";
import { claimSubsidyTypeValues } from "../../../../shared/src/contracts/subsidies.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/db.ts";
import { catalogueItems, occupations } from "../catalogue/index.ts";
import { certificates, classEnrollments, classes } from "../classes/index.ts";
import { institutions } from "../institutions/index.ts";
import { subsidyClaimLines, subsidyClaims } from "../subsidies/index.ts";
import { persons } from "../trainees/index.ts";
import { programs } from "../reference/index.ts";
import { statsDirtyClasses, statsDirtyDepartments, statsPersonCounts, statsState } from "./stats.table.ts";

/** the person id of class measures (a primary key column cannot be null) */
export const NIL_UUID = "00000000-0000-0000-0000-000000000000";
/** classes recomputed per transaction: short transactions (PGlite runs one at a time) */
const BATCH = 200;
/** serializes refreshers across processes: two must not subtract the same class twice */
const REFRESH_LOCK = 7_270_104;

const rows = async <T>(db: Db, q: ReturnType<typeof sql>) => ((await db.execute(q)) as unknown as { rows: T[] }).rows;
const uuidArray = (ids: string[]) => sql`${`{${ids.join(",")}}`}::uuid[]`;

const DIMS = sql.raw(
  "region_code, institution_id, institution_type, program_code, training_type, industry_code, occupation_code, skill_level, certificate_type, fund_source, category",
);
/** stats_monthly's split of the subsidies: a person-times and a fen column per type (subsidy_<type>_person_times, subsidy_<type>_fen) */
const SUBSIDY_TYPES = claimSubsidyTypeValues;
const TYPE_COLUMNS = SUBSIDY_TYPES.flatMap((t) => [`subsidy_${t}_person_times`, `subsidy_${t}_fen`]);
const MONTHLY_SUMS = sql.raw(`count(*) filter (where measure = 'class_opened')::int,
  count(*) filter (where measure = 'class_started')::int,
  count(*) filter (where measure = 'class_completed')::int,
  count(*) filter (where measure = 'pt_started')::int,
  count(*) filter (where measure = 'pt_completed')::int,
  count(*) filter (where measure = 'certificate')::int,
  count(*) filter (where measure like 'subsidy_%')::int,
  coalesce(sum(amount_fen) filter (where measure like 'subsidy_%'), 0)::bigint,
  ${SUBSIDY_TYPES.map((t) => `count(*) filter (where measure = 'subsidy_${t}')::int, coalesce(sum(amount_fen) filter (where measure = 'subsidy_${t}'), 0)::bigint`).join(",\n  ")}`);
const TYPE_SUMS_AS = sql.raw(
  SUBSIDY_TYPES.map((t) => `count(*) filter (where measure = 'subsidy_${t}')::int as subsidy_${t}_person_times, coalesce(sum(amount_fen) filter (where measure = 'subsidy_${t}'), 0)::bigint as subsidy_${t}_fen`).join(",\n      "),
);
const MONTHLY_KEY_MATCH = sql.raw(`m.month = o.month and m.region_code = o.region_code and m.institution_id = o.institution_id
  and m.institution_type = o.institution_type and m.program_code = o.program_code and m.training_type = o.training_type
  and m.industry_code = o.industry_code and m.occupation_code = o.occupation_code and m.skill_level = o.skill_level
  and m.certificate_type = o.certificate_type and m.fund_source = o.fund_source and m.category = o.category`);

/**
 * The counting rules (DOMAIN §6), as the facts one class contributes:
 * - class opened: approved (or later, not cancelled), on its start date; started: in progress or
 *   later, on its start date; completed: finished or assessed, on its end date;
 * - person-time started: on the roster of a started class (withdrawn only before the start does
 *   not count), on the start date;
 * - person-time completed: still on the roster of a finished class and not absent from its
 *   assessment, on the class's end date (the completion date) — one per trainee per class;
 * - certificate: a valid certificate of the class, on its issue date;
 * - subsidy paid (`subsidy_<type>`): a claim line of the class paid to its payee (`paid_at`, set
 *   by the payment step) with an amount above 0, on the day it was paid (China time), with its
 *   amount — one per person and subsidy type; a person's own claim (skill-upgrading) counts for
 *   the class of the certificate it is for.
 * A class has one program and one region, so a class two departments both lead counts once.
 * Fund source is not recorded on classes yet: '' until subsidies attribute one.
 */
function newRecordsSql(ids: string[]) {
  return sql`
    with c as (
      select ${classes.id} as id, ${classes.status} as status, ${classes.startDate} as start_date, ${classes.endDate} as end_date,
        ${classes.regionCode} as region_code, ${classes.institutionId} as institution_id, coalesce(${institutions.type}, '') as institution_type,
        ${classes.programCode} as program_code, ${classes.trainingType} as training_type, coalesce(${catalogueItems.industryCode}, '') as industry_code,
        coalesce(${occupations.code}, '') as occupation_code, coalesce(${classes.skillLevel}, '') as skill_level,
        ${classes.certificateType} as certificate_type, '' as fund_source
      from ${classes}
      join ${institutions} on ${institutions.id} = ${classes.institutionId}
      join ${catalogueItems} on ${catalogueItems.id} = ${classes.catalogueItemId}
      left join ${occupations} on ${occupations.id} = ${catalogueItems.occupationId}
      where ${classes.id} = any(${uuidArray(ids)}) and ${classes.status} in ('approved', 'in_progress', 'finished', 'assessed')
    ), facts as (
      select c.id as class_id, m.measure, ${NIL_UUID}::uuid as person_id, case when m.measure = 'class_completed' then c.end_date else c.start_date end as day, '' as category
      from c cross join (values ('class_opened'), ('class_started'), ('class_completed')) as m(measure)
      where m.measure = 'class_opened'
        or (m.measure = 'class_started' and c.status in ('in_progress', 'finished', 'assessed'))
        or (m.measure = 'class_completed' and c.status in ('finished', 'assessed'))
      union all
      select c.id, 'pt_started', ${classEnrollments.personId}, c.start_date, coalesce(${persons.primaryCategory}, '')
      from c join ${classEnrollments} on ${classEnrollments.classId} = c.id join ${persons} on ${persons.id} = ${classEnrollments.personId}
      where c.status in ('in_progress', 'finished', 'assessed')
        and (${classEnrollments.status} = 'enrolled' or (${classEnrollments.withdrawnAt} at time zone 'Asia/Shanghai')::date >= c.start_date)
      union all
      select c.id, 'pt_completed', ${classEnrollments.personId}, c.end_date, coalesce(${persons.primaryCategory}, '')
      from c join ${classEnrollments} on ${classEnrollments.classId} = c.id join ${persons} on ${persons.id} = ${classEnrollments.personId}
      -- 结业 as shared/src/completion.ts defines it (isCompletion)
      where c.status in (${sql.join(COMPLETED_CLASS_STATUSES.map((st) => sql`${st}`), sql`, `)}) and ${classEnrollments.status} = 'enrolled' and ${classEnrollments.result} is distinct from ${ABSENT_RESULT}
      union all
      select c.id, 'certificate', ${certificates.personId}, ${certificates.issueDate}, coalesce(${persons.primaryCategory}, '')
      from c join ${certificates} on ${certificates.classId} = c.id join ${persons} on ${persons.id} = ${certificates.personId}
      where ${certificates.status} = 'valid'
    ), paid as (
      select c.id as class_id, 'subsidy_' || ${subsidyClaims.subsidyType} as measure, ${subsidyClaimLines.personId} as person_id,
        (${subsidyClaimLines.paidAt} at time zone 'Asia/Shanghai')::date as day, ${subsidyClaimLines.amountFen}::bigint as amount_fen
      from c join ${subsidyClaims} on ${subsidyClaims.classId} = c.id join ${subsidyClaimLines} on ${subsidyClaimLines.claimId} = ${subsidyClaims.id}
      where ${subsidyClaimLines.paidAt} is not null and ${subsidyClaimLines.amountFen} > 0
      union all
      select c.id, 'subsidy_' || ${subsidyClaims.subsidyType}, ${subsidyClaimLines.personId}, (${subsidyClaimLines.paidAt} at time zone 'Asia/Shanghai')::date, ${subsidyClaimLines.amountFen}::bigint
      from c join ${certificates} on ${certificates.classId} = c.id join ${subsidyClaims} on ${subsidyClaims.certificateId} = ${certificates.id} and ${subsidyClaims.classId} is null
        join ${subsidyClaimLines} on ${subsidyClaimLines.claimId} = ${subsidyClaims.id}
      where ${subsidyClaimLines.paidAt} is not null and ${subsidyClaimLines.amountFen} > 0
    ), all_facts as (
      select class_id, measure, person_id, day, category, 0::bigint as amount_fen from facts
      union all
      select paid.class_id, paid.measure, paid.person_id, paid.day, coalesce(${persons.primaryCategory}, ''), paid.amount_fen
      from paid join ${persons} on ${persons.id} = paid.person_id
    )
    insert into stats_records (class_id, measure, person_id, day, ${DIMS}, amount_fen)
    select f.class_id, f.measure, f.person_id, f.day, c.region_code, c.institution_id, c.institution_type, c.program_code, c.training_type,
      c.industry_code, c.occupation_code, c.skill_level, c.certificate_type, c.fund_source, f.category, f.amount_fen
    from all_facts f join c on c.id = f.class_id
    on conflict do nothing`;
}

/** Replaces the contribution of `ids` in the ledger and in both rollups (one transaction). */
export async function recomputeClasses(tx: Db, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  const list = uuidArray(ids);
  // 0. the persons whose completions these classes held: out of the unique-person counts with the keys they have now
  const before = await completersOf(tx, list);
  await movePersonCounts(tx, before, -1);
  // 1. take the classes' old contribution out of the rollups
  await tx.execute(sql`
    update stats_person_years p set completions = p.completions - o.n
    from (select extract(year from day)::smallint as year, extract(quarter from day)::smallint as quarter, region_code, program_code, institution_id, person_id, count(*)::int as n
          from stats_records where class_id = any(${list}) and measure = 'pt_completed'
          group by 1, 2, 3, 4, 5, 6) o
    where p.year = o.year and p.quarter = o.quarter and p.region_code = o.region_code and p.program_code = o.program_code and p.institution_id = o.institution_id and p.person_id = o.person_id`);
  await tx.execute(sql`
    with gone as (delete from stats_records where class_id = any(${list}) returning *),
    o as (select date_trunc('month', day)::date as month, ${DIMS},
      count(*) filter (where measure = 'class_opened')::int as co, count(*) filter (where measure = 'class_started')::int as cs,
      count(*) filter (where measure = 'class_completed')::int as cc, count(*) filter (where measure = 'pt_started')::int as ps,
      count(*) filter (where measure = 'pt_completed')::int as pc, count(*) filter (where measure = 'certificate')::int as ce,
      count(*) filter (where measure like 'subsidy\_%')::int as sp, coalesce(sum(amount_fen) filter (where measure like 'subsidy\_%'), 0)::bigint as sf,
      ${TYPE_SUMS_AS}
      from gone group by month, ${DIMS})
    update stats_monthly m set classes_opened = m.classes_opened - o.co, classes_started = m.classes_started - o.cs,
      classes_completed = m.classes_completed - o.cc, person_times_started = m.person_times_started - o.ps,
      person_times_completed = m.person_times_completed - o.pc, certificates_issued = m.certificates_issued - o.ce,
      subsidy_person_times = m.subsidy_person_times - o.sp, subsidy_fen = m.subsidy_fen - o.sf,
      ${sql.raw(TYPE_COLUMNS.map((c) => `${c} = m.${c} - o.${c}`).join(", "))}
    from o where ${MONTHLY_KEY_MATCH}`);
  // 2. derive the new contribution and add it; persons who complete only now: out with the keys they had
  await tx.execute(newRecordsSql(ids));
  const known = new Set(before.map(pairKey));
  const after = (await completersOf(tx, list)).filter((p) => !known.has(pairKey(p)));
  await movePersonCounts(tx, after, -1);
  await tx.execute(sql`
    insert into stats_monthly (month, ${DIMS}, classes_opened, classes_started, classes_completed, person_times_started, person_times_completed, certificates_issued,
      subsidy_person_times, subsidy_fen, ${sql.raw(TYPE_COLUMNS.join(", "))})
    select date_trunc('month', day)::date, ${DIMS}, ${MONTHLY_SUMS}
    from stats_records where class_id = any(${list}) group by 1, ${DIMS}
    on conflict (month, region_code, institution_id, institution_type, program_code, training_type, industry_code, occupation_code, skill_level, certificate_type, fund_source, category)
    do update set classes_opened = stats_monthly.classes_opened + excluded.classes_opened,
      classes_started = stats_monthly.classes_started + excluded.classes_started,
      classes_completed = stats_monthly.classes_completed + excluded.classes_completed,
      person_times_started = stats_monthly.person_times_started + excluded.person_times_started,
      person_times_completed = stats_monthly.person_times_completed + excluded.person_times_completed,
      certificates_issued = stats_monthly.certificates_issued + excluded.certificates_issued,
      subsidy_person_times = stats_monthly.subsidy_person_times + excluded.subsidy_person_times,
      subsidy_fen = stats_monthly.subsidy_fen + excluded.subsidy_fen,
      ${sql.raw(TYPE_COLUMNS.map((c) => `${c} = stats_monthly.${c} + excluded.${c}`).join(", "))}`);
  await tx.execute(sql`
    insert into stats_person_years (year, quarter, region_code, program_code, institution_id, person_id, completions)
    select extract(year from day)::smallint, extract(quarter from day)::smallint, region_code, program_code, institution_id, person_id, count(*)::int
    from stats_records where class_id = any(${list}) and measure = 'pt_completed' group by 1, 2, 3, 4, 5, 6
    on conflict (year, quarter, region_code, program_code, institution_id, person_id) do update set completions = stats_person_years.completions + excluded.completions`);
  await tx.execute(sql`delete from stats_person_years where completions <= 0`);
  // 3. every person the batch touched, back into the unique-person counts with the keys they have now
  const seen = new Set(before.map(pairKey));
  const all = [...before, ...after.filter((p) => !seen.has(pairKey(p)))];
  await movePersonCounts(tx, all, +1);
  await tx.execute(sql`delete from stats_person_counts where ${countCol} = 0`);
}

/** stats_person_counts' count column, by identifier: its name is also the trainees module's table name */
const countCol = sql.identifier(statsPersonCounts.persons.name);

type YearPerson = { year: number; person_id: string };
const pairKey = (p: YearPerson) => `${p.year}:${p.person_id}`;

/** (year, person) of every completion the classes hold in the ledger now. */
async function completersOf(tx: Db, list: SQL): Promise<YearPerson[]> {
  return rows<YearPerson>(tx, sql`select distinct extract(year from day)::int as year, person_id from stats_records where class_id = any(${list}) and measure = 'pt_completed'`);
}

/**
 * Adds (`sign` +1) or takes out (-1) the given persons' contribution to `stats_person_counts`: each
 * person once per year × quarter (0 = the year) × region prefix × department ('' = every
 * department, and each department leading the program) in which stats_person_years holds a
 * completion of theirs now. Taking a person out before their rows change and putting them back
 * after keeps every count an exact count of distinct persons.
 */
async function movePersonCounts(tx: Db, people: YearPerson[], sign: 1 | -1): Promise<void> {
  if (people.length === 0) return;
  const years = sql`${`{${people.map((p) => p.year).join(",")}}`}::smallint[]`;
  const ids = uuidArray(people.map((p) => p.person_id));
  await tx.execute(sql`
    insert into stats_person_counts (year, quarter, region_prefix, department_code, ${countCol})
    select year, q, prefix, dept, ${sign}::int * count(distinct person_id)::int from (
      select p.year, q.q, r.prefix, d.dept, p.person_id
      from unnest(${years}, ${ids}) as a(year, person_id)
      join stats_person_years p on p.year = a.year and p.person_id = a.person_id and p.completions > 0
      left join ${programs} g on g.code = p.program_code
      cross join lateral (select ''::text union all select unnest(g.lead_department_codes)) as d(dept)
      cross join lateral (values (0::smallint), (p.quarter)) as q(q)
      cross join lateral (values (substr(p.region_code, 1, 2)), (substr(p.region_code, 1, 4)), (p.region_code::text)) as r(prefix)
    ) k group by year, q, prefix, dept
    on conflict (year, quarter, region_prefix, department_code) do update set ${countCol} = stats_person_counts.${countCol} + excluded.${countCol}`);
}

/**
 * Counts the given departments' rows of `stats_person_counts` again from `stats_person_years`
 * (after a program gained or lost them as a lead department): their old rows out, a count distinct
 * per year × quarter × region prefix over the programs they lead now in. Runs under the refresh
 * lock, so no batch moves persons between the old mapping and the new.
 */
export async function recountDepartments(tx: Db, codes: string[]): Promise<void> {
  if (codes.length === 0) return;
  const list = sql`${`{${codes.map((c) => `"${c.replaceAll('"', "")}"`).join(",")}}`}::text[]`;
  await tx.execute(sql`delete from stats_person_counts where department_code = any(${list})`);
  await tx.execute(sql`
    insert into stats_person_counts (year, quarter, region_prefix, department_code, ${countCol})
    select year, q, prefix, dept, count(distinct person_id)::int from (
      select p.year, q.q, r.prefix, d.dept, p.person_id
      from ${programs} g
      cross join lateral unnest(g.lead_department_codes) as d(dept)
      join stats_person_years p on p.program_code = g.code and p.completions > 0
      cross join lateral (values (0::smallint), (p.quarter)) as q(q)
      cross join lateral (values (substr(p.region_code, 1, 2)), (substr(p.region_code, 1, 4)), (p.region_code::text)) as r(prefix)
      where d.dept = any(${list})
    ) k group by year, q, prefix, dept`);
}

/**
 * Drains the change marker: recomputes every dirty class, a batch per transaction, then records
 * the start of this run as the rollup's freshness (every write committed before it is counted).
 * Returns how many classes were recomputed.
 */
export async function refreshStats(db: Db, clock: Clock): Promise<number> {
  const startedAt = clock.now();
  let total = 0;
  for (;;) {
    const n = await db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${REFRESH_LOCK})`);
      // departments a program gained or lost: counted again first, before any batch moves persons with the new mapping
      const depts = await rows<{ department_code: string }>(tx, sql`delete from ${statsDirtyDepartments} returning department_code`);
      await recountDepartments(
        tx,
        depts.map((r) => r.department_code),
      );
      const claimed = await rows<{ class_id: string }>(
        tx,
        sql`delete from ${statsDirtyClasses} where class_id in (select class_id from ${statsDirtyClasses} order by marked_at limit ${BATCH} for update skip locked) returning class_id`,
      );
      await recomputeClasses(
        tx,
        claimed.map((r) => r.class_id),
      );
      return { classes: claimed.length, departments: depts.length };
    });
    if (n.classes === 0 && n.departments === 0) break;
    total += n.classes;
  }
  await db
    .insert(statsState)
    .values({ id: 1, checkedAt: startedAt })
    .onConflictDoUpdate({ target: statsState.id, set: { checkedAt: startedAt } });
  return total;
}

/** Throws every derived row away and derives it again from the base tables (on demand, e.g. after a rule change). */
export async function rebuildStats(db: Db, clock: Clock): Promise<number> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${REFRESH_LOCK})`);
    await tx.execute(sql`delete from stats_records`);
    await tx.execute(sql`delete from stats_monthly`);
    await tx.execute(sql`delete from stats_person_years`);
    await tx.execute(sql`delete from stats_person_counts`);
    await tx.execute(sql`delete from ${statsDirtyDepartments}`);
    await tx.execute(sql`insert into ${statsDirtyClasses} (class_id, marked_at) select ${classes.id}, now() from ${classes} on conflict do nothing`);
  });
  return refreshStats(db, clock);
}

/** Other modules may mark classes whose figures changed in ways the triggers cannot see. */
export async function markClassesDirty(db: Db, classIds: string[]): Promise<void> {
  if (classIds.length === 0) return;
  await db.execute(
    sql`insert into ${statsDirtyClasses} (class_id, marked_at) select unnest(${uuidArray(classIds)}), now() on conflict do nothing`,
  );
}

/**
 * The background refresher (started by main.ts): drains the marker every `everyMs` (default 15 s,
 * so a write is counted within a minute). Runs never overlap.
 */
export function startStatsRefresher(db: Db, clock: Clock, opts: { everyMs?: number; onError?: (e: unknown) => void } = {}) {
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const tick = () => {
    running = running.then(async () => {
      try {
        await refreshStats(db, clock);
      } catch (e) {
        (opts.onError ?? console.error)(e);
      }
    });
    return running;
  };
  const ready = tick();
  const timer = setInterval(() => void tick(), opts.everyMs ?? 15_000);
  timer.unref();
  return {
    ready,
    tick,
    stop: async () => {
      if (stopped) return running;
      stopped = true;
      clearInterval(timer);
      return running;
    },
  };
}
