/**
 * The home page's to-dos per role and scope: each count is what the linked list would show the
 * caller — a county officer's count leaves out the next county, a city officer's takes in all its
 * counties, an institution sees none of the officers' kinds.
 */
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TodoItem } from "../../../../shared/src/contracts/home.ts";
import { grant, makeUser } from "../../../test/factories.ts";
import { anonymous, createTestEnv, type TestEnv } from "../../../test/harness.ts";
import type { Ctx } from "../../platform/context.ts";
import { importJobs } from "../../platform/jobs/jobs.table.ts";
import { attendanceCorrections } from "../attendance/index.ts";
import { ctxOf, makeClass, makeWorld, type World } from "../classes/classes.factory.ts";
import { classSessions } from "../classes/index.ts";
import { generateClaim } from "../subsidies/claims.generate.ts";
import { reviewClaim, signCommitment, submitClaim } from "../subsidies/claims.review.ts";
import { currentCommitment } from "../subsidies/commitment.ts";
import { makeAssessedClass } from "../subsidies/subsidies.factory.ts";
import { subsidyClaims } from "../subsidies/subsidies.table.ts";
import { persons } from "../trainees/index.ts";
import { personChangeRequests } from "../trainees/trainees.table.ts";
import { listOwnClassRates, listTodos } from "./home.service.ts";

let env: TestEnv;
let A: World; // 长春市南关区 220102
let B: World; // 长春市宽城区 220103
let C: World; // 吉林市昌邑区 220202
const ctx = {} as Record<"city" | "province" | "auditor" | "staffA" | "assessedStaff", Ctx>;
let assessed: { enrolled: string[]; classId: string };
let sessionOf: Record<"city" | "province", () => ReturnType<World["officer"]["session"]>>;

const byKey = (items: TodoItem[]) => Object.fromEntries(items.map((i) => [i.key, i]));
const counts = async (c: Ctx) => Object.fromEntries((await listTodos(env.deps, c)).items.map((i) => [i.key, i.overdue === undefined ? i.count : [i.count, i.overdue]]));

beforeAll(async () => {
  env = await createTestEnv();
  A = await makeWorld(env, { regionCode: "220102" });
  B = await makeWorld(env, { regionCode: "220103" });
  C = await makeWorld(env, { regionCode: "220202" });
  // classes waiting for review: two in A, one in B, one in C; an approved one in A does not count
  // different weeks: one institution's teachers and trainees cannot be in two classes at once
  await makeClass(env, A, { status: "submitted" });
  await makeClass(env, A, { status: "submitted", body: { startDate: "2026-03-23" } });
  await makeClass(env, B, { status: "submitted" });
  await makeClass(env, C, { status: "submitted" });
  const running = await makeClass(env, A, { status: "approved", body: { startDate: "2026-03-30" } });
  const [session] = await env.deps.db.select().from(classSessions).where(eq(classSessions.classId, running.id)).limit(1);
  // two pending corrections in A: one filed by the institution, one by A's county officer himself
  const correction = (personId: string, filedBy: string) => ({
    id: randomUUID(),
    sessionId: session!.id,
    classId: running.id,
    personId,
    regionCode: "220102",
    mark: "present" as const,
    reason: "设备故障",
    evidence: "机构说明",
    status: "pending" as const,
    filedBy,
    filedAt: env.clock.now(),
  });
  await env.deps.db.insert(attendanceCorrections).values([correction(A.persons[0]!.id, A.staff.id), correction(A.persons[1]!.id, A.officer.id)]);
  // change requests: one for a person living in A, one for a person moved to B; both filed by A's institution
  await env.deps.db.update(persons).set({ residenceRegionCode: "220103" }).where(eq(persons.id, B.persons[0]!.id));
  const request = (personId: string) => ({ id: randomUUID(), personId, institutionId: A.institution.id, changes: { phone: "13900000000" }, status: "pending" as const, filedBy: A.staff.id, filedAt: env.clock.now() });
  await env.deps.db.insert(personChangeRequests).values([request(A.persons[2]!.id), request(B.persons[0]!.id)]);
  const city = await makeUser(env, { regionCode: "220100", grants: [grant.officer("220100")] });
  ctx.city = ctxOf(city, "220100", [grant.officer("220100")]);
  const province = await makeUser(env, { regionCode: "220000", grants: [grant.officer("220000")] });
  ctx.province = ctxOf(province, "220000", [grant.officer("220000")]);
  sessionOf = { city: () => city.session(), province: () => province.session() };
  const auditor = await makeUser(env, { regionCode: "220000", grants: [grant.auditor()] });
  ctx.auditor = ctxOf(auditor, "220000", [grant.auditor()]);
  ctx.staffA = A.staffCtx;

  // claims (the factory moves the clock): one submitted in 南关区 and past its due date, one in 宽城区
  // already approved by its county, so waiting for the city
  const sign = { textVersion: currentCommitment.version, textHash: currentCommitment.hash };
  const k1 = await makeAssessedClass(env, [{}, { result: "fail" }], { regionCode: "220102" });
  const c1 = await generateClaim(env.deps, k1.world.staffCtx, k1.classId, { subsidyType: "training" });
  await signCommitment(env.deps, k1.world.staffCtx, c1.id, sign);
  await submitClaim(env.deps, k1.world.staffCtx, c1.id);
  await env.deps.db.update(subsidyClaims).set({ dueDate: "2026-03-01" }).where(eq(subsidyClaims.id, c1.id));
  const k2 = await makeAssessedClass(env, [{}], { regionCode: "220103" });
  const c2 = await generateClaim(env.deps, k2.world.staffCtx, k2.classId, { subsidyType: "training" });
  await signCommitment(env.deps, k2.world.staffCtx, c2.id, sign);
  await submitClaim(env.deps, k2.world.staffCtx, c2.id);
  await reviewClaim(env.deps, k2.countyCtx, c2.id, { step: "county", decision: "approve" });
  ctx.assessedStaff = k1.world.staffCtx;
  assessed = { enrolled: k1.persons.map((p) => p.id), classId: k1.classId };
  // after the factories moved the clock: A's institution staff: one failed import and one with problems lately, one with problems long ago, one clean
  const job = (status: "failed" | "succeeded", problemCount: number, daysAgo: number) => ({
    id: randomUUID(),
    kind: "trainee_roster.dry-run",
    status,
    problemCount,
    createdBy: A.staff.id,
    createdAt: new Date(env.clock.now().getTime() - daysAgo * 86_400_000),
  });
  await env.deps.db.insert(importJobs).values([job("failed", 0, 1), job("succeeded", 3, 2), job("succeeded", 5, 10), job("succeeded", 0, 1)]);

}, 240_000);
afterAll(() => env?.close());

describe("GET /api/home/todos", () => {
  it("a county officer counts his county only: not the next county's class or claim, not his own correction", async () => {
    expect(await counts(A.officerCtx)).toEqual({
      classes_to_review: 2,
      corrections_to_decide: 1,
      imports_with_problems: 0,
      claims_to_review: [1, 1],
      objections_to_decide: 0,
      change_requests_to_confirm: 1,
    });
    expect(await counts(B.officerCtx)).toMatchObject({ classes_to_review: 1, corrections_to_decide: 0, claims_to_review: [0, 0], change_requests_to_confirm: 1 });
    expect(await counts(C.officerCtx)).toMatchObject({ classes_to_review: 1, claims_to_review: [0, 0], change_requests_to_confirm: 0 });
  });

  it("a city officer counts all its counties and reviews claims its counties approved; the province counts everything", async () => {
    expect(await counts(ctx.city)).toMatchObject({ classes_to_review: 3, corrections_to_decide: 2, claims_to_review: [1, 0], change_requests_to_confirm: 2 });
    expect(await counts(ctx.province)).toMatchObject({ classes_to_review: 4, corrections_to_decide: 2, claims_to_review: [1, 0], change_requests_to_confirm: 2 });
  });

  it("links each count to the filtered list, and the claims list answers the same numbers", async () => {
    const items = byKey((await listTodos(env.deps, A.officerCtx)).items);
    expect(items.classes_to_review).toMatchObject({ label: "待审核开班", href: "/classes?status=submitted" });
    expect(items.claims_to_review).toMatchObject({ href: "/claims?awaiting=true", overdueHref: "/claims?overdue=true" });
    expect(items.objections_to_decide).toMatchObject({ label: "待处理公示异议", href: "/notices/objections?status=open" });
    const s = await A.officer.session();
    expect((await s.get("/api/classes?status=submitted")).json().total).toBe(2);
    expect((await s.get("/api/claims?awaiting=true")).json().total).toBe(1);
    expect((await s.get("/api/claims?overdue=true")).json().total).toBe(1);
    const all = await s.get("/api/home/todos");
    expect(all.statusCode).toBe(200);
    expect(all.json().items.map((i: TodoItem) => i.key)).toEqual(["classes_to_review", "corrections_to_decide", "imports_with_problems", "claims_to_review", "objections_to_decide", "change_requests_to_confirm"]);
  });

  it("every linked list's total is the to-do's count, for officers of a county, a city and the province and for a school", async () => {
    // the console page a to-do links to reads the API of the same path and query
    const apiOf: Record<string, string> = {
      "/classes": "/api/classes",
      "/claims": "/api/claims",
      "/attendance/corrections": "/api/attendance/corrections",
      "/persons/change-requests": "/api/person-change-requests",
      "/persons/imports": "/api/trainee-imports",
    };
    const actors = [
      ["A officer", () => A.officer.session()],
      ["B officer", () => B.officer.session()],
      ["city", sessionOf.city],
      ["province", sessionOf.province],
      ["school A", () => A.staff.session()],
    ] as const;
    const seen = new Set<string>();
    for (const [who, open] of actors) {
      const s = await open();
      const res = await s.get("/api/home/todos");
      for (const item of res.json().items as TodoItem[]) {
        if (item.key === "objections_to_decide") continue; // no console list yet
        expect(item.href, `${who}: ${item.key} links to a list`).not.toBeNull();
        const [path, query] = item.href!.split("?");
        const list = await s.get(`${apiOf[path!]}?${query}`);
        expect(list.statusCode, `${who}: ${item.href}`).toBe(200);
        expect(list.json().total, `${who}: ${item.key} (${item.href})`).toBe(item.count);
        if (item.count > 0) seen.add(item.key);
      }
    }
    // the status filter lists the officer's own pending correction too (he cannot decide it); the next county sees none of A's
    const a = await A.officer.session();
    expect((await a.get("/api/attendance/corrections?status=pending")).json()).toMatchObject({ total: 2, items: [expect.objectContaining({ className: expect.any(String) }), expect.anything()] });
    const awaiting = (await a.get("/api/attendance/corrections?awaiting=true")).json().items;
    expect(awaiting.map((c: { filedBy: string; abilities: { decide: boolean } }) => [c.filedBy, c.abilities.decide])).toEqual([[A.staff.id, true]]);
    expect((await (await B.officer.session()).get("/api/attendance/corrections")).json().total).toBe(0);
    // the comparison meant something: each kind was non-zero for someone
    expect([...seen].sort()).toEqual(["change_requests_to_confirm", "claims_to_review", "classes_to_review", "corrections_to_decide", "imports_with_problems"]);
  });

  it("institution staff see only their imports that need a look; an auditor has no to-dos; without a session 401", async () => {
    expect(await counts(ctx.staffA)).toEqual({ imports_with_problems: 2 });
    expect(await counts(ctx.auditor)).toEqual({});
    expect((await anonymous(env.app).get("/api/home/todos")).statusCode).toBe(401);
  });
});

describe("GET /api/home/classes", () => {
  it("gives an institution its own classes with roster, completed (the failed trainee too), passed and certified counts, and nobody else's", async () => {
    const own = (await listOwnClassRates(env.deps, ctx.assessedStaff)).items;
    expect(own).toEqual([expect.objectContaining({ id: assessed.classId, status: "assessed", enrolled: 2, completed: 2, passed: 1, certified: 1 })]);
    const s = await A.staff.session();
    const res = await s.get("/api/home/classes");
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((c: { id: string }) => c.id)).not.toContain(assessed.classId);
    expect((await (await A.officer.session()).get("/api/home/classes")).statusCode).toBe(403);
  });
});
