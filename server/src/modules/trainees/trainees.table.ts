import { sql } from "drizzle-orm";
import { boolean, check, date, index, jsonb, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid, varchar } from "drizzle-orm/pg-core";
import { regions } from "../reference/reference.table.ts";
import { users } from "../users/users.table.ts";

/** A category as kept inside JSON (link entries, change requests): sensitive evidence encrypted. */
export interface StoredCategory {
  code: string;
  evidenceType: "registry_match" | "commitment";
  evidenceRef: string | null;
  evidenceRefEncrypted: string | null;
  evidenceDate: string;
}
export interface StoredExclusion {
  kind: "public_payroll" | "pensioner" | "student";
  source: string;
  recordedOn: string;
}

/** What an institution itself entered for a person (its registration or roster row). */
export interface EnteredPerson {
  name: string;
  phone: string | null;
  householdRegionCode: string | null;
  residenceRegionCode: string;
  education: string | null;
  employerName: string | null;
  employerCreditCode: string | null;
  primaryCategory: string | null;
  categories: StoredCategory[];
  exclusions: StoredExclusion[];
}

/** A proposed correction as stored: values to set, categories/exclusions to add. */
export interface PersonChanges {
  phone?: string;
  householdRegionCode?: string;
  residenceRegionCode?: string;
  education?: string;
  employerName?: string;
  employerCreditCode?: string;
  primaryCategory?: string;
  categories?: StoredCategory[];
  exclusions?: StoredExclusion[];
}

/**
 * One row per real person (实名): the ID number is stored encrypted, found by its keyed hash,
 * and unique by it — the same ID from two institutions is the same person.
 */
export const persons = pgTable(
  "persons",
  {
    id: uuid("id").primaryKey(),
    /** AES-GCM ciphertext of the normalized ID number (deps.crypto.encrypt) */
    idNumberEncrypted: text("id_number_encrypted").notNull(),
    /** HMAC of the normalized ID number (deps.crypto.lookupHash) */
    idNumberHash: text("id_number_hash").notNull(),
    /** 220**************4 (shared maskIdNumber): what every screen shows */
    idNumberMasked: varchar("id_number_masked", { length: 18 }).notNull(),
    name: text("name").notNull(),
    gender: text("gender", { enum: ["male", "female"] }).notNull(),
    /**
     * The birth year only, for age rules and reports. The exact date is part of the encrypted
     * number: stored plain next to the mask, gender and household region it would leave about 45
     * candidate numbers to anyone reading the database without the key (the year leaves ≥ 16,000).
     */
    birthYear: smallint("birth_year").notNull(),
    phone: text("phone"),
    /** 户籍地: may be outside Jilin, so not a foreign key */
    householdRegionCode: varchar("household_region_code", { length: 6 }),
    /** 居住地: scope filters use it */
    residenceRegionCode: varchar("residence_region_code", { length: 6 })
      .notNull()
      .references(() => regions.code),
    education: text("education"),
    employerName: text("employer_name"),
    employerCreditCode: varchar("employer_credit_code", { length: 18 }),
    primaryCategory: text("primary_category"),
    /** the trainee's own login, once created */
    userId: uuid("user_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull(),
    createdBy: uuid("created_by"),
  },
  (t) => [
    uniqueIndex("persons_id_number_hash_uq").on(t.idNumberHash),
    // only the shared maskIdNumber form may be stored: every list reads this column as is
    check("persons_id_number_masked_ck", sql`${t.idNumberMasked} ~ '^[0-9]{3}[*]{14}[0-9X]$'`),
    uniqueIndex("persons_user_uq").on(t.userId),
    index("persons_residence_idx").on(t.residenceRegionCode),
    index("persons_name_idx").on(t.name),
    // name search (docs/benchmarks.md "lists"): 1–2 characters match the start of the name through
    // this btree, 3 or more anywhere in it through the trigram index (pg_trgm, on PGlite too)
    index("persons_name_prefix_idx").on(t.name.op("text_pattern_ops")),
    index("persons_name_trgm_idx").using("gin", t.name.op("gin_trgm_ops")),
  ],
);

/**
 * Which regions see a person (the region part of the person scope), as rows an index serves: the
 * county and the city of the residence (kept by a trigger on persons, hand-written migration
 * person_regions) and of every class the person was put on the roster of (written by
 * `linkPersonsToInstitution`, which classes calls when it enrols). A region officer's list is then
 * `exists (region_code = its code)` instead of `residence LIKE … OR EXISTS (class held there)`,
 * which no index could serve. Class links are kept when a draft roster drops the person again,
 * as institution links are.
 */
export const personRegions = pgTable(
  "person_regions",
  {
    regionCode: varchar("region_code", { length: 6 }).notNull(),
    personId: uuid("person_id")
      .notNull()
      .references(() => persons.id, { onDelete: "cascade" }),
    via: text("via", { enum: ["residence", "class"] }).notNull(),
    /**
     * The person's name, the lists' sort key, copied so a scoped page is one index range in name
     * order (person_regions_name_idx). Set from persons by a trigger on every insert and kept in
     * step when the name changes (migration 0042): whatever a writer passes here is replaced.
     */
    name: text("name").notNull().default(""),
  },
  (t) => [
    primaryKey({ columns: [t.regionCode, t.personId, t.via] }),
    index("person_regions_person_idx").on(t.personId),
    // a region's persons in the lists' order (name, id); via last, so a residence-only page is index-only too
    index("person_regions_name_idx").on(t.regionCode, t.name, t.personId, t.via),
    check("person_regions_via_ck", sql`${t.via} in ('residence', 'class')`),
  ],
);

/**
 * Which institutions registered or enrolled the person (classes links through
 * `linkPersonToInstitution`). `entered` keeps what the institution itself entered: until the person
 * is on the roster of one of its approved classes, that is all the institution is shown.
 */
export const personInstitutions = pgTable(
  "person_institutions",
  {
    personId: uuid("person_id")
      .notNull()
      .references(() => persons.id, { onDelete: "cascade" }),
    institutionId: uuid("institution_id").notNull(),
    firstLinkedAt: timestamp("first_linked_at", { withTimezone: true, mode: "date" }).notNull(),
    /** the institution's own latest registration or roster row; null for links made by enrolment */
    entered: jsonb("entered").$type<EnteredPerson>(),
    /** this institution's registration created the record (so everything stored is what it entered) */
    createdRecord: boolean("created_record").notNull().default(false),
    /** the person's name, kept by triggers as in person_regions: the institution's list is one index range */
    name: text("name").notNull().default(""),
  },
  (t) => [primaryKey({ columns: [t.personId, t.institutionId] }), index("person_institutions_name_idx").on(t.institutionId, t.name, t.personId)],
);

/** The person's categories, each with its evidence; sensitive evidence is encrypted. */
export const personCategories = pgTable(
  "person_categories",
  {
    personId: uuid("person_id")
      .notNull()
      .references(() => persons.id, { onDelete: "cascade" }),
    category: text("category").notNull(),
    evidenceType: text("evidence_type", { enum: ["registry_match", "commitment"] }).notNull(),
    /** registry list name or 承诺书 number; null when stored encrypted */
    evidenceRef: text("evidence_ref"),
    /** for disability, poverty and criminal-record categories */
    evidenceRefEncrypted: text("evidence_ref_encrypted"),
    evidenceDate: date("evidence_date", { mode: "string" }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.personId, t.category] }),
    // a category's persons, index-only: the persons list's category filter counts its total by a merge with the scope
    index("person_categories_category_person_idx").on(t.category, t.personId),
    check("person_categories_evidence_ck", sql`${t.evidenceRef} is not null or ${t.evidenceRefEncrypted} is not null`),
  ],
);

/** Recorded exclusion facts (在编, pensioner, non-graduating student); working age is computed. */
export const personExclusions = pgTable(
  "person_exclusions",
  {
    personId: uuid("person_id")
      .notNull()
      .references(() => persons.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["public_payroll", "pensioner", "student"] }).notNull(),
    source: text("source").notNull(),
    recordedOn: date("recorded_on", { mode: "string" }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.personId, t.kind] })],
);

export const changeRequestStatuses = ["pending", "confirmed", "rejected"] as const;

/**
 * A filed correction of a registered person (登记信息变更申请): registrations and imports never
 * change an existing record; a difference is filed here and applied only when an officer covering
 * the person's residence — or the person themself — confirms it.
 */
export const personChangeRequests = pgTable(
  "person_change_requests",
  {
    id: uuid("id").primaryKey(),
    personId: uuid("person_id")
      .notNull()
      .references(() => persons.id, { onDelete: "cascade" }),
    /** the filing institution; null when an officer or the person filed */
    institutionId: uuid("institution_id"),
    /** field → proposed value; categories/exclusions are added, never removed */
    changes: jsonb("changes").$type<PersonChanges>().notNull(),
    status: text("status", { enum: changeRequestStatuses }).notNull(),
    filedBy: uuid("filed_by"),
    filedAt: timestamp("filed_at", { withTimezone: true, mode: "date" }).notNull(),
    decidedBy: uuid("decided_by"),
    decidedAt: timestamp("decided_at", { withTimezone: true, mode: "date" }),
    note: text("note"),
  },
  (t) => [
    index("person_change_requests_person_idx").on(t.personId),
    index("person_change_requests_institution_idx").on(t.institutionId),
    // the console list (oldest first: walks filed_at, the residence filter on persons' key) and the to-do (a status's requests)
    index("person_change_requests_filed_idx").on(t.filedAt),
    index("person_change_requests_status_filed_idx").on(t.status, t.filedAt),
    check("person_change_requests_status_ck", sql`${t.status} in ('pending', 'confirmed', 'rejected')`),
  ],
);
