import { type SQL, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grant, makeUser } from "../../../test/factories.ts";
import { createTestEnv, type Session, type TestEnv } from "../../../test/harness.ts";
import { codeNow, enroll, keepSessionsAlive, type MadeClass, type MadeTrainee, makeClass, makeInstitution, makeTrainee, SITE } from "./attendance.factory.ts";

let env: TestEnv;
const q = async (query: SQL) => ((await env.deps.db.execute(query)) as unknown as { rows: Record<string, unknown>[] }).rows;
const DAY1 = new Date("2026-03-02T01:00:00Z"); // Monday 09:00 in Changchun
const day = (n: number) => new Date(DAY1.getTime() + n * 86_400_000);
let instA: { id: string; regionCode: string };
let instB: { id: string; regionCode: string };
let staffA: Session;
let staffA2: Session;
let staffB: Session;
let nanguanOfficer: Session;
let kuanchengOfficer: Session;
let changchunOfficer: Session;
/** a person who is both institution staff of A and an officer: files, and may not approve their own */
let staffAndOfficer: Session;
let klass: MadeClass;
let trainees: MadeTrainee[];

async function checkInAt(t: MadeTrainee, sessionIdx: number) {
  const s = klass.sessions[sessionIdx]!;
  env.clock.set(new Date(s.startsAt.getTime() + 5 * 60_000));
  await keepSessionsAlive(env);
  const r = await t.phone.post("/api/attendance/check-in", { sessionId: s.id, code: codeNow(env, s), lat: SITE.lat, lng: SITE.lng, kind: "in" });
  if (r.statusCode !== 201) throw new Error(`check-in failed: ${r.body}`);
}

beforeAll(async () => {
  env = await createTestEnv({ now: DAY1.toISOString() });
  instA = await makeInstitution(env, "220102");
  instB = await makeInstitution(env, "220103");
  staffA = await (await makeUser(env, { regionCode: "220102", grants: [grant.institution(instA.id)] })).session();
  staffA2 = await (await makeUser(env, { regionCode: "220102", grants: [grant.institution(instA.id)] })).session();
  staffB = await (await makeUser(env, { regionCode: "220103", grants: [grant.institution(instB.id)] })).session();
  nanguanOfficer = await (await makeUser(env, { regionCode: "220102", grants: [grant.officer("220102")] })).session();
  kuanchengOfficer = await (await makeUser(env, { regionCode: "220103", grants: [grant.officer("220103")] })).session();
  changchunOfficer = await (await makeUser(env, { regionCode: "220100", grants: [grant.officer("220100")] })).session();
  staffAndOfficer = await (await makeUser(env, { regionCode: "220102", grants: [grant.institution(instA.id), grant.officer("220102")] })).session();

  // five days, one 4-hour session a day; five trainees
  klass = await makeClass(env, { institution: instA, status: "in_progress", sessions: [0, 1, 2, 3, 4].map((n) => ({ startsAt: day(n), minutes: 240 })) });
  trainees = [];
  for (const name of ["甲", "乙", "丙", "丁", "戊"]) {
    const t = await makeTrainee(env, { name });
    await enroll(env, klass.id, t.personId);
    trainees.push(t);
  }
  // 甲 5/5, 乙 4/5 (misses day 5), 丙 3/5 (misses days 4-5), 丁 4/5 (misses day 4), 戊 2/5
  const plan: Record<string, number[]> = { 甲: [0, 1, 2, 3, 4], 乙: [0, 1, 2, 3], 丙: [0, 1, 2], 丁: [0, 1, 2, 4], 戊: [0, 1] };
  for (let s = 0; s < 5; s++) for (const t of trainees) if (plan[t.name]!.includes(s)) await checkInAt(t, s);
  env.clock.set(new Date(day(4).getTime() + 6 * 3_600_000)); // after the last session
  await keepSessionsAlive(env);
});
afterAll(() => env?.close());

const summary = async (who: Session = staffA) => {
  const r = await who.get(`/api/attendance/classes/${klass.id}/summary`);
  expect(r.statusCode).toBe(200);
  return r.json();
};
const rateOf = (s: { trainees: { name: string }[] }, name: string) => s.trainees.find((t) => t.name === name) as Record<string, unknown>;

describe("attendance rates", () => {
  it("a trainee at 80% is eligible, under 80% is not; a held day under 80% of the roster is flagged", async () => {
    const s = await summary();
    expect(s).toMatchObject({ rosterSize: 5, thresholdPercent: 80 });
    expect(rateOf(s, "甲")).toMatchObject({ percent: 100, eligible: true, plannedMinutes: 1200, attendedMinutes: 1200 });
    expect(rateOf(s, "乙")).toMatchObject({ percent: 80, eligible: true });
    expect(rateOf(s, "丙")).toMatchObject({ percent: 60, eligible: false });
    expect(rateOf(s, "戊")).toMatchObject({ percent: 40, eligible: false });
    // days: 5/5, 5/5, 4/5 = 80% (not flagged), 2/5 = 40%, 2/5 = 40%
    expect(s.days.map((d: { percent: number; flagged: boolean; held: boolean }) => [d.percent, d.flagged, d.held])).toEqual([
      [100, false, true],
      [100, false, true],
      [80, false, true],
      [40, true, true],
      [40, true, true],
    ]);
    expect(s.sessions.map((x: { checkedIn: number; present: number }) => [x.checkedIn, x.present])).toEqual([
      [5, 5],
      [5, 5],
      [4, 4],
      [2, 2],
      [2, 2],
    ]);
  });

  it("days still to come are never flagged", async () => {
    env.clock.set(new Date(day(3).getTime() + 60 * 60_000)); // during day 4
    await keepSessionsAlive(env);
    const s = await summary();
    expect(s.days.map((d: { held: boolean; flagged: boolean }) => [d.held, d.flagged])).toEqual([
      [true, false],
      [true, false],
      [true, false],
      [false, false],
      [false, false],
    ]);
    env.clock.set(new Date(day(4).getTime() + 6 * 3_600_000));
    await keepSessionsAlive(env);
  });

  it("mid-class the rate counts held sessions only and nobody is judged yet; after the end the verdict is final", async () => {
    env.clock.set(new Date(day(2).getTime() + 60 * 60_000)); // day 3 of 5, its session running
    await keepSessionsAlive(env);
    const mid = await summary();
    expect(mid).toMatchObject({ heldSessions: 2, totalSessions: 5, ended: false });
    expect(mid.sessions.map((x: { held: boolean }) => x.held)).toEqual([true, true, false, false, false]);
    // everyone attended days 1–2: 100% so far, all can still reach 80%, no verdict yet
    for (const name of ["甲", "乙", "丙", "丁", "戊"]) {
      expect(rateOf(mid, name)).toMatchObject({ ratePercentSoFar: 100, canStillReach80: true, verdict: "pending", eligible: false });
    }
    const phone = (await trainees.find((x) => x.name === "戊")!.phone.get("/api/my/attendance")).json().items[0];
    expect(phone).toMatchObject({ ratePercentSoFar: 100, verdict: "pending", heldSessions: 2, totalSessions: 5 });

    env.clock.set(new Date(day(4).getTime() + 6 * 3_600_000));
    await keepSessionsAlive(env);
    const end = await summary();
    expect(end).toMatchObject({ heldSessions: 5, totalSessions: 5, ended: true });
    expect(rateOf(end, "乙")).toMatchObject({ ratePercentSoFar: 80, verdict: "met", eligible: true });
    expect(rateOf(end, "戊")).toMatchObject({ ratePercentSoFar: 40, canStillReach80: false, verdict: "not_met", eligible: false });
  });

  it("the code screen shows a code only inside the check-in window and says when it opens or that it closed", async () => {
    const later = await makeClass(env, { institution: instA, status: "approved", sessions: [{ startsAt: day(10), minutes: 240 }] });
    const early = (await staffA.get(`/api/attendance/sessions/${later.sessions[0]!.id}/code`)).json();
    expect(early).toEqual({ window: "early", sessionId: later.sessions[0]!.id, opensAt: new Date(day(10).getTime() - 30 * 60_000).toISOString(), closesAt: expect.any(String) });
    const closed = (await staffA.get(`/api/attendance/sessions/${klass.sessions[0]!.id}/code`)).json();
    expect(closed).toMatchObject({ window: "closed" });
    expect(closed).not.toHaveProperty("code");
    expect(closed).not.toHaveProperty("qrDataUrl");
  });

  it("the trainee sees their own attendance and rate", async () => {
    const t = trainees.find((x) => x.name === "丙")!;
    const r = await t.phone.get("/api/my/attendance");
    expect(r.statusCode).toBe(200);
    const [c] = r.json().items;
    expect(c).toMatchObject({ classId: klass.id, percent: 60, eligible: false, ratePercentSoFar: 60, verdict: "not_met", heldSessions: 5, totalSessions: 5 });
    expect(c.sessions.map((x: { present: boolean; source: string | null }) => [x.present, x.source])).toEqual([
      [true, "checkin"],
      [true, "checkin"],
      [true, "checkin"],
      [false, null],
      [false, null],
    ]);
    expect(c.sessions[0].checkedInAt).toBe(new Date(klass.sessions[0]!.startsAt.getTime() + 5 * 60_000).toISOString());
    expect((await staffA.get("/api/my/attendance")).statusCode).toBe(403);
  });
});

describe("manual corrections need a second person", () => {
  const file = (who: Session, name: string, sessionIdx: number, mark: "present" | "absent") =>
    who.post("/api/attendance/corrections", {
      sessionId: klass.sessions[sessionIdx]!.id,
      personId: trainees.find((t) => t.name === name)!.personId,
      mark,
      reason: "手机没电，教师现场点名确认",
      evidence: "点名表 2026-03-05 第 3 页",
    });

  it("a filed correction has no effect until a different person approves it; then it counts and shows as manual", async () => {
    const filed = await file(staffA, "丙", 3, "present");
    expect(filed.statusCode).toBe(201);
    const c = filed.json();
    expect(c).toMatchObject({ status: "pending", source: "manual", mark: "present", personName: "丙", abilities: { decide: false } });
    expect(rateOf(await summary(), "丙")).toMatchObject({ percent: 60, eligible: false });

    // the institution cannot approve (no permission), nor can a second staff member of it
    expect((await staffA.post(`/api/attendance/corrections/${c.id}/decision`, { decision: "approve" })).json().error.code).toBe("auth.forbidden");
    expect((await staffA2.post(`/api/attendance/corrections/${c.id}/decision`, { decision: "approve" })).statusCode).toBe(403);
    // another county's officer does not even see it
    expect((await kuanchengOfficer.post(`/api/attendance/corrections/${c.id}/decision`, { decision: "approve" })).json().error.code).toBe(
      "attendance.correction_not_found",
    );
    const listed = (await nanguanOfficer.get(`/api/attendance/classes/${klass.id}/corrections`)).json().items;
    expect(listed.find((x: { id: string }) => x.id === c.id).abilities).toEqual({ decide: true });

    const ok = await nanguanOfficer.post(`/api/attendance/corrections/${c.id}/decision`, { decision: "approve", note: "核对点名表属实" });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: "approved", decisionNote: "核对点名表属实", source: "manual" });
    const s = await summary();
    expect(rateOf(s, "丙")).toMatchObject({ percent: 80, eligible: true, manualSessions: 1 });
    expect((rateOf(s, "丙").sessions as { source: string | null }[]).map((x) => x.source)).toEqual(["checkin", "checkin", "checkin", "manual", null]);
    expect(s.sessions[3]).toMatchObject({ checkedIn: 2, manualPresent: 1, present: 3 });
    const mine = (await trainees.find((t) => t.name === "丙")!.phone.get("/api/my/attendance")).json().items[0];
    expect(mine.sessions[3]).toMatchObject({ present: true, source: "manual", checkedInAt: null });

    // decided once only
    expect((await nanguanOfficer.post(`/api/attendance/corrections/${c.id}/decision`, { decision: "reject" })).json().error.code).toBe("attendance.correction_decided");
    const entries = await q(sql`select action, actor_username from audit_log where entity_id = ${c.id} order by seq`);
    expect(entries.map((e) => e.action)).toEqual(["attendance.correction_filed", "attendance.correction_approved"]);
  });

  it("the filer can never approve their own correction, even holding the approving role", async () => {
    const filed = (await file(staffAndOfficer, "戊", 2, "present")).json();
    expect(filed.abilities).toEqual({ decide: false });
    const self = await staffAndOfficer.post(`/api/attendance/corrections/${filed.id}/decision`, { decision: "approve" });
    expect([self.statusCode, self.json().error.code]).toEqual([403, "attendance.self_approval"]);
    // the database refuses it too
    await expect(env.deps.db.execute(sql`update attendance_corrections set status = 'approved', decided_by = filed_by where id = ${filed.id}`)).rejects.toThrow();
    expect(rateOf(await summary(), "戊")).toMatchObject({ percent: 40 });
    const rejected = await changchunOfficer.post(`/api/attendance/corrections/${filed.id}/decision`, { decision: "reject", note: "无证明" });
    expect(rejected.json()).toMatchObject({ status: "rejected" });
    expect(rateOf(await summary(), "戊")).toMatchObject({ percent: 40, manualSessions: 0 });
  });

  it("an approved 'absent' removes the effect of a check-in; one pending correction per trainee and session", async () => {
    const filed = (await file(staffA, "乙", 0, "absent")).json();
    expect((await file(staffA2, "乙", 0, "absent")).json().error.code).toBe("attendance.correction_pending");
    await nanguanOfficer.post(`/api/attendance/corrections/${filed.id}/decision`, { decision: "approve" });
    const s = await summary();
    expect(rateOf(s, "乙")).toMatchObject({ percent: 60, eligible: false });
    expect((rateOf(s, "乙").sessions as { present: boolean; source: string }[])[0]).toEqual({ sessionId: klass.sessions[0]!.id, present: false, source: "manual" });
    expect(s.sessions[0]).toMatchObject({ checkedIn: 5, manualAbsent: 1, present: 4 });
    // the check-in row itself is untouched
    expect(await q(sql`select id from attendance_checkins where session_id = ${klass.sessions[0]!.id}`)).toHaveLength(5);
  });

  it("an assessed (locked) class takes no corrections and decides none, and says why", async () => {
    const locked = await makeClass(env, { institution: instA, status: "finished", sessions: [{ startsAt: day(0), minutes: 240 }] });
    const t = await makeTrainee(env);
    await enroll(env, locked.id, t.personId);
    const body = { sessionId: locked.sessions[0]!.id, personId: t.personId, mark: "present", reason: "补录", evidence: "点名表" };
    const pending = (await staffA.post("/api/attendance/corrections", body)).json();
    expect(pending.status).toBe("pending");
    await env.deps.db.execute(sql`update classes set status = 'assessed', locked_at = now() where id = ${locked.id}`);
    const filed = await staffA2.post("/api/attendance/corrections", { ...body, mark: "absent" });
    expect([filed.statusCode, filed.json().error.code, filed.json().error.details.reason]).toEqual([409, "attendance.class_locked", "class_locked"]);
    expect(filed.json().error.message).toContain("考核锁定");
    const listed = (await nanguanOfficer.get(`/api/attendance/classes/${locked.id}/corrections`)).json().items;
    expect(listed[0].abilities).toEqual({ decide: false });
    const decided = await nanguanOfficer.post(`/api/attendance/corrections/${pending.id}/decision`, { decision: "approve" });
    expect([decided.statusCode, decided.json().error.code]).toEqual([409, "attendance.class_locked"]);
    // the summary tells the console before anyone tries
    const lockedSummary = (await staffA.get(`/api/attendance/classes/${locked.id}/summary`)).json();
    expect(lockedSummary.abilities).toEqual({ fileCorrection: false });
    expect(lockedSummary.refusals.fileCorrection).toMatchObject({ code: "attendance.class_locked" });
    expect((await staffA.get(`/api/attendance/classes/${klass.id}/summary`)).json()).toMatchObject({ abilities: { fileCorrection: true }, refusals: { fileCorrection: null } });
  });

  it("refuses corrections for strangers, future sessions and other institutions' classes", async () => {
    const stranger = await makeTrainee(env);
    const r = await staffA.post("/api/attendance/corrections", { sessionId: klass.sessions[0]!.id, personId: stranger.personId, mark: "present", reason: "补录", evidence: "无" });
    expect(r.json().error.code).toBe("attendance.not_enrolled");
    env.clock.set(new Date(day(2).getTime()));
    await keepSessionsAlive(env);
    expect((await file(staffA, "甲", 4, "present")).json().error.code).toBe("attendance.session_not_started");
    env.clock.set(new Date(day(4).getTime() + 6 * 3_600_000));
    await keepSessionsAlive(env);
    expect((await file(staffB, "甲", 1, "present")).json().error.code).toBe("attendance.session_not_found");
    const bad = await staffA.post("/api/attendance/corrections", { sessionId: klass.sessions[0]!.id, personId: "x", mark: "maybe", reason: "", evidence: "" });
    expect(bad.json().error.details.issues.map((i: { path: string }) => i.path)).toEqual(
      expect.arrayContaining(["body.personId", "body.mark", "body.reason", "body.evidence"]),
    );
  });
});

describe("scope", () => {
  it("institution B cannot read A's summary, corrections or code (404); county officers see only their county", async () => {
    expect((await staffB.get(`/api/attendance/classes/${klass.id}/summary`)).json().error.code).toBe("attendance.class_not_found");
    expect((await staffB.get(`/api/attendance/classes/${klass.id}/corrections`)).statusCode).toBe(404);
    expect((await staffB.get(`/api/attendance/sessions/${klass.sessions[0]!.id}/code`)).statusCode).toBe(404);
    expect((await kuanchengOfficer.get(`/api/attendance/classes/${klass.id}/summary`)).statusCode).toBe(404);
    expect((await nanguanOfficer.get(`/api/attendance/classes/${klass.id}/summary`)).statusCode).toBe(200);
    expect((await changchunOfficer.get(`/api/attendance/classes/${klass.id}/summary`)).statusCode).toBe(200);

    const classB = await makeClass(env, { institution: instB });
    expect((await kuanchengOfficer.get(`/api/attendance/classes/${classB.id}/summary`)).statusCode).toBe(200);
    expect((await nanguanOfficer.get(`/api/attendance/classes/${classB.id}/summary`)).statusCode).toBe(404);
    expect((await staffA.get(`/api/attendance/classes/${classB.id}/summary`)).statusCode).toBe(404);
    expect((await trainees[0]!.phone.get(`/api/attendance/classes/${klass.id}/summary`)).statusCode).toBe(403);
  });
});
