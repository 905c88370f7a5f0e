import { bigint, index, jsonb, pgTable, text, timestamp, uuid, varchar } from "drizzle-orm/pg-core";

/**
 * Append-only, hash-chained log of every change. A trigger (migration 0001) refuses UPDATE and
 * DELETE; `npm run audit:verify` recomputes the chain to catch edits made around the trigger.
 */
export const auditLog = pgTable(
  "audit_log",
  {
    seq: bigint("seq", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true, mode: "date" }).notNull(),
    actorUserId: uuid("actor_user_id"),
    actorUsername: text("actor_username").notNull(),
    actorRole: text("actor_role"),
    action: text("action").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id"),
    regionCode: varchar("region_code", { length: 6 }),
    before: jsonb("before"),
    after: jsonb("after"),
    requestId: text("request_id"),
    clientIp: text("client_ip"),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [
    index("audit_log_at_idx").on(t.at),
    index("audit_log_entity_idx").on(t.entityType, t.entityId),
    index("audit_log_actor_idx").on(t.actorUserId),
    index("audit_log_region_idx").on(t.regionCode),
  ],
);
