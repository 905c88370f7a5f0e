import { sql } from "drizzle-orm";
import { boolean, check, date, index, integer, pgTable, smallint, text, timestamp, uniqueIndex, uuid, varchar } from "drizzle-orm/pg-core";
import { standardSubsidyTypes } from "../../../../shared/src/contracts/catalogue.ts";
import { regions } from "../reference/reference.table.ts";

/** 职业分类大典 occupations, 2015 and 2022 editions (the same code may differ between editions). */
export const occupations = pgTable(
  "occupations",
  {
    id: uuid("id").primaryKey(),
    edition: smallint("edition").notNull(),
    code: varchar("code", { length: 16 }).notNull(),
    name: text("name").notNull(),
    /** 2022 edition mark S */
    digital: boolean("digital").notNull().default(false),
    /** 2022 edition mark L */
    green: boolean("green").notNull().default(false),
    /** 工种 listed under the occupation */
    trades: text("trades").array().notNull().default(sql`'{}'::text[]`),
    note: text("note"),
    /** shipped demonstration record, not an official list */
    demo: boolean("demo").notNull().default(false),
    status: text("status", { enum: ["active", "retired"] }).notNull().default("active"),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [
    uniqueIndex("occupations_edition_code_uq").on(t.edition, t.code),
    check("occupations_edition_ck", sql`${t.edition} in (2015, 2022)`),
    check("occupations_code_ck", sql`${t.code} ~ '^[0-9]-[0-9]{2}-[0-9]{2}-[0-9]{2}$'`),
  ],
);

/**
 * 培训项目目录: one trainable item (an occupation, or a named special project) with its training
 * type, certificate types and levels. What may change over time lives in versions.
 */
export const catalogueItems = pgTable(
  "catalogue_items",
  {
    id: uuid("id").primaryKey(),
    code: text("code").notNull(),
    occupationId: uuid("occupation_id").references(() => occupations.id),
    tradeName: text("trade_name"),
    projectName: text("project_name"),
    trainingType: text("training_type").notNull(),
    certificateTypes: text("certificate_types").array().notNull(),
    skillLevels: text("skill_levels").array().notNull().default(sql`'{}'::text[]`),
    industryCode: text("industry_code"),
    /** plan programs served (E1 … B5) */
    programCodes: text("program_codes").array().notNull().default(sql`'{}'::text[]`),
    status: text("status", { enum: ["draft", "published", "withdrawn"] }).notNull().default("draft"),
    publishedAt: timestamp("published_at", { withTimezone: true, mode: "date" }),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [
    uniqueIndex("catalogue_items_code_uq").on(t.code),
    index("catalogue_items_occupation_idx").on(t.occupationId),
    // the portal's list (published, by code) and its count, without reading the wide rows
    index("catalogue_items_published_idx").on(t.code, t.id).where(sql`${t.status} = 'published'`),
    check("catalogue_items_subject_ck", sql`${t.occupationId} is not null or ${t.projectName} is not null`),
    check("catalogue_items_status_ck", sql`${t.status} in ('draft', 'published', 'withdrawn')`),
  ],
);

/** A catalogue item's terms for a period; a class keeps the version in force on its start date. */
export const catalogueItemVersions = pgTable(
  "catalogue_item_versions",
  {
    id: uuid("id").primaryKey(),
    itemId: uuid("item_id")
      .notNull()
      .references(() => catalogueItems.id),
    effectiveFrom: date("effective_from", { mode: "string" }).notNull(),
    /** last day in force (inclusive); null = open-ended */
    effectiveTo: date("effective_to", { mode: "string" }),
    minHours: integer("min_hours").notNull(),
    maxHours: integer("max_hours").notNull(),
    minTheoryPercent: integer("min_theory_percent").notNull(),
    minPracticePercent: integer("min_practice_percent").notNull(),
    modes: text("modes").array().notNull(),
    note: text("note"),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [
    uniqueIndex("catalogue_item_versions_from_uq").on(t.itemId, t.effectiveFrom),
    check("catalogue_item_versions_period_ck", sql`${t.effectiveTo} is null or ${t.effectiveTo} >= ${t.effectiveFrom}`),
    check("catalogue_item_versions_hours_ck", sql`${t.minHours} > 0 and ${t.maxHours} >= ${t.minHours}`),
    check(
      "catalogue_item_versions_share_ck",
      sql`${t.minTheoryPercent} between 0 and 100 and ${t.minPracticePercent} between 0 and 100 and ${t.minTheoryPercent} + ${t.minPracticePercent} <= 100`,
    ),
  ],
);

/**
 * 补贴标准: amount in fen per subsidy type × item × region (a city, or 220000 as the province
 * default) × certificate type × level, with shortage and mode factors in percent, for an effective
 * period. Evaluation standards carry no factors (all 100) and never target 培训合格证书.
 * Periods of one key never overlap: the service checks under an advisory lock on the key.
 */
export const subsidyStandards = pgTable(
  "subsidy_standards",
  {
    id: uuid("id").primaryKey(),
    subsidyType: text("subsidy_type", { enum: standardSubsidyTypes }).notNull().default("training"),
    itemId: uuid("item_id")
      .notNull()
      .references(() => catalogueItems.id),
    regionCode: varchar("region_code", { length: 6 })
      .notNull()
      .references(() => regions.code),
    certificateType: text("certificate_type").notNull(),
    skillLevel: text("skill_level"),
    amountFen: integer("amount_fen").notNull(),
    shortageFactorPercent: integer("shortage_factor_percent").notNull().default(100),
    onlineFactorPercent: integer("online_factor_percent").notNull().default(100),
    blendedFactorPercent: integer("blended_factor_percent").notNull().default(100),
    effectiveFrom: date("effective_from", { mode: "string" }).notNull(),
    effectiveTo: date("effective_to", { mode: "string" }),
    note: text("note"),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [
    // same key and same start date can never coexist, even if the service check were bypassed
    uniqueIndex("subsidy_standards_key_from_uq").on(t.subsidyType, t.itemId, t.regionCode, t.certificateType, sql`coalesce(${t.skillLevel}, '')`, t.effectiveFrom),
    index("subsidy_standards_region_idx").on(t.regionCode),
    // a page of items' standards (item in …, region in the chain): the region index alone read a
    // whole city's standards for 20 items
    index("subsidy_standards_item_idx").on(t.itemId, t.regionCode),
    check("subsidy_standards_type_ck", sql`${t.subsidyType} in ('training', 'evaluation')`),
    check("subsidy_standards_amount_ck", sql`${t.amountFen} >= 0`),
    check("subsidy_standards_factors_ck", sql`${t.shortageFactorPercent} between 1 and 200 and ${t.onlineFactorPercent} between 0 and 200 and ${t.blendedFactorPercent} between 0 and 200`),
    check("subsidy_standards_period_ck", sql`${t.effectiveTo} is null or ${t.effectiveTo} >= ${t.effectiveFrom}`),
  ],
);
