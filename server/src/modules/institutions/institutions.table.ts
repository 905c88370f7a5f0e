import { sql } from "drizzle-orm";
import { check, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid, varchar } from "drizzle-orm/pg-core";
import { type InstitutionChanges, institutionRoles, institutionStatuses, institutionTypeCodes, facilityTypes } from "../../../../shared/src/contracts/institutions.ts";
import { programs, regions } from "../reference/reference.table.ts";

const inList = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(", "));

/** 培训/评价机构: one row per unified social credit code; owned by the county HRSS of `region_code`. */
export const institutions = pgTable(
  "institutions",
  {
    id: uuid("id").primaryKey(),
    creditCode: varchar("credit_code", { length: 18 }).notNull(),
    name: text("name").notNull(),
    type: text("type", { enum: institutionTypeCodes }).notNull(),
    role: text("role", { enum: institutionRoles }).notNull(),
    status: text("status", { enum: institutionStatuses }).notNull(),
    /** a county code: the county HRSS reviews and supervises it */
    regionCode: varchar("region_code", { length: 6 })
      .notNull()
      .references(() => regions.code),
    address: text("address").notNull(),
    /** the institution's enquiry phone: public */
    publicPhone: text("public_phone"),
    licenceNo: text("licence_no").notNull(),
    licenceValidUntil: date("licence_valid_until", { mode: "string" }).notNull(),
    contactName: text("contact_name").notNull(),
    contactPhone: text("contact_phone").notNull(),
    bankAccountName: text("bank_account_name").notNull(),
    bankName: text("bank_name").notNull(),
    /** deps.crypto ciphertext; never shown, only the last four digits */
    bankAccountEncrypted: text("bank_account_encrypted").notNull(),
    bankAccountLast4: varchar("bank_account_last4", { length: 4 }).notNull(),
    approvedAt: timestamp("approved_at", { withTimezone: true, mode: "date" }),
    agreementValidUntil: date("agreement_valid_until", { mode: "string" }),
    /** last day of the running sanction's "no new classes" period */
    sanctionedUntil: date("sanctioned_until", { mode: "string" }),
    /**
     * Changes to what the public catalogue and plans rely on (name, type, address, programs) made
     * after approval: they wait here until the county approves them; null when none are pending.
     */
    pendingChanges: jsonb("pending_changes").$type<InstitutionChanges>(),
    /** the reviewer's latest note (e.g. what to correct after a return) */
    reviewNote: text("review_note"),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [
    uniqueIndex("institutions_credit_code_uq").on(t.creditCode),
    index("institutions_region_idx").on(t.regionCode),
    index("institutions_status_idx").on(t.status),
    // the public catalogue (approved, agreement running): its region range, its order and its count
    // read from this index alone (agreement date included), not from the wide rows
    index("institutions_listed_idx").on(t.regionCode, t.name, t.id, t.agreementValidUntil).where(sql`${t.status} = 'approved'`),
    check("institutions_status_ck", sql`${t.status} in (${inList(institutionStatuses)})`),
    check("institutions_type_ck", sql`${t.type} in (${inList(institutionTypeCodes)})`),
    check("institutions_role_ck", sql`${t.role} in (${inList(institutionRoles)})`),
  ],
);

/** occupation (or special project) × highest level × concurrent capacity */
export const institutionQualifications = pgTable(
  "institution_qualifications",
  {
    id: uuid("id").primaryKey(),
    institutionId: uuid("institution_id")
      .notNull()
      .references(() => institutions.id, { onDelete: "cascade" }),
    occupationCode: text("occupation_code"),
    projectName: text("project_name"),
    occupationName: text("occupation_name").notNull(),
    maxLevel: integer("max_level"),
    capacity: integer("capacity").notNull(),
    /** active = approved; proposed_* wait for review once the institution is approved */
    state: text("state", { enum: ["active", "proposed_add", "proposed_remove"] }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [
    index("institution_qualifications_inst_idx").on(t.institutionId),
    index("institution_qualifications_code_idx").on(t.occupationCode),
    // one approved and at most one proposed row per occupation/project
    uniqueIndex("institution_qualifications_key_uq").on(
      t.institutionId,
      sql`coalesce(${t.occupationCode}, ${t.projectName})`,
      sql`(${t.state} = 'proposed_add')`,
    ),
    check("institution_qualifications_state_ck", sql`${t.state} in ('active', 'proposed_add', 'proposed_remove')`),
    check("institution_qualifications_key_ck", sql`(${t.occupationCode} is null) <> (${t.projectName} is null)`),
    check("institution_qualifications_level_ck", sql`${t.maxLevel} is null or ${t.maxLevel} between 1 and 5`),
    check("institution_qualifications_capacity_ck", sql`${t.capacity} > 0`),
  ],
);

export const institutionTeachers = pgTable(
  "institution_teachers",
  {
    id: uuid("id").primaryKey(),
    institutionId: uuid("institution_id")
      .notNull()
      .references(() => institutions.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** deps.crypto ciphertext of the ID number */
    idNumberEncrypted: text("id_number_encrypted").notNull(),
    /** keyed hash for exact look-up (duplicates, later cross-checks) */
    idNumberHash: text("id_number_hash").notNull(),
    /** already masked (220**************4, shared maskIdNumber): lists never decrypt */
    idNumberMasked: text("id_number_masked").notNull(),
    qualifications: text("qualifications").notNull().default(""),
    employment: text("employment", { enum: ["full_time", "part_time"] }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [
    uniqueIndex("institution_teachers_person_uq").on(t.institutionId, t.idNumberHash),
    index("institution_teachers_hash_idx").on(t.idNumberHash),
    check("institution_teachers_employment_ck", sql`${t.employment} in ('full_time', 'part_time')`),
    check("institution_teachers_id_number_masked_ck", sql`${t.idNumberMasked} ~ '^[0-9]{3}[*]{14}[0-9X]$'`),
  ],
);

export const institutionFacilities = pgTable(
  "institution_facilities",
  {
    id: uuid("id").primaryKey(),
    institutionId: uuid("institution_id")
      .notNull()
      .references(() => institutions.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    type: text("type", { enum: facilityTypes }).notNull(),
    /** square metres */
    areaM2: integer("area_m2").notNull(),
    capacity: integer("capacity").notNull(),
    address: text("address").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [
    index("institution_facilities_inst_idx").on(t.institutionId),
    check("institution_facilities_type_ck", sql`${t.type} in (${inList(facilityTypes)})`),
  ],
);

/** plan programs (E1…B5) an institution serves; department officers see institutions of their programs */
export const institutionPrograms = pgTable(
  "institution_programs",
  {
    institutionId: uuid("institution_id")
      .notNull()
      .references(() => institutions.id, { onDelete: "cascade" }),
    programCode: text("program_code")
      .notNull()
      .references(() => programs.code),
  },
  (t) => [primaryKey({ columns: [t.institutionId, t.programCode] }), index("institution_programs_program_idx").on(t.programCode)],
);

/** sanctions (DOMAIN.md §2 step 5); the level follows the escalation ladder */
export const institutionSanctions = pgTable(
  "institution_sanctions",
  {
    id: uuid("id").primaryKey(),
    institutionId: uuid("institution_id")
      .notNull()
      .references(() => institutions.id, { onDelete: "cascade" }),
    level: integer("level").notNull(),
    date: date("date", { mode: "string" }).notNull(),
    /** last day without new classes; null for an interview */
    until: date("until", { mode: "string" }),
    reason: text("reason").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
    createdBy: uuid("created_by"),
  },
  (t) => [index("institution_sanctions_inst_idx").on(t.institutionId, t.date), check("institution_sanctions_level_ck", sql`${t.level} between 1 and 4`)],
);
