import { and, eq, sql, type SQL } from "drizzle-orm";
import type { DrillMeasure, OverviewView, StatsDimension, StatsTotals, SubsidyFigures } from "../../../../shared/src/contracts/stats.ts";
import { statsDimensions } from "../../../../shared/src/contracts/stats.ts";
import { maskName } from "../../../../shared/src/ids.ts";
import { hasPermission } from "../../platform/auth/scope.ts";
import type { Ctx, Deps } from "../../platform/context.ts";
import type { Db } from "../../platform/db/db.ts";
import { AppError } from "../../platform/http/errors.ts";
import { claimSubsidyTypeLabels, claimSubsidyTypeValues } from "../../../../shared/src/contracts/subsidies.ts";
import { certificates, classes } from "../classes/index.ts";
import { institutions } from "../institutions/index.ts";
import { departments, programs, refCodes, regions } from "../reference/index.ts";
import { subsidyClaimLines, subsidyClaims, subsidyNoticeLines, subsidyNotices, subsidyObjections } from "../subsidies/index.ts";
import { persons } from "../trainees/index.ts";
import { chinaDay, childKey, childRegions, type Period, parsePeriod, resolveStatsScope, type StatsScope } from "./stats.scope.ts";
import { regionPrefix } from "../../../../shared/src/regions.ts";
import { statsMonthly, statsPersonCounts, statsPersonYears, statsRecords, statsState } from "./stats.table.ts";

const rows = async <T>(db: Db, q: SQL) => ((await db.execute(q)) as unknown as { rows: T[] }).rows;

const monthlyScope = (s: StatsScope) => s.where({ region: statsMonthly.regionCode, institution: statsMonthly.institutionId, program: statsMonthly.programCode });
const personScope = (s: StatsScope) => s.where({ region: statsPersonYears.regionCode, institution: statsPersonYears.institutionId, program: statsPersonYears.programCode });
const inPeriod = (p: Period) => sql`${statsMonthly.month} between ${p.from}::date and ${p.to}::date`;

export const SUMS = sql`coalesce(sum(${statsMonthly.classesOpened}), 0)::int as "classesOpened",
  coalesce(sum(${statsMonthly.classesStarted}), 0)::int as "classesStarted",
  coalesce(sum(${statsMonthly.classesCompleted}), 0)::int as "classesCompleted",
  coalesce(sum(${statsMonthly.personTimesStarted}), 0)::int as "personTimesStarted",
  coalesce(sum(${statsMonthly.personTimesCompleted}), 0)::int as "personTimesCompleted",
  coalesce(sum(${statsMonthly.certificates}), 0)::int as ${sql.identifier("certificates")},
  coalesce(sum(${statsMonthly.subsidyPersonTimes}), 0)::int as "subsidyPersonTimes",
  coalesce(sum(${statsMonthly.subsidyFen}), 0)::bigint as "subsidyFen"`;

/** the subsidies split by type (stats_monthly's per-type columns), as "<type>:pt" and "<type>:fen" */
export const TYPE_SUMS = sql.join(
  claimSubsidyTypeValues.map(
    (t) =>
      sql`coalesce(sum(${sql.identifier(`subsidy_${t}_person_times`)}), 0)::int as ${sql.identifier(`${t}:pt`)}, coalesce(sum(${sql.identifier(`subsidy_${t}_fen`)}), 0)::bigint as ${sql.identifier(`${t}:fen`)}`,
  ),
  sql`, `,
);
type TypeSums = Record<string, number | string>;
const pickByType = (r: TypeSums | undefined): OverviewView["subsidies"]["byType"] =>
  claimSubsidyTypeValues.map((type) => ({ type, name: claimSubsidyTypeLabels[type], personTimes: Number(r?.[`${type}:pt`] ?? 0), amountFen: Number(r?.[`${type}:fen`] ?? 0) }));

/** the subsidy sums of a SUMS row (bigint arrives as a string from the driver) */
export const pickSubsidies = (r: { subsidyPersonTimes: number; subsidyFen: number | string } | undefined): SubsidyFigures => ({
  subsidyPersonTimes: r?.subsidyPersonTimes ?? 0,
  subsidyFen: Number(r?.subsidyFen ?? 0),
});

export const zeroTotals = (): StatsTotals => ({ classesOpened: 0, classesStarted: 0, classesCompleted: 0, personTimesStarted: 0, personTimesCompleted: 0, persons: 0, certificates: 0 });

/** The rollup's freshness: every write committed before it is counted. */
export async function statsAsOf(db: Db): Promise<Date> {
  const [s] = await db.select({ at: statsState.checkedAt }).from(statsState).where(eq(statsState.id, 1));
  return s?.at ?? new Date(0);
}

async function refNames(db: Db, kind: string): Promise<Map<string, string>> {
  const list = await db.select({ code: refCodes.code, name: refCodes.name }).from(refCodes).where(eq(refCodes.kind, kind)).orderBy(refCodes.sort);
  return new Map(list.map((r) => [r.code, r.name]));
}

/**
 * Unique persons who completed a class in the year within the scope, overall and per child region
 * (`childOf` maps a county column to its child). A sum of persons over regions would count a
 * person trained in two counties twice; this counts distinct persons per key.
 */
export async function personsOf(db: Db, scope: StatsScope, year: number, child?: SQL, quarter?: number): Promise<{ total: number; byChild: Map<string, number> }> {
  if (!scope.department && !scope.institutionId) return regionPersons(db, scope.regionCode, year, quarter ?? 0, child !== undefined);
  if (scope.singleDepartment) return regionPersons(db, scope.regionCode, year, quarter ?? 0, child !== undefined, scope.department!);
  return personsWhere(db, and(eq(statsPersonYears.year, year), quarter ? eq(statsPersonYears.quarter, quarter) : undefined, personScope(scope))!, child);
}

/**
 * Unique persons of a region-wide scope, or of one department's programs within it (`department`;
 * '' = every department), read from the precomputed `stats_person_counts`: the region's own count
 * and, with `children`, each child region's (a city's counties, the province's cities) — a handful
 * of index lookups.
 */
export async function regionPersons(db: Db, regionCode: string, year: number, quarter: number, children: boolean, department = ""): Promise<{ total: number; byChild: Map<string, number> }> {
  const prefix = regionPrefix(regionCode);
  const childLength = prefix.length === 2 ? 4 : 6;
  const list = await db
    .select({ prefix: statsPersonCounts.regionPrefix, n: statsPersonCounts.persons })
    .from(statsPersonCounts)
    .where(
      and(
        eq(statsPersonCounts.year, year),
        eq(statsPersonCounts.quarter, quarter),
        children && prefix.length < 6 ? sql`(${statsPersonCounts.regionPrefix} = ${prefix} or (${statsPersonCounts.regionPrefix} like ${`${prefix}%`} and length(${statsPersonCounts.regionPrefix}) = ${childLength}))` : eq(statsPersonCounts.regionPrefix, prefix),
        eq(statsPersonCounts.departmentCode, department),
      ),
    );
  const byChild = new Map<string, number>();
  let total = 0;
  for (const r of list) {
    if (r.prefix === prefix) total = r.n;
    else byChild.set(r.prefix.padEnd(6, "0"), r.n);
  }
  return { total, byChild };
}

/**
 * Unique persons per department within a region (year, quarter 0 = the year): the department
 * rows of `stats_person_counts` for the region's prefix — one index range, however many persons.
 * A person who completed classes of programs two departments lead counts in each.
 */
export async function departmentPersons(db: Db, regionCode: string, year: number, quarter: number): Promise<Map<string, number>> {
  const list = await db
    .select({ k: statsPersonCounts.departmentCode, n: statsPersonCounts.persons })
    .from(statsPersonCounts)
    .where(
      and(
        eq(statsPersonCounts.year, year),
        eq(statsPersonCounts.quarter, quarter),
        eq(statsPersonCounts.regionPrefix, regionPrefix(regionCode)),
        sql`${statsPersonCounts.departmentCode} <> ''`,
      ),
    );
  return new Map(list.map((r) => [r.k, r.n]));
}

/** Distinct persons over the rows of stats_person_years matching `where`, overall and per `child` key. */
export async function personsWhere(db: Db, where: SQL, child?: SQL): Promise<{ total: number; byChild: Map<string, number> }> {
  const [t] = await rows<{ n: number }>(db, sql`select count(distinct ${statsPersonYears.personId})::int as n from ${statsPersonYears} where ${where}`);
  const byChild = new Map<string, number>();
  if (child) {
    for (const r of await rows<{ k: string; n: number }>(db, sql`select ${child} as k, count(distinct ${statsPersonYears.personId})::int as n from ${statsPersonYears} where ${where} group by 1`)) {
      byChild.set(r.k, r.n);
    }
  }
  return { total: t?.n ?? 0, byChild };
}

/**
 * The home dashboard's figures for a year, within the caller's scope (GET /api/stats/overview).
 * Reads only the rollups. Empty periods give zeros.
 * @throws stats.period_invalid, stats.period_future, stats.region_not_found, auth.forbidden
 */
export async function overview(deps: Deps, ctx: Ctx, q: { year: string; regionCode?: string | undefined }): Promise<OverviewView> {
  const { db } = deps;
  const period = parsePeriod(q.year, chinaDay(deps.clock.now()));
  if (period.kind !== "year") throw new AppError("stats.period_invalid", "请填写年度，如 2026", { period: q.year });
  const scope = await resolveStatsScope(db, ctx.actor, q.regionCode);
  const where = and(inPeriod(period), monthlyScope(scope));
  const children = await childRegions(db, scope.regionCode);
  const child = childKey(scope.regionCode, statsMonthly.regionCode);
  // one pass over the scope's rows of the year: totals, months, children, categories, industries
  const sets = await rows<StatsTotals & SubsidyFigures & TypeSums & { g: number; month: string | null; child: string | null; category: string | null; industry: string | null }>(
    db,
    sql`select grouping(${statsMonthly.month}, ${child}, ${statsMonthly.category}, ${statsMonthly.industryCode})::int as g,
      to_char(${statsMonthly.month}, 'YYYY-MM') as month, ${child} as child, ${statsMonthly.category} as category, ${statsMonthly.industryCode} as industry, ${SUMS}, ${TYPE_SUMS}
      from ${statsMonthly} where ${where}
      group by grouping sets ((), (${statsMonthly.month}), (${child}), (${statsMonthly.category}), (${statsMonthly.industryCode}))`,
  );
  const [categoryNames, industryNames] = [await refNames(db, "trainee_category"), await refNames(db, "industry")];
  const people = await personsOf(db, scope, period.year, children.length ? childKey(scope.regionCode, statsPersonYears.regionCode) : undefined);
  // grouping() bits: month 8, child 4, category 2, industry 1 — a set's own column is 0
  const totalRow = sets.find((r) => r.g === 15);
  const byMonth = new Map(sets.filter((r) => r.g === 7).map((r) => [r.month!, r]));
  const byChild = new Map(sets.filter((r) => r.g === 11).map((r) => [r.child!, r]));
  const named = (r: { code: string; personTimesCompleted: number }, names: Map<string, string>) => ({ code: r.code, name: names.get(r.code) ?? (r.code === "" ? "未填写" : r.code), personTimesCompleted: r.personTimesCompleted });
  const breakdown = (bit: number, key: "category" | "industry", names: Map<string, string>) =>
    sets
      .filter((r) => r.g === 15 - bit && r.personTimesCompleted > 0)
      .map((r) => named({ code: r[key] ?? "", personTimesCompleted: r.personTimesCompleted }, names))
      .sort((a, b) => b.personTimesCompleted - a.personTimesCompleted || a.code.localeCompare(b.code));
  return {
    year: period.year,
    asOf: (await statsAsOf(db)).toISOString(),
    scopeRegionCode: scope.regionCode,
    totals: { ...zeroTotals(), ...(totalRow ? pickTotals(totalRow) : {}), persons: people.total },
    subsidies: { personTimes: pickSubsidies(totalRow).subsidyPersonTimes, amountFen: pickSubsidies(totalRow).subsidyFen, byType: pickByType(totalRow) },
    notices: await noticeFigures(db, scope, period.year),
    children: children.map((c) => ({
      regionCode: c.code,
      regionName: c.name,
      personTimesCompleted: byChild.get(c.code)?.personTimesCompleted ?? 0,
      persons: people.byChild.get(c.code) ?? 0,
      certificates: byChild.get(c.code)?.certificates ?? 0,
    })),
    byMonth: Array.from({ length: 12 }, (_, i) => `${period.year}-${String(i + 1).padStart(2, "0")}`).map((month) => ({
      month,
      personTimesCompleted: byMonth.get(month)?.personTimesCompleted ?? 0,
      certificates: byMonth.get(month)?.certificates ?? 0,
    })),
    byCategory: breakdown(2, "category", categoryNames),
    byIndustry: breakdown(1, "industry", industryNames),
  };
}

/**
 * 公示 and 异议 of a year within the scope, counted directly (the tables are small; each step is an
 * index lookup: notices by `subsidy_notices_published_idx`, their lines by notice, the claim and
 * class by primary key, objections by line). A line is in scope when the class its claim is for (a
 * person's claim: the class of its certificate) is — the rule the subsidy figures follow.
 */
export async function noticeFigures(db: Db, scope: StatsScope, year: number): Promise<OverviewView["notices"]> {
  const [r] = await rows<{ published: number; lines: number; objections: number; upheld: number }>(
    db,
    sql`with l as (
        select ${subsidyNoticeLines.noticeId} as notice_id, ${subsidyNoticeLines.lineId} as line_id
        from ${subsidyNotices}
        join ${subsidyNoticeLines} on ${subsidyNoticeLines.noticeId} = ${subsidyNotices.id}
        join ${subsidyClaimLines} on ${subsidyClaimLines.id} = ${subsidyNoticeLines.lineId}
        join ${subsidyClaims} on ${subsidyClaims.id} = ${subsidyClaimLines.claimId}
        left join ${certificates} on ${certificates.id} = ${subsidyClaims.certificateId}
        join ${classes} on ${classes.id} = coalesce(${subsidyClaims.classId}, ${certificates.classId})
        where ${subsidyNotices.publishedAt} >= ${`${year}-01-01T00:00:00+08:00`}::timestamptz and ${subsidyNotices.publishedAt} < ${`${year + 1}-01-01T00:00:00+08:00`}::timestamptz
          and ${scope.where({ region: classes.regionCode, institution: classes.institutionId, program: classes.programCode })}
      )
      select count(distinct l.notice_id)::int as published, count(distinct l.line_id)::int as lines,
        count(${subsidyObjections.id})::int as objections, count(${subsidyObjections.id}) filter (where ${subsidyObjections.status} = 'upheld')::int as upheld
      from l left join ${subsidyObjections} on ${subsidyObjections.lineId} = l.line_id and ${subsidyObjections.noticeId} = l.notice_id`,
  );
  return { published: r?.published ?? 0, lines: r?.lines ?? 0, objections: r?.objections ?? 0, upheld: r?.upheld ?? 0 };
}

function pickTotals(r: StatsTotals): Omit<StatsTotals, "persons"> {
  return {
    classesOpened: r.classesOpened,
    classesStarted: r.classesStarted,
    classesCompleted: r.classesCompleted,
    personTimesStarted: r.personTimesStarted,
    personTimesCompleted: r.personTimesCompleted,
    certificates: r.certificates,
  };
}

const dimensionColumn: Record<Exclude<StatsDimension, "region" | "department">, { col: SQL; kind: string | null }> = {
  category: { col: sql`${statsMonthly.category}`, kind: "trainee_category" },
  trainingType: { col: sql`${statsMonthly.trainingType}`, kind: "training_type" },
  program: { col: sql`${statsMonthly.programCode}`, kind: null },
  industry: { col: sql`${statsMonthly.industryCode}`, kind: "industry" },
  institutionType: { col: sql`${statsMonthly.institutionType}`, kind: null },
  occupation: { col: sql`${statsMonthly.occupationCode}`, kind: null },
  level: { col: sql`${statsMonthly.skillLevel}`, kind: "skill_level" },
  certificateType: { col: sql`${statsMonthly.certificateType}`, kind: "certificate_type" },
  fundSource: { col: sql`${statsMonthly.fundSource}`, kind: null },
};

const institutionTypeNames: Record<string, string> = {
  technical_school: "技工院校",
  vocational_college: "职业院校",
  private_school: "民办职业培训学校",
  enterprise_center: "企业培训中心",
  public_base: "公共实训基地",
  enterprise: "企业",
  evaluation_body: "评价机构",
};

/**
 * A period's figures broken down by one dimension (GET /api/stats/breakdown). Unique persons are
 * given for region rows only (elsewhere 0: a person can fall into several rows).
 * @throws stats.dimension_unknown; stats.dimension_forbidden (departments: only region-wide
 *   scopes may compare departments); stats.period_*, stats.region_not_found
 */
export async function breakdown(deps: Deps, ctx: Ctx, q: { period: string; by: string; regionCode?: string | undefined }) {
  const { db } = deps;
  const by = q.by as StatsDimension;
  if (!statsDimensions.includes(by)) throw new AppError("stats.dimension_unknown", "没有这种统计维度", { allowed: statsDimensions });
  const period = parsePeriod(q.period, chinaDay(deps.clock.now()));
  const scope = await resolveStatsScope(db, ctx.actor, q.regionCode);
  if (by === "department" && (scope.department || scope.institutionId)) {
    throw new AppError("stats.dimension_forbidden", "您的统计范围不能按部门对比查看", { by });
  }
  const where = and(inPeriod(period), monthlyScope(scope));
  const asOf = (await statsAsOf(db)).toISOString();
  if (by === "region") {
    const children = await childRegions(db, scope.regionCode);
    const key = childKey(scope.regionCode, statsMonthly.regionCode);
    const got = await rows<StatsTotals & SubsidyFigures & { k: string }>(db, sql`select ${key} as k, ${SUMS} from ${statsMonthly} where ${where} group by 1`);
    const people = period.kind === "year" ? await personsOf(db, scope, period.year, childKey(scope.regionCode, statsPersonYears.regionCode)) : null;
    const map = new Map(got.map((r) => [r.k, r]));
    return {
      period: period.label,
      by,
      asOf,
      rows: children.map((c) => ({
        code: c.code,
        name: c.name,
        ...zeroTotals(),
        ...(map.get(c.code) ? pickTotals(map.get(c.code)!) : {}),
        persons: people?.byChild.get(c.code) ?? 0,
        ...pickSubsidies(map.get(c.code)),
      })),
    };
  }
  if (by === "department") {
    const list = await departmentRows(db, where);
    return { period: period.label, by, asOf, rows: list };
  }
  const d = dimensionColumn[by];
  const got = await rows<StatsTotals & SubsidyFigures & { k: string }>(db, sql`select ${d.col} as k, ${SUMS} from ${statsMonthly} where ${where} group by 1 order by 1`);
  const names = d.kind ? await refNames(db, d.kind) : by === "institutionType" ? new Map(Object.entries(institutionTypeNames)) : by === "program" ? await programNames(db) : new Map<string, string>();
  return {
    period: period.label,
    by,
    asOf,
    rows: got.map((r) => ({ code: r.k, name: names.get(r.k) ?? (r.k === "" ? "未填写" : r.k), ...pickTotals(r), persons: 0, ...pickSubsidies(r) })),
  };
}

async function programNames(db: Db): Promise<Map<string, string>> {
  const list = await db.select({ code: programs.code, name: programs.name }).from(programs);
  return new Map(list.map((p) => [p.code, `${p.code} ${p.name}`]));
}

/**
 * Figures per department: a class counts for every department that leads its program (so the
 * departments' rows may add up to more than the total, which counts each class once).
 */
export async function departmentRows(db: Db, where: SQL | undefined) {
  const got = await rows<StatsTotals & SubsidyFigures & { code: string; name: string }>(
    db,
    sql`select ${departments.code} as code, ${departments.name} as name, ${SUMS}
      from ${departments}
      left join ${programs} on ${departments.code} = any(${programs.leadDepartmentCodes})
      left join ${statsMonthly} on ${statsMonthly.programCode} = ${programs.code} and ${where ?? sql`true`}
      group by ${departments.code}, ${departments.name}, ${departments.sort} order by ${departments.sort}, ${departments.code}`,
  );
  return got.map((r) => ({ code: r.code, name: r.name, ...pickTotals(r), persons: 0, ...pickSubsidies(r) }));
}

const measureOf: Record<DrillMeasure, string> = { personTimesStarted: "pt_started", personTimesCompleted: "pt_completed", certificates: "certificate" };

/**
 * The records behind a figure (GET /api/stats/records): each person-time or certificate counted,
 * with its class and the trainee — the ID number always masked, the name masked unless the caller
 * may read persons (as the persons list shows it).
 * @throws stats.period_*, stats.region_not_found, auth.forbidden
 */
export async function listRecords(
  deps: Deps,
  ctx: Ctx,
  q: { measure: DrillMeasure; period: string; regionCode?: string | undefined; category?: string | undefined; industry?: string | undefined; page: number; pageSize: number },
) {
  const { db } = deps;
  const period = parsePeriod(q.period, chinaDay(deps.clock.now()));
  const scope = await resolveStatsScope(db, ctx.actor, q.regionCode);
  const conds: SQL[] = [
    sql`${statsRecords.measure} = ${measureOf[q.measure]}`,
    sql`${statsRecords.day} between ${period.from}::date and ${period.to}::date`,
    scope.where({ region: statsRecords.regionCode, institution: statsRecords.institutionId, program: statsRecords.programCode }),
  ];
  if (q.category !== undefined) conds.push(sql`${statsRecords.category} = ${q.category}`);
  if (q.industry !== undefined) conds.push(sql`${statsRecords.industryCode} = ${q.industry}`);
  const where = and(...conds);
  const [count] = await rows<{ n: number }>(db, sql`select count(*)::int as n from ${statsRecords} where ${where}`);
  const list = await db
    .select({
      day: statsRecords.day,
      classCode: classes.code,
      classTitle: classes.title,
      regionCode: statsRecords.regionCode,
      regionName: regions.name,
      institutionName: institutions.name,
      personName: persons.name,
      idNumberMasked: persons.idNumberMasked,
      category: statsRecords.category,
    })
    .from(statsRecords)
    .innerJoin(classes, eq(classes.id, statsRecords.classId))
    .innerJoin(institutions, eq(institutions.id, statsRecords.institutionId))
    .innerJoin(persons, eq(persons.id, statsRecords.personId))
    .leftJoin(regions, eq(regions.code, statsRecords.regionCode))
    .where(where)
    .orderBy(statsRecords.day, classes.code, persons.idNumberMasked)
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  const fullNames = hasPermission(ctx.actor, "person.read");
  const categoryNames = await refNames(db, "trainee_category");
  return {
    items: list.map((r) => ({
      ...r,
      regionName: r.regionName ?? r.regionCode,
      personName: fullNames ? r.personName : maskName(r.personName),
      category: categoryNames.get(r.category) ?? (r.category === "" ? "未填写" : r.category),
    })),
    total: count?.n ?? 0,
    page: q.page,
    pageSize: q.pageSize,
  };
}
