import { sql } from "drizzle-orm";
import { check, doublePrecision, index, integer, pgTable, text, timestamp, uniqueIndex, uuid, varchar } from "drizzle-orm/pg-core";
import { classes, classSessions } from "../classes/classes.table.ts";
import { persons } from "../trainees/trainees.table.ts";

/**
 * 签到/签退: one row per trainee, session and kind, written once by the trainee's own phone.
 * This table is itself the append-only record of attendance (a trigger refuses UPDATE and
 * DELETE), so the hot check-in path writes no audit-chain entry; corrections never touch it.
 */
export const attendanceCheckins = pgTable(
  "attendance_checkins",
  {
    id: uuid("id").primaryKey(),
    sessionId: uuid("session_id")
      .notNull()
      .references(() => classSessions.id),
    /** the session's class, so a class summary reads one index range */
    classId: uuid("class_id")
      .notNull()
      .references(() => classes.id),
    personId: uuid("person_id")
      .notNull()
      .references(() => persons.id),
    kind: text("kind", { enum: ["in", "out"] }).notNull(),
    at: timestamp("at", { withTimezone: true, mode: "date" }).notNull(),
    lat: doublePrecision("lat").notNull(),
    lng: doublePrecision("lng").notNull(),
    /** the phone's stated accuracy in metres, as sent */
    accuracy: doublePrecision("accuracy"),
    /** metres from the class site, rounded */
    distanceM: integer("distance_m").notNull(),
    /** the account that checked in (the trainee's own login) */
    userId: uuid("user_id"),
    userAgent: text("user_agent"),
    /** the id the phone page keeps in local storage (see attendance_checkin_attempts.device_id) */
    deviceId: text("device_id"),
    clientIp: text("client_ip"),
  },
  (t) => [
    uniqueIndex("attendance_checkins_once_uq").on(t.sessionId, t.personId, t.kind),
    index("attendance_checkins_class_idx").on(t.classId),
    check("attendance_checkins_kind_ck", sql`${t.kind} in ('in', 'out')`),
  ],
);

/** What became of one check-in attempt: accepted, a retry of an accepted one, or why it was refused. */
export const attemptOutcomes = [
  "accepted",
  "duplicate",
  "not_enrolled",
  "checkin_locked",
  "session_cancelled",
  "class_not_active",
  "check_out_not_required",
  "window_not_open",
  "window_closed",
  "not_checked_in",
  "code_stale",
  "code_invalid",
  "outside_geofence",
] as const;
export type AttemptOutcome = (typeof attemptOutcomes)[number];

/**
 * Every refused or repeated check-in attempt of a known session, with the evidence a later risk
 * analysis needs (position, stated accuracy, device, client address). An accepted attempt's
 * evidence is its check-in row (same fields, device id included), so it is not written twice:
 * the view `attendance_checkin_evidence` (migration 0043) reads both as one list of attempts,
 * the accepted ones with outcome 'accepted' (rows written before 0043 may still hold 'accepted'
 * here; the view skips them). Append-only like the check-ins (a trigger refuses
 * UPDATE/DELETE/TRUNCATE). It is also the wrong-code counter: the `code_invalid` rows of a
 * trainee and session are counted, so two parallel wrong guesses both count, and every process
 * sees the same count.
 */
export const attendanceCheckinAttempts = pgTable(
  "attendance_checkin_attempts",
  {
    id: uuid("id").primaryKey(),
    sessionId: uuid("session_id")
      .notNull()
      .references(() => classSessions.id),
    classId: uuid("class_id")
      .notNull()
      .references(() => classes.id),
    /** the account's person, also when not on the roster (null: the account has no person) */
    personId: uuid("person_id").references(() => persons.id),
    userId: uuid("user_id").notNull(),
    kind: text("kind", { enum: ["in", "out"] }).notNull(),
    at: timestamp("at", { withTimezone: true, mode: "date" }).notNull(),
    outcome: text("outcome", { enum: attemptOutcomes }).notNull(),
    /** the check-in this attempt wrote (accepted) or was answered with (duplicate) */
    checkinId: uuid("checkin_id").references(() => attendanceCheckins.id),
    lat: doublePrecision("lat").notNull(),
    lng: doublePrecision("lng").notNull(),
    /** the phone's stated accuracy in metres, as sent */
    accuracy: doublePrecision("accuracy"),
    /** metres from the class site, rounded; kept here only, never answered on a refusal */
    distanceM: integer("distance_m"),
    userAgent: text("user_agent"),
    /** an id the phone page keeps in local storage: tells one handset lending itself to many accounts */
    deviceId: text("device_id"),
    clientIp: text("client_ip"),
  },
  (t) => [
    index("attendance_checkin_attempts_wrong_idx").on(t.sessionId, t.personId).where(sql`${t.outcome} = 'code_invalid'`),
    index("attendance_checkin_attempts_class_wrong_idx").on(t.classId).where(sql`${t.outcome} = 'code_invalid'`),
    check("attendance_checkin_attempts_kind_ck", sql`${t.kind} in ('in', 'out')`),
    check("attendance_checkin_attempts_outcome_ck", sql.raw(`outcome in (${attemptOutcomes.map((o) => `'${o}'`).join(", ")})`)),
  ],
);

export const correctionStatuses = ["pending", "approved", "rejected"] as const;

/**
 * 考勤补正: a manual "present" or "absent" for one trainee and session, filed by one person and
 * decided by another (never the filer: enforced in the service and by a check here). An
 * approved correction overrides what the check-ins say; the latest approved one wins.
 */
export const attendanceCorrections = pgTable(
  "attendance_corrections",
  {
    id: uuid("id").primaryKey(),
    sessionId: uuid("session_id")
      .notNull()
      .references(() => classSessions.id),
    classId: uuid("class_id")
      .notNull()
      .references(() => classes.id),
    personId: uuid("person_id")
      .notNull()
      .references(() => persons.id),
    /** the class's county, for the audit entry */
    regionCode: varchar("region_code", { length: 6 }).notNull(),
    mark: text("mark", { enum: ["present", "absent"] }).notNull(),
    reason: text("reason").notNull(),
    /** what proves it: a note, a document number, a video reference */
    evidence: text("evidence").notNull(),
    status: text("status", { enum: correctionStatuses }).notNull().default("pending"),
    filedBy: uuid("filed_by").notNull(),
    filedAt: timestamp("filed_at", { withTimezone: true, mode: "date" }).notNull(),
    decidedBy: uuid("decided_by"),
    decidedAt: timestamp("decided_at", { withTimezone: true, mode: "date" }),
    decisionNote: text("decision_note"),
  },
  (t) => [
    index("attendance_corrections_class_idx").on(t.classId),
    // the console list (EXPLAIN at province scale in docs/benchmarks.md): the newest first walks
    // filed_at and filters the scope; a status queue reads (status, filed_at); a region's count reads region_code
    index("attendance_corrections_filed_idx").on(t.filedAt),
    index("attendance_corrections_status_filed_idx").on(t.status, t.filedAt),
    index("attendance_corrections_region_filed_idx").on(t.regionCode, t.filedAt),
    uniqueIndex("attendance_corrections_pending_uq").on(t.sessionId, t.personId).where(sql`${t.status} = 'pending'`),
    check("attendance_corrections_status_ck", sql`${t.status} in ('pending', 'approved', 'rejected')`),
    check("attendance_corrections_mark_ck", sql`${t.mark} in ('present', 'absent')`),
    check("attendance_corrections_second_person_ck", sql`${t.decidedBy} is null or ${t.decidedBy} <> ${t.filedBy}`),
  ],
);
