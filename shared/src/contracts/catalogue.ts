import { z } from "zod";
import { isoDateIn, pageQuery, paged, regionCode, uuid } from "./common.ts";

/** 职业分类大典 code, D-DD-DD-DD (e.g. 6-18-01-01 车工) */
export const occupationCode = z.string().trim().regex(/^\d-\d{2}-\d{2}-\d{2}$/, "职业编码格式应为 D-DD-DD-DD，如 6-18-01-01");
export const occupationEdition = z.union([z.literal(2015), z.literal(2022)], { error: "大典版本只能是 2015 或 2022" });
export const isoDate = isoDateIn("日期格式应为 YYYY-MM-DD");
export const trainingModes = ["offline", "online", "blended"] as const;
export const trainingMode = z.enum(trainingModes, { error: "培训方式只能是 offline、online 或 blended" });
export const skillLevel = z.enum(["1", "2", "3", "4", "5"], { error: "技能等级为 1–5" });
export const itemStatuses = ["draft", "published", "withdrawn"] as const;
/** integer fen: no fractions, never negative */
export const amountFen = z
  .number({ error: "金额须为数字（单位：分）" })
  .int("金额须为整数（单位：分），不能有小数")
  .min(0, "金额不能为负数")
  .max(1_000_000_000, "金额过大");
const percent = (max: number) => z.number().int("须为整数百分比").min(0, "不能为负数").max(max, `不能超过 ${max}`);

// ---- occupations ----
export const createOccupationBody = z.strictObject({
  edition: occupationEdition,
  code: occupationCode,
  name: z.string().trim().min(1, "请输入职业名称").max(100),
  /** 2022 edition marks: S digital occupation, L green occupation */
  digital: z.boolean().default(false),
  green: z.boolean().default(false),
  /** 工种 listed under the occupation */
  trades: z.array(z.string().trim().min(1).max(60)).max(100).default([]),
  note: z.string().trim().max(500).nullish(),
});
export type CreateOccupationBody = z.infer<typeof createOccupationBody>;

export const updateOccupationBody = z.strictObject({
  name: z.string().trim().min(1).max(100).optional(),
  digital: z.boolean().optional(),
  green: z.boolean().optional(),
  trades: z.array(z.string().trim().min(1).max(60)).max(100).optional(),
  note: z.string().trim().max(500).nullish(),
  status: z.enum(["active", "retired"]).optional(),
});
export type UpdateOccupationBody = z.infer<typeof updateOccupationBody>;

export const listOccupationsQuery = z.strictObject({
  q: z.string().trim().max(64).optional(),
  edition: z.coerce.number().pipe(occupationEdition).optional(),
  ...pageQuery,
});

export const occupationView = z.object({
  id: z.string(),
  edition: z.number().int(),
  code: z.string(),
  name: z.string(),
  digital: z.boolean(),
  green: z.boolean(),
  trades: z.array(z.string()),
  note: z.string().nullable(),
  /** demonstration record shipped with the software, not an official list */
  demo: z.boolean(),
  status: z.enum(["active", "retired"]),
  abilities: z.object({ update: z.boolean() }),
});
export const occupationList = paged(occupationView);

// ---- catalogue items and versions ----
export const versionInput = z.strictObject({
  effectiveFrom: isoDate,
  /** last day in force (inclusive); null = open-ended */
  effectiveTo: isoDate.nullish(),
  minHours: z.number().int("课时须为整数").min(1, "最少课时至少为 1").max(5000),
  maxHours: z.number().int("课时须为整数").min(1).max(5000),
  minTheoryPercent: percent(100),
  minPracticePercent: percent(100),
  modes: z.array(trainingMode).min(1, "至少选择一种培训方式").max(3),
  note: z.string().trim().max(500).nullish(),
});
export type VersionInput = z.infer<typeof versionInput>;

export const updateVersionBody = versionInput.partial();
export type UpdateVersionBody = z.infer<typeof updateVersionBody>;

const itemFields = {
  occupationId: uuid.nullish(),
  tradeName: z.string().trim().min(1).max(60).nullish(),
  /** a named special project (创业培训, 安全技能 …) when there is no occupation */
  projectName: z.string().trim().min(1).max(100).nullish(),
  trainingType: z.string().min(1).max(32),
  certificateTypes: z.array(z.string().min(1).max(32)).min(1, "至少选择一种证书类型").max(5),
  skillLevels: z.array(skillLevel).max(5).default([]),
  industryCode: z.string().min(1).max(32).nullish(),
  programCodes: z.array(z.string().min(1).max(8)).max(20).default([]),
};

export const createItemBody = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,32}$/, "项目编号为 1–32 位字母、数字、下划线或连字符"),
  ...itemFields,
  firstVersion: versionInput,
});
export type CreateItemBody = z.infer<typeof createItemBody>;

export const updateItemBody = z.strictObject({
  occupationId: itemFields.occupationId,
  tradeName: itemFields.tradeName,
  projectName: itemFields.projectName,
  trainingType: itemFields.trainingType.optional(),
  certificateTypes: itemFields.certificateTypes.optional(),
  skillLevels: z.array(skillLevel).max(5).optional(),
  industryCode: itemFields.industryCode,
  programCodes: z.array(z.string().min(1).max(8)).max(20).optional(),
});
export type UpdateItemBody = z.infer<typeof updateItemBody>;

export const listItemsQuery = z.strictObject({
  /** occupation code or name, trade, project name or item code */
  q: z.string().trim().max(64).optional(),
  trainingType: z.string().max(32).optional(),
  programCode: z.string().max(8).optional(),
  industryCode: z.string().max(32).optional(),
  skillLevel: skillLevel.optional(),
  certificateType: z.string().max(32).optional(),
  status: z.enum(itemStatuses).optional(),
  ...pageQuery,
});
export type ListItemsQuery = z.infer<typeof listItemsQuery>;

export const versionView = z.object({
  id: z.string(),
  effectiveFrom: z.string(),
  effectiveTo: z.string().nullable(),
  minHours: z.number().int(),
  maxHours: z.number().int(),
  minTheoryPercent: z.number().int(),
  minPracticePercent: z.number().int(),
  modes: z.array(z.enum(trainingModes)),
  note: z.string().nullable(),
});

const occupationRef = z.object({ id: z.string(), edition: z.number().int(), code: z.string(), name: z.string(), digital: z.boolean(), green: z.boolean() });

export const itemView = z.object({
  id: z.string(),
  code: z.string(),
  displayName: z.string(),
  occupation: occupationRef.nullable(),
  tradeName: z.string().nullable(),
  projectName: z.string().nullable(),
  trainingType: z.string(),
  certificateTypes: z.array(z.string()),
  skillLevels: z.array(z.string()),
  industryCode: z.string().nullable(),
  programCodes: z.array(z.string()),
  status: z.enum(itemStatuses),
  versions: z.array(versionView),
  /** version in force today, if any */
  currentVersion: versionView.nullable(),
  publishedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  abilities: z.object({ update: z.boolean(), publish: z.boolean(), withdraw: z.boolean(), addVersion: z.boolean() }),
});
export type ItemView = z.infer<typeof itemView>;
export const itemList = paged(itemView);

// ---- subsidy standards ----
/** 补贴类型 of a standard: 培训补贴, or 鉴定/评价补贴 (no factors; never 培训合格证书) */
export const standardSubsidyTypes = ["training", "evaluation"] as const;
export const standardSubsidyType = z.enum(standardSubsidyTypes, { error: "补贴类型只能是 training（培训补贴）或 evaluation（评价补贴）" });
export type StandardSubsidyType = z.infer<typeof standardSubsidyType>;
export const standardSubsidyTypeLabels: Record<StandardSubsidyType, string> = { training: "培训补贴", evaluation: "评价补贴" };

export const createStandardBody = z.strictObject({
  subsidyType: standardSubsidyType.default("training"),
  itemId: uuid,
  /** 220000 = province default; a city's code for a city-specific standard */
  regionCode,
  certificateType: z.string().min(1).max(32),
  skillLevel: skillLevel.nullish(),
  amountFen,
  /** shortage grade factor, e.g. 100 / 90 / 80 */
  shortageFactorPercent: percent(200).min(1, "至少为 1").default(100),
  onlineFactorPercent: percent(200).default(100),
  /** e.g. 70: blended delivery earns 70% of the offline amount */
  blendedFactorPercent: percent(200).default(100),
  effectiveFrom: isoDate,
  effectiveTo: isoDate.nullish(),
  note: z.string().trim().max(500).nullish(),
});
/** input type: callers may omit the defaulted fields (subsidy type training, factors 100) */
export type CreateStandardBody = z.input<typeof createStandardBody>;

export const updateStandardBody = z.strictObject({
  subsidyType: standardSubsidyType.optional(),
  amountFen: amountFen.optional(),
  shortageFactorPercent: percent(200).min(1).optional(),
  onlineFactorPercent: percent(200).optional(),
  blendedFactorPercent: percent(200).optional(),
  effectiveFrom: isoDate.optional(),
  effectiveTo: isoDate.nullish(),
  note: z.string().trim().max(500).nullish(),
});
export type UpdateStandardBody = z.infer<typeof updateStandardBody>;

export const listStandardsQuery = z.strictObject({
  subsidyType: standardSubsidyType.optional(),
  itemId: uuid.optional(),
  regionCode: regionCode.optional(),
  /** only standards in force on this date */
  onDate: isoDate.optional(),
  ...pageQuery,
});

export const standardView = z.object({
  id: z.string(),
  subsidyType: standardSubsidyType,
  itemId: z.string(),
  itemCode: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  certificateType: z.string(),
  skillLevel: z.string().nullable(),
  amountFen: z.number().int(),
  shortageFactorPercent: z.number().int(),
  onlineFactorPercent: z.number().int(),
  blendedFactorPercent: z.number().int(),
  effectiveFrom: z.string(),
  effectiveTo: z.string().nullable(),
  note: z.string().nullable(),
  abilities: z.object({ update: z.boolean(), delete: z.boolean() }),
});
export type StandardView = z.infer<typeof standardView>;
export const standardList = paged(standardView);

export const lookupStandardQuery = z.strictObject({
  subsidyType: standardSubsidyType.default("training"),
  itemId: uuid,
  /** any Jilin code: a county resolves to its city, then the province default */
  regionCode,
  certificateType: z.string().min(1).max(32),
  skillLevel: skillLevel.optional(),
  mode: trainingMode.default("offline"),
  date: isoDate.optional(),
});

export const standardAnswer = z.object({
  amountFen: z.number().int(),
  baseAmountFen: z.number().int(),
  shortageFactorPercent: z.number().int(),
  modeFactorPercent: z.number().int(),
  /** amount = round_half_up(base × shortage% × mode% / 10000), to whole fen */
  rounding: z.literal("half_up_fen"),
  resolvedRegionCode: z.string(),
  standardId: z.string(),
  subsidyType: standardSubsidyType,
  effectiveFrom: z.string(),
  effectiveTo: z.string().nullable(),
});

// ---- imports ----
export const importQuery = z.strictObject({
  filename: z.string().trim().min(1, "请提供文件名").max(200),
  dryRun: z
    .enum(["true", "false", "1", "0"])
    .default("false")
    .transform((v) => v === "true" || v === "1"),
});

export const importResult = z.object({
  dryRun: z.boolean(),
  rows: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  problems: z.array(z.object({ row: z.number().int(), column: z.string().nullable(), code: z.string(), message: z.string() })),
});
export type ImportResult = z.infer<typeof importResult>;

// ---- public portal ----
export const publicCatalogueQuery = z.strictObject({
  q: z.string().trim().max(64).optional(),
  trainingType: z.string().max(32).optional(),
  programCode: z.string().max(8).optional(),
  industryCode: z.string().max(32).optional(),
  skillLevel: skillLevel.optional(),
  /** city whose standards to show; default the province default 220000 */
  regionCode: regionCode.default("220000"),
  date: isoDate.optional(),
  ...pageQuery,
});
export const publicItemQuery = z.strictObject({ regionCode: regionCode.default("220000"), date: isoDate.optional() });

export const publicItemView = z.object({
  id: z.string(),
  code: z.string(),
  displayName: z.string(),
  occupation: z.object({ edition: z.number().int(), code: z.string(), name: z.string(), digital: z.boolean(), green: z.boolean() }).nullable(),
  tradeName: z.string().nullable(),
  projectName: z.string().nullable(),
  trainingType: z.string(),
  certificateTypes: z.array(z.string()),
  skillLevels: z.array(z.string()),
  industryCode: z.string().nullable(),
  programCodes: z.array(z.string()),
  version: versionView.omit({ id: true, note: true }),
  standards: z.array(
    z.object({
      subsidyType: standardSubsidyType,
      certificateType: z.string(),
      skillLevel: z.string().nullable(),
      /** offline amount after the shortage factor, in fen */
      amountFen: z.number().int(),
      onlineFactorPercent: z.number().int(),
      blendedFactorPercent: z.number().int(),
      regionCode: z.string(),
      effectiveFrom: z.string(),
      effectiveTo: z.string().nullable(),
    }),
  ),
});
export const publicItemList = paged(publicItemView).extend({ regionCode: z.string(), date: z.string() });
