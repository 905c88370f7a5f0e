/**
 * Services and presenters run with `deps.db` being a transaction (the policy tables run every cell
 * in one that is rolled back; a service may call another inside its own). A transaction is one
 * connection: the reads they fan out must go to it one at a time, never overlapping — pg 8 queues
 * overlapping queries with a deprecation warning, pg 9 refuses them (platform/db/reads.ts).
 * PostgreSQL only: PGlite is in-process and answers one query at a time by construction.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listTodos } from "../src/modules/home/home.service.ts";
import { getClass, listClasses } from "../src/modules/classes/classes.service.ts";
import { getInstitution } from "../src/modules/institutions/institutions.service.ts";
import { generateClaim } from "../src/modules/subsidies/claims.generate.ts";
import { getClaim, listClaims } from "../src/modules/subsidies/claims.read.ts";
import { type AssessedClass, makeAssessedClass } from "../src/modules/subsidies/subsidies.factory.ts";
import type { Deps } from "../src/platform/context.ts";
import { createTestEnv, type TestEnv } from "./harness.ts";
import { watchOverlaps } from "./overlap.ts";

const onPostgres = process.env.TEST_DB === "postgres";

let env: TestEnv;
let a: AssessedClass;

beforeAll(async () => {
  env = await createTestEnv();
  a = await makeAssessedClass(env, [{}, {}]);
});
afterAll(async () => {
  await env?.close();
});

class Rollback extends Error {}

/** runs `fn` with deps.db a transaction that is rolled back; returns the overlapping queries seen */
async function inTransaction(fn: (deps: Deps) => Promise<void>): Promise<string[]> {
  const watch = watchOverlaps();
  try {
    await env.deps.db.transaction(async (tx) => {
      await fn({ ...env.deps, db: tx });
      throw new Rollback();
    });
  } catch (e) {
    if (!(e instanceof Rollback)) throw e;
  } finally {
    watch.stop();
  }
  return watch.overlaps;
}

describe.skipIf(!onPostgres)("services on a transaction send one query at a time", () => {
  it("class views and lists", async () => {
    const overlaps = await inTransaction(async (deps) => {
      const view = await getClass(deps, a.world.staffCtx, a.classId);
      expect(view.roster).toHaveLength(2);
      expect((await listClasses(deps, a.countyCtx, { page: 1, pageSize: 20 })).items.map((c) => c.id)).toContain(a.classId);
    });
    expect(overlaps).toEqual([]);
  });

  it("generating a claim, its view, the list and the reviewer's to-dos", async () => {
    const overlaps = await inTransaction(async (deps) => {
      const claim = await generateClaim(deps, a.world.staffCtx, a.classId, { subsidyType: "training" });
      expect((await getClaim(deps, a.countyCtx, claim.id)).lines).toHaveLength(2);
      expect((await listClaims(deps, a.countyCtx, { page: 1, pageSize: 20 })).items.map((c) => c.id)).toContain(claim.id);
      expect((await listTodos(deps, a.countyCtx)).items.length).toBeGreaterThan(0);
    });
    expect(overlaps).toEqual([]);
  });

  it("an institution's view", async () => {
    const overlaps = await inTransaction(async (deps) => {
      expect((await getInstitution(deps, a.countyCtx, a.world.institution.id)).id).toBe(a.world.institution.id);
    });
    expect(overlaps).toEqual([]);
  });
});
