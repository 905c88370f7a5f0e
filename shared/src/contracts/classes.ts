import { z } from "zod";
import { isoDate, skillLevel, trainingMode } from "./catalogue.ts";
import { pageQuery, paged, uuid } from "./common.ts";

export const classStatusValues = ["draft", "submitted", "returned", "approved", "in_progress", "finished", "assessed", "cancelled"] as const;
export const classActions = ["submit", "approve", "return", "start", "finish", "assess", "cancel"] as const;
export type ClassAction = (typeof classActions)[number];

/**
 * Codes of `details.problems` (class.checks_failed / class.change_rejected) and of warnings; the
 * web keys its Chinese wording by them. Institution problems reuse the institutions module's codes
 * (institution.not_approved, institution.banned, institution.suspended, institution.agreement_expired,
 * institution.licence_expired, institution.not_qualified).
 */
export const classProblemCodes = [
  "no_sessions",
  "roster_empty",
  "capacity_exceeded",
  "institution_capacity_exceeded",
  "catalogue_not_published",
  "catalogue_no_version",
  "certificate_type_not_allowed",
  "level_not_allowed",
  "mode_not_allowed",
  "program_not_allowed",
  "evaluator_required",
  "evaluator_invalid",
  "hours_out_of_range",
  "theory_share_low",
  "practice_share_low",
  "session_outside_dates",
  "too_late",
  "teacher_overlap",
  "trainee_overlap",
] as const;
export const classWarningCodes = ["already_trained", "yearly_limit", "public_payroll", "pensioner", "student", "under_working_age", "over_working_age"] as const;

const text = (max: number, msg = "必填") => z.string().trim().min(1, msg).max(max);
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "时间格式应为 HH:MM");
const minutes = z.number().int("分钟数须为整数").min(0, "不能为负数").max(24 * 60);

export const sessionInput = z
  .strictObject({
    date: isoDate,
    startTime: hhmm,
    endTime: hhmm,
    teacherId: uuid,
    content: text(500, "请输入授课内容"),
    theoryMinutes: minutes,
    practiceMinutes: minutes,
    place: text(200, "请输入上课地点"),
    requireCheckOut: z.boolean().default(false),
  })
  .refine((s) => s.endTime > s.startTime, { path: ["endTime"], message: "结束时间须晚于开始时间" })
  .refine((s) => s.theoryMinutes + s.practiceMinutes > 0, { path: ["theoryMinutes"], message: "理论与实操时长不能都为 0" });
export type SessionInput = z.infer<typeof sessionInput>;

const classFields = {
  catalogueItemId: uuid,
  programCode: z.string().regex(/^[EKB]\d$/, "须为计划项目代码，如 E1"),
  title: text(100, "请输入班级名称"),
  mode: trainingMode,
  address: text(200, "请输入培训地点"),
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
  geofenceRadiusM: z.number().int().min(10, "签到范围至少 10 米").max(5000, "签到范围至多 5000 米").default(300),
  startDate: isoDate,
  endDate: isoDate,
  capacity: z.number().int().min(1, "计划人数至少为 1").max(1000),
  assessmentPlan: text(2000, "请输入考核方案"),
  certificateType: z.string().min(1).max(32),
  skillLevel: skillLevel.nullish(),
  /** required for 职业技能等级证书 classes: the evaluation institution that assesses */
  evaluatorInstitutionId: uuid.nullish(),
  /** 培训组织方式: 项目制培训 (true) or 普通 (false, when left out); project-based claims may take the advance */
  projectBased: z.boolean().optional(),
  sessions: z.array(sessionInput).max(500).default([]),
  /** person ids, registered and visible to the institution */
  roster: z.array(uuid).max(1000).default([]),
};

export const createClassBody = z
  .strictObject({ institutionId: uuid.optional(), ...classFields })
  .refine((b) => b.endDate >= b.startDate, { path: ["endDate"], message: "结束日期不能早于开始日期" });
export type CreateClassBody = z.infer<typeof createClassBody>;

export const updateClassBody = z.strictObject(classFields).refine((b) => b.endDate >= b.startDate, { path: ["endDate"], message: "结束日期不能早于开始日期" });
export type UpdateClassBody = z.infer<typeof updateClassBody>;

export const transitionBody = z.strictObject({
  action: z.enum(classActions),
  /** return: every reason at once (at least one); cancel: one reason */
  reasons: z.array(text(500)).max(50).optional(),
});
export type TransitionBody = z.infer<typeof transitionBody>;

const reason = text(500, "请说明变更原因");
export const changeBody = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("session_add"), session: sessionInput, reason }),
  z.strictObject({ kind: z.literal("session_update"), sessionId: uuid, session: sessionInput, reason }),
  z.strictObject({ kind: z.literal("session_cancel"), sessionId: uuid, reason }),
  z.strictObject({ kind: z.literal("roster_add"), personId: uuid, reason }),
  z.strictObject({ kind: z.literal("roster_withdraw"), personId: uuid, reason }),
]);
export type ChangeBody = z.infer<typeof changeBody>;

export const resultsBody = z.strictObject({
  results: z
    .array(
      z.strictObject({
        personId: uuid,
        result: z.enum(["pass", "fail", "absent"]),
        score: z.number().int("成绩须为整数").min(0, "成绩为 0–100").max(100, "成绩为 0–100").nullish(),
      }),
    )
    .min(1)
    .max(1000),
});
export type ResultsBody = z.infer<typeof resultsBody>;

export const issueCertificatesBody = z.strictObject({
  certificates: z.array(z.strictObject({ personId: uuid, number: z.string().trim().min(1).max(40), issueDate: isoDate })).min(1).max(1000),
});
export type IssueCertificatesBody = z.infer<typeof issueCertificatesBody>;

export const revokeBody = z.strictObject({ reason: text(500, "请说明撤销原因") });

export const listClassesQuery = z.strictObject({
  q: z.string().trim().max(64).optional(),
  status: z.enum(classStatusValues).optional(),
  institutionId: uuid.optional(),
  ...pageQuery,
});
export type ListClassesQuery = z.infer<typeof listClassesQuery>;

export const verifyQuery = z.strictObject({ number: z.string().trim().min(1).max(40), name: z.string().trim().min(1).max(50) });
export const verifyTokenParams = z.strictObject({ verifyToken: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, "无效的核验码") });

const problem = z.object({ code: z.string(), message: z.string(), path: z.string().optional(), personId: z.string().optional() });

export const sessionView = z.object({
  id: z.string(),
  date: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  teacherId: z.string().nullable(),
  teacherName: z.string().nullable(),
  content: z.string(),
  theoryMinutes: z.number(),
  practiceMinutes: z.number(),
  place: z.string(),
  requireCheckOut: z.boolean(),
  status: z.enum(["planned", "cancelled"]),
});

export const enrollmentView = z.object({
  id: z.string(),
  personId: z.string(),
  name: z.string(),
  idNumberMasked: z.string(),
  status: z.enum(["enrolled", "withdrawn"]),
  warnings: z.array(problem),
  result: z.enum(["pass", "fail", "absent"]).nullable(),
  score: z.number().nullable(),
});

export const classSummary = z.object({
  id: z.string(),
  code: z.string(),
  title: z.string(),
  status: z.enum(classStatusValues),
  institutionId: z.string(),
  institutionName: z.string(),
  regionCode: z.string(),
  programCode: z.string(),
  catalogueItemId: z.string(),
  occupationName: z.string().nullable(),
  certificateType: z.string(),
  skillLevel: z.string().nullable(),
  startDate: z.string(),
  endDate: z.string(),
  capacity: z.number(),
  enrolled: z.number(),
  revision: z.number(),
  locked: z.boolean(),
});

export const classView = classSummary.extend({
  trainingType: z.string(),
  mode: z.enum(["offline", "online", "blended"]),
  address: z.string(),
  lat: z.number(),
  lng: z.number(),
  geofenceRadiusM: z.number(),
  assessmentPlan: z.string(),
  catalogueVersionId: z.string().nullable(),
  evaluatorInstitutionId: z.string().nullable(),
  projectBased: z.boolean(),
  warnings: z.array(problem),
  returnReasons: z.array(z.string()).nullable(),
  submittedAt: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  lockedAt: z.string().nullable(),
  sessions: z.array(sessionView),
  roster: z.array(enrollmentView),
  abilities: z.object({
    edit: z.boolean(),
    submit: z.boolean(),
    approve: z.boolean(),
    return: z.boolean(),
    cancel: z.boolean(),
    start: z.boolean(),
    finish: z.boolean(),
    fileChange: z.boolean(),
    enterResults: z.boolean(),
    assess: z.boolean(),
    issueCertificates: z.boolean(),
  }),
});
export type ClassView = z.infer<typeof classView>;
export const classList = paged(classSummary);

export const traineeAccountView = z.object({ personId: z.string(), username: z.string(), temporaryPassword: z.string().nullable() });

export const changeView = z.object({
  id: z.string(),
  revision: z.number(),
  kind: z.string(),
  before: z.unknown(),
  after: z.unknown(),
  reason: z.string(),
  filedBy: z.string().nullable(),
  filedAt: z.string(),
});

export const certificateView = z.object({
  id: z.string(),
  classId: z.string(),
  personId: z.string(),
  name: z.string(),
  type: z.string(),
  level: z.string().nullable(),
  number: z.string(),
  issueDate: z.string(),
  issuerInstitutionId: z.string(),
  status: z.enum(["valid", "revoked"]),
  revokedReason: z.string().nullable(),
  verifyToken: z.string(),
});

export const publicCertificateView = z.object({
  holderName: z.string(),
  idNumberMasked: z.string(),
  occupation: z.string().nullable(),
  level: z.string().nullable(),
  certificateType: z.string(),
  number: z.string(),
  issuerName: z.string(),
  issueDate: z.string(),
  status: z.enum(["valid", "revoked"]),
});

export const myClassView = z.object({
  class: classSummary.pick({ id: true, code: true, title: true, status: true, institutionName: true, occupationName: true, certificateType: true, skillLevel: true, startDate: true, endDate: true }).extend({ address: z.string() }),
  enrollmentStatus: z.enum(["enrolled", "withdrawn"]),
  result: z.enum(["pass", "fail", "absent"]).nullable(),
  score: z.number().nullable(),
  sessions: z.array(sessionView.omit({ teacherId: true })),
  certificates: z.array(certificateView.pick({ id: true, type: true, level: true, number: true, issueDate: true, status: true, verifyToken: true })),
});
export const myClassesView = z.object({ items: z.array(myClassView) });
