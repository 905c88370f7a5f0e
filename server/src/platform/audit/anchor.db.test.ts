import { generateKeyPairSync } from "node:crypto";
import { asc, gt, sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { anonymous, createTestEnv, type TestEnv } from "../../../test/harness.ts";
import { anchorHead, listAnchors, type PublishedAnchor, signerFrom, startAnchoring, verifyAnchors } from "./anchor.ts";
import { audit, rowHash, verifyAuditChain } from "./audit.ts";
import { auditLog } from "./audit.table.ts";

const keys = generateKeyPairSync("ed25519");
const signer = signerFrom(keys.privateKey);

// every test tampers in its own way: each gets its own database (in a hook, which has the longer bound)
let e: TestEnv;
beforeEach(async () => {
  e = await createTestEnv();
});
afterEach(() => e?.close());

async function addEntries(e: TestEnv, n: number) {
  for (let i = 0; i < n; i++) {
    await e.deps.db.transaction((tx) => audit(tx, e.system, e.clock, { action: "test.entry", entityType: "test", entityId: String(i), after: { i } }));
  }
}

/** What a DBA with the table owner's rights can do: switch the append-only triggers off. */
async function asOwner(e: TestEnv, statements: () => Promise<unknown>) {
  await e.deps.db.execute(sql`alter table audit_log disable trigger user`);
  await e.deps.db.execute(sql`alter table audit_anchors disable trigger user`);
  try {
    await statements();
  } finally {
    await e.deps.db.execute(sql`alter table audit_log enable trigger user`);
    await e.deps.db.execute(sql`alter table audit_anchors enable trigger user`);
  }
}

/** Edits row `seq`, then recomputes every hash from there on so the chain itself verifies again. */
async function editAndRecompute(e: TestEnv, seq: number) {
  await asOwner(e, async () => {
    await e.deps.db.execute(sql`update audit_log set after = '{"i":"forged"}' where seq = ${seq}`);
    const rows = await e.deps.db.select().from(auditLog).where(gt(auditLog.seq, seq - 1)).orderBy(asc(auditLog.seq));
    const [prev] = await e.deps.db.select({ hash: auditLog.hash }).from(auditLog).where(sql`${auditLog.seq} = ${seq - 1}`);
    let prevHash = prev?.hash ?? "0".repeat(64);
    for (const r of rows) {
      const hash = rowHash({ ...r, prevHash });
      await e.deps.db.execute(sql`update audit_log set prev_hash = ${prevHash}, hash = ${hash} where seq = ${r.seq}`);
      prevHash = hash;
    }
  });
}

function published(rows: Awaited<ReturnType<typeof listAnchors>>): PublishedAnchor[] {
  return rows.map((a) => ({ id: a.id, seq: a.seq, hash: a.hash, at: a.at.toISOString(), keyId: a.keyId, signature: a.signature }));
}

describe("audit anchors", () => {
  it("an intact chain with signed heads verifies", async () => {
    await addEntries(e, 3);
    expect(await anchorHead(e.deps.db, signer, e.clock)).toMatchObject({ id: 1, keyId: signer.keyId });
    expect(await anchorHead(e.deps.db, signer, e.clock)).toBeNull(); // head unchanged: nothing to sign
    await addEntries(e, 2);
    expect(await anchorHead(e.deps.db, signer, e.clock)).toMatchObject({ id: 2 });
    expect(await verifyAnchors(e.deps.db, keys.publicKey)).toEqual({ ok: true, checked: 2, problems: [] });
  });

  it("a chain recomputed after an edit still verifies by itself, but not against the signed head, which is named", async () => {
    await addEntries(e, 4);
    const anchor = (await anchorHead(e.deps.db, signer, e.clock))!;
    await editAndRecompute(e, 2);
    expect((await verifyAuditChain(e.deps.db)).ok).toBe(true); // what audit:verify checked until now
    const r = await verifyAnchors(e.deps.db, keys.publicKey);
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual([expect.objectContaining({ anchorId: anchor.id, seq: anchor.seq, reason: expect.stringMatching(/anchor 1: .*recomputed/) })]);
  });

  it("dropping the last rows is reported as a truncated log", async () => {
    await addEntries(e, 5);
    await anchorHead(e.deps.db, signer, e.clock);
    await asOwner(e, () => e.deps.db.execute(sql`delete from audit_log where seq > 3`));
    expect((await verifyAuditChain(e.deps.db)).ok).toBe(true);
    const r = await verifyAnchors(e.deps.db, keys.publicKey);
    expect(r.ok).toBe(false);
    expect(r.problems[0]!.reason).toMatch(/truncated.*seq 5.*ends at seq 3/);
  });

  it("an anchor signed by another key, or with an altered signature, fails", async () => {
    await addEntries(e, 2);
    await anchorHead(e.deps.db, signer, e.clock);
    // the DBA signs a recomputed head with a key of their own
    const other = signerFrom(generateKeyPairSync("ed25519").privateKey);
    await addEntries(e, 1);
    await anchorHead(e.deps.db, other, e.clock);
    // …and alters the genuine anchor's signature
    await asOwner(e, () => e.deps.db.execute(sql`update audit_anchors set signature = ${Buffer.alloc(64, 7).toString("base64")} where id = 1`));
    const r = await verifyAnchors(e.deps.db, keys.publicKey);
    expect(r.problems.map((p) => p.reason)).toEqual([expect.stringMatching(/anchor 1 .*signature does not verify/), expect.stringMatching(/anchor 2 is signed by key .*not the trusted key/)]);
  });

  it("a DBA who rewrites the anchors too is caught by the published copy", async () => {
    await addEntries(e, 3);
    await anchorHead(e.deps.db, signer, e.clock);
    const outsidersCopy = published(await listAnchors(e.deps.db));
    await editAndRecompute(e, 1);
    await asOwner(e, () => e.deps.db.execute(sql`delete from audit_anchors`));
    expect((await verifyAnchors(e.deps.db, keys.publicKey)).ok).toBe(true); // nothing left in the database to contradict
    const r = await verifyAnchors(e.deps.db, keys.publicKey, outsidersCopy);
    expect(r.problems.map((p) => p.reason)).toEqual([expect.stringMatching(/missing from audit_anchors/), expect.stringMatching(/anchor 1: row 3 .*recomputed/)]);
  });

  it("anchors cannot be updated or deleted through SQL", async () => {
    await addEntries(e, 1);
    await anchorHead(e.deps.db, signer, e.clock);
    await expect(e.deps.db.execute(sql`update audit_anchors set seq = 9`)).rejects.toThrow();
    await expect(e.deps.db.execute(sql`delete from audit_anchors`)).rejects.toThrow();
    await expect(e.deps.db.execute(sql`truncate audit_anchors`)).rejects.toThrow();
  });

  it("the background anchoring signs every N entries and the final head at stop", async () => {
    await addEntries(e, 1);
    const anchoring = startAnchoring(e.deps.db, signer, e.clock, { everyEntries: 3, everyMinutes: 60, onError: (err) => expect.fail(String(err)) });
    await anchoring.ready;
    expect((await listAnchors(e.deps.db)).map((a) => a.seq)).toEqual([1]);
    await addEntries(e, 2);
    await anchoring.tick();
    expect((await listAnchors(e.deps.db)).map((a) => a.seq)).toEqual([1]); // 2 new < 3
    await addEntries(e, 1);
    await anchoring.tick();
    expect((await listAnchors(e.deps.db)).map((a) => a.seq)).toEqual([1, 4]);
    await addEntries(e, 1);
    e.clock.advanceMinutes(61);
    await anchoring.tick();
    await addEntries(e, 1);
    await anchoring.stop();
    expect((await listAnchors(e.deps.db)).map((a) => a.seq)).toEqual([1, 4, 5, 6]);
  });

  it("publishes the heads and the public key without login", async () => {
    await addEntries(e, 2);
    await anchorHead(e.deps.db, signer, e.clock);
    await addEntries(e, 1);
    e.clock.advanceMinutes(24 * 60);
    await anchorHead(e.deps.db, signer, e.clock);
    const res = await anonymous(e.app).get("/api/public/audit/anchors");
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.latest).toMatchObject({ id: 2, seq: 3, keyId: signer.keyId });
    expect(body.items.map((a: PublishedAnchor) => a.seq)).toEqual([2, 3]);
    expect(body.daily.map((a: PublishedAnchor) => a.id)).toEqual([2, 1]);
    expect(body.keys).toEqual([{ keyId: signer.keyId, publicKey: signer.publicKeyPem }]);
    // the published list is exactly what audit:verify accepts as the outsider's copy
    expect((await verifyAnchors(e.deps.db, keys.publicKey, body.items)).ok).toBe(true);
    expect((await anonymous(e.app).get("/api/public/audit/anchors?afterId=1")).json().items.map((a: PublishedAnchor) => a.id)).toEqual([2]);
  });
});
