import { z } from "zod";
import { pageQuery, paged, regionCode } from "./common.ts";

export const auditQuery = z.strictObject({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  actor: z.string().trim().max(64).optional(),
  action: z.string().trim().max(64).optional(),
  entityType: z.string().trim().max(64).optional(),
  entityId: z.string().trim().max(64).optional(),
  regionCode: regionCode.optional(),
  ...pageQuery,
});

export const auditEntryView = z.object({
  seq: z.number(),
  at: z.string(),
  actorUserId: z.string().nullable(),
  actorUsername: z.string(),
  actorRole: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  /** the object's own name (class title and number, person's name and masked ID …) and its console page; null when the reader may not see it */
  entity: z.object({ name: z.string(), href: z.string().nullable() }).nullable(),
  regionCode: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  requestId: z.string().nullable(),
  clientIp: z.string().nullable(),
  hash: z.string(),
});
export const auditList = paged(auditEntryView);

/** A signed head of the audit chain, as published for outsiders to keep (see /api/public/audit/anchors). */
export const auditAnchorView = z.object({
  id: z.number(),
  seq: z.number(),
  hash: z.string(),
  at: z.string(),
  keyId: z.string(),
  signature: z.string(),
});
export const auditAnchorsQuery = z.strictObject({
  afterId: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
  limit: z.coerce.number().int().min(1).max(5000).default(1000),
});
export const publicAuditAnchors = z.object({
  /** the most recent signed head */
  latest: auditAnchorView.nullable(),
  /** the last head of each of the latest 31 days (China Standard Time), newest first */
  daily: z.array(auditAnchorView),
  /** every anchor after `afterId`, oldest first, at most `limit`: a page of the full list */
  items: z.array(auditAnchorView),
  /** the public keys (SPKI PEM) the anchors name by keyId */
  keys: z.array(z.object({ keyId: z.string(), publicKey: z.string() })),
});
