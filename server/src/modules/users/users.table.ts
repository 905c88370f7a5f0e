import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgTable, text, timestamp, uniqueIndex, uuid, varchar } from "drizzle-orm/pg-core";
import { regions } from "../reference/reference.table.ts";

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey(),
    username: text("username").notNull(),
    displayName: text("display_name").notNull(),
    passwordHash: text("password_hash").notNull(),
    mustChangePassword: boolean("must_change_password").notNull().default(false),
    status: text("status", { enum: ["active", "disabled"] }).notNull().default("active"),
    /** the region the account belongs to; scope filters on users use it */
    regionCode: varchar("region_code", { length: 6 })
      .notNull()
      .references(() => regions.code),
    phone: text("phone"),
    /** trainees log in with their ID number: the same keyed hash as persons.id_number_hash (never the number) */
    loginIdHash: text("login_id_hash"),
    failedAttempts: integer("failed_attempts").notNull().default(0),
    lockedUntil: timestamp("locked_until", { withTimezone: true, mode: "date" }),
    lastLoginAt: timestamp("last_login_at", { withTimezone: true, mode: "date" }),
    passwordChangedAt: timestamp("password_changed_at", { withTimezone: true, mode: "date" }),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [
    uniqueIndex("users_username_uq").on(sql`lower(${t.username})`),
    index("users_region_idx").on(t.regionCode),
    uniqueIndex("users_login_id_hash_uq").on(t.loginIdHash),
    index("users_phone_idx").on(t.phone),
  ],
);

export const roleAssignments = pgTable(
  "role_assignments",
  {
    id: uuid("id").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: text("role").notNull(),
    scopeType: text("scope_type", { enum: ["province", "region", "department", "institution", "self"] }).notNull(),
    regionCode: varchar("region_code", { length: 6 }).references(() => regions.code),
    departmentCode: text("department_code"),
    institutionId: uuid("institution_id"),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
    createdBy: uuid("created_by"),
  },
  (t) => [
    index("role_assignments_user_idx").on(t.userId),
    check(
      "role_assignments_scope_ck",
      sql`(${t.scopeType} <> 'region' or ${t.regionCode} is not null) and (${t.scopeType} <> 'department' or ${t.departmentCode} is not null) and (${t.scopeType} <> 'institution' or ${t.institutionId} is not null)`,
    ),
  ],
);

/** Server-side sessions; the cookie holds a random token, the table only its SHA-256. */
export const sessions = pgTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true, mode: "date" }).notNull(),
    clientIp: text("client_ip"),
    userAgent: text("user_agent"),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);
