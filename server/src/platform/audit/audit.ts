import { createHash } from "node:crypto";
import { asc, desc, sql } from "drizzle-orm";
import { roleSummary } from "../auth/actor.ts";
import type { Clock } from "../clock.ts";
import type { Ctx } from "../context.ts";
import type { Db } from "../db/db.ts";
import { faultPoint } from "../faults.ts";
import { auditLog } from "./audit.table.ts";

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId?: string | null;
  regionCode?: string | null;
  before?: unknown;
  after?: unknown;
}

const GENESIS = "0".repeat(64);
/** any constant works; it serializes writers of the chain across connections on PostgreSQL */
const CHAIN_LOCK = 7_270_001;

/** JSON with keys sorted at every level, so jsonb's reordering does not change the hash. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return "null";
  return JSON.stringify(value, (_k, v) => {
    if (v && typeof v === "object" && !Array.isArray(v)) {
      return Object.fromEntries(Object.keys(v as object).sort().map((k) => [k, (v as Record<string, unknown>)[k]]));
    }
    return v;
  });
}

interface HashedFields {
  seq: number;
  at: Date;
  actorUserId: string | null;
  actorUsername: string;
  actorRole: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  regionCode: string | null;
  before: unknown;
  after: unknown;
  requestId: string | null;
  clientIp: string | null;
  prevHash: string;
}

export function rowHash(r: HashedFields): string {
  const payload = canonicalJson([
    r.seq,
    r.at.toISOString(),
    r.actorUserId,
    r.actorUsername,
    r.actorRole,
    r.action,
    r.entityType,
    r.entityId,
    r.regionCode,
    r.before ?? null,
    r.after ?? null,
    r.requestId,
    r.clientIp,
    r.prevHash,
  ]);
  return createHash("sha256").update(payload).digest("hex");
}

/** Drops values that must never reach the log in clear (hashes, secrets). */
function scrub(v: unknown): unknown {
  if (v === undefined || v === null) return null;
  return JSON.parse(
    JSON.stringify(v, (k, val) => (/password|secret|token|Encrypted$|Hash$/i.test(k) ? "[redacted]" : val)),
  );
}

/**
 * Writes one audit entry in the caller's transaction (so it commits or rolls back with the
 * change). Call it inside `db.transaction`.
 */
export async function audit(tx: Db, ctx: Ctx, clock: Clock, e: AuditEntry): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${CHAIN_LOCK})`);
  const [last] = await tx.select({ seq: auditLog.seq, hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
  const row = {
    seq: (last?.seq ?? 0) + 1,
    at: clock.now(),
    actorUserId: ctx.actor.userId,
    actorUsername: ctx.actor.username,
    actorRole: roleSummary(ctx.actor),
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId ?? null,
    regionCode: e.regionCode ?? null,
    before: scrub(e.before),
    after: scrub(e.after),
    requestId: ctx.requestId,
    clientIp: ctx.clientIp,
    prevHash: last?.hash ?? GENESIS,
  };
  await tx.insert(auditLog).values({ ...row, hash: rowHash(row) });
  // the audit entry is a transaction's last write: pausing here holds it open with all its work done
  await faultPoint(`audit:${e.action}`);
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  firstBad?: { seq: number; reason: string };
}

/** Recomputes the whole chain: an altered, removed or re-ordered row breaks it. */
export async function verifyAuditChain(db: Db, batch = 5000): Promise<VerifyResult> {
  let prevHash = GENESIS;
  let expectedSeq = 1;
  let checked = 0;
  for (;;) {
    const rows = await db
      .select()
      .from(auditLog)
      .where(sql`${auditLog.seq} >= ${expectedSeq}`)
      .orderBy(asc(auditLog.seq))
      .limit(batch);
    if (rows.length === 0) return { ok: true, checked };
    for (const r of rows) {
      if (r.seq !== expectedSeq) {
        return { ok: false, checked, firstBad: { seq: r.seq, reason: `row ${expectedSeq} is missing (next row is ${r.seq})` } };
      }
      if (r.prevHash !== prevHash) {
        return { ok: false, checked, firstBad: { seq: r.seq, reason: "prev_hash does not match the previous row: rows removed, inserted or re-ordered" } };
      }
      if (rowHash(r) !== r.hash) {
        return { ok: false, checked, firstBad: { seq: r.seq, reason: "content does not match its hash: the row was altered" } };
      }
      prevHash = r.hash;
      expectedSeq++;
      checked++;
    }
  }
}
