/**
 * The class rules as a table, against the real services: for every action × status × party that
 * the declaration (classRules) names, the service's answer on a real row in that status is what the
 * declaration says — 2xx when it allows, 403 when the caller plays none of the action's parties,
 * the declared code (409 …) when the status or a fact refuses. One class per status, built once;
 * every attempt runs in a transaction that is rolled back, so the rows never move.
 */
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grant, makeUser } from "../../../test/factories.ts";
import { createTestEnv, type TestEnv } from "../../../test/harness.ts";
import { ruleTable } from "../../platform/authz/rules.ts";
import type { Ctx, Deps } from "../../platform/context.ts";
import { AppError } from "../../platform/http/errors.ts";
import { fileChange } from "./classes.changes.ts";
import { classFacts } from "./classes.facts.ts";
import { classBody, ctxOf, dailySessions, makeClass, makeInstitution, makePersons, makeTeacher, makeWorld, type World } from "./classes.factory.ts";
import { type ClassFacts, type ClassRuleAction, classRules } from "./classes.policy.ts";
import * as repo from "./classes.repo.ts";
import { enterResults, issueCertificates, revokeCertificate } from "./classes.results.ts";
import { ensureTraineeAccounts, todayOf, transitionClass, updateClass } from "./classes.service.ts";
import { certificates, classEnrollments, classes, type ClassStatus, classStatuses } from "./index.ts";

let env: TestEnv;
let w: World;
let evaluatorId: string;
const ctxs = {} as Record<"institution" | "officer" | "assessor" | "none", Ctx>;
/** per status: the class, its own roster (so classes do not overlap each other), and a certificate where one can exist */
const rows = {} as Record<ClassStatus, { id: string; body: ReturnType<typeof classBody>; persons: string[]; certificateId: string | null }>;

class Rollback extends Error {}

/** Runs `fn` against a transaction that is always rolled back: ok, or the AppError it threw. */
async function attempt(fn: (deps: Deps) => Promise<unknown>): Promise<{ status: number; code: string | null; reason: unknown }> {
  try {
    await env.deps.db.transaction(async (tx) => {
      await fn({ ...env.deps, db: tx });
      throw new Rollback();
    });
  } catch (e) {
    if (e instanceof Rollback) return { status: 200, code: null, reason: null };
    if (e instanceof AppError) return { status: e.status, code: e.code, reason: (e.details as { reason?: unknown } | undefined)?.reason ?? null };
    throw e;
  }
  throw new Error("unreachable");
}

const SKILL = { certificateType: "skill_level" as const, skillLevel: "4" as const };

/** A class of its own (teachers and persons) so the checks of one never see the others. */
async function classIn(status: ClassStatus) {
  const teachers = [await makeTeacher(env, w.institution.id, "甲老师"), await makeTeacher(env, w.institution.id, "乙老师")];
  // two trainees: one holds a certificate from the setup, the other is issued one, withdrawn … by the table
  const persons = (await makePersons(env, w.institution.id, 2)).map((p) => p.id);
  const own: World = { ...w, institution: { ...w.institution, teachers } };
  const body = classBody(own, { ...SKILL, evaluatorInstitutionId: evaluatorId, roster: persons, sessions: dailySessions(own, "2026-03-16", 5) });
  const made = await makeClass(env, w, { body, status: status === "draft" || status === "cancelled" ? "draft" : status === "submitted" || status === "returned" ? "submitted" : "approved" });
  if (status === "returned") await transitionClass(env.deps, w.officerCtx, made.id, { action: "return", reasons: ["材料不全"] });
  if (status === "cancelled") await transitionClass(env.deps, w.staffCtx, made.id, { action: "cancel", reasons: ["生源不足"] });
  let certificateId: string | null = null;
  if (status === "in_progress" || status === "finished" || status === "assessed") {
    // later statuses need dates to pass; the table is about who and when, so they are set directly
    await env.deps.db.update(classes).set({ status }).where(eq(classes.id, made.id));
  }
  if (status === "finished" || status === "assessed") {
    await env.deps.db.update(classEnrollments).set({ result: "pass", score: 90 }).where(eq(classEnrollments.classId, made.id));
    const issued = await issueCertificates(env.deps, ctxs.assessor, made.id, { certificates: [{ personId: persons[0]!, number: skillNumber(), issueDate: "2026-03-02" }] });
    certificateId = issued.items[0]!.id;
    if (status === "assessed") await env.deps.db.update(classes).set({ lockedAt: env.clock.now() }).where(eq(classes.id, made.id));
  }
  rows[status] = { id: made.id, body, persons, certificateId };
}

let certSeq = 100;
/** S, body 0001, Jilin 22, site 000001, year 26, level 4, sequence */
const skillNumber = () => `S000122000001264${String(++certSeq).padStart(6, "0")}`;

/** The real service call for each declared action. */
const calls: Record<ClassRuleAction, (deps: Deps, ctx: Ctx, r: (typeof rows)[ClassStatus]) => Promise<unknown> | null> = {
  edit: (d, c, r) => updateClass(d, c, r.id, r.body),
  submit: (d, c, r) => transitionClass(d, c, r.id, { action: "submit" }),
  approve: (d, c, r) => transitionClass(d, c, r.id, { action: "approve" }),
  return: (d, c, r) => transitionClass(d, c, r.id, { action: "return", reasons: ["课时不足"] }),
  start: (d, c, r) => transitionClass(d, c, r.id, { action: "start" }),
  finish: (d, c, r) => transitionClass(d, c, r.id, { action: "finish" }),
  assess: (d, c, r) => transitionClass(d, c, r.id, { action: "assess" }),
  cancel: (d, c, r) => transitionClass(d, c, r.id, { action: "cancel", reasons: ["生源不足"] }),
  fileChange: (d, c, r) => fileChange(d, c, r.id, { kind: "roster_withdraw", personId: r.persons[1]!, reason: "本人申请退出" }),
  enterResults: (d, c, r) => enterResults(d, c, r.id, { results: r.persons.map((personId) => ({ personId, result: "pass", score: 80 })) }),
  issueCertificates: (d, c, r) => issueCertificates(d, c, r.id, { certificates: [{ personId: r.persons[1]!, number: skillNumber(), issueDate: "2026-03-02" }] }),
  // a certificate exists only once a class is finished; in other statuses there is nothing to revoke
  revokeCertificate: (d, c, r) => (r.certificateId ? revokeCertificate(d, c, r.certificateId, "冒名顶替") : null),
  traineeAccounts: (d, c, r) => ensureTraineeAccounts(d, c, r.id),
};

beforeAll(async () => {
  env = await createTestEnv();
  w = await makeWorld(env, { roster: 0 });
  const evaluator = await makeInstitution(env, { role: "evaluation", occupationCode: null });
  evaluatorId = evaluator.id;
  const evalGrants = [grant.institution(evaluator.id, "evaluator_staff")];
  const auditorGrants = [grant.auditor()];
  ctxs.institution = w.staffCtx;
  ctxs.officer = w.officerCtx;
  ctxs.assessor = ctxOf(await makeUser(env, { grants: evalGrants }), w.regionCode, evalGrants);
  // in scope (province auditor reads every class) but none of the parties
  ctxs.none = ctxOf(await makeUser(env, { regionCode: "220000", grants: auditorGrants }), "220000", auditorGrants);
  for (const s of classStatuses) await classIn(s);
});
afterAll(() => env?.close());

describe("class rules table: the services answer what classRules declares", () => {
  const table = ruleTable(classRules, classStatuses);
  it(`covers ${table.length} (action, status, party) cells`, async () => {
    const mismatches: string[] = [];
    let called = 0;
    // every attempt is rolled back, so each status's row and facts are read once
    const loaded = new Map<ClassStatus, { row: repo.ClassRow; facts: ClassFacts }>();
    for (const s of classStatuses) {
      const row = (await repo.findClass(env.deps.db, rows[s].id, sql`true`))!;
      loaded.set(s, { row, facts: await classFacts(env.deps.db, row, todayOf(env.deps), env.clock.now()) });
    }
    for (const cell of table) {
      const r = rows[cell.state];
      const ctx = ctxs[cell.party ?? "none"];
      const { row, facts } = loaded.get(cell.state)!;
      const verdict = classRules.check(ctx.actor, cell.action, row, facts);
      // the declaration's own table and its check() agree on party and status; guards come on top
      expect(verdict.ok ? "ok" : verdict.reason === "party" || verdict.reason === "state" ? verdict.reason : "ok", JSON.stringify(cell)).toBe(cell.expected);
      let pending: Promise<unknown> | null = null;
      const got = await attempt((deps) => {
        pending = calls[cell.action](deps, ctx, r);
        return pending ?? Promise.resolve();
      });
      if (pending === null) continue;
      called++;
      const want = verdict.ok ? { status: 200, code: null, reason: null } : { status: verdict.code === "auth.forbidden" ? 403 : 409, code: verdict.code, reason: verdict.reason };
      const gotCmp = { status: got.status, code: got.code, reason: got.code === "auth.forbidden" ? "party" : got.reason };
      if (JSON.stringify(gotCmp) !== JSON.stringify(want)) mismatches.push(`${cell.party ?? "none"} ${cell.action} ${cell.state}: declared ${JSON.stringify(want)}, service ${JSON.stringify(gotCmp)}`);
    }
    expect(mismatches).toEqual([]);
    // revocation is tried where a certificate can exist (finished, assessed): 6 statuses × 4 parties skipped
    expect(called).toBe(table.length - 6 * 4);
  });

  it("the table reaches every kind of answer: allowed, not a party, wrong status, and a refusing fact", async () => {
    const approved = (await repo.findClass(env.deps.db, rows.approved.id, sql`true`))!;
    const facts = await classFacts(env.deps.db, approved, todayOf(env.deps), env.clock.now());
    // 2026-03-02 is before the start date: starting is refused by the fact, cancelling is allowed
    expect(classRules.check(ctxs.institution.actor, "start", approved, facts)).toMatchObject({ ok: false, reason: "before_start" });
    expect(classRules.check(ctxs.officer.actor, "cancel", approved, facts)).toMatchObject({ ok: true });
    const [held] = await env.deps.db.select().from(certificates).where(and(eq(certificates.classId, rows.assessed.id)));
    expect(held?.status).toBe("valid");
  });
});
