import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { grant, makeUser } from "../../../test/factories.ts";
import { anonymous, createTestEnv, login, type Session, type TestEnv } from "../../../test/harness.ts";
import { institutions } from "../institutions/index.ts";
import { users } from "../users/index.ts";
import { ctxOf, dailySessions, makeClass, makeInstitution, makePersons, makeTeacher, makeWorld, type World } from "./classes.factory.ts";
import { transitionClass } from "./classes.service.ts";
import { classes } from "./classes.table.ts";

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env?.close());
afterEach(() => env.clock.set("2026-03-02T01:00:00Z"));

/** sets the clock and logs in again (sessions expire after 30 idle minutes of clock time) */
async function at(iso: string, ...users_: { session: () => Promise<Session> }[]): Promise<[Session, ...Session[]]> {
  env.clock.set(iso);
  return (await Promise.all(users_.map((u) => u.session()))) as [Session, ...Session[]];
}

const session = (teacherId: string, date = "2026-03-18", startTime = "14:00", endTime = "17:00") => ({
  date,
  startTime,
  endTime,
  teacherId,
  content: "补充实操",
  theoryMinutes: 60,
  practiceMinutes: 120,
  place: "二号实训车间",
});

describe("classes: changes after approval", () => {
  let w: World;
  let classId: string;
  let staff: Session;
  beforeAll(async () => {
    w = await makeWorld(env);
    classId = (await makeClass(env, w)).id;
  });

  it("moves a session before it starts, keeps the previous version and bumps the revision", async () => {
    [staff] = await at("2026-03-10T01:00:00Z", w.staff);
    const before = (await staff.get(`/api/classes/${classId}`)).json();
    const s3 = before.sessions[2];
    const res = await staff.post(`/api/classes/${classId}/changes`, {
      kind: "session_update",
      sessionId: s3.id,
      session: { ...session(w.institution.teachers[1]!, s3.date, "13:30", "16:30"), content: s3.content },
      reason: "车间检修，调至下午",
    });
    expect(res.statusCode).toBe(201);
    const { class: after, change } = res.json();
    expect(after.revision).toBe(before.revision + 1);
    expect(after.sessions.find((x: { id: string }) => x.id === s3.id).startsAt).toBe(`${s3.date}T05:30:00.000Z`);
    expect(change).toMatchObject({ revision: after.revision, kind: "session_update", reason: "车间检修，调至下午" });
    expect(change.before.startsAt).toBe(s3.startsAt);
    const history = (await staff.get(`/api/classes/${classId}/changes`)).json().items;
    expect(history.map((h: { revision: number }) => h.revision)).toEqual([2]);
    // the officer sees the same history
    const officer = await w.officer.session();
    expect((await officer.get(`/api/classes/${classId}/changes`)).json().items).toHaveLength(1);
  });

  it("refuses a change to a session that has started, and a new session in the past", async () => {
    [staff] = await at("2026-03-16T02:00:00Z", w.staff); // 10:00 during the first session
    const c = (await staff.get(`/api/classes/${classId}`)).json();
    const res = await staff.post(`/api/classes/${classId}/changes`, { kind: "session_cancel", sessionId: c.sessions[0].id, reason: "教师生病" });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: "class.change_too_late", details: { reason: "session_started" } });
    const past = await staff.post(`/api/classes/${classId}/changes`, { kind: "session_add", session: session(w.institution.teachers[0]!, "2026-03-16", "08:00", "09:00"), reason: "补课" });
    expect(past.json().error.code).toBe("class.change_too_late");
    // a later session can still be cancelled
    const ok = await staff.post(`/api/classes/${classId}/changes`, { kind: "session_cancel", sessionId: c.sessions[4].id, reason: "教师生病" });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().class.sessions[4].status).toBe("cancelled");
    expect((await staff.get(`/api/classes/${classId}`)).json().revision).toBe(c.revision + 1);
  });

  it("re-runs the teacher overlap check on a new session", async () => {
    const other = await makeWorld(env);
    const idNumber = "220102197505050011";
    const mine = await makeTeacher(env, w.institution.id, "周老师", idNumber);
    const theirs = await makeTeacher(env, other.institution.id, "周老师", idNumber);
    await makeClass(env, other, { body: { sessions: dailySessions(other, "2026-03-16", 5, { teacherId: theirs, startTime: "14:00", endTime: "17:00" }) } });
    [staff] = await at("2026-03-10T01:00:00Z", w.staff);
    const res = await staff.post(`/api/classes/${classId}/changes`, { kind: "session_add", session: session(mine), reason: "加课" });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details.problems.map((p: { code: string }) => p.code)).toEqual(["teacher_overlap"]);
    const free = await staff.post(`/api/classes/${classId}/changes`, { kind: "session_add", session: session(mine, "2026-03-18", "18:00", "20:00"), reason: "加课" });
    expect(free.statusCode).toBe(201);
  });

  it("adds a trainee with a login (password once), checks capacity, withdraws", async () => {
    [staff] = await at("2026-03-10T01:00:00Z", w.staff);
    const [p] = await makePersons(env, w.institution.id, 1);
    const res = await staff.post(`/api/classes/${classId}/changes`, { kind: "roster_add", personId: p!.id, reason: "补报名" });
    expect(res.statusCode).toBe(201);
    const { account, class: c } = res.json();
    expect(account.temporaryPassword).toEqual(expect.any(String));
    expect(c.roster.map((r: { personId: string }) => r.personId)).toContain(p!.id);
    expect((await staff.post(`/api/classes/${classId}/changes`, { kind: "roster_add", personId: p!.id, reason: "x" })).json().error.code).toBe("class.already_enrolled");
    // the others get their logins in one call; the new one comes back without a password
    const accounts = (await staff.post(`/api/classes/${classId}/trainee-accounts`)).json().items;
    expect(accounts).toHaveLength(4);
    expect(accounts.find((a: { personId: string }) => a.personId === p!.id).temporaryPassword).toBeNull();
    expect(accounts.filter((a: { temporaryPassword: string | null }) => a.temporaryPassword).length).toBe(3);
    expect((await staff.post(`/api/classes/${classId}/trainee-accounts`)).json().items.every((a: { temporaryPassword: null }) => a.temporaryPassword === null)).toBe(true);

    const withdrawn = await staff.post(`/api/classes/${classId}/changes`, { kind: "roster_withdraw", personId: p!.id, reason: "本人申请退出" });
    expect(withdrawn.json().class.roster.find((r: { personId: string }) => r.personId === p!.id).status).toBe("withdrawn");
    expect((await staff.post(`/api/classes/${classId}/changes`, { kind: "roster_withdraw", personId: p!.id, reason: "x" })).json().error.code).toBe("class.enrollment_not_found");

    await env.deps.db.update(classes).set({ capacity: 3 }).where(eq(classes.id, classId));
    const full = await staff.post(`/api/classes/${classId}/changes`, { kind: "roster_add", personId: p!.id, reason: "再次报名" });
    expect(full.statusCode).toBe(422);
    expect(full.json().error.details.problems.map((x: { code: string }) => x.code)).toEqual(["capacity_exceeded"]);
    await env.deps.db.update(classes).set({ capacity: 30 }).where(eq(classes.id, classId));

    [staff] = await at("2026-03-21T01:00:00Z", w.staff);
    expect((await staff.post(`/api/classes/${classId}/changes`, { kind: "roster_add", personId: p!.id, reason: "x" })).json().error.details.reason).toBe("class_ended");
  });

  it("a draft is edited, not changed; another institution cannot file (404), an officer cannot (403)", async () => {
    const draft = await makeClass(env, w, { status: "draft" });
    [staff] = await at("2026-03-02T01:00:00Z", w.staff);
    expect((await staff.post(`/api/classes/${draft.id}/changes`, { kind: "roster_withdraw", personId: w.persons[0]!.id, reason: "x" })).json().error.code).toBe("class.not_editable");
    const other = await makeWorld(env, { roster: 0 });
    expect((await (await other.staff.session()).post(`/api/classes/${classId}/changes`, { kind: "roster_withdraw", personId: w.persons[0]!.id, reason: "x" })).statusCode).toBe(404);
    expect((await (await w.officer.session()).post(`/api/classes/${classId}/changes`, { kind: "roster_withdraw", personId: w.persons[0]!.id, reason: "x" })).statusCode).toBe(403);
  });
});

/** an approved class taken to finished (clock after its last session) */
async function finishedClass(w: World, body: NonNullable<Parameters<typeof makeClass>[2]>["body"] = {}) {
  const c = await makeClass(env, w, { body });
  env.clock.set("2026-03-16T00:00:00Z");
  await transitionClass(env.deps, w.staffCtx, c.id, { action: "start" });
  env.clock.set("2026-03-21T00:00:00Z");
  await transitionClass(env.deps, w.staffCtx, c.id, { action: "finish" });
  return c.id;
}

describe("classes: results, assessment lock and certificates", () => {
  it("enters results after finishing, locks on assessment, then refuses roster, score and session changes", async () => {
    const w = await makeWorld(env);
    const id = await finishedClass(w);
    const [staff] = await at("2026-03-21T02:00:00Z", w.staff);
    const [p0, p1, p2] = w.persons;
    const early = await staff.post(`/api/classes/${id}/transitions`, { action: "assess" });
    expect(early.json().error).toMatchObject({ code: "class.results_incomplete", details: { missing: expect.arrayContaining([p0!.id]) } });
    const bad = await staff.put(`/api/classes/${id}/results`, { results: [{ personId: p0!.id, result: "pass" }, { personId: p1!.id, result: "absent", score: 10 }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.issues.map((i: { path: string }) => i.path)).toEqual(["body.results[0].score", "body.results[1].score"]);
    const ok = await staff.put(`/api/classes/${id}/results`, {
      results: [
        { personId: p0!.id, result: "pass", score: 88 },
        { personId: p1!.id, result: "fail", score: 41 },
        { personId: p2!.id, result: "absent" },
      ],
    });
    expect(ok.json().roster.find((r: { personId: string }) => r.personId === p0!.id)).toMatchObject({ result: "pass", score: 88 });
    const assessed = (await staff.post(`/api/classes/${id}/transitions`, { action: "assess" })).json();
    expect(assessed).toMatchObject({ status: "assessed", locked: true });
    expect(assessed.abilities).toMatchObject({ enterResults: false, fileChange: false });
    const locked = [
      await staff.put(`/api/classes/${id}/results`, { results: [{ personId: p1!.id, result: "pass", score: 61 }] }),
      await staff.post(`/api/classes/${id}/changes`, { kind: "roster_withdraw", personId: p1!.id, reason: "x" }),
      await staff.post(`/api/classes/${id}/changes`, { kind: "session_add", session: session(w.institution.teachers[0]!, "2026-03-25"), reason: "x" }),
    ];
    for (const r of locked) expect(r.json().error.code).toBe("class.locked");
    // certificates: only the passed trainee, format and uniqueness
    const notPassed = await staff.post(`/api/classes/${id}/certificates`, { certificates: [{ personId: p1!.id, number: "PX-2026-0001", issueDate: "2026-03-21" }] });
    expect(notPassed.json().error).toMatchObject({ code: "certificate.not_passed", details: { personIds: [p1!.id] } });
    const issued = await staff.post(`/api/classes/${id}/certificates`, { certificates: [{ personId: p0!.id, number: "px-2026-0001", issueDate: "2026-03-21" }] });
    expect(issued.statusCode).toBe(201);
    expect(issued.json().items[0]).toMatchObject({ number: "PX-2026-0001", status: "valid", type: "training_completion" });
    expect((await staff.post(`/api/classes/${id}/certificates`, { certificates: [{ personId: p0!.id, number: "PX-2026-0002", issueDate: "2026-03-21" }] })).json().error.code).toBe("certificate.already_issued");
  });

  it("skill-level classes: the named evaluation institution enters results; numbers follow the national format", async () => {
    const w = await makeWorld(env);
    const evaluator = await makeInstitution(env, { role: "evaluation", occupationCode: null });
    const evalGrants = [grant.institution(evaluator.id, "evaluator_staff")];
    const evalUser = await makeUser(env, { grants: evalGrants });
    const id = await finishedClass(w, { certificateType: "skill_level", evaluatorInstitutionId: evaluator.id });
    const [staff, evalStaff] = (await at("2026-03-21T02:00:00Z", w.staff, evalUser)) as [Session, Session];
    const [p0, p1] = w.persons;
    const results = { results: w.persons.map((p, i) => ({ personId: p.id, result: i < 2 ? "pass" : "fail", score: i < 2 ? 80 : 30 })) };
    expect((await staff.put(`/api/classes/${id}/results`, results)).statusCode).toBe(403);
    expect((await evalStaff.get(`/api/classes/${id}`)).json().abilities.enterResults).toBe(true);
    expect((await evalStaff.put(`/api/classes/${id}/results`, results)).statusCode).toBe(200);
    expect((await evalStaff.post(`/api/classes/${id}/transitions`, { action: "assess" })).json().status).toBe("assessed");
    const good = "S000122000001264000123"; // S, body 0001, Jilin 22, site 000001, year 26, level 4, seq 000123
    const wrongLevel = "S000122000001263000124";
    const bad = await evalStaff.post(`/api/classes/${id}/certificates`, {
      certificates: [
        { personId: p0!.id, number: wrongLevel, issueDate: "2026-03-21" },
        { personId: p1!.id, number: "12345", issueDate: "2026-03-21" },
      ],
    });
    expect(bad.json().error).toMatchObject({ code: "certificate.number_invalid" });
    expect(bad.json().error.details.problems.map((p: { path: string }) => p.path)).toEqual(["certificates[0].number", "certificates[1].number"]);
    const ok = await evalStaff.post(`/api/classes/${id}/certificates`, { certificates: [{ personId: p0!.id, number: good, issueDate: "2026-03-21" }] });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().items[0]).toMatchObject({ level: "4", issuerInstitutionId: evaluator.id });
    const dup = await evalStaff.post(`/api/classes/${id}/certificates`, { certificates: [{ personId: p1!.id, number: good, issueDate: "2026-03-21" }] });
    expect(dup.json().error).toMatchObject({ code: "certificate.number_taken", details: { numbers: [good] } });

    // public check: masked holder, same 404 for a wrong name and an unknown number
    const pub = anonymous(env.app);
    const person = w.persons[0]!;
    const found = await pub.get(`/api/public/certificates/verify?number=${good}&name=${encodeURIComponent(person.name)}`);
    expect(found.statusCode).toBe(200);
    expect(found.json()).toEqual({
      holderName: `${[...person.name][0]}${"*".repeat([...person.name].length - 1)}`,
      idNumberMasked: `${person.idNumber.slice(0, 3)}**************${person.idNumber.slice(-1)}`,
      occupation: "车工",
      level: "4",
      certificateType: "skill_level",
      number: good,
      issuerName: evaluator.name,
      issueDate: "2026-03-21",
      status: "valid",
    });
    expect(found.body).not.toContain(person.idNumber);
    const wrongName = await pub.get(`/api/public/certificates/verify?number=${good}&name=${encodeURIComponent("王某某")}`);
    const wrongNumber = await pub.get(`/api/public/certificates/verify?number=S000122000001264999999&name=${encodeURIComponent(person.name)}`);
    expect(wrongName.statusCode).toBe(404);
    expect(wrongNumber.statusCode).toBe(404);
    expect(wrongName.json().error.code).toBe("certificate.not_found");
    expect(wrongName.json().error.message).toBe(wrongNumber.json().error.message);
    const token = ok.json().items[0].verifyToken;
    expect((await pub.get(`/api/public/certificates/${token}`)).json().holderName).toBe(found.json().holderName);
    expect((await pub.get("/api/public/certificates/AAAAAAAAAAAAAAAAAAAAAAAA")).statusCode).toBe(404);

    // revocation after the lock: officer of the county only, with a reason
    const certId = ok.json().items[0].id;
    const [officer] = await at("2026-03-22T02:00:00Z", w.officer);
    const far = await (await makeUser(env, { regionCode: "220103", grants: [grant.officer("220103")] })).session();
    expect((await far.post(`/api/certificates/${certId}/revoke`, { reason: "冒名顶替" })).statusCode).toBe(404);
    expect((await (await w.staff.session()).post(`/api/certificates/${certId}/revoke`, { reason: "x" })).statusCode).toBe(403);
    expect((await officer.post(`/api/certificates/${certId}/revoke`, {})).statusCode).toBe(400);
    expect((await officer.post(`/api/certificates/${certId}/revoke`, { reason: "冒名顶替" })).json()).toMatchObject({ status: "revoked", revokedReason: "冒名顶替" });
    expect((await officer.post(`/api/certificates/${certId}/revoke`, { reason: "冒名顶替" })).json().error.code).toBe("certificate.already_revoked");
    expect((await pub.get(`/api/public/certificates/${token}`)).json().status).toBe("revoked");
  });
});

describe("classes: the buttons follow the rules the service enforces", () => {
  it("an evaluation institution suspended after approval loses the results and certificate buttons, and the service refuses it", async () => {
    const w = await makeWorld(env);
    const evaluator = await makeInstitution(env, { role: "evaluation", occupationCode: null });
    const evalUser = await makeUser(env, { grants: [grant.institution(evaluator.id, "evaluator_staff")] });
    const id = await finishedClass(w, { certificateType: "skill_level", evaluatorInstitutionId: evaluator.id });
    await env.deps.db.update(institutions).set({ status: "suspended" }).where(eq(institutions.id, evaluator.id));
    const [evalStaff] = await at("2026-03-21T02:00:00Z", evalUser);
    const view = (await evalStaff.get(`/api/classes/${id}`)).json();
    expect(view.abilities).toMatchObject({ enterResults: false, issueCertificates: false });
    const results = { results: w.persons.map((p) => ({ personId: p.id, result: "pass", score: 80 })) };
    const refused = await evalStaff.put(`/api/classes/${id}/results`, results);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: "class.results_not_allowed", details: { reason: "evaluator_not_approved" } });
  });
});

describe("classes: the trainee's own classes", () => {
  it("shows the schedule, result and certificate of the logged-in trainee only", async () => {
    const w = await makeWorld(env);
    const id = await finishedClass(w);
    env.clock.set("2026-03-21T02:00:00Z");
    const accounts = await transitionClassAccounts(w, id);
    const mine = accounts.find((a) => a.personId === w.persons[0]!.id)!;
    const staff = await w.staff.session();
    await staff.put(`/api/classes/${id}/results`, { results: w.persons.map((p) => ({ personId: p.id, result: "pass", score: 75 })) });
    await staff.post(`/api/classes/${id}/certificates`, { certificates: w.persons.map((p, i) => ({ personId: p.id, number: `PX-MY-${i}${id.slice(0, 4)}`, issueDate: "2026-03-21" })) });
    await env.deps.db.update(users).set({ mustChangePassword: false }).where(eq(users.username, mine.username));
    const trainee = await login(env.app, mine.username, mine.temporaryPassword!);
    const res = await trainee.get("/api/my/classes");
    expect(res.statusCode).toBe(200);
    const items = res.json().items;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ class: { id, status: "finished" }, enrollmentStatus: "enrolled", result: "pass", score: 75 });
    expect(items[0].certificates).toHaveLength(1);
    expect(items[0].certificates[0].number).toBe(`PX-MY-0${id.slice(0, 4)}`.toUpperCase());
    expect(items[0].sessions).toHaveLength(5);
    expect(res.body).not.toContain("codeSecret");
    expect((await trainee.get(`/api/classes/${id}`)).statusCode).toBe(403);
    expect((await (await w.staff.session()).get("/api/my/classes")).statusCode).toBe(403);
  });
});

async function transitionClassAccounts(w: World, id: string) {
  const { ensureTraineeAccounts } = await import("./classes.service.ts");
  const r = await ensureTraineeAccounts(env.deps, ctxOf(w.staff, w.regionCode, [grant.institution(w.institution.id)]), id);
  return r.items;
}
