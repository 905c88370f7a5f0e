import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign, verify } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { asc, desc, inArray, sql } from "drizzle-orm";
import type { Clock } from "../clock.ts";
import type { Db } from "../db/db.ts";
import { canonicalJson } from "./audit.ts";
import { auditAnchors, auditLog } from "./audit.table.ts";
import { writeFileDurably } from "../durable-file.ts";

/**
 * Anchoring: the chain head is signed at intervals with an Ed25519 key the database never holds.
 * Whoever can write the tables can recompute the hash chain after an edit, or cut its tail off —
 * but cannot produce a signature over the new head, and the heads signed before are published,
 * so an outsider's copy still names the old hash.
 */

const PAYLOAD_VERSION = "jl-audit-anchor/1";
/** serializes anchor writers across connections on PostgreSQL (any constant distinct from the chain's) */
const ANCHOR_LOCK = 7_270_002;
export const SIGNING_KEY_FILE = "audit-signing.key";

export interface AuditSigner {
  keyId: string;
  publicKeyPem: string;
  sign(payload: string): string;
}

/** First 16 hex digits of sha-256 over the public key's SPKI DER: what an anchor names its key by. */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash("sha256").update(publicKey.export({ type: "spki", format: "der" })).digest("hex").slice(0, 16);
}

/** A private key given as PEM, or as base64 of PKCS#8 DER (fits in one environment variable). */
export function parsePrivateKey(text: string): KeyObject {
  const t = text.trim();
  const key = t.startsWith("-----BEGIN") ? createPrivateKey(t) : createPrivateKey({ key: Buffer.from(t, "base64"), format: "der", type: "pkcs8" });
  if (key.asymmetricKeyType !== "ed25519") throw new Error(`AUDIT_SIGNING_KEY must be an Ed25519 key, got ${key.asymmetricKeyType}`);
  return key;
}

/** A public key as PEM/base64 SPKI, or derived from a private key (PEM/base64 PKCS#8). */
export function parsePublicKey(text: string): KeyObject {
  const t = text.trim();
  if (t.includes("PRIVATE KEY")) return createPublicKey(parsePrivateKey(t));
  if (t.startsWith("-----BEGIN")) return createPublicKey(t);
  const der = Buffer.from(t, "base64");
  try {
    return createPublicKey({ key: der, format: "der", type: "spki" });
  } catch {
    return createPublicKey(parsePrivateKey(t));
  }
}

export function signerFrom(privateKey: KeyObject): AuditSigner {
  const publicKey = createPublicKey(privateKey);
  return {
    keyId: keyIdOf(publicKey),
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
    sign: (payload) => sign(null, Buffer.from(payload), privateKey).toString("base64"),
  };
}

/** A fresh Ed25519 key as PKCS#8 PEM (the key file's format). */
export function generateSigningKeyPem(): string {
  return generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString();
}

/**
 * The signing key: AUDIT_SIGNING_KEY when set; for the embedded store, generated once into
 * `DATA_DIR/audit-signing.key` (like DATA_KEY, so `npm start` works out of the box — it then lives
 * next to the data, which only protects against edits made through the database, not against
 * whoever holds the folder). On PostgreSQL it is required: the point is that the database role
 * cannot reach it.
 */
export function resolveAuditSigner(configured: string | undefined, dataDir: string, kind: "pglite" | "postgres"): AuditSigner {
  if (configured) return signerFrom(parsePrivateKey(configured));
  if (kind === "postgres") {
    throw new Error("AUDIT_SIGNING_KEY must be set when running on PostgreSQL (DATABASE_URL): it signs the audit chain's heads and must not be reachable by the database role. Generate one with: openssl genpkey -algorithm ed25519");
  }
  const file = path.join(dataDir, SIGNING_KEY_FILE);
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    return signerFrom(parsePrivateKey(fs.readFileSync(file, "utf8")));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
    writeFileDurably(file, generateSigningKeyPem(), { mode: 0o600, exclusive: true });
    return signerFrom(parsePrivateKey(fs.readFileSync(file, "utf8")));
  }
}

/**
 * The public key `audit:verify` trusts, read from configuration only (never from the database):
 * an explicit public-key file, else AUDIT_SIGNING_KEY, else the embedded store's key file.
 * Undefined when none is available.
 */
export function resolveVerifyKey(opts: { publicKeyFile?: string | undefined; configured?: string | undefined; dataDir: string; kind: "pglite" | "postgres" }): KeyObject | undefined {
  if (opts.publicKeyFile) return parsePublicKey(fs.readFileSync(opts.publicKeyFile, "utf8"));
  if (opts.configured) return parsePublicKey(opts.configured);
  if (opts.kind === "pglite") {
    const file = path.join(opts.dataDir, SIGNING_KEY_FILE);
    if (fs.existsSync(file)) return parsePublicKey(fs.readFileSync(file, "utf8"));
  }
  return undefined;
}

function anchorPayload(a: { seq: number; hash: string; at: Date | string; keyId: string }): string {
  const at = typeof a.at === "string" ? new Date(a.at).toISOString() : a.at.toISOString();
  return canonicalJson([PAYLOAD_VERSION, a.seq, a.hash, at, a.keyId]);
}

export type AnchorRow = typeof auditAnchors.$inferSelect;

/** What the public endpoint and an exported anchors file carry per anchor. */
export interface PublishedAnchor {
  id: number;
  seq: number;
  hash: string;
  at: string;
  keyId: string;
  signature: string;
}

/**
 * Signs the current chain head and appends it to `audit_anchors`. Returns the new anchor, or null
 * when the log is empty or its head is already anchored.
 */
export async function anchorHead(db: Db, signer: AuditSigner, clock: Clock): Promise<AnchorRow | null> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${ANCHOR_LOCK})`);
    const [head] = await tx.select({ seq: auditLog.seq, hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
    if (!head) return null;
    const [last] = await tx.select({ id: auditAnchors.id, seq: auditAnchors.seq }).from(auditAnchors).orderBy(desc(auditAnchors.id)).limit(1);
    if (last && last.seq >= head.seq) return null;
    const at = clock.now();
    const row = { id: (last?.id ?? 0) + 1, seq: head.seq, hash: head.hash, at, keyId: signer.keyId, publicKey: signer.publicKeyPem };
    const signature = signer.sign(anchorPayload(row));
    const [inserted] = await tx
      .insert(auditAnchors)
      .values({ ...row, signature })
      .returning();
    return inserted ?? null;
  });
}

export interface AnchoringOptions {
  /** anchor once this many entries were added since the last anchor */
  everyEntries: number;
  /** …or once the last anchor is this old and there is anything new */
  everyMinutes: number;
  /** how often to look (default one minute) */
  checkMs?: number;
  onError?: (e: unknown) => void;
}

/**
 * Anchors at start, then whenever `everyEntries` entries or `everyMinutes` minutes have passed,
 * and once more at stop (so a clean shutdown leaves the final head signed). `ready` settles when
 * the start-up head is signed.
 */
export function startAnchoring(
  db: Db,
  signer: AuditSigner,
  clock: Clock,
  opts: AnchoringOptions,
): { ready: Promise<void>; tick(): Promise<void>; stop(): Promise<void> } {
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const due = async (): Promise<boolean> => {
    const [head] = await db.select({ seq: auditLog.seq }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
    if (!head) return false;
    const [last] = await db.select({ seq: auditAnchors.seq, at: auditAnchors.at }).from(auditAnchors).orderBy(desc(auditAnchors.id)).limit(1);
    if (!last) return true;
    if (head.seq <= last.seq) return false;
    return head.seq - last.seq >= opts.everyEntries || clock.now().getTime() - last.at.getTime() >= opts.everyMinutes * 60_000;
  };
  // ticks never overlap: each waits for the one before
  const tick = (force = false) => {
    running = running.then(async () => {
      try {
        if (force || (await due())) await anchorHead(db, signer, clock);
      } catch (e) {
        (opts.onError ?? console.error)(e);
      }
    });
    return running;
  };
  const ready = tick(true);
  const timer = setInterval(() => void tick(), opts.checkMs ?? 60_000);
  timer.unref();
  return {
    ready,
    tick: () => tick(),
    stop: async () => {
      if (stopped) return running;
      stopped = true;
      clearInterval(timer);
      await tick(true);
    },
  };
}

/** The published view: anchors in order, after `afterId`, at most `limit`. */
export async function listAnchors(db: Db, afterId = 0, limit = 1000): Promise<AnchorRow[]> {
  return db
    .select()
    .from(auditAnchors)
    .where(sql`${auditAnchors.id} > ${afterId}`)
    .orderBy(asc(auditAnchors.id))
    .limit(limit);
}

export interface AnchorProblem {
  anchorId: number;
  seq: number;
  reason: string;
}

export interface AnchorVerifyResult {
  ok: boolean;
  /** anchors whose signature and head were checked */
  checked: number;
  problems: AnchorProblem[];
}

/**
 * Checks every anchor (the database's and, when given, a published copy's): its signature under
 * the trusted public key, that the row it signed is still in the chain with the same hash (a chain
 * recomputed after an edit fails here), and that the chain still reaches it (a cut tail fails here).
 * A published anchor missing from, or different in, `audit_anchors` means the anchors were rewritten.
 */
export async function verifyAnchors(db: Db, publicKey: KeyObject, published: PublishedAnchor[] = []): Promise<AnchorVerifyResult> {
  const problems: AnchorProblem[] = [];
  const trustedKeyId = keyIdOf(publicKey);
  const stored = new Map<number, PublishedAnchor>();
  for (const a of await db.select().from(auditAnchors).orderBy(asc(auditAnchors.id))) {
    stored.set(a.id, { id: a.id, seq: a.seq, hash: a.hash, at: a.at.toISOString(), keyId: a.keyId, signature: a.signature });
  }
  const all = new Map(stored);
  for (const p of published) {
    const s = stored.get(p.id);
    if (!s) {
      problems.push({ anchorId: p.id, seq: p.seq, reason: `anchor ${p.id} of the published copy is missing from audit_anchors: anchors were removed` });
      all.set(p.id, p);
    } else if (s.seq !== p.seq || s.hash !== p.hash || s.signature !== p.signature || new Date(s.at).getTime() !== new Date(p.at).getTime()) {
      problems.push({ anchorId: p.id, seq: p.seq, reason: `anchor ${p.id} differs from the published copy: anchors were rewritten` });
      all.set(p.id, p); // the published copy is what outsiders hold: check the chain against it
    }
  }
  const anchors = [...all.values()].sort((a, b) => a.id - b.id);

  const [tail] = await db.select({ seq: auditLog.seq }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
  const lastSeq = tail?.seq ?? 0;
  const hashes = new Map<number, string>();
  const seqs = [...new Set(anchors.map((a) => a.seq))];
  for (let i = 0; i < seqs.length; i += 1000) {
    const rows = await db
      .select({ seq: auditLog.seq, hash: auditLog.hash })
      .from(auditLog)
      .where(inArray(auditLog.seq, seqs.slice(i, i + 1000)));
    for (const r of rows) hashes.set(r.seq, r.hash);
  }

  let checked = 0;
  for (const a of anchors) {
    checked++;
    if (a.keyId !== trustedKeyId) {
      problems.push({ anchorId: a.id, seq: a.seq, reason: `anchor ${a.id} is signed by key ${a.keyId}, not the trusted key ${trustedKeyId}` });
      continue;
    }
    let valid = false;
    try {
      valid = verify(null, Buffer.from(anchorPayload(a)), publicKey, Buffer.from(a.signature, "base64"));
    } catch {
      valid = false;
    }
    if (!valid) {
      problems.push({ anchorId: a.id, seq: a.seq, reason: `anchor ${a.id} (seq ${a.seq}): the signature does not verify — the anchor is forged or altered` });
      continue;
    }
    const hash = hashes.get(a.seq);
    if (hash === undefined) {
      if (a.seq > lastSeq) {
        problems.push({ anchorId: a.id, seq: a.seq, reason: `the log is truncated: anchor ${a.id} signed the head at seq ${a.seq}, but the log ends at seq ${lastSeq}` });
      } else {
        problems.push({ anchorId: a.id, seq: a.seq, reason: `anchor ${a.id}: row ${a.seq} it signed is missing from the log` });
      }
    } else if (hash !== a.hash) {
      problems.push({ anchorId: a.id, seq: a.seq, reason: `anchor ${a.id}: row ${a.seq} no longer has the hash signed on ${a.at} — the chain was recomputed after an edit` });
    }
  }
  return { ok: problems.length === 0, checked, problems };
}
