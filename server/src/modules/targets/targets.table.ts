import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, text, timestamp, uniqueIndex, uuid, varchar } from "drizzle-orm/pg-core";
import { departments, regions } from "../reference/reference.table.ts";

/**
 * 目标任务 (the plan's G1, E5, K4, K5, S1): one row per version of one target. A target is keyed by
 * period ("2019", or the plan's three years "2019-2021"), line ("total" or a program code), region
 * and, for a department's share of a region, department. Versions are append-only (a trigger
 * refuses UPDATE and DELETE): the current target is the highest version; the rest is its history,
 * each with who set it, when and why.
 */
export const targetVersions = pgTable(
  "target_versions",
  {
    id: uuid("id").primaryKey(),
    /** period|line|region|department-or-"-": one target's versions share it */
    key: text("key").notNull(),
    period: text("period").notNull(),
    line: text("line").notNull(),
    regionCode: varchar("region_code", { length: 6 })
      .notNull()
      .references(() => regions.code),
    departmentCode: text("department_code").references(() => departments.code),
    version: integer("version").notNull(),
    /** person-times (apprentices for E5, studios for S1) */
    target: integer("target").notNull(),
    reason: text("reason").notNull(),
    createdBy: uuid("created_by"),
    createdByName: text("created_by_name").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [
    uniqueIndex("target_versions_key_version_uq").on(t.key, t.version),
    index("target_versions_period_line_idx").on(t.period, t.line),
    index("target_versions_region_idx").on(t.regionCode),
    check("target_versions_target_ck", sql`${t.target} >= 0`),
    check("target_versions_version_ck", sql`${t.version} >= 1`),
    check("target_versions_period_ck", sql`${t.period} ~ '^[0-9]{4}(-[0-9]{4})?$'`),
  ],
);

/**
 * 技能人才结构 (G2, G3): the province's statistics for a year — employed persons, skilled workers
 * and high-skilled talent at the start of the year (上年末) — as append-only versions.
 */
export const skillStructureVersions = pgTable(
  "skill_structure_versions",
  {
    id: uuid("id").primaryKey(),
    year: integer("year").notNull(),
    version: integer("version").notNull(),
    employed: integer("employed").notNull(),
    skilled: integer("skilled").notNull(),
    highSkilled: integer("high_skilled").notNull(),
    reason: text("reason").notNull(),
    createdBy: uuid("created_by"),
    createdByName: text("created_by_name").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [
    uniqueIndex("skill_structure_year_version_uq").on(t.year, t.version),
    check("skill_structure_counts_ck", sql`${t.employed} >= 0 and ${t.skilled} between 0 and ${t.employed} and ${t.highSkilled} between 0 and ${t.skilled}`),
  ],
);
