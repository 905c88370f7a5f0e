import { index, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Rate-limit windows, back-off and other short-lived counters shared by every app process on one
 * PostgreSQL (see `pgCounterStore`). A row past `expires_at` counts as absent and is deleted by
 * the periodic clean-up.
 */
export const counters = pgTable(
  "counters",
  {
    key: text("key").primaryKey(),
    value: jsonb("value").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
  },
  (t) => [index("counters_expires_at_idx").on(t.expiresAt)],
);
