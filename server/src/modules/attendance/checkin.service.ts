import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { CheckInBody, CheckInResult } from "../../../../shared/src/contracts/attendance.ts";
import type { Ctx, Deps } from "../../platform/context.ts";
import type { Db } from "../../platform/db/db.ts";
import { AppError } from "../../platform/http/errors.ts";
import { ACTIVE_CLASS_STATUSES } from "./attendance.policy.ts";
import { checkCode, checkInOpen, checkOutOpen, withinGeofence } from "./checkin.rules.ts";

/**
 * The hottest path of the system. Per request: the session lookup of the access hook, then ONE
 * read (session + class + the caller's enrollment + an earlier check-in, one joined SELECT) and
 * ONE write (a guarded INSERT … ON CONFLICT DO NOTHING). No transaction is needed: the INSERT is
 * atomic and re-proves enrollment and class/session status in its own WHERE, and the unique
 * index (session, person, kind) makes a retried or concurrent check-in land once. No password
 * hashing and no audit-chain entry (its advisory lock would serialize every check-in): the
 * check-in row itself is the append-only record (a trigger refuses UPDATE/DELETE).
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
  person_id: string | null;
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

const rowsOf = <T>(r: unknown): T[] => (r as { rows: T[] }).rows;
const asDate = (v: Date | string): Date => (v instanceof Date ? v : new Date(v));

async function loadFacts(db: Db, userId: string, sessionId: string, kind: "in" | "out"): Promise<Facts | undefined> {
  const r = await db.execute(sql`
    select s.id as session_id, s.class_id, s.starts_at, s.ends_at, s.code_secret, s.require_check_out, s.status as session_status,
      c.status as class_status, c.lat as site_lat, c.lng as site_lng, c.geofence_radius_m as radius,
      e.person_id, a.id as prev_id, a.at as prev_at, a.distance_m as prev_distance,
      (${kind} = 'out' and exists (select 1 from attendance_checkins i where i.session_id = s.id and i.person_id = e.person_id and i.kind = 'in')) as checked_in
    from class_sessions s
    join classes c on c.id = s.class_id
    left join lateral (
      select e.person_id from persons p join class_enrollments e on e.person_id = p.id and e.class_id = s.class_id and e.status = 'enrolled'
      where p.user_id = ${userId}::uuid
    ) e on true
    left join attendance_checkins a on a.session_id = s.id and a.person_id = e.person_id and a.kind = ${kind}
    where s.id = ${sessionId}::uuid`);
  return rowsOf<Facts>(r)[0];
}

function view(sessionId: string, kind: "in" | "out", r: Row, duplicate: boolean): CheckInResult {
  return { checkin: { id: r.id, sessionId, kind, at: asDate(r.at).toISOString(), distance: r.distance_m, source: "checkin" }, duplicate };
}

/** The checks in the order the phone should hear about them; returns the distance when all pass. */
function evaluate(f: Facts | undefined, input: CheckInBody, at: Date): number {
  if (!f) throw new AppError("attendance.session_not_found", "没有这个课次");
  // a trainee who is not on the roster learns nothing more about the session
  if (!f.person_id) throw new AppError("attendance.not_enrolled", "您不在本班学员名单中");
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
  if (code === "invalid") throw new AppError("attendance.code_invalid", "签到码不正确");
  const fence = withinGeofence({ lat: f.site_lat, lng: f.site_lng }, f.radius, { lat: input.lat, lng: input.lng, accuracy: input.accuracy ?? null });
  if (!fence.inside) throw new AppError("attendance.outside_geofence", "您不在培训地点范围内", { distance: fence.distance, radius: f.radius });
  return fence.distance;
}

/**
 * A trainee checks in (or out) with the code on the teacher's screen.
 * Once per trainee, session and kind: a retry answers the original record with duplicate: true.
 * @throws attendance.session_not_found, attendance.not_enrolled, attendance.session_cancelled,
 *   attendance.class_not_active, attendance.check_out_not_required, attendance.window_not_open,
 *   attendance.window_closed, attendance.not_checked_in, attendance.code_stale,
 *   attendance.code_invalid, attendance.outside_geofence (details.distance, details.radius in metres)
 */
export async function checkIn(deps: Deps, ctx: Ctx, input: CheckInBody, userAgent: string | null): Promise<CheckInResult> {
  const userId = ctx.actor.userId;
  if (!userId) throw new AppError("auth.required");
  const { db } = deps;
  const at = deps.clock.now();
  const facts = await loadFacts(db, userId, input.sessionId, input.kind);
  if (facts?.person_id && facts.prev_id) {
    return view(input.sessionId, input.kind, { id: facts.prev_id, at: facts.prev_at!, distance_m: facts.prev_distance! }, true);
  }
  const distance = evaluate(facts, input, at);
  const f = facts!;
  const inserted = rowsOf<Row>(
    await db.execute(sql`
      insert into attendance_checkins (id, session_id, class_id, person_id, kind, at, lat, lng, accuracy, distance_m, user_id, user_agent, client_ip)
      select ${randomUUID()}::uuid, s.id, s.class_id, e.person_id, ${input.kind}, ${at.toISOString()}::timestamptz, ${input.lat}::float8, ${input.lng}::float8,
        ${input.accuracy ?? null}::float8, ${distance}::int, ${userId}::uuid, ${userAgent}, ${ctx.clientIp}
      from class_sessions s
      join classes c on c.id = s.class_id and c.status in ('approved', 'in_progress')
      join class_enrollments e on e.class_id = s.class_id and e.person_id = ${f.person_id}::uuid and e.status = 'enrolled'
      where s.id = ${f.session_id}::uuid and s.status = 'planned'
      on conflict (session_id, person_id, kind) do nothing
      returning id, at, distance_m`),
  );
  if (inserted[0]) return view(input.sessionId, input.kind, inserted[0], false);
  // lost a race: a concurrent retry inserted first (duplicate), or the roster/class/session
  // changed since the read — read again and answer with the specific reason
  const again = await loadFacts(db, userId, input.sessionId, input.kind);
  if (again?.person_id && again.prev_id) {
    return view(input.sessionId, input.kind, { id: again.prev_id, at: again.prev_at!, distance_m: again.prev_distance! }, true);
  }
  evaluate(again, input, at);
  throw new AppError("attendance.not_enrolled", "您不在本班学员名单中");
}
