import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { CheckInBody, CheckInResult } from "../../../../shared/src/contracts/attendance.ts";
import type { Ctx, Deps } from "../../platform/context.ts";
import type { Db } from "../../platform/db/db.ts";
import { queryPrepared } from "../../platform/db/prepared.ts";
import { AppError } from "../../platform/http/errors.ts";
import { ACTIVE_CLASS_STATUSES } from "./attendance.policy.ts";
import { type AttemptOutcome, attemptOutcomes } from "./attendance.table.ts";
import {
  checkCode,
  checkInOpen,
  checkOutOpen,
  distanceBand,
  distanceMetres,
  remainingCodeAttempts,
  WRONG_CODE_LIMIT,
  withinGeofence,
} from "./checkin.rules.ts";

/**
 * The hottest path of the system. Per request: the session look-up of the access hook (one
 * query, users module), then — on the happy path — ONE guarded INSERT … SELECT … ON CONFLICT DO
 * NOTHING: the session's facts (window, secret, geofence, statuses) come from a 5-second
 * in-process cache, and the INSERT's WHERE re-proves everything that could have changed (trainee
 * enrolled, class approved/in progress, session planned, check-in before check-out). No
 * transaction is needed: the INSERT is atomic, and the unique index (session, person, kind)
 * makes a retried or concurrent check-in land once. A refusal or a retry pays one more read
 * (one joined SELECT) to answer with its exact reason or the original record. No password
 * hashing and no audit-chain entry (its advisory lock would serialize every check-in): the
 * check-in row itself is the append-only record (a trigger refuses UPDATE/DELETE/TRUNCATE).
 * The hot queries run as named prepared statements on PostgreSQL (platform/db/prepared.ts).
 *
 * Every attempt on a known session also leaves append-only evidence (position, stated accuracy,
 * device, client address, outcome): an accepted one is its check-in row, a refused or repeated
 * one costs one more INSERT into attendance_checkin_attempts (the view attendance_checkin_evidence
 * lists both). The refused rows are the wrong-code counter too: after WRONG_CODE_LIMIT
 * `code_invalid` rows for a trainee and session, the guarded INSERT writes nothing and the exact
 * path answers attendance.checkin_locked, whatever the code. Because the count is read from
 * committed rows, parallel wrong guesses all count and every process sees them; a guess racing
 * the fifth wrong one can still be judged before that one commits, so the number of codes
 * judged is bounded by the limit plus the requests in flight at that moment (the pool size),
 * never more.
 */

interface Facts {
  session_id: string;
  class_id: string;
  starts_at: Date;
  ends_at: Date;
  code_secret: string;
  require_check_out: boolean;
  session_status: string;
  class_status: string;
  site_lat: number;
  site_lng: number;
  radius: number;
  /** the caller's person, enrolled or not (for the evidence row) */
  own_person_id: string | null;
  /** the caller's person when enrolled in the session's class */
  person_id: string | null;
  /** wrong codes this trainee already sent for this session */
  wrong_codes: number;
  prev_id: string | null;
  prev_at: Date | null;
  prev_distance: number | null;
  checked_in: boolean;
}

interface Row {
  id: string;
  at: Date;
  distance_m: number;
}

const asDate = (v: Date | string): Date => (v instanceof Date ? v : new Date(v));

async function loadFacts(db: Db, userId: string, sessionId: string, kind: "in" | "out"): Promise<Facts | undefined> {
  const r = await queryPrepared<Facts>(db, "attendance_checkin_facts", sql`
    select s.id as session_id, s.class_id, s.starts_at, s.ends_at, s.code_secret, s.require_check_out, s.status as session_status,
      c.status as class_status, c.lat as site_lat, c.lng as site_lng, c.geofence_radius_m as radius,
      me.id as own_person_id, e.person_id, a.id as prev_id, a.at as prev_at, a.distance_m as prev_distance,
      (select count(*) from attendance_checkin_attempts w
        where w.session_id = s.id and w.person_id = e.person_id and w.outcome = 'code_invalid')::int as wrong_codes,
      (${kind} = 'out' and exists (select 1 from attendance_checkins i where i.session_id = s.id and i.person_id = e.person_id and i.kind = 'in')) as checked_in
    from class_sessions s
    join classes c on c.id = s.class_id
    left join persons me on me.user_id = ${userId}::uuid
    left join lateral (
      select e.person_id from class_enrollments e where e.person_id = me.id and e.class_id = s.class_id and e.status = 'enrolled' limit 1
    ) e on true
    left join attendance_checkins a on a.session_id = s.id and a.person_id = e.person_id and a.kind = ${kind}
    where s.id = ${sessionId}::uuid`);
  return r[0];
}

function view(sessionId: string, kind: "in" | "out", r: Row, duplicate: boolean): CheckInResult {
  return { checkin: { id: r.id, sessionId, kind, at: asDate(r.at).toISOString(), distance: r.distance_m, source: "checkin" }, duplicate };
}

/** The checks in the order the phone should hear about them; returns the distance when all pass. */
function evaluate(f: Facts | undefined, input: CheckInBody, at: Date): number {
  if (!f) throw new AppError("attendance.session_not_found", "没有这个课次");
  // a trainee who is not on the roster learns nothing more about the session
  if (!f.person_id) throw new AppError("attendance.not_enrolled", "您不在本班学员名单中");
  // locked before anything else is judged: after the limit even the right code is refused
  if (f.wrong_codes >= WRONG_CODE_LIMIT) {
    throw new AppError("attendance.checkin_locked", "签到码错误次数过多，本课次签到已锁定，请联系老师核实补正");
  }
  if (f.session_status === "cancelled") throw new AppError("attendance.session_cancelled", "本课次已取消");
  if (!(ACTIVE_CLASS_STATUSES as readonly string[]).includes(f.class_status)) {
    throw new AppError("attendance.class_not_active", "本班当前不在培训期间", { status: f.class_status });
  }
  const w = { startsAt: asDate(f.starts_at), endsAt: asDate(f.ends_at) };
  if (input.kind === "out" && !f.require_check_out) throw new AppError("attendance.check_out_not_required", "本课次无需签退");
  const open = input.kind === "in" ? checkInOpen(w, at) : checkOutOpen(w, at);
  if (open === "early") {
    const opensAt = input.kind === "in" ? w.startsAt.getTime() - 30 * 60_000 : w.endsAt.getTime() - 30 * 60_000;
    throw new AppError("attendance.window_not_open", input.kind === "in" ? "尚未到签到时间" : "尚未到签退时间", { opensAt: new Date(opensAt).toISOString() });
  }
  if (open === "closed") {
    const closedAt = input.kind === "in" ? w.endsAt.getTime() : w.endsAt.getTime() + 60 * 60_000;
    throw new AppError("attendance.window_closed", input.kind === "in" ? "签到时间已过" : "签退时间已过", { closedAt: new Date(closedAt).toISOString() });
  }
  if (input.kind === "out" && !f.checked_in) throw new AppError("attendance.not_checked_in", "请先签到");
  const code = checkCode(Buffer.from(f.code_secret, "hex"), input.code, at);
  if (code === "stale") throw new AppError("attendance.code_stale", "签到码已更新，请重新扫码");
  // this wrong code is about to be recorded, so it already counts
  if (code === "invalid") throw new AppError("attendance.code_invalid", "签到码不正确", { remainingAttempts: remainingCodeAttempts(f.wrong_codes + 1) });
  const fence = withinGeofence({ lat: f.site_lat, lng: f.site_lng }, f.radius, { lat: input.lat, lng: input.lng, accuracy: input.accuracy ?? null });
  // coarse on purpose: an exact distance (or the radius) would locate the site in three refusals
  if (!fence.inside) throw new AppError("attendance.outside_geofence", "您不在培训地点范围内", { band: distanceBand(fence.distance) });
  return fence.distance;
}

/** What every check-in of a session needs and no trainee can change: cached a few seconds. */
interface SessionFacts {
  classId: string;
  startsAt: Date;
  endsAt: Date;
  secret: Buffer;
  requireCheckOut: boolean;
  sessionStatus: string;
  classStatus: string;
  site: { lat: number; lng: number };
  radius: number;
}

/**
 * In-process cache of session facts (window, secret, geofence, statuses) for `ttlMs` (5 s). Safe:
 * the secret never changes; a rescheduled window or moved geofence is seen within seconds; and
 * the statuses that matter (session planned, class active, trainee enrolled) are re-proved by the
 * INSERT's own WHERE, so a stale entry can never let a refused check-in through. It saves one
 * read per check-in (the benchmark in docs/benchmarks.md measured it).
 */
export class SessionFactsCache {
  private readonly map = new Map<string, { at: number; facts: SessionFacts }>();
  constructor(private readonly ttlMs = 5_000, private readonly max = 20_000) {}
  async get(db: Db, sessionId: string): Promise<SessionFacts | undefined> {
    const now = performance.now();
    const hit = this.map.get(sessionId);
    if (hit && now - hit.at < this.ttlMs) return hit.facts;
    const [r] = await queryPrepared<Omit<Facts, "own_person_id" | "person_id" | "wrong_codes" | "prev_id" | "prev_at" | "prev_distance" | "checked_in">>(
      db,
      "attendance_session_facts",
      sql`
        select s.class_id, s.starts_at, s.ends_at, s.code_secret, s.require_check_out, s.status as session_status,
          c.status as class_status, c.lat as site_lat, c.lng as site_lng, c.geofence_radius_m as radius
        from class_sessions s join classes c on c.id = s.class_id where s.id = ${sessionId}::uuid`,
    );
    if (!r) return undefined;
    const facts: SessionFacts = {
      classId: r.class_id,
      startsAt: asDate(r.starts_at),
      endsAt: asDate(r.ends_at),
      secret: Buffer.from(r.code_secret, "hex"),
      requireCheckOut: r.require_check_out,
      sessionStatus: r.session_status,
      classStatus: r.class_status,
      site: { lat: r.site_lat, lng: r.site_lng },
      radius: r.radius,
    };
    if (this.map.size >= this.max) this.map.clear();
    this.map.set(sessionId, { at: now, facts });
    return facts;
  }
}

/** The cached checks only; any refusal sends the request down the exact (uncached) path. */
function passesCached(f: SessionFacts, input: CheckInBody, at: Date): number | null {
  if (f.sessionStatus !== "planned" || !(ACTIVE_CLASS_STATUSES as readonly string[]).includes(f.classStatus)) return null;
  if (input.kind === "out" && !f.requireCheckOut) return null;
  if ((input.kind === "in" ? checkInOpen(f, at) : checkOutOpen(f, at)) !== "open") return null;
  if (checkCode(f.secret, input.code, at) !== "ok") return null;
  const fence = withinGeofence(f.site, f.radius, { lat: input.lat, lng: input.lng, accuracy: input.accuracy ?? null });
  return fence.inside ? fence.distance : null;
}

/** Who sent an attempt and from what: kept with every attempt as evidence. */
interface Evidence {
  userId: string;
  userAgent: string | null;
  deviceId: string | null;
  clientIp: string | null;
}

/**
 * A trainee checks in (or out) with the code on the teacher's screen.
 * Once per trainee, session and kind: a retry answers the original record with duplicate: true.
 * Happy path: one guarded INSERT whose row is also the attempt's evidence (session facts come
 * from a 5-second cache); a refused or repeated check-in pays one more read to answer with its
 * exact reason and one more INSERT for its evidence row. After WRONG_CODE_LIMIT (5) wrong codes
 * for the session, the trainee's check-in of that session is locked.
 * @throws attendance.session_not_found, attendance.not_enrolled, attendance.checkin_locked,
 *   attendance.session_cancelled, attendance.class_not_active, attendance.check_out_not_required,
 *   attendance.window_not_open, attendance.window_closed, attendance.not_checked_in,
 *   attendance.code_stale, attendance.code_invalid (details.remainingAttempts),
 *   attendance.outside_geofence (details.band: "near" under 1 km, or "far")
 */
export async function checkIn(
  deps: Deps,
  ctx: Ctx,
  input: CheckInBody,
  userAgent: string | null,
  cache = new SessionFactsCache(0),
): Promise<CheckInResult> {
  const userId = ctx.actor.userId;
  if (!userId) throw new AppError("auth.required");
  const { db } = deps;
  const at = deps.clock.now();
  const evidence: Evidence = { userId, userAgent, deviceId: input.deviceId ?? null, clientIp: ctx.clientIp };
  const cached = await cache.get(db, input.sessionId);
  let distance = cached ? passesCached(cached, input, at) : null;
  let facts: Facts | undefined;
  try {
    for (let attempt = 0; attempt < 2; attempt++) {
      if (distance !== null) {
        const row = await insertCheckin(db, evidence, input, at, distance);
        if (row) return view(input.sessionId, input.kind, row, false);
      }
      // refused by the cached checks, or the INSERT wrote nothing (a retry, a concurrent duplicate,
      // not on the roster, locked, …): read everything about this trainee and session and answer exactly
      facts = await loadFacts(db, userId, input.sessionId, input.kind);
      if (facts?.person_id && facts.prev_id) {
        await insertAttempt(db, evidence, input, at, facts, "duplicate", facts.prev_id);
        return view(input.sessionId, input.kind, { id: facts.prev_id, at: facts.prev_at!, distance_m: facts.prev_distance! }, true);
      }
      const exact = evaluate(facts, input, at);
      if (distance !== null) break; // the guarded INSERT refused what the read allows: the roster changed in between
      distance = exact; // the cache was out of date and the exact read says yes: write once more
    }
    throw new AppError("attendance.not_enrolled", "您不在本班学员名单中");
  } catch (e) {
    // an unknown session has nothing to attach evidence to; every other refusal is kept
    const outcome = e instanceof AppError ? refusalOutcome(e.code) : null;
    if (facts && outcome) await insertAttempt(db, evidence, input, at, facts, outcome, null);
    throw e;
  }
}

function refusalOutcome(code: string): AttemptOutcome | null {
  const reason = code.startsWith("attendance.") ? code.slice("attendance.".length) : "";
  return (attemptOutcomes as readonly string[]).includes(reason) ? (reason as AttemptOutcome) : null;
}

/** The evidence row of a refused or repeated attempt (an accepted one's evidence is its check-in row). */
async function insertAttempt(db: Db, ev: Evidence, input: CheckInBody, at: Date, f: Facts, outcome: AttemptOutcome, checkinId: string | null): Promise<void> {
  const distance = Math.round(distanceMetres({ lat: f.site_lat, lng: f.site_lng }, input));
  await queryPrepared(db, "attendance_attempt_insert", sql`
    insert into attendance_checkin_attempts
      (id, session_id, class_id, person_id, user_id, kind, at, outcome, checkin_id, lat, lng, accuracy, distance_m, user_agent, device_id, client_ip)
    values (${randomUUID()}::uuid, ${f.session_id}::uuid, ${f.class_id}::uuid, ${f.own_person_id}::uuid, ${ev.userId}::uuid, ${input.kind},
      ${at.toISOString()}::timestamptz, ${outcome}, ${checkinId}::uuid, ${input.lat}::float8, ${input.lng}::float8, ${input.accuracy ?? null}::float8,
      ${distance}::int, ${ev.userAgent}, ${ev.deviceId}, ${ev.clientIp})`);
}

/**
 * The one statement of an accepted check-in: the guarded INSERT (enrolled, class active, session
 * planned, checked in before checking out, fewer than WRONG_CODE_LIMIT wrong codes). The row is
 * also the accepted attempt's evidence (device id included): it is not written twice.
 */
async function insertCheckin(db: Db, ev: Evidence, input: CheckInBody, at: Date, distance: number): Promise<Row | undefined> {
  const r = await queryPrepared<Row>(db, "attendance_checkin_insert", sql`
    insert into attendance_checkins (id, session_id, class_id, person_id, kind, at, lat, lng, accuracy, distance_m, user_id, user_agent, device_id, client_ip)
    select ${randomUUID()}::uuid, s.id, s.class_id, e.person_id, ${input.kind}, ${at.toISOString()}::timestamptz, ${input.lat}::float8, ${input.lng}::float8,
      ${input.accuracy ?? null}::float8, ${distance}::int, ${ev.userId}::uuid, ${ev.userAgent}, ${ev.deviceId}, ${ev.clientIp}
    from class_sessions s
    join classes c on c.id = s.class_id and c.status in ('approved', 'in_progress')
    join persons p on p.user_id = ${ev.userId}::uuid
    join class_enrollments e on e.class_id = s.class_id and e.person_id = p.id and e.status = 'enrolled'
    where s.id = ${input.sessionId}::uuid and s.status = 'planned'
      and (${input.kind} = 'in' or exists (select 1 from attendance_checkins i where i.session_id = s.id and i.person_id = e.person_id and i.kind = 'in'))
      and (select count(*) from attendance_checkin_attempts w
        where w.session_id = s.id and w.person_id = e.person_id and w.outcome = 'code_invalid') < ${WRONG_CODE_LIMIT}::int
    on conflict (session_id, person_id, kind) do nothing
    returning id, at, distance_m`);
  return r[0];
}
