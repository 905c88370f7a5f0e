import { sql } from "drizzle-orm";
import { boolean, check, date, doublePrecision, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid, varchar } from "drizzle-orm/pg-core";
import { catalogueItems, catalogueItemVersions } from "../catalogue/catalogue.table.ts";
import { institutions, institutionTeachers } from "../institutions/institutions.table.ts";
import { programs, regions } from "../reference/reference.table.ts";
import { persons } from "../trainees/trainees.table.ts";

export const classStatuses = ["draft", "submitted", "returned", "approved", "in_progress", "finished", "assessed", "cancelled"] as const;
export type ClassStatus = (typeof classStatuses)[number];

/**
 * 开班申请 / 培训班: one class of one institution under one catalogue item. It keeps the catalogue
 * version in force on its start date. `region_code` is the institution's county (scope filter).
 */
export const classes = pgTable(
  "classes",
  {
    id: uuid("id").primaryKey(),
    /** human-readable number shown everywhere, e.g. KB-220102-2026-0001 */
    code: text("code").notNull(),
    institutionId: uuid("institution_id")
      .notNull()
      .references(() => institutions.id),
    regionCode: varchar("region_code", { length: 6 })
      .notNull()
      .references(() => regions.code),
    catalogueItemId: uuid("catalogue_item_id")
      .notNull()
      .references(() => catalogueItems.id),
    catalogueVersionId: uuid("catalogue_version_id").references(() => catalogueItemVersions.id),
    programCode: text("program_code")
      .notNull()
      .references(() => programs.code),
    title: text("title").notNull(),
    trainingType: text("training_type").notNull(),
    /** one certificate type per class (DOMAIN §2 step 3) */
    certificateType: text("certificate_type").notNull(),
    skillLevel: text("skill_level"),
    mode: text("mode", { enum: ["offline", "online", "blended"] }).notNull(),
    address: text("address").notNull(),
    lat: doublePrecision("lat").notNull(),
    lng: doublePrecision("lng").notNull(),
    geofenceRadiusM: integer("geofence_radius_m").notNull().default(300),
    startDate: date("start_date", { mode: "string" }).notNull(),
    endDate: date("end_date", { mode: "string" }).notNull(),
    capacity: integer("capacity").notNull(),
    assessmentPlan: text("assessment_plan").notNull(),
    /** skill-level (职业技能等级证书) classes: the evaluation institution that enters results and issues certificates */
    evaluatorInstitutionId: uuid("evaluator_institution_id").references(() => institutions.id),
    /** 培训组织方式 项目制培训 (plan M3): its claims may take the 50% advance like enterprise training */
    projectBased: boolean("project_based").notNull().default(false),
    status: text("status", { enum: classStatuses }).notNull().default("draft"),
    /** checks that are warnings now and hard at claim time (duplicates, yearly limit) */
    warnings: jsonb("warnings").notNull().default(sql`'[]'::jsonb`),
    /** all reasons of the last return, at once */
    returnReasons: jsonb("return_reasons"),
    /** why the class was cancelled (institution or officer) */
    cancelReason: text("cancel_reason"),
    /** bumped by every filed change of sessions or roster after approval */
    revision: integer("revision").notNull().default(1),
    submittedAt: timestamp("submitted_at", { withTimezone: true, mode: "date" }),
    reviewedAt: timestamp("reviewed_at", { withTimezone: true, mode: "date" }),
    reviewedBy: uuid("reviewed_by"),
    lockedAt: timestamp("locked_at", { withTimezone: true, mode: "date" }),
    createdBy: uuid("created_by"),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [
    uniqueIndex("classes_code_uq").on(t.code),
    index("classes_region_idx").on(t.regionCode),
    index("classes_institution_idx").on(t.institutionId),
    // the lists page newest first by these (scanned backwards); a status filter and an evaluator's scope have their own
    index("classes_created_idx").on(t.createdAt, t.id),
    index("classes_status_created_idx").on(t.status, t.createdAt, t.id),
    index("classes_evaluator_idx").on(t.evaluatorInstitutionId),
    // the list's search matches the number or the title anywhere (ILIKE '%…%'), as the persons search does
    index("classes_code_trgm_idx").using("gin", t.code.op("gin_trgm_ops")),
    index("classes_title_trgm_idx").using("gin", t.title.op("gin_trgm_ops")),
    check("classes_dates_ck", sql`${t.endDate} >= ${t.startDate}`),
    check("classes_capacity_ck", sql`${t.capacity} > 0`),
    check("classes_radius_ck", sql`${t.geofenceRadiusM} between 10 and 5000`),
  ],
);

/** The session plan: date, time, teacher, content, theory and practice minutes, place; and the check-in secret. */
export const classSessions = pgTable(
  "class_sessions",
  {
    id: uuid("id").primaryKey(),
    classId: uuid("class_id")
      .notNull()
      .references(() => classes.id),
    date: date("date", { mode: "string" }).notNull(),
    startsAt: timestamp("starts_at", { withTimezone: true, mode: "date" }).notNull(),
    endsAt: timestamp("ends_at", { withTimezone: true, mode: "date" }).notNull(),
    teacherId: uuid("teacher_id").references(() => institutionTeachers.id),
    content: text("content").notNull(),
    theoryMinutes: integer("theory_minutes").notNull(),
    practiceMinutes: integer("practice_minutes").notNull(),
    place: text("place").notNull(),
    /** random 32 bytes (hex) behind the rotating check-in code; never sent to trainees */
    codeSecret: text("code_secret").notNull(),
    requireCheckOut: boolean("require_check_out").notNull().default(false),
    status: text("status", { enum: ["planned", "cancelled"] }).notNull().default("planned"),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [
    index("class_sessions_class_idx").on(t.classId),
    index("class_sessions_teacher_time_idx").on(t.teacherId, t.startsAt),
    check("class_sessions_time_ck", sql`${t.endsAt} > ${t.startsAt}`),
    check("class_sessions_minutes_ck", sql`${t.theoryMinutes} >= 0 and ${t.practiceMinutes} >= 0 and ${t.theoryMinutes} + ${t.practiceMinutes} > 0`),
  ],
);

/** The roster: one row per trainee per class; results and the lock live here too. */
export const classEnrollments = pgTable(
  "class_enrollments",
  {
    id: uuid("id").primaryKey(),
    classId: uuid("class_id")
      .notNull()
      .references(() => classes.id),
    personId: uuid("person_id")
      .notNull()
      .references(() => persons.id),
    status: text("status", { enum: ["enrolled", "withdrawn"] }).notNull().default("enrolled"),
    enrolledAt: timestamp("enrolled_at", { withTimezone: true, mode: "date" }).notNull(),
    withdrawnAt: timestamp("withdrawn_at", { withTimezone: true, mode: "date" }),
    /** warnings found for this trainee at application (duplicate occupation/level, yearly limit, exclusions) */
    warnings: jsonb("warnings").notNull().default(sql`'[]'::jsonb`),
    result: text("result", { enum: ["pass", "fail", "absent"] }),
    score: integer("score"),
    resultEnteredAt: timestamp("result_entered_at", { withTimezone: true, mode: "date" }),
    resultEnteredBy: uuid("result_entered_by"),
  },
  (t) => [
    uniqueIndex("class_enrollments_person_uq").on(t.classId, t.personId),
    index("class_enrollments_person_idx").on(t.personId),
    check("class_enrollments_score_ck", sql`${t.score} is null or ${t.score} between 0 and 100`),
  ],
);
