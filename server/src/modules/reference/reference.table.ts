import { integer, pgTable, primaryKey, text, varchar } from "drizzle-orm/pg-core";

/** GB/T 2260 divisions of Jilin (province, 9 cities, 60 counties). */
export const regions = pgTable("regions", {
  code: varchar("code", { length: 6 }).primaryKey(),
  name: text("name").notNull(),
  level: text("level", { enum: ["province", "city", "county"] }).notNull(),
  parentCode: varchar("parent_code", { length: 6 }),
  note: text("note"),
});

/**
 * Reporting units without a division code of their own (长白山管委会, 长春新区), mapped to the
 * divisions they cover so reports can attribute figures to them.
 */
export const reportingUnits = pgTable("reporting_units", {
  code: text("code").primaryKey(),
  name: text("name").notNull(),
  parentCode: varchar("parent_code", { length: 6 }).notNull(),
  coversRegionCodes: text("covers_region_codes").array().notNull(),
  note: text("note"),
});

export const departments = pgTable("departments", {
  code: text("code").primaryKey(),
  name: text("name").notNull(),
  shortName: text("short_name").notNull(),
  sort: integer("sort").notNull().default(0),
});

/** The plan's programs (E1–E6, K1–K5, B1–B5) with lead departments and numeric targets. */
export const programs = pgTable("programs", {
  code: text("code").primaryKey(),
  section: text("section").notNull(),
  name: text("name").notNull(),
  leadDepartmentCodes: text("lead_department_codes").array().notNull(),
  /** person-times (or apprentices for E5) over the plan period; null when the plan sets none */
  targetCount: integer("target_count"),
  targetUnit: text("target_unit"),
  targetNote: text("target_note"),
  sort: integer("sort").notNull().default(0),
});

/** Small code lists: trainee categories, training types, skill levels, certificate types, industries. */
export const refCodes = pgTable(
  "ref_codes",
  {
    kind: text("kind").notNull(),
    code: text("code").notNull(),
    name: text("name").notNull(),
    note: text("note"),
    sort: integer("sort").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.kind, t.code] })],
);
