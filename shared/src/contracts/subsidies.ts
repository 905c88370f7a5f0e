import { z } from "zod";
import { pageQuery, paged, uuid } from "./common.ts";

export const claimSubsidyTypeValues = ["training", "evaluation", "living_allowance", "skill_upgrading"] as const;
export type ClaimSubsidyTypeValue = (typeof claimSubsidyTypeValues)[number];
export const claimSubsidyTypeLabels: Record<ClaimSubsidyTypeValue, string> = { training: "培训补贴", evaluation: "鉴定评价补贴", living_allowance: "生活费补贴", skill_upgrading: "技能提升补贴" };
/** generated from an assessed class by its institution (skill-upgrading is filed by the person) */
export const classClaimSubsidyTypeValues = ["training", "evaluation", "living_allowance"] as const;
export const claimStatusValues = ["draft", "submitted", "county_approved", "approved", "returned"] as const;
export const payeeTypeValues = ["institution", "enterprise", "person"] as const;

const text = (max: number, msg = "必填") => z.string().trim().min(1, msg).max(max);

export const generateClaimBody = z.strictObject({ subsidyType: z.enum(classClaimSubsidyTypeValues) });
export type GenerateClaimBody = z.infer<typeof generateClaimBody>;

/** the exact commitment text the signer was shown: its version id and SHA-256 (hex) */
export const signCommitmentBody = z.strictObject({
  textVersion: text(100),
  textHash: z.string().regex(/^[0-9a-f]{64}$/, "须为 64 位十六进制 SHA-256"),
});
export type SignCommitmentBody = z.infer<typeof signCommitmentBody>;

/** the step acted at (county first review, city second review): approve, or return with every reason at once */
const step = z.enum(["county", "city"]);
export const reviewBody = z.discriminatedUnion("decision", [
  z.strictObject({ step, decision: z.literal("approve"), note: z.string().trim().max(500).optional() }),
  z.strictObject({ step, decision: z.literal("return"), reasons: z.array(text(500)).min(1, "退回须列明全部理由").max(50) }),
]);
export type ReviewBody = z.infer<typeof reviewBody>;

export const holdBody = z.strictObject({ reason: text(500, "请说明理由") });
export type HoldBody = z.infer<typeof holdBody>;

export const claimsQuery = z.strictObject({
  status: z.enum(claimStatusValues).optional(),
  classId: uuid.optional(),
  /** true: claims waiting for a step the caller can take whose deadline (working days) has passed */
  overdue: z.enum(["true", "false"]).optional(),
  /** true: claims waiting for a review step the caller can take (the reviewer's to-do list) */
  awaiting: z.enum(["true", "false"]).optional(),
  ...pageQuery,
});
export type ClaimsQuery = z.infer<typeof claimsQuery>;

const check = z.object({ code: z.string(), ok: z.boolean(), reason: z.string() });
const warning = z.object({ code: z.string(), message: z.string() });

export const claimLineView = z.object({
  id: z.string(),
  personId: z.string(),
  name: z.string(),
  idNumberMasked: z.string(),
  certificateId: z.string().nullable(),
  eligible: z.boolean(),
  reason: z.string(),
  checks: z.array(check),
  inputs: z.unknown(),
  policyVersion: z.string(),
  amountFen: z.number().int(),
  payee: z.object({ type: z.enum(payeeTypeValues), id: z.string(), name: z.string() }),
  warnings: z.array(warning),
  held: z.boolean(),
  holdReason: z.string().nullable(),
  approvedForPayment: z.boolean(),
  abilities: z.object({ hold: z.boolean(), release: z.boolean() }),
});

export const claimActions = ["generate", "sign", "submit", "countyApprove", "countyReturn", "cityApprove", "cityReturn", "hold", "release", "verifyInsurance"] as const;

export const claimSummaryView = z.object({
  id: z.string(),
  code: z.string(),
  /** null for a person claim (skill-upgrading) */
  classId: z.string().nullable(),
  classCode: z.string().nullable(),
  classTitle: z.string().nullable(),
  institutionId: z.string().nullable(),
  institutionName: z.string().nullable(),
  /** the claiming person of a person claim */
  personName: z.string().nullable(),
  regionCode: z.string(),
  subsidyType: z.enum(claimSubsidyTypeValues),
  status: z.enum(claimStatusValues),
  totalFen: z.number().int(),
  dueDate: z.string().nullable(),
  overdue: z.boolean(),
  submittedAt: z.string().nullable(),
  updatedAt: z.string(),
});

export const claimView = claimSummaryView.extend({
  standard: z.unknown(),
  policyVersion: z.string(),
  returnReasons: z.array(z.string()).nullable(),
  commitment: z.object({
    signed: z.object({ textVersion: z.string(), textHash: z.string(), signedBy: z.string(), signedAt: z.string() }).nullable(),
    current: z.object({ version: z.string(), text: z.string(), hash: z.string() }),
  }),
  reviews: z.array(z.object({ step: z.enum(["county", "city"]), decision: z.enum(["approve", "return"]), reasons: z.array(z.string()), decidedBy: z.string(), decidedAt: z.string() })),
  lines: z.array(claimLineView),
  abilities: z.record(z.enum(claimActions), z.boolean()),
});
export type ClaimView = z.infer<typeof claimView>;

export const claimList = paged(claimSummaryView);

// 公示 (public notice) and objections
export const publishNoticeBody = z.strictObject({
  title: text(100),
  claimIds: z.array(uuid).min(1, "请选择申领").max(200),
});
export type PublishNoticeBody = z.infer<typeof publishNoticeBody>;

export const noticesQuery = z.strictObject({
  /** searches the title, the code and the payees' names */
  q: z.string().trim().max(50).optional(),
  state: z.enum(["running", "ended"]).optional(),
  ...pageQuery,
});
export type NoticesQuery = z.infer<typeof noticesQuery>;

export const noticeSummaryView = z.object({
  id: z.string(),
  code: z.string(),
  title: z.string(),
  regionCode: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  running: z.boolean(),
  lineCount: z.number().int(),
  totalFen: z.number().int(),
});
export const noticeList = paged(noticeSummaryView);

export const publicNoticeLineView = z.object({
  lineId: z.string(),
  payeeType: z.enum(payeeTypeValues),
  payeeName: z.string(),
  /** 张*, and the ID mask: never more */
  personName: z.string(),
  idNumberMasked: z.string(),
  classTitle: z.string().nullable(),
  subsidyType: z.enum(claimSubsidyTypeValues),
  standardFen: z.number().int(),
  amountFen: z.number().int(),
  /** an objection is being looked into */
  objected: z.boolean(),
});
export const noticeView = noticeSummaryView.extend({ lines: z.array(publicNoticeLineView) });

export const objectionBody = z.strictObject({
  lineId: uuid,
  contactName: text(50, "请填写联系人"),
  contactPhone: z.string().trim().regex(/^(1\d{10}|0\d{2,3}-?\d{7,8})$/, "请填写有效的联系电话"),
  content: text(1000, "请说明异议内容"),
});
export type ObjectionBody = z.infer<typeof objectionBody>;

export const objectionDecisionBody = z.strictObject({ decision: z.enum(["upheld", "dismissed"]), reason: text(500, "请说明处理理由") });
export type ObjectionDecisionBody = z.infer<typeof objectionDecisionBody>;

export const objectionView = z.object({
  id: z.string(),
  noticeId: z.string(),
  lineId: z.string(),
  claimId: z.string(),
  contactName: z.string(),
  contactPhone: z.string(),
  content: z.string(),
  status: z.enum(["open", "upheld", "dismissed"]),
  decisionReason: z.string().nullable(),
  createdAt: z.string(),
});
export const objectionStatusValues = ["open", "upheld", "dismissed"] as const;
/** the officer's list: what the objection concerns, the person masked as on the portal, and whether the caller may decide it */
export const objectionItemView = objectionView.extend({
  notice: z.object({ code: z.string(), title: z.string(), endsOn: z.string() }),
  claimCode: z.string(),
  line: z.object({ personName: z.string(), idNumberMasked: z.string(), payeeName: z.string(), amountFen: z.number().int(), held: z.boolean() }),
  decidedAt: z.string().nullable(),
  abilities: z.object({ decide: z.boolean() }),
});
export const objectionList = paged(objectionItemView);
export const objectionsQuery = z.strictObject({ status: z.enum(objectionStatusValues).optional(), ...pageQuery });
export type ObjectionsQuery = z.infer<typeof objectionsQuery>;

/** 公示管理: the notices that publish lines of claims in the officer's scope */
export const noticeStateValues = ["running", "ended"] as const;
export const officerNoticesQuery = z.strictObject({ state: z.enum(noticeStateValues).optional(), ...pageQuery });
export type OfficerNoticesQuery = z.infer<typeof officerNoticesQuery>;
export const officerNoticeView = noticeSummaryView.extend({
  state: z.enum(noticeStateValues),
  publishedAt: z.string(),
  objectionCount: z.number().int(),
  openObjectionCount: z.number().int(),
});
export const officerNoticeList = paged(officerNoticeView);

/** What 发布公示 would publish now: approved claims in scope with lines not yet published (at most 200 claims, as one notice takes) */
export const noticePreviewView = z.object({
  claimCount: z.number().int(),
  lineCount: z.number().int(),
  totalFen: z.number().int(),
  claims: z.array(
    z.object({
      claimId: z.string(),
      code: z.string(),
      subsidyType: z.enum(claimSubsidyTypeValues),
      classTitle: z.string().nullable(),
      /** the institution, or the person (masked) for a person claim */
      claimant: z.string(),
      lineCount: z.number().int(),
      totalFen: z.number().int(),
    }),
  ),
  /** more claims wait than one notice takes: publish, then publish again */
  truncated: z.boolean(),
});

// person claims: 技能提升补贴 filed on the phone, and the trainee's "我的补贴"
export const skillUpgradingBody = z.strictObject({
  certificateId: uuid,
  /** the personal commitment text the person was shown: its version id and SHA-256 (hex) */
  textVersion: text(100),
  textHash: z.string().regex(/^[0-9a-f]{64}$/, "须为 64 位十六进制 SHA-256"),
});
export type SkillUpgradingBody = z.infer<typeof skillUpgradingBody>;

export const insuredMonthsBody = z.strictObject({
  months: z.number({ error: "请填写参保月数" }).int("参保月数须为整数").min(0, "参保月数不能为负").max(600, "参保月数过大"),
  /** what the months were checked against, e.g. 失业保险参保缴费记录（2024-01 至 2026-02） */
  evidence: text(500, "请说明核验依据"),
});
export type InsuredMonthsBody = z.infer<typeof insuredMonthsBody>;

export const filedView = z.object({ claimId: z.string(), eligible: z.boolean(), reason: z.string(), amountFen: z.number().int() });

/** how a trainee reads one subsidy line: 待申领/审核中/公示中/待支付/已支付/不符合 */
export const myLineStatusValues = ["to_claim", "in_review", "in_notice", "to_pay", "paid", "ineligible"] as const;
export type MyLineStatus = (typeof myLineStatusValues)[number];

export const mySubsidyLineView = z.object({
  id: z.string(),
  claimCode: z.string(),
  subsidyType: z.enum(claimSubsidyTypeValues),
  classTitle: z.string().nullable(),
  certificateNumber: z.string().nullable(),
  payeeType: z.enum(payeeTypeValues),
  payeeName: z.string(),
  amountFen: z.number().int(),
  status: z.enum(myLineStatusValues),
  /** the plain Chinese reason: the decision's, a hold's, or the return's */
  reason: z.string(),
  checks: z.array(check),
  policyVersion: z.string(),
  noticeEndsOn: z.string().nullable(),
  updatedAt: z.string(),
});

export const myCertificateOption = z.object({
  id: z.string(),
  number: z.string(),
  type: z.string(),
  level: z.string().nullable(),
  issueDate: z.string(),
  occupationName: z.string().nullable(),
  /** null: may be claimed; otherwise why not (already claimed, training subsidy, no level …) */
  blockedReason: z.string().nullable(),
});

export const mySubsidiesView = z.object({
  lines: z.array(mySubsidyLineView),
  certificates: z.array(myCertificateOption),
  commitment: z.object({ version: z.string(), text: z.string(), hash: z.string() }),
});
export type MySubsidiesView = z.infer<typeof mySubsidiesView>;
