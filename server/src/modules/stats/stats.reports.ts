import { createHash, randomUUID } from "node:crypto";
import { and, desc, eq, like, max, type SQL, sql } from "drizzle-orm";
import { hasSubsidyColumns, hasSubsidyTypeColumns, type ReportContent, type ReportRow, type StatsTotals, type SubsidyByType, type SubsidyFigures } from "../../../../shared/src/contracts/stats.ts";
import { claimSubsidyTypeValues } from "../../../../shared/src/contracts/subsidies.ts";
import { regionPrefix } from "../../../../shared/src/regions.ts";
import { audit, canonicalJson } from "../../platform/audit/audit.ts";
import type { Ctx, Deps } from "../../platform/context.ts";
import type { Db } from "../../platform/db/db.ts";
import { AppError } from "../../platform/http/errors.ts";
import { departments, programLedBy, programs, refCodes, regions } from "../reference/index.ts";
import { chinaDay, childKey, childRegions, type Period, parsePeriod, resolveStatsScope } from "./stats.scope.ts";
import { departmentPersons, pickSubsidies, regionPersons, SUMS, statsAsOf, TYPE_SUMS } from "./stats.service.ts";
import { statsMonthly, statsReportSnapshots } from "./stats.table.ts";

type Kind = "quarterly" | "annual";
/** one group's sums from stats_monthly: SUMS and TYPE_SUMS ("<type>:pt", "<type>:fen"; bigint may arrive as a string) */
type Figures = StatsTotals & SubsidyFigures & { k: string; training_type: string } & Record<string, number | string>;
type Layout = "region" | "department";
/** what a report covers: a region, and a department's programs within it ('' = every department) */
export interface ReportScope {
  regionCode: string;
  departmentCode: string;
}

const rows = async <T>(db: Db, q: SQL) => ((await db.execute(q)) as unknown as { rows: T[] }).rows;

export const contentHash = (c: ReportContent) => createHash("sha256").update(canonicalJson(c)).digest("hex");

/** @throws stats.period_invalid when the period does not fit the kind; stats.period_future */
export function reportPeriod(kind: Kind, raw: string, today: string): Period {
  const p = parsePeriod(raw, today);
  if ((kind === "quarterly" && p.kind !== "quarter") || (kind === "annual" && p.kind !== "year")) {
    throw new AppError("stats.period_invalid", kind === "quarterly" ? "季报的期间须为季度，如 2026Q1" : "年报的期间须为年度，如 2026", { period: raw });
  }
  return p;
}

/**
 * The caller's report scope: a region-wide scope reports on its region (any department), a
 * department on its programs within its region. Institutions do not report.
 * @throws report.layout_forbidden for institution staff; stats.region_not_found; auth.forbidden
 */
export async function callerReportScope(db: Db, ctx: Ctx, regionCode?: string): Promise<ReportScope> {
  const s = await resolveStatsScope(db, ctx.actor, regionCode);
  if (s.institutionId) throw new AppError("report.layout_forbidden", "培训机构不报送季报、年报", { reason: "institution" });
  return { regionCode: s.regionCode, departmentCode: s.department ?? "" };
}

const quarterOf = (p: Period) => (p.kind === "quarter" ? Number(p.label.slice(5)) : undefined);

/**
 * Computes a 季报/年报 table from the rollups only. The content holds no time of computation, so
 * the same data gives the same content and hash (snapshot reproducibility).
 */
export async function computeReport(db: Db, kind: Kind, period: Period, layout: Layout, scope: ReportScope): Promise<ReportContent> {
  const prefix = `${regionPrefix(scope.regionCode)}%`;
  const deptOnly = scope.departmentCode ? programLedBy(statsMonthly.programCode, scope.departmentCode) : sql`true`;
  const monthlyWhere = sql`${statsMonthly.month} between ${period.from}::date and ${period.to}::date and ${statsMonthly.regionCode} like ${prefix} and ${deptOnly}`;
  const q = quarterOf(period);
  const trainingTypes = await db.select({ code: refCodes.code, name: refCodes.name }).from(refCodes).where(eq(refCodes.kind, "training_type")).orderBy(refCodes.sort, refCodes.code);
  const [region] = await db.select({ name: regions.name }).from(regions).where(eq(regions.code, scope.regionCode));
  const deptName = scope.departmentCode ? ((await db.select({ name: departments.name }).from(departments).where(eq(departments.code, scope.departmentCode)))[0]?.name ?? scope.departmentCode) : "";

  let units: { code: string; name: string }[];
  let figures: Figures[];
  let people: Map<string, number>;
  if (layout === "region") {
    const children = await childRegions(db, scope.regionCode);
    units = children.length ? children : [{ code: scope.regionCode, name: region?.name ?? scope.regionCode }];
    const key = children.length ? childKey(scope.regionCode, statsMonthly.regionCode) : sql`${scope.regionCode}::text`;
    figures = await rows(db, sql`select ${key} as k, ${statsMonthly.trainingType} as training_type, ${SUMS}, ${TYPE_SUMS} from ${statsMonthly} where ${monthlyWhere} group by 1, 2`);
    // unique persons precomputed per region prefix (and department, for a department's report)
    const counted = await regionPersons(db, scope.regionCode, period.year, q ?? 0, children.length > 0, scope.departmentCode);
    people = children.length ? counted.byChild : new Map([[scope.regionCode, counted.total]]);
  } else {
    units = await db.select({ code: departments.code, name: departments.name }).from(departments).orderBy(departments.sort, departments.code);
    if (scope.departmentCode) units = units.filter((u) => u.code === scope.departmentCode);
    // a class counts for every department leading its program
    figures = await rows(
      db,
      sql`select d.code as k, ${statsMonthly.trainingType} as training_type, ${SUMS}, ${TYPE_SUMS}
        from ${statsMonthly} join ${programs} on ${programs.code} = ${statsMonthly.programCode} cross join lateral unnest(${programs.leadDepartmentCodes}) as d(code)
        where ${monthlyWhere} group by 1, 2`,
    );
    // unique persons per department, precomputed (a person counts in every department leading a program they completed)
    people = await departmentPersons(db, scope.regionCode, period.year, q ?? 0);
  }
  const totalFigures = await rows<Figures>(
    db,
    sql`select '' as k, ${statsMonthly.trainingType} as training_type, ${SUMS}, ${TYPE_SUMS} from ${statsMonthly} where ${monthlyWhere} group by 2`,
  );
  const totalPersons = (await regionPersons(db, scope.regionCode, period.year, q ?? 0, false, scope.departmentCode)).total;
  const rowOf = (code: string, name: string, list: typeof figures, persons: number): ReportRow => {
    const mine = list.filter((f) => f.k === code);
    const sum = (k: keyof StatsTotals | "subsidyPersonTimes") => mine.reduce((n, f) => n + f[k], 0);
    const byTrainingType = Object.fromEntries(trainingTypes.map((t) => [t.code, mine.filter((f) => f.training_type === t.code).reduce((n, f) => n + f.personTimesCompleted, 0)]));
    const started = sum("personTimesStarted");
    const completed = sum("personTimesCompleted");
    const certificates = sum("certificates");
    return {
      code,
      name,
      classesOpened: sum("classesOpened"),
      classesCompleted: sum("classesCompleted"),
      personTimesStarted: started,
      personTimesCompleted: completed,
      byTrainingType,
      persons,
      certificates,
      completionRatePermille: started ? Math.round((completed * 1000) / started) : null,
      certificationRatePermille: completed ? Math.round((certificates * 1000) / completed) : null,
      subsidyPersonTimes: sum("subsidyPersonTimes"),
      subsidyFen: mine.reduce((n, f) => n + pickSubsidies(f).subsidyFen, 0),
      subsidyByType: Object.fromEntries(
        claimSubsidyTypeValues.map((t) => [t, { personTimes: mine.reduce((n, f) => n + Number(f[`${t}:pt`] ?? 0), 0), fen: mine.reduce((n, f) => n + Number(f[`${t}:fen`] ?? 0), 0) }]),
      ) as SubsidyByType,
    };
  };
  const [y, qn] = [period.year, quarterOf(period)];
  const when = kind === "quarterly" ? `${y}年第${qn}季度` : `${y}年度`;
  const who = `${region?.name ?? scope.regionCode}${deptName ? `${deptName}` : ""}`;
  return {
    title: `${who}职业技能培训${when}统计表（${layout === "region" ? "按地区" : "按部门"}）`,
    kind,
    period: period.label,
    layout,
    scopeRegionCode: scope.regionCode,
    scopeRegionName: region?.name ?? scope.regionCode,
    scopeDepartmentCode: scope.departmentCode,
    from: period.from,
    to: period.to,
    trainingTypes,
    rows: units.map((u) => rowOf(u.code, u.name, figures, people.get(u.code) ?? 0)),
    total: rowOf("", layout === "department" ? "合计（去重）" : "合计", totalFigures, totalPersons),
    note:
      layout === "department"
        ? "同一培训班所属计划项目由多个部门牵头时，计入每个牵头部门；合计按培训班去重，故各部门之和可能大于合计。"
        : "人次按结业日期计入，一名学员结业一个培训班计一人次；结业人数为去重人数。",
  };
}

/** The report a caller sees now (GET /api/reports). */
export async function getReport(deps: Deps, ctx: Ctx, q: { kind: Kind; period: string; layout: Layout; regionCode?: string | undefined }) {
  const period = reportPeriod(q.kind, q.period, chinaDay(deps.clock.now()));
  const scope = await callerReportScope(deps.db, ctx, q.regionCode);
  const asOf = await statsAsOf(deps.db);
  const content = await computeReport(deps.db, q.kind, period, q.layout, scope);
  return { asOf: asOf.toISOString(), content, contentHash: contentHash(content) };
}

type SnapshotRow = typeof statsReportSnapshots.$inferSelect;
const snapshotOut = (r: SnapshotRow) => ({
  id: r.id,
  kind: r.kind,
  period: r.period,
  layout: r.layout,
  scopeRegionCode: r.scopeRegionCode,
  scopeDepartmentCode: r.scopeDepartmentCode,
  version: r.version,
  contentHash: r.contentHash,
  reason: r.reason,
  dataAsOf: r.dataAsOf.toISOString(),
  submittedBy: r.submittedBy,
  submittedAt: r.submittedAt.toISOString(),
  content: r.content as ReportContent,
});

/**
 * Submits the report as it computes now: a snapshot with its content hash. A later submission of
 * the same report is a correction — the next version, with a reason; every version is kept.
 * @throws report.period_open (the period has not ended), report.reason_required, report.layout_forbidden,
 *   stats.period_invalid, stats.period_future, stats.region_not_found
 */
export async function submitReport(deps: Deps, ctx: Ctx, b: { kind: Kind; period: string; layout: Layout; regionCode?: string | undefined; reason?: string | undefined }) {
  const today = chinaDay(deps.clock.now());
  const scope = await callerReportScope(deps.db, ctx, b.regionCode);
  const period = reportPeriod(b.kind, b.period, today);
  if (period.to >= today) throw new AppError("report.period_open", `报告期至 ${period.to} 结束，期满后才能报送`, { endsOn: period.to });
  return deps.db.transaction(async (tx) => {
    const key = and(
      eq(statsReportSnapshots.kind, b.kind),
      eq(statsReportSnapshots.period, period.label),
      eq(statsReportSnapshots.layout, b.layout),
      eq(statsReportSnapshots.scopeRegionCode, scope.regionCode),
      eq(statsReportSnapshots.scopeDepartmentCode, scope.departmentCode),
    );
    const [last] = await tx.select({ v: max(statsReportSnapshots.version) }).from(statsReportSnapshots).where(key);
    const version = (last?.v ?? 0) + 1;
    if (version > 1 && !b.reason) throw new AppError("report.reason_required", "更正已报送的报表须填写更正理由", { version });
    const content = await computeReport(tx, b.kind, period, b.layout, scope);
    const row: SnapshotRow = {
      id: randomUUID(),
      kind: b.kind,
      period: period.label,
      layout: b.layout,
      scopeRegionCode: scope.regionCode,
      scopeDepartmentCode: scope.departmentCode,
      version,
      content,
      contentHash: contentHash(content),
      reason: b.reason ?? null,
      dataAsOf: await statsAsOf(tx),
      submittedBy: ctx.actor.userId,
      submittedAt: deps.clock.now(),
    };
    await tx.insert(statsReportSnapshots).values(row);
    await audit(tx, ctx, deps.clock, {
      action: version > 1 ? "report.correct" : "report.submit",
      entityType: "stats_report",
      entityId: row.id,
      regionCode: scope.regionCode,
      after: { kind: row.kind, period: row.period, layout: row.layout, department: row.scopeDepartmentCode, version, contentHash: row.contentHash, reason: row.reason },
    });
    return snapshotOut(row);
  });
}

/** Submitted reports within the caller's scope (a department: its own), newest first. */
export async function listSnapshots(deps: Deps, ctx: Ctx, q: { kind?: Kind | undefined; period?: string | undefined }) {
  const scope = await callerReportScope(deps.db, ctx);
  const list = await deps.db
    .select()
    .from(statsReportSnapshots)
    .where(snapshotScope(scope, q))
    .orderBy(desc(statsReportSnapshots.submittedAt), desc(statsReportSnapshots.version))
    .limit(200);
  return { items: list.map((r) => ({ ...snapshotOut(r), content: undefined })) };
}

function snapshotScope(scope: ReportScope, q: { kind?: Kind | undefined; period?: string | undefined } = {}) {
  return and(
    like(statsReportSnapshots.scopeRegionCode, `${regionPrefix(scope.regionCode)}%`),
    scope.departmentCode ? eq(statsReportSnapshots.scopeDepartmentCode, scope.departmentCode) : undefined,
    q.kind ? eq(statsReportSnapshots.kind, q.kind) : undefined,
    q.period ? eq(statsReportSnapshots.period, q.period.toUpperCase()) : undefined,
  );
}

/**
 * Today's table in the shape of the snapshot as it was submitted: a report submitted before the
 * statistics counted subsidies has no subsidy columns, one submitted before the split by type has
 * the two totals but no `subsidyByType`. Those columns are left out (and nothing else), so an old
 * report whose other figures still hold reads as reproducible.
 */
function asSubmitted(now: ReportContent, submitted: ReportContent): ReportContent {
  const withTotals = hasSubsidyColumns(submitted);
  const withTypes = hasSubsidyTypeColumns(submitted);
  if (withTotals && withTypes) return now;
  const strip = ({ subsidyPersonTimes, subsidyFen, subsidyByType, ...r }: ReportRow): ReportRow => ({
    ...r,
    ...(withTotals ? { subsidyPersonTimes, subsidyFen } : {}),
    ...(withTypes ? { subsidyByType } : {}),
  });
  return { ...now, rows: now.rows.map(strip), total: strip(now.total) };
}

/**
 * One submitted report, and whether today's data still gives the same table (same hash).
 * @throws report.not_found (unknown or outside the caller's scope)
 */
export async function getSnapshot(deps: Deps, ctx: Ctx, id: string) {
  const scope = await callerReportScope(deps.db, ctx);
  const [row] = await deps.db
    .select()
    .from(statsReportSnapshots)
    .where(and(eq(statsReportSnapshots.id, id), snapshotScope(scope)));
  if (!row) throw new AppError("report.not_found", "报表不存在或不在您的范围内");
  const period = parsePeriod(row.period, chinaDay(deps.clock.now()));
  const again = await computeReport(deps.db, row.kind, period, row.layout, { regionCode: row.scopeRegionCode, departmentCode: row.scopeDepartmentCode });
  return { ...snapshotOut(row), reproducible: contentHash(asSubmitted(again, row.content as ReportContent)) === row.contentHash };
}
