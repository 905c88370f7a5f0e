import { z } from "zod";
import { isoDateIn, pageQuery, paged, regionCode, uuid } from "./common.ts";

/** 文化程度 — a small fixed list (GB/T 4658 simplified). */
export const educationCodes = {
  primary: "小学及以下",
  junior_high: "初中",
  senior_high: "高中/中专/技校",
  junior_college: "大专",
  bachelor: "本科",
  postgraduate: "研究生",
} as const;
export type EducationCode = keyof typeof educationCodes;
export const educationCodeList = Object.keys(educationCodes) as [EducationCode, ...EducationCode[]];

/** The seeded `trainee_category` ref codes. */
export const categoryCodes = [
  "poor_labor",
  "poor_family_child",
  "two_after",
  "rural_migrant",
  "urban_unemployed",
  "laid_off",
  "veteran",
  "disabled",
  "new_farmer",
  "graduate",
  "employee",
  "prisoner",
] as const;
export type CategoryCode = (typeof categoryCodes)[number];
/** categories whose evidence reveals health, poverty or a criminal record: evidence is encrypted */
export const sensitiveCategories: ReadonlySet<CategoryCode> = new Set(["disabled", "poor_labor", "poor_family_child", "prisoner"]);

/** registry_match: matched against an imported list (名册比对); commitment: signed 承诺书 */
export const evidenceTypes = ["registry_match", "commitment"] as const;
/** 在编, 领取养老金, 非毕业年度全日制在校生 — recorded facts; working age is computed */
export const exclusionKinds = ["public_payroll", "pensioner", "student"] as const;
export type ExclusionKind = (typeof exclusionKinds)[number];

const date = isoDateIn("须为 YYYY-MM-DD 日期");

export const categoryInput = z.strictObject({
  code: z.enum(categoryCodes),
  evidenceType: z.enum(evidenceTypes),
  /** registry list name, or the 承诺书 reference/file number */
  evidenceRef: z.string().trim().min(1, "请填写名册名称或承诺书编号").max(100),
  /** matched date or signed date */
  evidenceDate: date,
});

export const exclusionInput = z.strictObject({
  kind: z.enum(exclusionKinds),
  source: z.string().trim().min(1, "请填写信息来源").max(100),
  recordedOn: date,
});

export const registerPersonBody = z.strictObject({
  idNumber: z.string().trim().min(1, "请输入身份证号").max(18 + 4),
  name: z.string().trim().min(1, "请输入姓名").max(50),
  /** optional: derived from the ID number; when given it must agree */
  gender: z.enum(["male", "female"]).optional(),
  birthDate: date.optional(),
  phone: z
    .string()
    .regex(/^1\d{10}$/, "须为 11 位手机号")
    .nullish(),
  /** 户籍地: may lie outside Jilin (any 6-digit code) */
  householdRegionCode: regionCode.nullish(),
  /** 居住地: a Jilin region code */
  residenceRegionCode: regionCode,
  education: z.enum(educationCodeList).nullish(),
  employerName: z.string().trim().min(1).max(100).nullish(),
  employerCreditCode: z.string().trim().max(18 + 2).nullish(),
  categories: z.array(categoryInput).max(12).default([]),
  primaryCategory: z.enum(categoryCodes).optional(),
  exclusions: z.array(exclusionInput).max(3).default([]),
  /** which institution registers the person (needed only when the caller works for several) */
  institutionId: uuid.optional(),
  /** when the ID number is already registered and what was entered differs: file the differences as a change request */
  fileChangeRequest: z.boolean().optional(),
});
export type RegisterPersonBody = z.infer<typeof registerPersonBody>;

export const listPersonsQuery = z.strictObject({
  q: z.string().trim().max(50).optional(),
  regionCode: regionCode.optional(),
  category: z.enum(categoryCodes).optional(),
  ...pageQuery,
});

/** exact look-up by full ID number (a POST body, so the number never lands in URLs and access logs) */
export const findByIdNumberBody = z.strictObject({ idNumber: z.string().trim().min(1, "请输入身份证号").max(22) });

export const warningView = z.object({ code: z.string(), message: z.string() });

export const personView = z.object({
  id: z.string(),
  idNumberMasked: z.string(),
  name: z.string(),
  gender: z.enum(["male", "female"]),
  /** the year only (shared shownIdentity): the exact date is part of the full number */
  birthYear: z.number().int(),
  phone: z.string().nullable(),
  /** null when not recorded, or when the caller lacks person.view_id (it usually is the address code) */
  householdRegionCode: z.string().nullable(),
  residenceRegionCode: z.string(),
  residenceRegionName: z.string(),
  education: z.string().nullable(),
  employerName: z.string().nullable(),
  employerCreditCode: z.string().nullable(),
  primaryCategory: z.string().nullable(),
  categories: z.array(
    z.object({
      code: z.string(),
      evidenceType: z.enum(evidenceTypes),
      /** null when the category is sensitive and the caller may not see its evidence */
      evidenceRef: z.string().nullable(),
      evidenceDate: z.string(),
      sensitive: z.boolean(),
    }),
  ),
  exclusions: z.array(z.object({ kind: z.enum(exclusionKinds), source: z.string(), recordedOn: z.string() })),
  warnings: z.array(warningView),
  institutionIds: z.array(z.string()),
  hasAccount: z.boolean(),
  createdAt: z.string(),
  /**
   * false when the caller (an institution) sees only what it entered itself: the person was
   * registered before and is not yet on the roster of one of its approved classes
   */
  fullView: z.boolean(),
  abilities: z.object({ viewIdNumber: z.boolean(), createAccount: z.boolean(), resetPassword: z.boolean(), fileChangeRequest: z.boolean() }),
});
export type PersonView = z.infer<typeof personView>;

/** `totalCapped`: more than `total` (10,000) match — the list says "10,000+" rather than count every row */
export const personList = paged(personView).extend({ totalCapped: z.boolean() });
export const personMatches = z.object({ items: z.array(personView) });
/** Fields a registration, an import or a change request may propose for an existing person. */
export const changeableFields = ["phone", "householdRegionCode", "residenceRegionCode", "education", "employerName", "employerCreditCode", "primaryCategory"] as const;
export type ChangeableField = (typeof changeableFields)[number];
export const changeableFieldLabels: Record<ChangeableField | "categories" | "exclusions", string> = {
  phone: "手机号",
  householdRegionCode: "户籍地",
  residenceRegionCode: "居住地",
  education: "文化程度",
  employerName: "工作单位",
  employerCreditCode: "单位统一社会信用代码",
  primaryCategory: "主要人员类别",
  categories: "人员类别",
  exclusions: "排除情形",
};

/** One field where what was entered differs from the registered record; the stored value is never shown. */
export const differenceView = z.object({ field: z.string(), message: z.string() });

export const registerResult = z.object({
  person: personView,
  created: z.boolean(),
  /** existing person: fields where the entry differs (the record is unchanged) */
  differences: z.array(differenceView),
  /** the change request filed for them, when asked */
  changeRequestId: z.string().nullable(),
});

/** A proposed correction: values to set; categories and exclusions are added, never removed. */
export const personChangesBody = z
  .strictObject({
    phone: z.string().regex(/^1\d{10}$/, "须为 11 位手机号").optional(),
    householdRegionCode: regionCode.optional(),
    residenceRegionCode: regionCode.optional(),
    education: z.enum(educationCodeList).optional(),
    employerName: z.string().trim().min(1).max(100).optional(),
    employerCreditCode: z.string().trim().min(1).max(18 + 2).optional(),
    primaryCategory: z.enum(categoryCodes).optional(),
    categories: z.array(categoryInput).max(12).optional(),
    exclusions: z.array(exclusionInput).max(3).optional(),
  })
  .refine((c) => Object.values(c).some((v) => v !== undefined && (!Array.isArray(v) || v.length > 0)), { message: "请至少填写一项变更" });
export type PersonChangesBody = z.infer<typeof personChangesBody>;

export const changeRequestStatusList = ["pending", "confirmed", "rejected"] as const;
export const changeRequestView = z.object({
  id: z.string(),
  personId: z.string(),
  personName: z.string(),
  idNumberMasked: z.string(),
  status: z.enum(changeRequestStatusList),
  /** the proposed values; `current` only for callers who may decide (they see the whole record) */
  changes: z.array(z.object({ field: z.string(), label: z.string(), proposed: z.string(), current: z.string().nullable() })),
  filedByInstitution: z.boolean(),
  filedAt: z.string(),
  decidedAt: z.string().nullable(),
  note: z.string().nullable(),
  abilities: z.object({ confirm: z.boolean(), reject: z.boolean() }),
});
export type ChangeRequestView = z.infer<typeof changeRequestView>;
export const changeRequestList = z.object({ items: z.array(changeRequestView) });
/** `awaiting=true`: pending requests the caller could confirm now (the home to-do's count) */
export const listChangeRequestsQuery = z.strictObject({ status: z.enum(changeRequestStatusList).optional(), awaiting: z.enum(["true", "false"]).optional(), ...pageQuery });
export type ListChangeRequestsQuery = z.infer<typeof listChangeRequestsQuery>;
export const changeRequestPage = paged(changeRequestView);
export const decideChangeRequestBody = z.strictObject({
  decision: z.enum(["confirm", "reject"]),
  note: z.string().trim().max(200).optional(),
});
export const idNumberView = z.object({ idNumber: z.string() });
export const traineeResetView = z.object({ username: z.string(), oneTimeCode: z.string() });
export const traineeAccountView = z.object({ userId: z.string(), username: z.string(), temporaryPassword: z.string().nullable(), created: z.boolean() });

export const importQuery = z.strictObject({
  mode: z.enum(["dry-run", "commit"]),
  filename: z.string().trim().min(1).max(200),
  institutionId: uuid.optional(),
  /** run as a background job even when small (large files always are) */
  background: z.enum(["true", "false"]).optional(),
  /** on commit, file each already-registered row's differences as a change request */
  fileChangeRequests: z.enum(["true", "false"]).optional(),
});

export const rowProblemView = z.object({ row: z.number().int(), column: z.string().nullable(), code: z.string(), message: z.string() });

export const importReport = z.object({
  mode: z.enum(["dry-run", "commit"]),
  total: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  problemCount: z.number().int(),
  /** the first 1,000 problems */
  problems: z.array(rowProblemView),
  /** rows of already-registered persons whose entry differs (code differs_from_registered, one per field); the record is unchanged */
  warningCount: z.number().int(),
  warnings: z.array(rowProblemView),
  changeRequestsFiled: z.number().int(),
});
export type ImportReport = z.infer<typeof importReport>;

export const importJobView = z.object({
  id: z.string(),
  kind: z.string(),
  /** the uploaded file's name; null for jobs queued before it was kept */
  filename: z.string().nullable(),
  status: z.enum(["queued", "running", "succeeded", "failed"]),
  total: z.number().int(),
  processed: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  problemCount: z.number().int(),
  problems: z.array(rowProblemView),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});

export const importStarted = z.object({ jobId: z.string() });

/** `problems=true`: recent jobs that failed or found problem rows (the home to-do's count) */
export const importJobsQuery = z.strictObject({
  status: z.enum(["queued", "running", "succeeded", "failed"]).optional(),
  problems: z.enum(["true", "false"]).optional(),
  ...pageQuery,
});
export const importJobPage = paged(importJobView.omit({ problems: true }));

/** A registry list (失业登记名册, 脱贫人口名单 …) matched against registered persons. */
export const registryImportQuery = z.strictObject({
  mode: z.enum(["dry-run", "commit"]),
  filename: z.string().trim().min(1).max(200),
  /** the list's name, stored as the registry_match evidence */
  listName: z.string().trim().min(1, "请填写名册名称").max(100),
  category: z.enum(categoryCodes),
});

export const registryImportReport = z.object({
  mode: z.enum(["dry-run", "commit"]),
  total: z.number().int(),
  /** rows whose person is registered (in the caller's scope) under the same name */
  matched: z.number().int(),
  /** rows with no registered person in scope: nothing to do */
  unmatched: z.number().int(),
  problemCount: z.number().int(),
  problems: z.array(rowProblemView),
});
export type RegistryImportReport = z.infer<typeof registryImportReport>;
