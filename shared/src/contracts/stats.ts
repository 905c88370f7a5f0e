import { z } from "zod";
import { pageQuery, paged } from "./common.ts";
import { claimSubsidyTypeLabels, claimSubsidyTypeValues } from "./subsidies.ts";

/**
 * Statistics (one statistical scope, DOMAIN §6) and the quarterly / annual reports (M1).
 * Periods are checked by the service (stats.period_invalid / stats.period_future), so a typo and
 * a future period each get their own code rather than the generic request.invalid.
 */
const regionParam = z.string().max(12).optional();

export const overviewQuery = z.strictObject({
  year: z.string().max(8),
  /** a region inside the caller's scope to look at (default: the scope itself) */
  regionCode: regionParam,
});

const totals = z.object({
  classesOpened: z.number().int(),
  classesStarted: z.number().int(),
  classesCompleted: z.number().int(),
  personTimesStarted: z.number().int(),
  personTimesCompleted: z.number().int(),
  persons: z.number().int(),
  certificates: z.number().int(),
});
export type StatsTotals = z.infer<typeof totals>;

/**
 * Subsidies paid in the period (every subsidy type): claim lines paid to their payee, by payment
 * day, within the same scope as the training figures. Money in integer fen.
 */
const subsidyFigures = {
  subsidyPersonTimes: z.number().int(),
  subsidyFen: z.number().int(),
};
export type SubsidyFigures = { subsidyPersonTimes: number; subsidyFen: number };

export const overviewView = z.object({
  year: z.number().int(),
  asOf: z.string(),
  scopeRegionCode: z.string(),
  totals,
  /** subsidies paid in the year within the scope: person-times (one per paid claim line) and fen */
  subsidies: z.object({
    personTimes: z.number().int(),
    amountFen: z.number().int(),
    /** the same split by subsidy type, always the four types in order; they add up to the totals */
    byType: z.array(z.object({ type: z.enum(claimSubsidyTypeValues), name: z.string(), personTimes: z.number().int(), amountFen: z.number().int() })),
  }),
  /**
   * 公示 and 异议 of the year within the scope: notices published in the year with lines of claims
   * in scope (`lines`: those lines), and the objections to those lines (raised; upheld of them)
   */
  notices: z.object({ published: z.number().int(), lines: z.number().int(), objections: z.number().int(), upheld: z.number().int() }),
  children: z.array(z.object({ regionCode: z.string(), regionName: z.string(), personTimesCompleted: z.number().int(), persons: z.number().int(), certificates: z.number().int() })),
  byMonth: z.array(z.object({ month: z.string(), personTimesCompleted: z.number().int(), certificates: z.number().int() })),
  byCategory: z.array(z.object({ code: z.string(), name: z.string(), personTimesCompleted: z.number().int() })),
  byIndustry: z.array(z.object({ code: z.string(), name: z.string(), personTimesCompleted: z.number().int() })),
});
export type OverviewView = z.infer<typeof overviewView>;

/** the figures a drill-down can open */
export const drillMeasures = ["personTimesStarted", "personTimesCompleted", "certificates"] as const;
export type DrillMeasure = (typeof drillMeasures)[number];

export const recordsQuery = z.strictObject({
  measure: z.enum(drillMeasures),
  /** 2026, 2026Q1 or 2026-03 */
  period: z.string().max(8),
  regionCode: regionParam,
  category: z.string().max(40).optional(),
  industry: z.string().max(40).optional(),
  ...pageQuery,
});

export const recordView = z.object({
  day: z.string(),
  classCode: z.string(),
  classTitle: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  institutionName: z.string(),
  /** masked as the trainees module masks (张*三, 220**************4) */
  personName: z.string(),
  idNumberMasked: z.string(),
  category: z.string(),
});
export const recordList = paged(recordView);

/** breakdown of a year by one dimension, for charts and the dimension rules */
export const statsDimensions = ["region", "department", "category", "trainingType", "program", "industry", "institutionType", "occupation", "level", "certificateType", "fundSource"] as const;
export type StatsDimension = (typeof statsDimensions)[number];

export const breakdownQuery = z.strictObject({
  period: z.string().max(8),
  by: z.string().max(40),
  regionCode: regionParam,
});
export const breakdownView = z.object({
  period: z.string(),
  by: z.enum(statsDimensions),
  asOf: z.string(),
  rows: z.array(z.object({ code: z.string(), name: z.string(), ...totals.shape, ...subsidyFigures })),
});

// ---- reports (季报 / 年报)
export const reportKinds = ["quarterly", "annual"] as const;
export const reportLayouts = ["region", "department"] as const;
export const reportQuery = z.strictObject({
  kind: z.enum(reportKinds),
  /** 2026Q1 for a quarterly report, 2026 for an annual one */
  period: z.string().max(8),
  layout: z.enum(reportLayouts),
  regionCode: regionParam,
});

const subsidyPair = z.object({ personTimes: z.number().int(), fen: z.number().int() });
const subsidyByType = z.object(Object.fromEntries(claimSubsidyTypeValues.map((t) => [t, subsidyPair])) as Record<(typeof claimSubsidyTypeValues)[number], typeof subsidyPair>);
export type SubsidyByType = z.infer<typeof subsidyByType>;

export const reportRow = z.object({
  code: z.string(),
  name: z.string(),
  classesOpened: z.number().int(),
  classesCompleted: z.number().int(),
  personTimesStarted: z.number().int(),
  personTimesCompleted: z.number().int(),
  /** person-times completed by training type code */
  byTrainingType: z.record(z.string(), z.number().int()),
  persons: z.number().int(),
  certificates: z.number().int(),
  /** per mille (‰) so that the content stays integers: 875 = 87.5 % */
  completionRatePermille: z.number().int().nullable(),
  certificationRatePermille: z.number().int().nullable(),
  /**
   * 补贴支付人次 and 补贴支付金额 (fen; shown in yuan). Absent from snapshots submitted before the
   * statistics counted subsidies: such a report shows no subsidy columns rather than invented zeros.
   */
  subsidyPersonTimes: z.number().int().optional(),
  subsidyFen: z.number().int().optional(),
  /**
   * The same split by subsidy type (培训补贴, 鉴定评价补贴, 生活费补贴, 技能提升补贴): person-times and
   * fen per type, adding up to the two totals. Absent from snapshots submitted before the split, which
   * show only the totals.
   */
  subsidyByType: subsidyByType.optional(),
});
export type ReportRow = z.infer<typeof reportRow>;

export const reportContent = z.object({
  title: z.string(),
  kind: z.enum(reportKinds),
  period: z.string(),
  layout: z.enum(reportLayouts),
  scopeRegionCode: z.string(),
  scopeRegionName: z.string(),
  scopeDepartmentCode: z.string(),
  from: z.string(),
  to: z.string(),
  trainingTypes: z.array(z.object({ code: z.string(), name: z.string() })),
  rows: z.array(reportRow),
  total: reportRow,
  note: z.string(),
});
export type ReportContent = z.infer<typeof reportContent>;

/** The report's headings and cells, one list for the .xlsx and the console's print page. */
/** 1234567 fen → 12345.67 (yuan, a number, so Excel can sum the column) */
export const fenToYuan = (fen: number) => fen / 100;
/** 结业率 87.5% from per mille; "—" when there is nothing to divide by */
export const rateText = (permille: number | null) => (permille === null ? "—" : `${(permille / 10).toFixed(1)}%`);

/** Whether the report carries the subsidy columns (every report computed now; not older snapshots). */
export const hasSubsidyColumns = (c: ReportContent) => c.total.subsidyFen !== undefined;
/** Whether it also carries them by subsidy type (every report computed now; not snapshots submitted before the split). */
export const hasSubsidyTypeColumns = (c: ReportContent) => c.total.subsidyByType !== undefined;

/** The report's column headings, in order (the console's print page uses the same list). */
export function reportHeadings(c: ReportContent): string[] {
  return [
    c.layout === "region" ? "地区" : "部门",
    "开班数（期）",
    "结业班数（期）",
    "参训人次",
    "结业人次",
    ...c.trainingTypes.map((t) => `其中：${t.name}`),
    "结业人数（去重）",
    "取证人次",
    "结业率",
    "取证率",
    ...(hasSubsidyColumns(c) ? ["补贴支付人次", "补贴支付金额(元)"] : []),
    ...(hasSubsidyTypeColumns(c) ? claimSubsidyTypeValues.flatMap((t) => [`${claimSubsidyTypeLabels[t]}人次`, `${claimSubsidyTypeLabels[t]}金额(元)`]) : []),
  ];
}

export function reportCells(c: ReportContent, r: ReportRow): (string | number)[] {
  return [
    r.name,
    r.classesOpened,
    r.classesCompleted,
    r.personTimesStarted,
    r.personTimesCompleted,
    ...c.trainingTypes.map((t) => r.byTrainingType[t.code] ?? 0),
    r.persons,
    r.certificates,
    rateText(r.completionRatePermille),
    rateText(r.certificationRatePermille),
    ...(hasSubsidyColumns(c) ? [r.subsidyPersonTimes ?? 0, fenToYuan(r.subsidyFen ?? 0)] : []),
    ...(hasSubsidyTypeColumns(c) ? claimSubsidyTypeValues.flatMap((t) => [r.subsidyByType?.[t].personTimes ?? 0, fenToYuan(r.subsidyByType?.[t].fen ?? 0)]) : []),
  ];
}

/** The cells as a page shows them: money columns ("…(元)") as yuan with two decimals, as the .xlsx formats them. */
export function reportDisplayCells(c: ReportContent, r: ReportRow): (string | number)[] {
  const headings = reportHeadings(c);
  return reportCells(c, r).map((v, i) => (typeof v === "number" && headings[i]?.endsWith("(元)") ? v.toLocaleString("zh-CN", { minimumFractionDigits: 2, maximumFractionDigits: 2 }) : v));
}

export const reportView = z.object({ asOf: z.string(), content: reportContent, contentHash: z.string() });

export const submitReportBody = z.strictObject({
  kind: z.enum(reportKinds),
  period: z.string().max(8),
  layout: z.enum(reportLayouts),
  regionCode: regionParam,
  /** required for a correction (a second or later version) */
  reason: z.string().trim().min(2, "请填写更正理由").max(500).optional(),
});

export const snapshotView = z.object({
  id: z.string(),
  kind: z.enum(reportKinds),
  period: z.string(),
  layout: z.enum(reportLayouts),
  scopeRegionCode: z.string(),
  scopeDepartmentCode: z.string(),
  version: z.number().int(),
  contentHash: z.string(),
  reason: z.string().nullable(),
  dataAsOf: z.string(),
  submittedBy: z.string().nullable(),
  submittedAt: z.string(),
  content: reportContent,
  /** recomputed from today's data: does it still give the same hash? (only on the single-snapshot read) */
  reproducible: z.boolean().optional(),
});
export const snapshotList = z.object({ items: z.array(snapshotView.omit({ content: true })) });

export const snapshotsQuery = z.strictObject({
  kind: z.enum(reportKinds).optional(),
  period: z.string().max(8).optional(),
});
