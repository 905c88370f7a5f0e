import { sql } from "drizzle-orm";
import { bigint, boolean, check, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid, varchar } from "drizzle-orm/pg-core";
import { certificates } from "../classes/classes-workflow.table.ts";
import { classes } from "../classes/classes.table.ts";
import { institutions } from "../institutions/institutions.table.ts";
import { persons } from "../trainees/trainees.table.ts";

/**
 * Subsidy types of a claim: training, evaluation and living allowance are generated from an assessed
 * class (the living allowance paid to each person); skill-upgrading is filed by the insured person
 * on the phone with a certificate (a person claim: no class, no institution).
 */
export const claimSubsidyTypes = ["training", "evaluation", "living_allowance", "skill_upgrading"] as const;
export type ClaimSubsidyType = (typeof claimSubsidyTypes)[number];

/**
 * draft → (commitment signed) → submitted → county_approved → approved (city); returned from either
 * review back to the institution, which may regenerate, re-sign and resubmit.
 */
export const claimStatuses = ["draft", "submitted", "county_approved", "approved", "returned"] as const;
export type ClaimStatus = (typeof claimStatuses)[number];

export const payeeTypes = ["institution", "enterprise", "person"] as const;
export type PayeeType = (typeof payeeTypes)[number];

/**
 * 补贴申领: one claim per class and subsidy type, or (skill-upgrading) one claim per person and
 * certificate. `region_code` is the class's county, or the claiming person's residence (scope
 * filter); `institution_id` the claiming institution (null for a person claim). Money is integer fen.
 */
export const subsidyClaims = pgTable(
  "subsidy_claims",
  {
    id: uuid("id").primaryKey(),
    code: text("code").notNull(),
    classId: uuid("class_id").references(() => classes.id),
    institutionId: uuid("institution_id").references(() => institutions.id),
    /** the person who filed a person claim (skill-upgrading); null for a class claim */
    personId: uuid("person_id").references(() => persons.id),
    /** the certificate a skill-upgrading claim is for: one claim per certificate */
    certificateId: uuid("certificate_id").references(() => certificates.id),
    regionCode: varchar("region_code", { length: 6 }).notNull(),
    subsidyType: text("subsidy_type", { enum: claimSubsidyTypes }).notNull(),
    status: text("status", { enum: claimStatuses }).notNull().default("draft"),
    /** sum of the lines' amounts (fen), kept with the lines in one transaction */
    totalFen: bigint("total_fen", { mode: "number" }).notNull(),
    /** the standard row the amounts came from (catalogue lookup) or the policy table used */
    standard: jsonb("standard").notNull(),
    policyVersion: text("policy_version").notNull(),
    /** 告知承诺: who signed which exact text, when; cleared when the lines are regenerated */
    commitmentTextVersion: text("commitment_text_version"),
    commitmentTextHash: varchar("commitment_text_hash", { length: 64 }),
    commitmentSignedBy: uuid("commitment_signed_by"),
    commitmentSignedAt: timestamp("commitment_signed_at", { withTimezone: true, mode: "date" }),
    submittedAt: timestamp("submitted_at", { withTimezone: true, mode: "date" }),
    /** the working day by which the current review step must act (calendar, 调休 included) */
    dueDate: date("due_date", { mode: "string" }),
    /** all reasons of the last return, at once */
    returnReasons: jsonb("return_reasons"),
    approvedAt: timestamp("approved_at", { withTimezone: true, mode: "date" }),
    generatedBy: uuid("generated_by"),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [
    uniqueIndex("subsidy_claims_code_uq").on(t.code),
    uniqueIndex("subsidy_claims_class_type_uq").on(t.classId, t.subsidyType),
    index("subsidy_claims_region_idx").on(t.regionCode),
    index("subsidy_claims_institution_idx").on(t.institutionId),
    uniqueIndex("subsidy_claims_certificate_uq").on(t.certificateId, t.subsidyType),
    index("subsidy_claims_person_idx").on(t.personId),
    check("subsidy_claims_total_ck", sql`${t.totalFen} >= 0`),
    // a class claim names its class and institution; a person claim its person and certificate
    check(
      "subsidy_claims_kind_ck",
      sql`(${t.subsidyType} <> 'skill_upgrading' and ${t.classId} is not null and ${t.institutionId} is not null and ${t.personId} is null) or (${t.subsidyType} = 'skill_upgrading' and ${t.personId} is not null and ${t.certificateId} is not null and ${t.classId} is null and ${t.institutionId} is null)`,
    ),
    check("subsidy_claims_commitment_ck", sql`${t.commitmentSignedAt} is null or (${t.commitmentTextVersion} is not null and ${t.commitmentTextHash} is not null and ${t.commitmentSignedBy} is not null)`),
  ],
);

/**
 * 申领明细: one line per enrolled trainee, with the stored eligibility decision (inputs, every check
 * with its Chinese reason, the policy version), the amount (0 when not eligible), the payee, the
 * warnings of the class and person, and a hold flag. `approved_at` is set when the line is approved
 * for payment: at the city approval for lines not held, or at the release of a held line after it.
 */
export const subsidyClaimLines = pgTable(
  "subsidy_claim_lines",
  {
    id: uuid("id").primaryKey(),
    claimId: uuid("claim_id")
      .notNull()
      .references(() => subsidyClaims.id, { onDelete: "cascade" }),
    personId: uuid("person_id")
      .notNull()
      .references(() => persons.id),
    certificateId: uuid("certificate_id"),
    eligible: boolean("eligible").notNull(),
    reason: text("reason").notNull(),
    checks: jsonb("checks").notNull(),
    inputs: jsonb("inputs").notNull(),
    policyVersion: text("policy_version").notNull(),
    amountFen: integer("amount_fen").notNull(),
    payeeType: text("payee_type", { enum: payeeTypes }).notNull(),
    payeeId: uuid("payee_id").notNull(),
    payeeName: text("payee_name").notNull(),
    warnings: jsonb("warnings").notNull().default(sql`'[]'::jsonb`),
    held: boolean("held").notNull().default(false),
    holdReason: text("hold_reason"),
    approvedAt: timestamp("approved_at", { withTimezone: true, mode: "date" }),
    /** set by the payment step (markLinesPaid) once the money reached the payee */
    paidAt: timestamp("paid_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [
    uniqueIndex("subsidy_claim_lines_person_uq").on(t.claimId, t.personId),
    index("subsidy_claim_lines_person_idx").on(t.personId),
    check("subsidy_claim_lines_amount_ck", sql`${t.amountFen} >= 0 and (${t.eligible} or ${t.amountFen} = 0)`),
    // a held line is never approved for payment
    check("subsidy_claim_lines_held_ck", sql`not (${t.held} and ${t.approvedAt} is not null)`),
    check("subsidy_claim_lines_hold_reason_ck", sql`not ${t.held} or ${t.holdReason} is not null`),
  ],
);

export const reviewSteps = ["county", "city"] as const;
export type ReviewStep = (typeof reviewSteps)[number];

/** Every review decision (append-only): who acted at which step, approve or return with all reasons. */
export const subsidyClaimReviews = pgTable(
  "subsidy_claim_reviews",
  {
    id: uuid("id").primaryKey(),
    claimId: uuid("claim_id")
      .notNull()
      .references(() => subsidyClaims.id, { onDelete: "cascade" }),
    step: text("step", { enum: reviewSteps }).notNull(),
    decision: text("decision", { enum: ["approve", "return"] }).notNull(),
    reasons: jsonb("reasons").notNull().default(sql`'[]'::jsonb`),
    decidedBy: uuid("decided_by").notNull(),
    decidedAt: timestamp("decided_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [index("subsidy_claim_reviews_claim_idx").on(t.claimId)],
);

/** Hold and release decisions on a line, each with its reason (append-only). */
export const subsidyLineHolds = pgTable(
  "subsidy_line_holds",
  {
    id: uuid("id").primaryKey(),
    lineId: uuid("line_id")
      .notNull()
      .references(() => subsidyClaimLines.id, { onDelete: "cascade" }),
    action: text("action", { enum: ["hold", "release"] }).notNull(),
    reason: text("reason").notNull(),
    decidedBy: uuid("decided_by"),
    decidedAt: timestamp("decided_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [index("subsidy_line_holds_line_idx").on(t.lineId)],
);

/**
 * 公示: a batch of approved claim lines published on the portal for 5 working days (calendar,
 * 调休 included): from `starts_on` (the first working day on or after publication) to `ends_on`
 * inclusive. Ended notices stay, archived and searchable.
 */
export const subsidyNotices = pgTable(
  "subsidy_notices",
  {
    id: uuid("id").primaryKey(),
    code: text("code").notNull(),
    title: text("title").notNull(),
    /** the publishing officer's region (search and archive) */
    regionCode: varchar("region_code", { length: 6 }).notNull(),
    startsOn: date("starts_on", { mode: "string" }).notNull(),
    endsOn: date("ends_on", { mode: "string" }).notNull(),
    publishedBy: uuid("published_by"),
    publishedAt: timestamp("published_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [
    uniqueIndex("subsidy_notices_code_uq").on(t.code),
    index("subsidy_notices_region_idx").on(t.regionCode),
    // the statistics count the notices published in a year (stats overview)
    index("subsidy_notices_published_idx").on(t.publishedAt),
    check("subsidy_notices_period_ck", sql`${t.endsOn} >= ${t.startsOn}`),
  ],
);

/** The lines a notice published; a line is published once. */
export const subsidyNoticeLines = pgTable(
  "subsidy_notice_lines",
  {
    noticeId: uuid("notice_id")
      .notNull()
      .references(() => subsidyNotices.id),
    lineId: uuid("line_id")
      .notNull()
      .references(() => subsidyClaimLines.id),
  },
  (t) => [uniqueIndex("subsidy_notice_lines_line_uq").on(t.lineId), index("subsidy_notice_lines_notice_idx").on(t.noticeId)],
);

export const objectionStatuses = ["open", "upheld", "dismissed"] as const;

/**
 * 公示异议: anyone may object to a published line with contact details; the line is held until an
 * officer resolves the objection with a recorded decision (upheld: stays held; dismissed: released).
 */
export const subsidyObjections = pgTable(
  "subsidy_objections",
  {
    id: uuid("id").primaryKey(),
    noticeId: uuid("notice_id")
      .notNull()
      .references(() => subsidyNotices.id),
    lineId: uuid("line_id")
      .notNull()
      .references(() => subsidyClaimLines.id),
    contactName: text("contact_name").notNull(),
    contactPhone: text("contact_phone").notNull(),
    content: text("content").notNull(),
    clientIp: text("client_ip"),
    status: text("status", { enum: objectionStatuses }).notNull().default("open"),
    decisionReason: text("decision_reason"),
    decidedBy: uuid("decided_by"),
    decidedAt: timestamp("decided_at", { withTimezone: true, mode: "date" }),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [
    index("subsidy_objections_line_idx").on(t.lineId),
    index("subsidy_objections_status_idx").on(t.status),
    check("subsidy_objections_decision_ck", sql`${t.status} = 'open' or (${t.decisionReason} is not null and ${t.decidedAt} is not null)`),
  ],
);
