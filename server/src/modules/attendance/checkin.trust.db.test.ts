import { type SQL, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grant, makeUser } from "../../../test/factories.ts";
import { createTestEnv, type Session, type TestEnv } from "../../../test/harness.ts";
import { codeAgo, codeNow, enroll, type MadeSession, makeClass, makeInstitution, makeTrainee, SITE } from "./attendance.factory.ts";
import { checkCode, distanceMetres, type LatLng } from "./checkin.rules.ts";

/**
 * Issue #7, "Remote check-in": a trainee (or whoever holds their phone) must not be able to guess
 * the 6-digit code, locate the site from refusals, or leave no trace of trying.
 */

let env: TestEnv;
const q = async (query: SQL) => ((await env.deps.db.execute(query)) as unknown as { rows: Record<string, unknown>[] }).rows;
const START = new Date("2026-03-02T01:00:00Z");
let inst: { id: string; regionCode: string };
let staff: Session;

/** metres → degrees, to place a phone north/east of the site */
const offset = (northM: number, eastM: number, from: LatLng = SITE) => ({
  lat: from.lat + northM / 111_195,
  lng: from.lng + eastM / (111_195 * Math.cos((from.lat * Math.PI) / 180)),
});

function body(s: MadeSession, o: Record<string, unknown> = {}) {
  return { sessionId: s.id, code: codeNow(env, s), lat: SITE.lat, lng: SITE.lng, accuracy: 15, kind: "in", ...o };
}

/** `n` distinct codes that are neither this session's current, previous nor recent (stale) codes. */
function wrongCodes(s: MadeSession, n: number): string[] {
  const out: string[] = [];
  for (let i = 100_001; out.length < n; i += 7_919) {
    const c = String(i % 1_000_000).padStart(6, "0");
    if (checkCode(s.secret, c, env.clock.now()) === "invalid") out.push(c);
  }
  return out;
}

async function classWithTrainee(o: { radius?: number } = {}) {
  const klass = await makeClass(env, { institution: inst, ...o });
  const t = await makeTrainee(env);
  await enroll(env, klass.id, t.personId);
  return { klass, s: klass.sessions[0]!, t };
}

beforeAll(async () => {
  env = await createTestEnv({ now: new Date(START.getTime() + 5 * 60_000).toISOString() });
  inst = await makeInstitution(env, "220102");
  staff = await (await makeUser(env, { regionCode: "220102", grants: [grant.institution(inst.id)] })).session();
});
afterAll(() => env?.close());

describe("wrong codes are limited per trainee and session", () => {
  it("after 5 wrong codes the session's check-in is locked, even for the right code; the class summary flags it", async () => {
    const { klass, s, t } = await classWithTrainee();
    const other = await makeTrainee(env);
    await enroll(env, klass.id, other.personId);
    const wrong = wrongCodes(s, 6);
    const remaining: number[] = [];
    for (const code of wrong.slice(0, 5)) {
      const r = await t.phone.post("/api/attendance/check-in", body(s, { code }));
      expect([r.statusCode, r.json().error.code]).toEqual([422, "attendance.code_invalid"]);
      remaining.push(r.json().error.details?.remainingAttempts);
    }
    expect(remaining).toEqual([4, 3, 2, 1, 0]);
    const right = await t.phone.post("/api/attendance/check-in", body(s));
    expect([right.statusCode, right.json().error?.code]).toEqual([423, "attendance.checkin_locked"]);
    const wrongAgain = await t.phone.post("/api/attendance/check-in", body(s, { code: wrong[5] }));
    expect(wrongAgain.json().error.code).toBe("attendance.checkin_locked");
    expect(await q(sql`select id from attendance_checkins where session_id = ${s.id} and person_id = ${t.personId}`)).toHaveLength(0);

    // another trainee of the same session is not affected
    expect((await other.phone.post("/api/attendance/check-in", body(s))).statusCode).toBe(201);

    // the institution sees which trainee's check-in is locked, so a second person can correct it
    const summary = (await staff.get(`/api/attendance/classes/${klass.id}/summary`)).json();
    expect(summary.checkinLocks).toEqual([
      { sessionId: s.id, personId: t.personId, name: t.name, wrongCodes: 5, lockedAt: env.clock.now().toISOString() },
    ]);
  });

  it("a stale code (rotated away) is not a wrong guess; the lock is per session, not per class", async () => {
    const klass = await makeClass(env, {
      institution: inst,
      sessions: [{ startsAt: START }, { startsAt: new Date(START.getTime() + 4 * 3_600_000 + 60_000) }],
    });
    const t = await makeTrainee(env);
    await enroll(env, klass.id, t.personId);
    const [s1, s2] = klass.sessions as [MadeSession, MadeSession];
    // a phone that keeps sending a rotated code is told to rescan, and that costs no attempt
    for (let i = 0; i < 6; i++) {
      expect((await t.phone.post("/api/attendance/check-in", body(s1, { code: codeAgo(env, s1, 3) }))).json().error.code).toBe("attendance.code_stale");
    }
    const left = [];
    for (const code of wrongCodes(s1, 5)) left.push((await t.phone.post("/api/attendance/check-in", body(s1, { code }))).json().error.details.remainingAttempts);
    expect(left).toEqual([4, 3, 2, 1, 0]);
    expect((await t.phone.post("/api/attendance/check-in", body(s1))).json().error.code).toBe("attendance.checkin_locked");
    // the afternoon session opens 30 minutes before its start and is not locked
    env.clock.set(new Date(s2.startsAt.getTime() - 10 * 60_000));
    await q(sql`update sessions set last_seen_at = ${env.clock.now().toISOString()}::timestamptz`);
    expect((await t.phone.post("/api/attendance/check-in", body(s2))).statusCode).toBe(201);
    env.clock.set(new Date(START.getTime() + 5 * 60_000));
    await q(sql`update sessions set last_seen_at = ${env.clock.now().toISOString()}::timestamptz`);
  });

  it("parallel wrong guesses all count (the counter lives in the database)", async () => {
    const { s, t } = await classWithTrainee();
    const results = await Promise.all(wrongCodes(s, 5).map((code) => t.phone.post("/api/attendance/check-in", body(s, { code }))));
    expect(results.map((r) => r.json().error.code)).toEqual(Array(5).fill("attendance.code_invalid"));
    const right = await t.phone.post("/api/attendance/check-in", body(s));
    expect(right.json().error?.code).toBe("attendance.checkin_locked");
  });
});

describe("refusals outside the geofence are useful but coarse", () => {
  /** What an attacker learns from one refusal: the set of sites consistent with the answer. */
  function consistent(answer: { details?: Record<string, unknown>; message: string }, from: LatLng): (site: LatLng) => boolean {
    const d = answer.details ?? {};
    if (typeof d.distance === "number") return (site) => Math.abs(distanceMetres(site, from) - (d.distance as number)) <= 25;
    if (d.band === "near") return (site) => distanceMetres(site, from) < 1_000;
    if (d.band === "far") return (site) => distanceMetres(site, from) >= 1_000;
    return () => true;
  }

  it("names no exact distance or radius, and three refusals from known positions cannot locate the site within 200 m", async () => {
    const { s, t } = await classWithTrainee({ radius: 200 });
    const positions = [offset(600, 0), offset(-300, 700), offset(-400, -2_500)];
    const answers = [];
    for (const p of positions) {
      const r = await t.phone.post("/api/attendance/check-in", body(s, { ...p, accuracy: 5 }));
      expect([r.statusCode, r.json().error.code]).toEqual([422, "attendance.outside_geofence"]);
      const error = r.json().error;
      expect(error.details).not.toHaveProperty("distance");
      expect(error.details).not.toHaveProperty("radius");
      expect(JSON.stringify({ message: error.message, details: error.details })).not.toMatch(/\b(600|200)\b/);
      answers.push(error);
    }
    expect(answers.map((a) => a.details.band)).toEqual(["near", "near", "far"]);

    // every place within 3 km of the middle of the three positions that the answers allow
    const preds = answers.map((a, i) => consistent(a, positions[i]!));
    const candidates: LatLng[] = [];
    for (let n = -3_000; n <= 3_000; n += 25) {
      for (let e = -3_000; e <= 3_000; e += 25) {
        const c = offset(n, e);
        if (preds.every((p) => p(c))) candidates.push(c);
      }
    }
    expect(candidates.length).toBeGreaterThan(0);
    // no single guess is within 200 m of every candidate: the widest pair is more than 400 m apart
    let widest = 0;
    for (let i = 0; i < candidates.length; i += 7) {
      for (let j = i + 1; j < candidates.length; j += 7) widest = Math.max(widest, distanceMetres(candidates[i]!, candidates[j]!));
    }
    expect(widest).toBeGreaterThan(400);
  });
});

describe("every attempt keeps its evidence", () => {
  it("refused and accepted attempts are recorded with device, address, accuracy and position; the record is append-only", async () => {
    const { s, t } = await classWithTrainee();
    const headers = { "user-agent": "Mozilla/5.0 (Linux; Android 14) MicroMessenger" };
    const far = offset(3_000, 0);
    const refused = await t.phone.request({
      method: "POST",
      url: "/api/attendance/check-in",
      payload: body(s, { ...far, accuracy: 40, deviceId: "dev-7f3a9c21" }),
      headers,
    });
    expect(refused.statusCode).toBe(422);
    const [wrong] = wrongCodes(s, 1);
    await t.phone.request({ method: "POST", url: "/api/attendance/check-in", payload: body(s, { code: wrong, deviceId: "dev-7f3a9c21" }), headers });
    const near = offset(30, 0);
    const accepted = await t.phone.request({
      method: "POST",
      url: "/api/attendance/check-in",
      payload: body(s, { ...near, accuracy: 12, deviceId: "dev-7f3a9c21" }),
      headers,
    });
    expect(accepted.statusCode).toBe(201);
    const retry = await t.phone.request({ method: "POST", url: "/api/attendance/check-in", payload: body(s, { deviceId: "dev-other-1" }), headers });
    expect(retry.statusCode).toBe(200);

    const rows = await q(sql`
      select outcome, person_id, user_id, kind, lat, lng, accuracy, distance_m, user_agent, device_id, client_ip, checkin_id
      from attendance_checkin_evidence where session_id = ${s.id} order by at, outcome`);
    const common = { person_id: t.personId, user_id: t.userId, kind: "in", user_agent: headers["user-agent"], client_ip: "127.0.0.1" };
    expect(rows).toEqual([
      expect.objectContaining({ ...common, outcome: "accepted", lat: near.lat, lng: near.lng, accuracy: 12, distance_m: 30, device_id: "dev-7f3a9c21", checkin_id: accepted.json().checkin.id }),
      expect.objectContaining({ ...common, outcome: "code_invalid", device_id: "dev-7f3a9c21", checkin_id: null }),
      expect.objectContaining({ ...common, outcome: "duplicate", device_id: "dev-other-1", checkin_id: accepted.json().checkin.id }),
      expect.objectContaining({ ...common, outcome: "outside_geofence", lat: far.lat, lng: far.lng, accuracy: 40, distance_m: 3_000, device_id: "dev-7f3a9c21" }),
    ]);
    // the accepted attempt is kept once: as its check-in, not also as an attempt row
    expect(await q(sql`select outcome from attendance_checkin_attempts where session_id = ${s.id} order by outcome`)).toEqual([
      { outcome: "code_invalid" },
      { outcome: "duplicate" },
      { outcome: "outside_geofence" },
    ]);
    await expect(env.deps.db.execute(sql`update attendance_checkin_attempts set outcome = 'accepted'`)).rejects.toThrow();
    await expect(env.deps.db.execute(sql`delete from attendance_checkin_attempts`)).rejects.toThrow();
    await expect(env.deps.db.execute(sql`update attendance_checkins set device_id = 'dev-forged'`)).rejects.toThrow();
  });

  it("a trainee not on the roster leaves evidence too", async () => {
    const { s } = await classWithTrainee();
    const stranger = await makeTrainee(env);
    const r = await stranger.phone.post("/api/attendance/check-in", body(s));
    expect(r.json().error.code).toBe("attendance.not_enrolled");
    expect(await q(sql`select outcome, person_id from attendance_checkin_attempts where session_id = ${s.id}`)).toEqual([
      { outcome: "not_enrolled", person_id: stranger.personId },
    ]);
  });
});
