import { sql } from "drizzle-orm";
import { bigint, check, date, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid, varchar } from "drizzle-orm/pg-core";

/**
 * Statistics rollups (decision 0004). Nothing here is entered by a person: every row is derived
 * from classes, rosters, results and certificates by `refreshStats`, and `rebuildStats` can throw
 * all of it away and derive it again.
 */

/**
 * Change marker: a class whose figures may have changed. Written by triggers on the tables the
 * figures come from (hand-written migration) and by `markClassesDirty`; drained by the refresher.
 */
export const statsDirtyClasses = pgTable("stats_dirty_classes", {
  classId: uuid("class_id").primaryKey(),
  markedAt: timestamp("marked_at", { withTimezone: true, mode: "date" }).notNull(),
});

/** The dimensions every counted record carries ('' when it does not apply or is unknown). */
const dims = {
  regionCode: varchar("region_code", { length: 6 }).notNull(),
  institutionId: uuid("institution_id").notNull(),
  institutionType: text("institution_type").notNull().default(""),
  programCode: text("program_code").notNull(),
  trainingType: text("training_type").notNull().default(""),
  industryCode: text("industry_code").notNull().default(""),
  occupationCode: text("occupation_code").notNull().default(""),
  skillLevel: text("skill_level").notNull().default(""),
  certificateType: text("certificate_type").notNull().default(""),
  fundSource: text("fund_source").notNull().default(""),
  category: text("category").notNull().default(""),
};

export const statsMeasures = [
  "class_opened",
  "class_started",
  "class_completed",
  "pt_started",
  "pt_completed",
  "certificate",
  "subsidy_training",
  "subsidy_evaluation",
  "subsidy_living_allowance",
  "subsidy_skill_upgrading",
] as const;
export type StatsMeasure = (typeof statsMeasures)[number];

/**
 * The ledger: one row per counted fact — a class opened/started/completed (person_id null), a
 * trainee starting or completing a class, a certificate — with the day it is attributed to and
 * its dimensions. Read by class (to subtract a class's old contribution) and by the drill-down;
 * never by the dashboards and reports.
 */
export const statsRecords = pgTable(
  "stats_records",
  {
    classId: uuid("class_id").notNull(),
    measure: text("measure", { enum: statsMeasures }).notNull(),
    /** the person counted; the nil UUID for class measures */
    personId: uuid("person_id").notNull(),
    day: date("day", { mode: "string" }).notNull(),
    ...dims,
    /** subsidy measures: the paid line's amount (fen); 0 for every other measure */
    amountFen: bigint("amount_fen", { mode: "number" }).notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.classId, t.measure, t.personId] }),
    index("stats_records_drill_idx").on(t.measure, t.day, t.regionCode),
    check(
      "stats_records_measure_ck",
      sql`${t.measure} in ('class_opened', 'class_started', 'class_completed', 'pt_started', 'pt_completed', 'certificate', 'subsidy_training', 'subsidy_evaluation', 'subsidy_living_allowance', 'subsidy_skill_upgrading')`,
    ),
  ],
);

/**
 * The rollup the dashboards and reports read: sums of the ledger per month × county × every
 * dimension, and the subsidies paid (person-times and fen, all types and each type, by payment date).
 */
export const statsMonthly = pgTable(
  "stats_monthly",
  {
    /** first day of the month */
    month: date("month", { mode: "string" }).notNull(),
    ...dims,
    classesOpened: integer("classes_opened").notNull().default(0),
    classesStarted: integer("classes_started").notNull().default(0),
    classesCompleted: integer("classes_completed").notNull().default(0),
    personTimesStarted: integer("person_times_started").notNull().default(0),
    personTimesCompleted: integer("person_times_completed").notNull().default(0),
    certificates: integer("certificates_issued").notNull().default(0),
    /** paid subsidy claim lines (one per person and subsidy type) and their amount in fen */
    subsidyPersonTimes: integer("subsidy_person_times").notNull().default(0),
    subsidyFen: bigint("subsidy_fen", { mode: "number" }).notNull().default(0),
    /** the same split by subsidy type (the four pairs add up to the two totals) */
    subsidyTrainingPersonTimes: integer("subsidy_training_person_times").notNull().default(0),
    subsidyTrainingFen: bigint("subsidy_training_fen", { mode: "number" }).notNull().default(0),
    subsidyEvaluationPersonTimes: integer("subsidy_evaluation_person_times").notNull().default(0),
    subsidyEvaluationFen: bigint("subsidy_evaluation_fen", { mode: "number" }).notNull().default(0),
    subsidyLivingAllowancePersonTimes: integer("subsidy_living_allowance_person_times").notNull().default(0),
    subsidyLivingAllowanceFen: bigint("subsidy_living_allowance_fen", { mode: "number" }).notNull().default(0),
    subsidySkillUpgradingPersonTimes: integer("subsidy_skill_upgrading_person_times").notNull().default(0),
    subsidySkillUpgradingFen: bigint("subsidy_skill_upgrading_fen", { mode: "number" }).notNull().default(0),
  },
  (t) => [
    uniqueIndex("stats_monthly_key_uq").on(
      t.month,
      t.regionCode,
      t.institutionId,
      t.institutionType,
      t.programCode,
      t.trainingType,
      t.industryCode,
      t.occupationCode,
      t.skillLevel,
      t.certificateType,
      t.fundSource,
      t.category,
    ),
    index("stats_monthly_institution_idx").on(t.institutionId, t.month),
  ],
);

/**
 * Distinct persons: one row per quarter × county × program × institution × person who completed
 * at least one class there in that quarter, with how many. Unique persons of a scope = count(distinct
 * person_id) over its rows (an index-only scan), never a sum of counts.
 */
export const statsPersonYears = pgTable(
  "stats_person_years",
  {
    year: smallint("year").notNull(),
    quarter: smallint("quarter").notNull(),
    regionCode: varchar("region_code", { length: 6 }).notNull(),
    programCode: text("program_code").notNull(),
    institutionId: uuid("institution_id").notNull(),
    personId: uuid("person_id").notNull(),
    completions: integer("completions").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.year, t.quarter, t.regionCode, t.programCode, t.institutionId, t.personId] }),
    // the refresher looks up the persons a batch touches (unique-person counts)
    index("stats_person_years_person_idx").on(t.personId, t.year),
    index("stats_person_years_empty_idx")
      .on(t.year)
      .where(sql`${t.completions} <= 0`),
  ],
);

/**
 * Unique persons who completed a class, precomputed per year × quarter (0 = the whole year) ×
 * region prefix ('22' the province, '2201' a city, '220102' a county — the prefix a region-wide
 * scope filters by) × department ('' = every department; a department code = the persons who
 * completed a class of a program it leads, so a class led by two departments counts once in each).
 * Kept exact by `recomputeClasses`: the persons a batch touches are taken out with the keys they
 * had and put back with the keys they have (never a sum over regions or departments). A change of
 * a program's lead departments marks the departments it adds or drops (`stats_dirty_departments`),
 * and the refresher counts those departments again. Region-wide scopes read the '' rows, department
 * layouts and department scopes their department's rows; institution scopes count distinct over
 * `stats_person_years`.
 */
export const statsPersonCounts = pgTable(
  "stats_person_counts",
  {
    year: smallint("year").notNull(),
    quarter: smallint("quarter").notNull(),
    regionPrefix: varchar("region_prefix", { length: 6 }).notNull(),
    /** '' = every department */
    departmentCode: text("department_code").notNull().default(""),
    persons: integer("persons").notNull(),
  },
  (t) => [primaryKey({ columns: [t.year, t.quarter, t.regionPrefix, t.departmentCode] })],
);

/**
 * Change marker for the department rows of `stats_person_counts`: a department whose programs
 * changed (a program's lead_department_codes gained or lost it). Written by a trigger on
 * `programs` (hand-written part of the migration); drained by the refresher, which counts the
 * department again from `stats_person_years`.
 */
export const statsDirtyDepartments = pgTable("stats_dirty_departments", {
  departmentCode: text("department_code").primaryKey(),
  markedAt: timestamp("marked_at", { withTimezone: true, mode: "date" }).notNull(),
});

/** When the refresher last ran to the end (the rollup is fresh up to then, or to the oldest pending mark). */
export const statsState = pgTable("stats_state", {
  id: smallint("id").primaryKey(),
  checkedAt: timestamp("checked_at", { withTimezone: true, mode: "date" }).notNull(),
});

export const reportKinds = ["quarterly", "annual"] as const;
export const reportLayouts = ["region", "department"] as const;

/**
 * A submitted 季报/年报: the table exactly as computed, its content hash, and who submitted it.
 * A correction is the next version of the same (kind, period, layout, scope); all versions stay.
 */
export const statsReportSnapshots = pgTable(
  "stats_report_snapshots",
  {
    id: uuid("id").primaryKey(),
    kind: text("kind", { enum: reportKinds }).notNull(),
    /** 2026Q1 or 2026 */
    period: text("period").notNull(),
    layout: text("layout", { enum: reportLayouts }).notNull(),
    /** the region the report covers (the submitter's scope) */
    scopeRegionCode: varchar("scope_region_code", { length: 6 }).notNull(),
    /** department code for a department's report, '' otherwise */
    scopeDepartmentCode: text("scope_department_code").notNull().default(""),
    version: integer("version").notNull(),
    content: jsonb("content").notNull(),
    /** sha256 of the canonical JSON of `content` */
    contentHash: text("content_hash").notNull(),
    /** why this version replaces the previous one (corrections) */
    reason: text("reason"),
    /** the rollup's freshness when it was computed */
    dataAsOf: timestamp("data_as_of", { withTimezone: true, mode: "date" }).notNull(),
    submittedBy: uuid("submitted_by"),
    submittedAt: timestamp("submitted_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [
    uniqueIndex("stats_report_snapshots_version_uq").on(t.kind, t.period, t.layout, t.scopeRegionCode, t.scopeDepartmentCode, t.version),
    check("stats_report_snapshots_kind_ck", sql`${t.kind} in ('quarterly', 'annual')`),
    check("stats_report_snapshots_layout_ck", sql`${t.layout} in ('region', 'department')`),
  ],
);
