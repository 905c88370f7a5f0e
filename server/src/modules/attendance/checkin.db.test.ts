import { type SQL, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grant, makeUser } from "../../../test/factories.ts";
import { anonymous, createTestEnv, type Session, type TestEnv } from "../../../test/harness.ts";
import {
  codeAgo,
  codeNow,
  enroll,
  keepSessionsAlive,
  type MadeClass,
  type MadeSession,
  makeClass,
  makeInstitution,
  makeTrainee,
  SITE,
} from "./attendance.factory.ts";

let env: TestEnv;
const q = async (query: SQL) => ((await env.deps.db.execute(query)) as unknown as { rows: Record<string, unknown>[] }).rows;
const START = new Date("2026-03-02T01:00:00Z"); // 09:00 in Changchun
let instA: { id: string; regionCode: string };
let instB: { id: string; regionCode: string };
let staffA: Session;
let staffB: Session;
let nanguanOfficer: Session;
let kuanchengOfficer: Session;

/** metres → degrees of latitude, to place a phone north of the site */
const north = (m: number) => ({ lat: SITE.lat + m / 111_195, lng: SITE.lng });

function body(s: MadeSession, o: Record<string, unknown> = {}) {
  return { sessionId: s.id, code: codeNow(env, s), lat: SITE.lat, lng: SITE.lng, accuracy: 15, kind: "in", ...o };
}

async function classWithTrainee(o: Parameters<typeof makeClass>[1] = { institution: instA }) {
  const klass = await makeClass(env, o);
  const t = await makeTrainee(env);
  await enroll(env, klass.id, t.personId);
  return { klass, s: klass.sessions[0]!, t };
}

beforeAll(async () => {
  env = await createTestEnv({ now: START.toISOString() });
  instA = await makeInstitution(env, "220102");
  instB = await makeInstitution(env, "220103");
  staffA = await (await makeUser(env, { regionCode: "220102", grants: [grant.institution(instA.id)] })).session();
  staffB = await (await makeUser(env, { regionCode: "220103", grants: [grant.institution(instB.id)] })).session();
  nanguanOfficer = await (await makeUser(env, { regionCode: "220102", grants: [grant.officer("220102")] })).session();
  kuanchengOfficer = await (await makeUser(env, { regionCode: "220103", grants: [grant.officer("220103")] })).session();
});
afterAll(() => env?.close());

describe("check-in: the happy path and retries", () => {
  it("records one check-in with position, distance, device and time; a retry answers the original with duplicate: true", async () => {
    env.clock.set(new Date(START.getTime() + 5 * 60_000));
    const { s, t } = await classWithTrainee();
    const pos = north(40);
    const res = await t.phone.request({ method: "POST", url: "/api/attendance/check-in", payload: body(s, { ...pos, accuracy: 12 }), headers: { "user-agent": "Mozilla/5.0 (iPhone) MicroMessenger" } });
    expect(res.statusCode).toBe(201);
    const first = res.json();
    expect(first).toMatchObject({ duplicate: false, checkin: { sessionId: s.id, kind: "in", distance: 40, source: "checkin", at: env.clock.now().toISOString() } });

    const rows = await q(sql`select * from attendance_checkins where session_id = ${s.id}`);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ person_id: t.personId, user_id: t.userId, lat: pos.lat, lng: pos.lng, accuracy: 12, distance_m: 40, user_agent: "Mozilla/5.0 (iPhone) MicroMessenger", client_ip: "127.0.0.1" });

    // the phone retries a minute later, after the code rotated twice: same record, no second row
    env.clock.advance(61_000);
    await keepSessionsAlive(env);
    const again = await t.phone.post("/api/attendance/check-in", body(s, { code: "000000" }));
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ duplicate: true, checkin: first.checkin });
    expect(await q(sql`select id from attendance_checkins where session_id = ${s.id}`)).toHaveLength(1);
  });

  it("concurrent submissions of the same check-in produce one row (one 201, the rest duplicates)", async () => {
    env.clock.set(new Date(START.getTime() + 5 * 60_000));
    const { s, t } = await classWithTrainee();
    const results = await Promise.all(Array.from({ length: 12 }, () => t.phone.post("/api/attendance/check-in", body(s))));
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(results.map((r) => r.json().checkin.id)).size).toBe(1);
    expect(await q(sql`select id from attendance_checkins where session_id = ${s.id}`)).toHaveLength(1);
  });
});

describe("check-in: every refusal has its own code", () => {
  it("a wrong code is code_invalid; a rotated one is code_stale; the previous period's code still works", async () => {
    env.clock.set(new Date(START.getTime() + 5 * 60_000));
    const { s, t } = await classWithTrainee();
    const wrong = await t.phone.post("/api/attendance/check-in", body(s, { code: codeNow(env, s) === "123456" ? "654321" : "123456" }));
    expect([wrong.statusCode, wrong.json().error.code]).toEqual([422, "attendance.code_invalid"]);
    const stale = await t.phone.post("/api/attendance/check-in", body(s, { code: codeAgo(env, s, 3) }));
    expect([stale.statusCode, stale.json().error.code]).toEqual([422, "attendance.code_stale"]);
    expect((await t.phone.post("/api/attendance/check-in", body(s, { code: "12ab56" }))).json().error.code).toBe("attendance.code_invalid");
    expect(await q(sql`select id from attendance_checkins where session_id = ${s.id}`)).toHaveLength(0);
    // read at :29, sent at :31 — still accepted
    const ok = await t.phone.post("/api/attendance/check-in", body(s, { code: codeAgo(env, s, 1) }));
    expect(ok.statusCode).toBe(201);
  });

  it("outside the geofence is refused with a coarse band (never the distance or radius); stated accuracy earns at most 100 m of credit", async () => {
    env.clock.set(new Date(START.getTime() + 5 * 60_000));
    const { s, t } = await classWithTrainee({ institution: instA, radius: 200 });
    const far = await t.phone.post("/api/attendance/check-in", body(s, { ...north(450), accuracy: 5000 }));
    expect(far.statusCode).toBe(422);
    expect(far.json().error).toMatchObject({ code: "attendance.outside_geofence", details: { band: "near" } });
    // 250 m away with an 80 m fix: inside (250 - 80 ≤ 200)
    const near = await t.phone.post("/api/attendance/check-in", body(s, { ...north(250), accuracy: 80 }));
    expect(near.statusCode).toBe(201);
    expect(near.json().checkin.distance).toBe(250);
  });

  it("too early is window_not_open (opens 30 min before the start); after the end is window_closed", async () => {
    const { s, t } = await classWithTrainee({ institution: instA, sessions: [{ startsAt: new Date(START.getTime() + 2 * 3_600_000), minutes: 120 }] });
    env.clock.set(new Date(s.startsAt.getTime() - 31 * 60_000));
    await keepSessionsAlive(env);
    const early = await t.phone.post("/api/attendance/check-in", body(s));
    expect(early.statusCode).toBe(409);
    expect(early.json().error).toMatchObject({ code: "attendance.window_not_open", details: { opensAt: new Date(s.startsAt.getTime() - 30 * 60_000).toISOString() } });
    env.clock.set(new Date(s.endsAt.getTime() + 60_000));
    await keepSessionsAlive(env);
    const late = await t.phone.post("/api/attendance/check-in", body(s));
    expect([late.statusCode, late.json().error.code]).toEqual([409, "attendance.window_closed"]);
    env.clock.set(new Date(s.startsAt.getTime() - 29 * 60_000));
    await keepSessionsAlive(env);
    expect((await t.phone.post("/api/attendance/check-in", body(s))).statusCode).toBe(201);
  });

  it("a trainee not on the roster, or withdrawn from it, is not_enrolled", async () => {
    env.clock.set(new Date(START.getTime() + 5 * 60_000));
    await keepSessionsAlive(env);
    const { s } = await classWithTrainee();
    const stranger = await makeTrainee(env);
    const r = await stranger.phone.post("/api/attendance/check-in", body(s));
    expect([r.statusCode, r.json().error.code]).toEqual([403, "attendance.not_enrolled"]);
    const { klass } = await classWithTrainee();
    const withdrawn = await makeTrainee(env);
    await enroll(env, klass.id, withdrawn.personId, "withdrawn");
    expect((await withdrawn.phone.post("/api/attendance/check-in", body(klass.sessions[0]!))).json().error.code).toBe("attendance.not_enrolled");
  });

  it("a cancelled session is session_cancelled; a class not approved or in progress is class_not_active", async () => {
    env.clock.set(new Date(START.getTime() + 5 * 60_000));
    await keepSessionsAlive(env);
    const cancelled = await classWithTrainee({ institution: instA, sessions: [{ startsAt: START, cancelled: true }] });
    const r = await cancelled.t.phone.post("/api/attendance/check-in", body(cancelled.s));
    expect([r.statusCode, r.json().error.code]).toEqual([409, "attendance.session_cancelled"]);
    for (const status of ["draft", "submitted", "finished", "cancelled"] as const) {
      const c = await classWithTrainee({ institution: instA, status });
      const res = await c.t.phone.post("/api/attendance/check-in", body(c.s));
      expect([res.statusCode, res.json().error.code, res.json().error.details]).toEqual([409, "attendance.class_not_active", { status }]);
    }
    const running = await classWithTrainee({ institution: instA, status: "in_progress" });
    expect((await running.t.phone.post("/api/attendance/check-in", body(running.s))).statusCode).toBe(201);
  });

  it("an unknown session is 404; anonymous is 401; staff cannot check in (403); bad input lists every issue", async () => {
    env.clock.set(new Date(START.getTime() + 5 * 60_000));
    await keepSessionsAlive(env);
    const { s, t } = await classWithTrainee();
    const unknown = await t.phone.post("/api/attendance/check-in", body(s, { sessionId: "00000000-0000-4000-8000-000000000000" }));
    expect([unknown.statusCode, unknown.json().error.code]).toEqual([404, "attendance.session_not_found"]);
    expect((await anonymous(env.app).post("/api/attendance/check-in", body(s))).statusCode).toBe(401);
    expect((await staffA.post("/api/attendance/check-in", body(s))).json().error.code).toBe("auth.forbidden");
    const bad = await t.phone.post("/api/attendance/check-in", { sessionId: "x", code: "", lat: 91, lng: "e", kind: "sideways", extra: 1 });
    expect(bad.statusCode).toBe(400);
    const paths = bad.json().error.details.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(["body.sessionId", "body.code", "body.lat", "body.lng", "body.kind"]));
  });
});

describe("check-out", () => {
  it("a session that requires check-out counts only after both; check-out has its own window and needs a check-in", async () => {
    const k: MadeClass = await makeClass(env, { institution: instA, sessions: [{ startsAt: START, minutes: 240, requireCheckOut: true }] });
    const s = k.sessions[0]!;
    const t = await makeTrainee(env);
    await enroll(env, k.id, t.personId);
    env.clock.set(new Date(START.getTime() + 60 * 60_000));
    await keepSessionsAlive(env);
    const tooEarly = await t.phone.post("/api/attendance/check-in", body(s, { kind: "out" }));
    expect([tooEarly.statusCode, tooEarly.json().error.code]).toEqual([409, "attendance.window_not_open"]);
    env.clock.set(new Date(s.endsAt.getTime() - 10 * 60_000));
    await keepSessionsAlive(env);
    expect((await t.phone.post("/api/attendance/check-in", body(s, { kind: "out" }))).json().error.code).toBe("attendance.not_checked_in");
    expect((await t.phone.post("/api/attendance/check-in", body(s))).statusCode).toBe(201);
    let summary = (await staffA.get(`/api/attendance/classes/${k.id}/summary`)).json();
    expect(summary.sessions[0]).toMatchObject({ checkedIn: 1, checkedOut: 0, present: 0 });
    expect(summary.trainees[0]).toMatchObject({ percent: 0, eligible: false });
    const out = await t.phone.post("/api/attendance/check-in", body(s, { kind: "out" }));
    expect(out.statusCode).toBe(201);
    expect(out.json().checkin.kind).toBe("out");
    summary = (await staffA.get(`/api/attendance/classes/${k.id}/summary`)).json();
    expect(summary.sessions[0]).toMatchObject({ checkedIn: 1, checkedOut: 1, present: 1 });
    // the session has not ended yet: present, but the verdict waits for the class's end
    expect(summary.trainees[0]).toMatchObject({ percent: 100, verdict: "pending", sessions: [{ sessionId: s.id, present: true, source: "checkin" }] });
    env.clock.set(new Date(s.endsAt.getTime() + 61 * 60_000));
    await keepSessionsAlive(env);
    summary = (await staffA.get(`/api/attendance/classes/${k.id}/summary`)).json();
    expect(summary.trainees[0]).toMatchObject({ percent: 100, ratePercentSoFar: 100, verdict: "met", eligible: true });
    expect((await t.phone.post("/api/attendance/check-in", body(s, { kind: "out" }))).statusCode).toBe(200); // retry: the original
  });

  it("check-out on a session without check-out is refused", async () => {
    env.clock.set(new Date(START.getTime() + 220 * 60_000));
    await keepSessionsAlive(env);
    const { s, t } = await classWithTrainee();
    expect((await t.phone.post("/api/attendance/check-in", body(s, { kind: "out" }))).json().error.code).toBe("attendance.check_out_not_required");
  });

  it("check-ins cannot be changed or deleted (append-only)", async () => {
    await expect(env.deps.db.execute(sql`update attendance_checkins set distance_m = 0`)).rejects.toThrow();
    await expect(env.deps.db.execute(sql`delete from attendance_checkins`)).rejects.toThrow();
  });
});

describe("the teacher's code screen", () => {
  it("shows the rotating code and a QR code to the class's institution and county officer; others get 404", async () => {
    env.clock.set(new Date(START.getTime() + 5 * 60_000));
    await keepSessionsAlive(env);
    const { s, t } = await classWithTrainee();
    const res = await staffA.get(`/api/attendance/sessions/${s.id}/code`);
    expect(res.statusCode).toBe(200);
    expect(res.headers["cache-control"]).toBe("no-store");
    const view = res.json();
    expect(view).toMatchObject({ sessionId: s.id, code: codeNow(env, s), periodSeconds: 30, checkinUrl: `/m/checkin?s=${s.id}&c=${codeNow(env, s)}` });
    expect(new Date(view.validUntil).getTime() - env.clock.now().getTime()).toBeLessThanOrEqual(30_000);
    expect(view.qrDataUrl).toMatch(/^data:image\/png;base64,/);
    expect((await nanguanOfficer.get(`/api/attendance/sessions/${s.id}/code`)).statusCode).toBe(200);
    expect((await staffB.get(`/api/attendance/sessions/${s.id}/code`)).json().error.code).toBe("attendance.session_not_found");
    expect((await kuanchengOfficer.get(`/api/attendance/sessions/${s.id}/code`)).statusCode).toBe(404);
    expect((await t.phone.get(`/api/attendance/sessions/${s.id}/code`)).statusCode).toBe(403);

    // 30 s later the screen shows a new code; the one shown before still works for one period
    env.clock.advance(30_000);
    const next = (await staffA.get(`/api/attendance/sessions/${s.id}/code`)).json();
    expect(next.code).not.toBe(view.code);
    expect((await t.phone.post("/api/attendance/check-in", body(s, { code: view.code }))).statusCode).toBe(201);
  });
});
