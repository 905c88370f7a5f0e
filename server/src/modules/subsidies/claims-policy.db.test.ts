/**
 * The claim rules as a table, against the real services: for every action × status × party that
 * the declaration (claimRules) names, the service's answer on a real claim in that status is what the
 * declaration says — 2xx when it allows, 403 when the caller plays none of the action's parties, the
 * declared code when the status refuses. One claim; each attempt puts it in the status (signed, one
 * line held, one not) inside a transaction that is rolled back, so nothing moves between cells.
 */
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grant, makeUser } from "../../../test/factories.ts";
import { createTestEnv, type TestEnv } from "../../../test/harness.ts";
import { ruleTable } from "../../platform/authz/rules.ts";
import type { Ctx, Deps } from "../../platform/context.ts";
import { AppError } from "../../platform/http/errors.ts";
import { ctxOf } from "../classes/classes.factory.ts";
import { generateClaim } from "./claims.generate.ts";
import { type ClaimParty, type ClaimRuleAction, claimRules } from "./claims.policy.ts";
import * as repo from "./claims.repo.ts";
import { reviewClaim, setLineHold, signCommitment, submitClaim } from "./claims.review.ts";
import { enterInsuredMonths } from "./person-claims.ts";
import { currentCommitment } from "./commitment.ts";
import { makeAssessedClass } from "./subsidies.factory.ts";
import { claimStatuses, type ClaimStatus, subsidyClaimLines, subsidyClaims } from "./subsidies.table.ts";

let env: TestEnv;
let claimId: string;
let classId: string;
let lines: { free: string; held: string };
const ctxs = {} as Record<ClaimParty | "none", Ctx>;

class Rollback extends Error {}

async function attempt(status: ClaimStatus, fn: (deps: Deps) => Promise<unknown>) {
  try {
    await env.deps.db.transaction(async (tx) => {
      const now = env.clock.now();
      await tx
        .update(subsidyClaims)
        .set({ status, commitmentTextVersion: currentCommitment.version, commitmentTextHash: currentCommitment.hash, commitmentSignedBy: ctxs.institution.actor.userId, commitmentSignedAt: now })
        .where(eq(subsidyClaims.id, claimId));
      await tx.update(subsidyClaimLines).set({ held: true, holdReason: "待核查", approvedAt: null }).where(eq(subsidyClaimLines.id, lines.held));
      await fn({ ...env.deps, db: tx });
      throw new Rollback();
    });
  } catch (e) {
    if (e instanceof Rollback) return { status: 200, code: null as string | null, reason: null as unknown };
    if (e instanceof AppError) return { status: e.status, code: e.code as string | null, reason: (e.details as { reason?: unknown } | undefined)?.reason ?? null };
    throw e;
  }
  throw new Error("unreachable");
}

const sign = { textVersion: currentCommitment.version, textHash: currentCommitment.hash };
const calls: Record<ClaimRuleAction, (deps: Deps, ctx: Ctx) => Promise<unknown>> = {
  generate: (d, c) => generateClaim(d, c, classId, { subsidyType: "training" }),
  sign: (d, c) => signCommitment(d, c, claimId, sign),
  submit: (d, c) => submitClaim(d, c, claimId),
  countyApprove: (d, c) => reviewClaim(d, c, claimId, { step: "county", decision: "approve" }),
  countyReturn: (d, c) => reviewClaim(d, c, claimId, { step: "county", decision: "return", reasons: ["材料不全"] }),
  cityApprove: (d, c) => reviewClaim(d, c, claimId, { step: "city", decision: "approve" }),
  cityReturn: (d, c) => reviewClaim(d, c, claimId, { step: "city", decision: "return", reasons: ["金额有误"] }),
  hold: (d, c) => setLineHold(d, c, claimId, lines.free, "hold", { reason: "核查" }),
  release: (d, c) => setLineHold(d, c, claimId, lines.held, "release", { reason: "核查无误" }),
  // the rule decides who may enter insured months; a training claim then has none to enter (the
  // skill-upgrading claim itself is walked through in person-claims.db.test.ts)
  verifyInsurance: async (d, c) => {
    try {
      await enterInsuredMonths(d, c, claimId, { months: 24, evidence: "参保记录" });
    } catch (e) {
      if (!(e instanceof AppError && e.code === "claim.not_person_claim")) throw e;
    }
  },
};

beforeAll(async () => {
  env = await createTestEnv();
  const a = await makeAssessedClass(env, [{}, {}]);
  classId = a.classId;
  ctxs.institution = a.world.staffCtx;
  ctxs.countyReviewer = a.countyCtx;
  ctxs.cityReviewer = a.cityCtx;
  // in scope (a province auditor reads every claim) but none of the parties
  ctxs.none = ctxOf(await makeUser(env, { regionCode: "220000", grants: [grant.auditor()] }), "220000", [grant.auditor()]);
  const claim = await generateClaim(env.deps, a.world.staffCtx, a.classId, { subsidyType: "training" });
  claimId = claim.id;
  lines = { free: claim.lines[0]!.id, held: claim.lines[1]!.id };
});
afterAll(() => env?.close());

describe("claim rules table: the services answer what claimRules declares", () => {
  const table = ruleTable(claimRules, claimStatuses);
  it(`covers ${table.length} (action, status, party) cells`, async () => {
    const mismatches: string[] = [];
    const facts = await repo.claimFacts(env.deps.db, claimId, null);
    const base = (await repo.findClaim(env.deps.db, claimId, sql`true`))!;
    for (const cell of table) {
      const ctx = ctxs[cell.party ?? "none"];
      const row = { ...base, status: cell.state, commitmentSignedAt: env.clock.now() };
      const verdict = claimRules.check(ctx.actor, cell.action, row, facts);
      // the declaration's own table and its check() agree; no guard fires for these parties
      expect(verdict.ok ? "ok" : verdict.reason, JSON.stringify(cell)).toBe(cell.expected);
      const got = await attempt(cell.state, (deps) => calls[cell.action](deps, ctx));
      const want = verdict.ok ? { status: 200, code: null, reason: null } : { status: verdict.code === "auth.forbidden" ? 403 : 409, code: verdict.code, reason: verdict.reason };
      const gotCmp = { status: got.status, code: got.code, reason: got.code === "auth.forbidden" ? "party" : got.reason };
      if (JSON.stringify(gotCmp) !== JSON.stringify(want)) mismatches.push(`${cell.party ?? "none"} ${cell.action} ${cell.state}: declared ${JSON.stringify(want)}, service ${JSON.stringify(gotCmp)}`);
    }
    expect(mismatches).toEqual([]);
  });
});
