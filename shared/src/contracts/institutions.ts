import { z } from "zod";
import { checkCreditCode } from "../ids.ts";
import { isoDateIn, pageQuery, paged, regionCode, uuid } from "./common.ts";

/** 机构类型: a small code list, stored as checked text. */
export const institutionTypes = [
  { code: "technical_school", label: "技工院校" },
  { code: "vocational_college", label: "职业院校" },
  { code: "private_school", label: "民办职业培训学校" },
  { code: "enterprise_center", label: "企业培训中心" },
  { code: "public_base", label: "公共实训基地" },
  { code: "enterprise", label: "企业" },
  { code: "evaluation_body", label: "评价机构" },
] as const;
export const institutionTypeCodes = ["technical_school", "vocational_college", "private_school", "enterprise_center", "public_base", "enterprise", "evaluation_body"] as const;
export type InstitutionType = (typeof institutionTypeCodes)[number];

/** training = 培训机构, evaluation = 评价机构, both = 培训和评价 */
export const institutionRoles = ["training", "evaluation", "both"] as const;
export type InstitutionRole = (typeof institutionRoles)[number];

export const institutionStatuses = ["pending", "returned", "approved", "suspended", "banned", "withdrawn"] as const;
export type InstitutionStatus = (typeof institutionStatuses)[number];

export const institutionActions = ["approve", "return", "resubmit", "suspend", "ban", "reinstate", "renew", "withdraw", "reapply"] as const;
export type InstitutionAction = (typeof institutionActions)[number];

export type SanctionLevel = 1 | 2 | 3 | 4;

export const facilityTypes = ["classroom", "workshop", "training_base", "exam_site", "other"] as const;

const date = isoDateIn("须为日期 YYYY-MM-DD");
const text = (max: number, msg = "必填") => z.string().trim().min(1, msg).max(max);
const mobileOrPhone = z.string().trim().regex(/^(1\d{10}|0\d{2,3}-?\d{7,8})$/, "须为 11 位手机号或带区号的固定电话");

export const creditCode = z
  .string()
  .trim()
  .superRefine((v, ctx) => {
    const r = checkCreditCode(v);
    if (!r.ok) ctx.addIssue({ code: "custom", message: r.message, params: { reason: `credit_code_${r.problem}` } });
  })
  .transform((v) => v.toUpperCase());

/** the fields an institution maintains about itself (registration and later edits) */
const institutionFields = {
  name: text(100, "请输入机构名称"),
  type: z.enum(institutionTypeCodes),
  address: text(200, "请输入地址"),
  /** the institution's own enquiry phone, shown on the public portal */
  publicPhone: mobileOrPhone.nullish(),
  licenceNo: text(64, "请输入办学许可证（或营业执照）编号"),
  licenceValidUntil: date,
  contactName: text(50, "请输入联系人"),
  contactPhone: mobileOrPhone,
  bankAccountName: text(100, "请输入开户名"),
  bankName: text(100, "请输入开户银行"),
  bankAccountNumber: z.string().trim().regex(/^\d{8,32}$/, "银行账号须为 8–32 位数字"),
  /** plan programs (E1…B5) the institution serves */
  programCodes: z.array(z.string().regex(/^[EKB]\d$/, "须为计划项目代码，如 E1")).max(16).default([]),
};

export const registerInstitutionBody = z.strictObject({
  creditCode,
  role: z.enum(institutionRoles),
  regionCode,
  ...institutionFields,
  username: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.-]{3,32}$/, "用户名为 3–32 位字母、数字、下划线、点或连字符"),
  password: z.string().min(1, "请输入密码").max(128),
});
export type RegisterInstitutionBody = z.infer<typeof registerInstitutionBody>;

export const updateInstitutionBody = z.strictObject({
  name: institutionFields.name.optional(),
  type: institutionFields.type.optional(),
  address: institutionFields.address.optional(),
  publicPhone: institutionFields.publicPhone,
  licenceNo: institutionFields.licenceNo.optional(),
  licenceValidUntil: date.optional(),
  contactName: institutionFields.contactName.optional(),
  contactPhone: mobileOrPhone.optional(),
  bankAccountName: institutionFields.bankAccountName.optional(),
  bankName: institutionFields.bankName.optional(),
  bankAccountNumber: institutionFields.bankAccountNumber.optional(),
  programCodes: z.array(z.string().regex(/^[EKB]\d$/)).max(16).optional(),
});
export type UpdateInstitutionBody = z.infer<typeof updateInstitutionBody>;

/**
 * Fields the catalogue, the public portal and plan programs rely on: once an institution is
 * approved, changing them is a proposal the county reviews (with the qualification proposals).
 */
export const reviewedFields = [
  { field: "name", label: "机构名称" },
  { field: "type", label: "机构类型" },
  { field: "address", label: "地址" },
  { field: "programCodes", label: "计划项目" },
] as const;
export type ReviewedField = (typeof reviewedFields)[number]["field"];
export interface InstitutionChanges {
  name?: string;
  type?: InstitutionType;
  address?: string;
  programCodes?: string[];
}

export const qualificationInput = z
  .strictObject({
    /** 职业分类大典 code D-DD-DD-DD; or a projectName for 专项职业能力 */
    occupationCode: z.string().trim().regex(/^\d-\d{2}-\d{2}-\d{2}$/, "职业编码格式为 D-DD-DD-DD，如 6-18-01-01").nullish(),
    projectName: z.string().trim().min(2).max(100).nullish(),
    occupationName: text(100, "请输入职业（工种）或项目名称"),
    /** highest skill level it may train: 5 (初级) … 1 (高级技师); none for a special project */
    maxLevel: z.number().int().min(1).max(5).nullish(),
    /** trainees it can train at the same time */
    capacity: z.number().int().min(1).max(100_000),
  })
  .superRefine((q, ctx) => {
    if (!q.occupationCode === !q.projectName) ctx.addIssue({ code: "custom", path: ["occupationCode"], message: "职业编码与专项能力项目名称须二选一" });
    if (q.occupationCode && !q.maxLevel) ctx.addIssue({ code: "custom", path: ["maxLevel"], message: "请选择最高等级" });
    if (q.projectName && q.maxLevel) ctx.addIssue({ code: "custom", path: ["maxLevel"], message: "专项职业能力项目不分等级" });
  });
export type QualificationInput = z.infer<typeof qualificationInput>;

export const teacherInput = z.strictObject({
  name: text(50, "请输入姓名"),
  idNumber: z.string().trim().min(1, "请输入身份证号").max(18),
  qualifications: z.string().trim().max(500).default(""),
  employment: z.enum(["full_time", "part_time"]),
});
export type TeacherInput = z.infer<typeof teacherInput>;

export const facilityInput = z.strictObject({
  name: text(100, "请输入场地名称"),
  type: z.enum(facilityTypes),
  /** square metres */
  areaM2: z.number().int().min(1).max(1_000_000),
  capacity: z.number().int().min(1).max(100_000),
  address: text(200, "请输入地址"),
});
export type FacilityInput = z.infer<typeof facilityInput>;

export const transitionBody = z.strictObject({
  action: z.enum(["approve", "return", "resubmit", "reinstate", "renew", "withdraw", "reapply"]),
  reason: z.string().trim().max(500).optional(),
});

export const reviewQualificationsBody = z.strictObject({
  decision: z.enum(["approve", "reject"]),
  reason: z.string().trim().max(500).optional(),
});

export const sanctionBody = z.strictObject({
  reason: text(500, "请填写处理事由"),
  /** the day the sanction is decided; defaults to today */
  date: date.optional(),
  /** ask for at least this level (a serious first offence); escalation may raise it */
  level: z.number().int().min(1).max(4).optional(),
});

export const listInstitutionsQuery = z.strictObject({
  q: z.string().trim().max(64).optional(),
  regionCode: regionCode.optional(),
  status: z.enum(institutionStatuses).optional(),
  type: z.enum(institutionTypeCodes).optional(),
  programCode: z.string().regex(/^[EKB]\d$/).optional(),
  ...pageQuery,
});
export type ListInstitutionsQuery = z.infer<typeof listInstitutionsQuery>;

export const expiringQuery = z.strictObject({ days: z.coerce.number().int().min(1).max(366).default(30) });

export const publicSearchQuery = z.strictObject({
  /** a city covers its counties */
  regionCode: regionCode.optional(),
  /** an occupation code (6-18-01-01) or words of its name */
  occupation: z.string().trim().min(1).max(64).optional(),
  type: z.enum(institutionTypeCodes).optional(),
  page: pageQuery.page,
  pageSize: z.coerce.number().int().min(1).max(50).default(20),
});

export const importQuery = z.strictObject({
  filename: z.string().min(1).max(200),
  dryRun: z
    .enum(["true", "false"])
    .default("true")
    .transform((v) => v === "true"),
});

export const idParams = z.strictObject({ id: uuid });
export const childParams = z.strictObject({ id: uuid, childId: uuid });

const qualificationView = z.object({
  id: z.string(),
  occupationCode: z.string().nullable(),
  projectName: z.string().nullable(),
  occupationName: z.string(),
  maxLevel: z.number().nullable(),
  capacity: z.number(),
  /** active = approved; proposed_add / proposed_remove wait for the county's review */
  state: z.enum(["active", "proposed_add", "proposed_remove"]),
});

export const teacherView = z.object({
  id: z.string(),
  name: z.string(),
  idNumberMasked: z.string(),
  qualifications: z.string(),
  employment: z.enum(["full_time", "part_time"]),
});

export const facilityView = z.object({
  id: z.string(),
  name: z.string(),
  type: z.enum(facilityTypes),
  areaM2: z.number(),
  capacity: z.number(),
  address: z.string(),
});

const sanctionView = z.object({
  id: z.string(),
  level: z.number(),
  label: z.string(),
  date: z.string(),
  until: z.string().nullable(),
  reason: z.string(),
});

export const institutionSummary = z.object({
  id: z.string(),
  creditCode: z.string(),
  name: z.string(),
  type: z.enum(institutionTypeCodes),
  typeLabel: z.string(),
  role: z.enum(institutionRoles),
  status: z.enum(institutionStatuses),
  regionCode: z.string(),
  regionName: z.string(),
  licenceValidUntil: z.string(),
  agreementValidUntil: z.string().nullable(),
  sanctionedUntil: z.string().nullable(),
});

export const institutionView = institutionSummary.extend({
  address: z.string(),
  publicPhone: z.string().nullable(),
  licenceNo: z.string(),
  contactName: z.string(),
  contactPhone: z.string(),
  bankAccountName: z.string(),
  bankName: z.string(),
  bankAccountMasked: z.string(),
  approvedAt: z.string().nullable(),
  reviewNote: z.string().nullable(),
  programCodes: z.array(z.string()),
  qualifications: z.array(qualificationView),
  teachers: z.array(teacherView),
  facilities: z.array(facilityView),
  sanctions: z.array(sanctionView),
  /** identity changes proposed after approval, waiting for the county (before → after) */
  pendingChanges: z.array(
    z.object({
      field: z.enum(["name", "type", "address", "programCodes"]),
      label: z.string(),
      before: z.union([z.string(), z.array(z.string())]),
      after: z.union([z.string(), z.array(z.string())]),
    }),
  ),
  createdAt: z.string(),
  updatedAt: z.string(),
  abilities: z.object({
    edit: z.boolean(),
    approve: z.boolean(),
    return: z.boolean(),
    resubmit: z.boolean(),
    reinstate: z.boolean(),
    renew: z.boolean(),
    withdraw: z.boolean(),
    reapply: z.boolean(),
    sanction: z.boolean(),
    reviewQualifications: z.boolean(),
    viewSensitive: z.boolean(),
  }),
});
export type InstitutionView = z.infer<typeof institutionView>;

export const institutionList = paged(institutionSummary);

export const expiringList = z.object({
  days: z.number(),
  items: z.array(institutionSummary.extend({ daysLeft: z.number() })),
});

export const registrationResult = z.object({
  institution: z.object({ id: z.string(), name: z.string(), status: z.enum(institutionStatuses) }),
  username: z.string(),
});

export const sanctionResult = z.object({ sanction: sanctionView, institution: institutionView });

export const teacherIdNumber = z.object({ id: z.string(), idNumber: z.string() });

/** Public portal: only public fields (no people's ID numbers, phones or bank details). */
export const publicInstitution = z.object({
  id: z.string(),
  creditCode: z.string(),
  name: z.string(),
  type: z.enum(institutionTypeCodes),
  typeLabel: z.string(),
  role: z.enum(institutionRoles),
  regionCode: z.string(),
  regionName: z.string(),
  address: z.string(),
  publicPhone: z.string().nullable(),
  agreementValidUntil: z.string().nullable(),
  programCodes: z.array(z.string()),
  qualifications: z.array(qualificationView.omit({ id: true, state: true })),
  teacherCount: z.number(),
  facilityCount: z.number(),
});
export const publicInstitutionList = paged(publicInstitution);

export const importResult = z.object({
  dryRun: z.boolean(),
  total: z.number(),
  created: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  problems: z.array(z.object({ row: z.number(), column: z.string().nullable(), code: z.string(), message: z.string() })),
  /** rows that match an already registered institution: never changed by an import, only reported */
  warnings: z.array(z.object({ row: z.number(), column: z.string().nullable(), code: z.string(), message: z.string() })),
});
