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

/**
 * Signed heads of the audit chain (the anchors). Kept apart from `audit_log` and append-only (a
 * trigger refuses UPDATE, DELETE and TRUNCATE), and published at `/api/public/audit/anchors`, so a
 * chain recomputed after an edit, or cut short, no longer matches a head signed by a key that the
 * database never held.
 */
export const auditAnchors = pgTable("audit_anchors", {
  id: bigint("id", { mode: "number" }).primaryKey(),
  /** the audit_log row whose hash is signed (the chain head at `at`) */
  seq: bigint("seq", { mode: "number" }).notNull(),
  hash: text("hash").notNull(),
  at: timestamp("at", { withTimezone: true, mode: "date" }).notNull(),
  /** sha-256 of the public key (SPKI DER), first 16 hex digits */
  keyId: text("key_id").notNull(),
  /** Ed25519 over the canonical JSON of [version, seq, hash, at, keyId], base64 */
  signature: text("signature").notNull(),
  /** the public key as PEM, so the published copy carries what checks it */
  publicKey: text("public_key").notNull(),
});
