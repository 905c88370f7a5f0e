import { eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { grant, makeUser } from "../../../test/factories.ts";
import { anonymous, createTestEnv, type Session, type TestEnv } from "../../../test/harness.ts";
import { auditLog } from "../../platform/audit/audit.table.ts";
import { personExclusions } from "../trainees/index.ts";
import { classBody, dailySessions, makeClass, makeInstitution, makePersons, makeTeacher, makeWorld, type World } from "./classes.factory.ts";
import { createClass, transitionClass } from "./classes.service.ts";
import { classEnrollments, classes } from "./classes.table.ts";

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env?.close());
afterEach(() => env.clock.set("2026-03-02T01:00:00Z"));

const problemsOf = (e: unknown) => ((e as { details?: { problems?: { code: string }[] } }).details?.problems ?? []).map((p) => p.code);

/** creates a draft through the service and submits it; returns the refused problem codes (or [] when submitted) */
async function submitCodes(w: World, body: Parameters<typeof classBody>[1] = {}): Promise<string[]> {
  const c = await createClass(env.deps, w.staffCtx, classBody(w, body));
  try {
    await transitionClass(env.deps, w.staffCtx, c.id, { action: "submit" });
    return [];
  } catch (e) {
    if ((e as { code?: string }).code !== "class.checks_failed") throw e;
    return problemsOf(e);
  }
}

describe("classes: create a draft", () => {
  it("creates a draft with a KB number, secret-free sessions and the masked roster", async () => {
    const w = await makeWorld(env);
    const staff = await w.staff.session();
    const res = await staff.post("/api/classes", classBody(w));
    expect(res.statusCode).toBe(201);
    const c = res.json();
    expect(c.code).toMatch(/^KB-220102-2026-\d{4}$/);
    expect(c.status).toBe("draft");
    expect(c.sessions).toHaveLength(5);
    expect(c.sessions[0]).toMatchObject({ startsAt: "2026-03-16T01:00:00.000Z", teacherName: "李老师" });
    expect(res.body).not.toContain("codeSecret");
    expect(c.roster.map((r: { personId: string }) => r.personId).sort()).toEqual(w.persons.map((p) => p.id).sort());
    expect(c.roster[0].idNumberMasked).toMatch(/^\d{3}\*{14}[\dX]$/);
    expect(c.abilities).toMatchObject({ edit: true, submit: true, approve: false });
    const [row] = await env.deps.db.select().from(classes).where(eq(classes.id, c.id));
    expect(row!.regionCode).toBe("220102");
    const secrets = await env.deps.db.execute(sql`select code_secret from class_sessions where class_id = ${c.id}`);
    for (const r of (secrets as unknown as { rows: { code_secret: string }[] }).rows) expect(r.code_secret).toMatch(/^[0-9a-f]{64}$/);
    // numbers follow each other within the county and year
    const next = (await staff.post("/api/classes", classBody(w))).json();
    expect(Number(next.code.slice(-4))).toBe(Number(c.code.slice(-4)) + 1);
  });

  it("records 培训组织方式: ordinary unless stated, project-based (项目制) when chosen, changed on edit", async () => {
    const w = await makeWorld(env);
    const staff = await w.staff.session();
    const ordinary = (await staff.post("/api/classes", classBody(w))).json();
    expect(ordinary.projectBased).toBe(false);
    const res = await staff.post("/api/classes", classBody(w, { projectBased: true }));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().projectBased).toBe(true);
    expect((await staff.get(`/api/classes/${res.json().id}`)).json().projectBased).toBe(true);
    const edited = await staff.put(`/api/classes/${res.json().id}`, classBody(w, { projectBased: false }));
    expect(edited.statusCode, edited.body).toBe(200);
    expect((await staff.get(`/api/classes/${res.json().id}`)).json().projectBased).toBe(false);
    expect((await staff.post("/api/classes", { ...classBody(w), projectBased: "是" })).statusCode).toBe(400);
  });

  it("answers 400 with every bad reference and field at once, 401 without login, 403 for officers", async () => {
    const w = await makeWorld(env);
    const other = await makeInstitution(env);
    const stranger = (await makePersons(env, other.id, 1))[0]!;
    const staff = await w.staff.session();
    const res = await staff.post("/api/classes", classBody(w, { roster: [w.persons[0]!.id, stranger.id], sessions: dailySessions(w, "2026-03-16", 1, { teacherId: other.teachers[0]! }) }));
    expect(res.statusCode).toBe(400);
    const paths = res.json().error.details.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(["body.sessions[0].teacherId", "body.roster[1]"]));
    const bad = await staff.post("/api/classes", { ...classBody(w), capacity: 0, endDate: "2026-03-01", extra: 1 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe("request.invalid");
    expect((await anonymous(env.app).post("/api/classes", classBody(w))).statusCode).toBe(401);
    expect((await (await w.officer.session()).post("/api/classes", classBody(w))).statusCode).toBe(403);
  });
});

describe("classes: every submit check, one problem each", () => {
  const cases: [string, Parameters<typeof makeWorld>[1], Parameters<typeof classBody>[1], string][] = [
    ["institution not approved", { institution: { status: "pending" } }, {}, "institution.not_approved"],
    ["institution banned", { institution: { status: "banned", sanctionedUntil: "2028-01-01" } }, {}, "institution.banned"],
    ["institution suspended", { institution: { status: "suspended", sanctionedUntil: "2026-06-30" } }, {}, "institution.suspended"],
    ["agreement expired", { institution: { agreementValidUntil: "2026-03-10" } }, {}, "institution.agreement_expired"],
    ["licence expired", { institution: { licenceValidUntil: "2026-03-15" } }, {}, "institution.licence_expired"],
    ["not qualified for the level", { institution: { maxLevel: 4 } }, { skillLevel: "3" }, "institution.not_qualified"],
    ["roster over capacity", {}, { capacity: 2 }, "capacity_exceeded"],
    ["catalogue item not published", { item: { status: "draft" } }, {}, "catalogue_not_published"],
    ["no version in force on the start date", { item: { effectiveFrom: "2026-04-01" } }, {}, "catalogue_no_version"],
    ["too few hours", { item: { minHours: 40 } }, {}, "hours_out_of_range"],
    ["theory share too low", { item: { minTheoryPercent: 40, minPracticePercent: 50 } }, {}, "theory_share_low"],
    ["certificate type not allowed by the item", {}, { certificateType: "special_ability" }, "certificate_type_not_allowed"],
    ["skill-level class without evaluator", {}, { certificateType: "skill_level" }, "evaluator_required"],
    ["submitted fewer than 5 working days before start", {}, { startDate: "2026-03-06", endDate: "2026-03-10" }, "too_late"],
  ];
  for (const [name, world, body, code] of cases) {
    it(`refuses: ${name} (${code})`, async () => {
      const w = await makeWorld(env, world);
      const b = typeof body?.startDate === "string" ? { ...body, sessions: dailySessions(w, body.startDate, 5) } : body;
      expect(await submitCodes(w, b)).toEqual([code]);
    });
  }

  it("refuses a low practice share", async () => {
    const w = await makeWorld(env);
    expect(await submitCodes(w, { sessions: dailySessions(w, "2026-03-16", 5, { theoryMinutes: 120, practiceMinutes: 60 }) })).toEqual(["practice_share_low"]);
  });

  it("refuses a session outside the class dates", async () => {
    const w = await makeWorld(env);
    expect(await submitCodes(w, { sessions: dailySessions(w, "2026-03-17", 5) })).toEqual(["session_outside_dates"]);
  });

  it("refuses a roster over the institution's concurrent capacity for the occupation", async () => {
    const w = await makeWorld(env, { institution: { capacity: 5 } });
    await makeClass(env, w, { body: { sessions: dailySessions(w, "2026-03-16", 5, { teacherId: w.institution.teachers[0]! }), roster: w.persons.map((p) => p.id).slice(0, 3) } });
    const more = await makePersons(env, w.institution.id, 3);
    const codes = await submitCodes(w, {
      roster: more.map((p) => p.id),
      sessions: dailySessions(w, "2026-03-16", 5, { teacherId: await makeTeacher(env, w.institution.id), startTime: "14:00", endTime: "17:00" }),
    });
    expect(codes).toEqual(["institution_capacity_exceeded"]);
  });

  it("refuses a teacher (same person, even in another institution) in two sessions at once", async () => {
    const w = await makeWorld(env);
    await makeClass(env, w);
    const w2 = await makeWorld(env);
    const idNumber = "220102198001010016";
    const t1 = await makeTeacher(env, w.institution.id, "孙老师", idNumber);
    const t2 = await makeTeacher(env, w2.institution.id, "孙老师", idNumber);
    await makeClass(env, w, { body: { roster: (await makePersons(env, w.institution.id, 1)).map((p) => p.id), sessions: dailySessions(w, "2026-03-16", 5, { teacherId: t1, startTime: "14:00", endTime: "17:00" }) } });
    expect(await submitCodes(w2, { sessions: dailySessions(w2, "2026-03-16", 5, { teacherId: t2, startTime: "15:00", endTime: "18:00" }) })).toEqual(Array(5).fill("teacher_overlap"));
  });

  it("refuses a trainee who is in another approved class at the same dates", async () => {
    const w = await makeWorld(env);
    await makeClass(env, w);
    const codes = await submitCodes(w, {
      startDate: "2026-03-18",
      endDate: "2026-03-24",
      roster: [w.persons[0]!.id],
      sessions: dailySessions(w, "2026-03-18", 5, { teacherId: await makeTeacher(env, w.institution.id) }),
    });
    expect(codes).toEqual(["trainee_overlap"]);
  });

  it("returns several problems at once, each with a path where it has one", async () => {
    const w = await makeWorld(env, { item: { minHours: 40 } });
    const staff = await w.staff.session();
    const c = (await staff.post("/api/classes", classBody(w, { capacity: 1, startDate: "2026-03-05", endDate: "2026-03-09", sessions: dailySessions(w, "2026-03-05", 5) }))).json();
    const res = await staff.post(`/api/classes/${c.id}/transitions`, { action: "submit" });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe("class.checks_failed");
    const problems = res.json().error.details.problems;
    expect(problems.map((p: { code: string }) => p.code).sort()).toEqual(["capacity_exceeded", "hours_out_of_range", "too_late"]);
    expect(problems.find((p: { code: string }) => p.code === "too_late").path).toBe("startDate");
    // nothing was written
    expect((await staff.get(`/api/classes/${c.id}`)).json().status).toBe("draft");
  });
});

describe("classes: warnings do not block", () => {
  it("stores already-trained, yearly-limit and exclusion warnings and still submits", async () => {
    const w = await makeWorld(env);
    const [p0, p1, p2] = w.persons;
    // p0 passed the same occupation and level before
    const first = await makeClass(env, w, { body: { roster: [p0!.id] } });
    await env.deps.db.update(classes).set({ status: "finished" }).where(eq(classes.id, first.id));
    await env.deps.db.update(classEnrollments).set({ result: "pass", score: 90 }).where(eq(classEnrollments.classId, first.id));
    // p1 already in 3 classes this year
    for (const start of ["2026-04-06", "2026-05-11", "2026-06-08"]) {
      await makeClass(env, w, { body: { roster: [p1!.id], startDate: start, sessions: dailySessions(w, start, 5) } });
    }
    // p2 draws a pension
    await env.deps.db.insert(personExclusions).values({ personId: p2!.id, kind: "pensioner", source: "社保比对", recordedOn: "2026-01-05", createdAt: new Date() });
    const c = await createClass(env.deps, w.staffCtx, classBody(w, { startDate: "2026-07-06", sessions: dailySessions(w, "2026-07-06", 5) }));
    const submitted = await transitionClass(env.deps, w.staffCtx, c.id, { action: "submit" });
    expect(submitted.status).toBe("submitted");
    const byPerson = new Map(submitted.roster.map((r) => [r.personId, r.warnings.map((x) => x.code)]));
    expect(byPerson.get(p0!.id)).toEqual(["already_trained"]);
    expect(byPerson.get(p1!.id)).toEqual(["yearly_limit"]);
    expect(byPerson.get(p2!.id)).toEqual(["pensioner"]);
    expect(submitted.warnings.map((x) => x.code).sort()).toEqual(["already_trained", "pensioner", "yearly_limit"]);
    // the officer sees them and may still approve
    const officer = await w.officer.session();
    expect((await officer.get(`/api/classes/${c.id}`)).json().warnings).toHaveLength(3);
    expect((await officer.post(`/api/classes/${c.id}/transitions`, { action: "approve" })).json().status).toBe("approved");
  });
});

describe("classes: review and the state machine", () => {
  let w: World;
  let staff: Session;
  let officer: Session;
  beforeAll(async () => {
    w = await makeWorld(env);
    staff = await w.staff.session();
    officer = await w.officer.session();
  });
  const act = (s: Session, id: string, action: string, reasons?: string[]) => s.post(`/api/classes/${id}/transitions`, { action, ...(reasons ? { reasons } : {}) });

  it("returns with every reason, then the institution edits and resubmits, then approval", async () => {
    const c = (await staff.post("/api/classes", classBody(w))).json();
    expect((await act(officer, c.id, "approve")).json().error.code).toBe("class.transition_not_allowed");
    expect((await act(staff, c.id, "submit")).json().status).toBe("submitted");
    expect((await act(staff, c.id, "approve")).statusCode).toBe(403);
    expect((await act(officer, c.id, "return")).statusCode).toBe(400);
    const returned = await act(officer, c.id, "return", ["教学计划不完整", "考核方案未写明考核方式"]);
    expect(returned.json()).toMatchObject({ status: "returned", returnReasons: ["教学计划不完整", "考核方案未写明考核方式"] });
    const { institutionId: _i, ...body } = classBody(w, { assessmentPlan: "理论笔试 60 分钟 + 实操 120 分钟" });
    expect((await staff.put(`/api/classes/${c.id}`, body)).statusCode).toBe(200);
    expect((await act(staff, c.id, "submit")).json()).toMatchObject({ status: "submitted", returnReasons: null });
    const approved = (await act(officer, c.id, "approve")).json();
    expect(approved).toMatchObject({ status: "approved", catalogueVersionId: w.item.versionId });
    expect((await staff.put(`/api/classes/${c.id}`, body)).json().error.code).toBe("class.not_editable");
    const audits = await env.deps.db.select().from(auditLog).where(eq(auditLog.entityId, c.id));
    expect(audits.map((a) => a.action)).toEqual(expect.arrayContaining(["class.created", "class.submit", "class.return", "class.updated", "class.approve"]));
  });

  it("cancels only before the start, with a reason, by the institution or the officer", async () => {
    const a = await makeClass(env, w, { body: { roster: [] }, status: "draft" });
    expect((await act(staff, a.id, "cancel")).statusCode).toBe(400);
    expect((await act(staff, a.id, "cancel", ["计划调整"])).json().status).toBe("cancelled");
    expect((await act(staff, a.id, "submit")).json().error.code).toBe("class.transition_not_allowed");
    const b = await makeClass(env, w, { body: { startDate: "2026-04-13", sessions: dailySessions(w, "2026-04-13", 5) } });
    env.clock.set("2026-04-13T00:30:00Z"); // 08:30 on the start date
    officer = await w.officer.session();
    const late = await act(officer, b.id, "cancel", ["生源不足"]);
    expect(late.statusCode).toBe(409);
    expect(late.json().error.details.reason).toBe("started");
    env.clock.set("2026-04-12T10:00:00Z");
    officer = await w.officer.session();
    expect((await act(officer, b.id, "cancel", ["生源不足"])).json()).toMatchObject({ status: "cancelled" });
  });

  it("starts on the start date, finishes after the last session, by the institution only", async () => {
    const c = await makeClass(env, w, { body: { startDate: "2026-05-11", sessions: dailySessions(w, "2026-05-11", 5) } });
    expect((await act(staff, c.id, "start")).json().error.details.reason).toBe("before_start");
    env.clock.set("2026-05-11T00:00:00Z");
    staff = await w.staff.session();
    officer = await w.officer.session();
    expect((await act(officer, c.id, "start")).statusCode).toBe(403);
    expect((await act(staff, c.id, "start")).json().status).toBe("in_progress");
    expect((await act(staff, c.id, "cancel", ["x"])).json().error.code).toBe("class.transition_not_allowed");
    expect((await act(staff, c.id, "finish")).json().error.details.reason).toBe("sessions_remaining");
    env.clock.set("2026-05-15T04:00:01Z");
    staff = await w.staff.session();
    expect((await act(staff, c.id, "finish")).json().status).toBe("finished");
  });
});

describe("classes: scope", () => {
  it("institution B, another county and another department see nothing (404); city and lead department see it", async () => {
    const w = await makeWorld(env);
    const c = await makeClass(env, w);
    const other = await makeWorld(env, { regionCode: "220103", roster: 0 });
    const otherStaff = await other.staff.session();
    expect((await otherStaff.get(`/api/classes/${c.id}`)).statusCode).toBe(404);
    expect((await otherStaff.get("/api/classes")).json().items.map((x: { id: string }) => x.id)).not.toContain(c.id);
    expect((await otherStaff.post(`/api/classes/${c.id}/transitions`, { action: "cancel", reasons: ["x"] })).statusCode).toBe(404);
    const kuancheng = await other.officer.session();
    expect((await kuancheng.get(`/api/classes/${c.id}`)).statusCode).toBe(404);
    expect((await kuancheng.post(`/api/classes/${c.id}/transitions`, { action: "return", reasons: ["x"] })).statusCode).toBe(404);
    const city = await (await makeUser(env, { regionCode: "220100", grants: [grant.officer("220100")] })).session();
    expect((await city.get(`/api/classes/${c.id}`)).statusCode).toBe(200);
    expect((await city.get("/api/classes?pageSize=200")).json().items.map((x: { id: string }) => x.id)).toContain(c.id);
    const jilinCity = await (await makeUser(env, { regionCode: "220200", grants: [grant.officer("220200")] })).session();
    expect((await jilinCity.get(`/api/classes/${c.id}`)).statusCode).toBe(404);
    const lead = await (await makeUser(env, { regionCode: "220000", grants: [grant.dept("women")] })).session();
    expect((await lead.get(`/api/classes/${c.id}`)).statusCode).toBe(200); // K1 is co-led by 省妇联
    const notLead = await (await makeUser(env, { regionCode: "220000", grants: [grant.dept("veterans")] })).session();
    expect((await notLead.get(`/api/classes/${c.id}`)).statusCode).toBe(404);
    expect((await lead.post(`/api/classes/${c.id}/transitions`, { action: "cancel", reasons: ["x"] })).statusCode).toBe(403);
    expect((await anonymous(env.app).get("/api/classes")).statusCode).toBe(401);
  });
});
