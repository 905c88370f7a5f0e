/**
 * 目标任务 and 技能人才结构 (the plan's G1–G3, E5, K4, K5, S1). A target is one number for a period
 * (a year, or the plan's three years "2019-2021"), a line ("total" or a program code), a region and
 * optionally a department's share of that region.
 */
import { z } from "zod";
import { regionCode } from "./common.ts";

export const FIRST_TARGET_YEAR = 2019;
/** the plan's three years (吉政办发〔2019〕38号) */
export const PLAN_CYCLE = "2019-2021";
export const PLAN_CYCLE_YEARS = ["2019", "2020", "2021"] as const;

/** G2 and G3: skilled workers ≈ 25% of the employed, high-skilled talent ≈ 30% of skilled workers */
export const skillGoals = { skilledShare: 0.25, highSkilledShare: 0.3 } as const;

/** The line of a target that is not a program: all subsidized training (G1). */
export const TOTAL_LINE = "total";
/** S1's provincial chief-technician studios are counted, not trained: not a program of the catalogue. */
export const STUDIO_LINE = "S1";

export const targetUnits = ["person_times", "persons", "studios"] as const;
export type TargetUnit = (typeof targetUnits)[number];
export const targetUnitLabels: Record<TargetUnit, string> = { person_times: "人次", persons: "人", studios: "个" };
/** E5 counts apprentices (persons), S1 studios; every other line person-times */
export const unitOfLine = (line: string): TargetUnit => (line === "E5" ? "persons" : line === STUDIO_LINE ? "studios" : "person_times");

const period = z.string().regex(/^\d{4}(-\d{4})?$/, "须为年度（如 2020）或规划期 2019-2021");
const line = z.string().regex(/^(total|[A-Z]\d)$/, "须为 total 或项目编号（如 K4）");
const departmentCode = z.string().regex(/^[a-z]{2,20}$/, "须为部门代码");
/** numbers arrive whole; below zero is refused by the service with its own code (target.negative) */
const count = z.number({ error: "须为数字" }).int("须为整数").max(100_000_000, "数值过大");

export const overviewQuery = z.strictObject({ year: z.coerce.number({ error: "须为年份" }).int("须为年份") });
export const overviewView = z.object({
  year: z.number().int(),
  scopeRegionCode: z.string(),
  total: z.object({ target: z.number().int().nullable() }),
  children: z.array(z.object({ regionCode: z.string(), regionName: z.string(), target: z.number().int().nullable() })),
  programs: z.array(z.object({ programCode: z.string(), programName: z.string(), target: z.number().int().nullable() })),
});
export type OverviewView = z.infer<typeof overviewView>;

export const cascadeQuery = z.strictObject({
  period,
  line: line.default(TOTAL_LINE),
  /** defaults to the caller's own level */
  regionCode: regionCode.optional(),
});

export const targetRow = z.object({
  key: z.string(),
  period: z.string(),
  line: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  departmentCode: z.string().nullable(),
  departmentName: z.string().nullable(),
  target: z.number().int().nullable(),
  version: z.number().int(),
  updatedAt: z.string().nullable(),
  updatedByName: z.string().nullable(),
  /** what its next level holds in total (regions below it), null at a county or department share */
  childrenSum: z.number().int().nullable(),
  abilities: z.object({ edit: z.boolean() }),
});
export type TargetRow = z.infer<typeof targetRow>;

export const targetLineView = z.object({ line: z.string(), name: z.string(), unit: z.enum(targetUnits) });
export type TargetLineView = z.infer<typeof targetLineView>;

export const cascadeView = z.object({
  period: z.string(),
  line: targetLineView,
  lines: z.array(targetLineView),
  periods: z.array(z.string()),
  node: targetRow,
  /** the region above, when the caller may see it (lets the page go back up) */
  parentRegionCode: z.string().nullable(),
  children: z.array(targetRow),
  departments: z.array(targetRow),
  /** for a year of the plan: the three-year target of the same line, region and department */
  cycleTarget: z.number().int().nullable(),
});
export type CascadeView = z.infer<typeof cascadeView>;

export const setTargetBody = z.strictObject({
  period,
  line,
  regionCode,
  departmentCode: departmentCode.nullable().default(null),
  target: count,
  reason: z.string().trim().min(2, "请填写调整依据或说明（至少 2 个字）").max(200),
  /** the version the editor saw (0: not set yet); a later one means someone else changed it */
  baseVersion: z.number().int().min(0),
});
export type SetTargetBody = z.infer<typeof setTargetBody>;

export const historyQuery = z.strictObject({ period, line, regionCode, departmentCode: departmentCode.optional() });
export const historyView = z.object({
  items: z.array(z.object({ version: z.number().int(), target: z.number().int(), reason: z.string(), at: z.string(), byName: z.string() })),
});

export const skillStructureQuery = z.strictObject({ year: z.coerce.number({ error: "须为年份" }).int("须为年份") });
export const skillStructureBody = z.strictObject({
  year: z.number().int("须为年份"),
  employed: count,
  skilled: count,
  highSkilled: count,
  reason: z.string().trim().min(2, "请填写数据来源（至少 2 个字）").max(200),
  baseVersion: z.number().int().min(0),
});
export type SkillStructureBody = z.infer<typeof skillStructureBody>;

const shares = z.object({ skilledShare: z.number().nullable(), highSkilledShare: z.number().nullable() });
export const skillStructureView = z.object({
  year: z.number().int(),
  goals: z.object({ skilledShare: z.number(), highSkilledShare: z.number() }),
  entered: z
    .object({
      employed: z.number().int(),
      skilled: z.number().int(),
      highSkilled: z.number().int(),
      version: z.number().int(),
      reason: z.string(),
      at: z.string(),
      byName: z.string(),
    })
    .nullable(),
  /** valid certificates with a level issued on the platform during the year, levels 5 → 1 */
  certificates: z.array(z.object({ level: z.string(), levelName: z.string(), count: z.number().int() })),
  /** shares of the entered (start-of-year) figures */
  base: shares,
  /** shares with the year's platform certificates added (an upper estimate, see skill-structure.ts) */
  withCertificates: shares,
  series: z.array(z.object({ year: z.number().int(), base: shares, withCertificates: shares })),
  abilities: z.object({ enter: z.boolean() }),
});
export type SkillStructureView = z.infer<typeof skillStructureView>;
