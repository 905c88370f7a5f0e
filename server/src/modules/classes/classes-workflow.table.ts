import { sql } from "drizzle-orm";
import { check, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { institutions } from "../institutions/institutions.table.ts";
import { persons } from "../trainees/trainees.table.ts";
import { classEnrollments, classes } from "./classes.table.ts";

export const classChangeKinds = ["session_add", "session_update", "session_cancel", "roster_add", "roster_withdraw"] as const;
export type ClassChangeKind = (typeof classChangeKinds)[number];

/**
 * Changes filed after approval (DOMAIN §2 step 4): each keeps the version before and after, and
 * gives the class its next revision. Append-only.
 */
export const classChanges = pgTable(
  "class_changes",
  {
    id: uuid("id").primaryKey(),
    classId: uuid("class_id")
      .notNull()
      .references(() => classes.id),
    /** the class revision this change produced */
    revision: integer("revision").notNull(),
    kind: text("kind", { enum: classChangeKinds }).notNull(),
    before: jsonb("before"),
    after: jsonb("after"),
    reason: text("reason").notNull(),
    filedBy: uuid("filed_by"),
    filedAt: timestamp("filed_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [uniqueIndex("class_changes_revision_uq").on(t.classId, t.revision)],
);

/** Certificates issued to passed trainees; revoked ones stay, with the reason. */
export const certificates = pgTable(
  "certificates",
  {
    id: uuid("id").primaryKey(),
    enrollmentId: uuid("enrollment_id")
      .notNull()
      .references(() => classEnrollments.id),
    personId: uuid("person_id")
      .notNull()
      .references(() => persons.id),
    classId: uuid("class_id")
      .notNull()
      .references(() => classes.id),
    type: text("type").notNull(),
    level: text("level"),
    number: text("number").notNull(),
    issueDate: date("issue_date", { mode: "string" }).notNull(),
    issuerInstitutionId: uuid("issuer_institution_id")
      .notNull()
      .references(() => institutions.id),
    status: text("status", { enum: ["valid", "revoked"] }).notNull().default("valid"),
    revokedReason: text("revoked_reason"),
    revokedAt: timestamp("revoked_at", { withTimezone: true, mode: "date" }),
    revokedBy: uuid("revoked_by"),
    /** random, unguessable: the QR code's link */
    verifyToken: text("verify_token").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
    createdBy: uuid("created_by"),
  },
  (t) => [
    uniqueIndex("certificates_type_number_uq").on(t.type, t.number),
    uniqueIndex("certificates_verify_token_uq").on(t.verifyToken),
    // one valid certificate per enrollment; a revoked one may be re-issued
    uniqueIndex("certificates_enrollment_valid_uq").on(t.enrollmentId).where(sql`${t.status} = 'valid'`),
    index("certificates_person_idx").on(t.personId),
    // the public check by number (+ name) does not know the type: without this PostgreSQL 15 scans
    index("certificates_number_idx").on(t.number),
    index("certificates_class_idx").on(t.classId),
    check("certificates_status_ck", sql`${t.status} in ('valid', 'revoked')`),
    check("certificates_revoked_ck", sql`${t.status} = 'valid' or ${t.revokedReason} is not null`),
  ],
);
