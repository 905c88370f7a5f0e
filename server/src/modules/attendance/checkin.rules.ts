import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Pure rules of real-name check-in: the rotating code on the teacher's screen, the geofence, the
 * session window and the attendance thresholds. No I/O; time and positions are passed in.
 */

export const CODE_PERIOD_SECONDS = 30;
export const CODE_DIGITS = 6;

/** Index of the 30-second period containing `at`. */
export function codePeriod(at: Date): number {
  return Math.floor(at.getTime() / 1000 / CODE_PERIOD_SECONDS);
}

/** The code for one period: HMAC-SHA-256 of the period under the session's secret, as 6 digits (like TOTP). */
export function codeForPeriod(secret: Buffer, period: number): string {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(period));
  const mac = createHmac("sha256", secret).update(msg).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const bin = (mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** CODE_DIGITS;
  return String(bin).padStart(CODE_DIGITS, "0");
}

export function currentCode(secret: Buffer, at: Date): { code: string; validUntil: Date } {
  const p = codePeriod(at);
  return { code: codeForPeriod(secret, p), validUntil: new Date((p + 1) * CODE_PERIOD_SECONDS * 1000) };
}

/**
 * Accepts the current code and the one just before it (a trainee who reads the code at :29 and
 * submits at :31 is not turned away); anything older is stale.
 */
export function verifyCode(secret: Buffer, code: string, at: Date): boolean {
  if (!/^\d{6}$/.test(code)) return false;
  const p = codePeriod(at);
  let ok = false;
  for (const period of [p, p - 1]) {
    // compare every candidate in constant time; no early return
    if (timingSafeEqual(Buffer.from(codeForPeriod(secret, period)), Buffer.from(code))) ok = true;
  }
  return ok;
}

/** How far back a rotated code is recognised as "stale" (not "invalid"): 10 minutes. */
export const STALE_LOOKBACK_PERIODS = 20;

/**
 * Like verifyCode, but tells a code that has rotated away ("stale": it was this session's code
 * within the last 10 minutes) from one that never was ("invalid"), so the phone can say "scan
 * again" instead of "wrong code". Only a refused code pays for the extra HMACs.
 */
export function checkCode(secret: Buffer, code: string, at: Date): "ok" | "stale" | "invalid" {
  if (verifyCode(secret, code, at)) return "ok";
  if (!/^\d{6}$/.test(code)) return "invalid";
  const p = codePeriod(at);
  for (let period = p - 2; period >= p - STALE_LOOKBACK_PERIODS; period--) {
    if (codeForPeriod(secret, period) === code) return "stale";
  }
  return "invalid";
}

/**
 * Wrong codes a trainee may send for one session before that session's check-in is locked. With
 * two valid codes out of 10^6 at any moment, five guesses succeed with odds of 1 in 100,000; a
 * locked check-in is flagged in the class summary and only a correction by a second person
 * records presence.
 */
export const WRONG_CODE_LIMIT = 5;

/** Wrong codes left after `wrongSoFar` of them (never negative). */
export function remainingCodeAttempts(wrongSoFar: number): number {
  return Math.max(0, WRONG_CODE_LIMIT - wrongSoFar);
}

export interface LatLng {
  lat: number;
  lng: number;
}

const EARTH_RADIUS_M = 6_371_008.8;

/** Great-circle distance in metres (haversine). */
export function distanceMetres(a: LatLng, b: LatLng): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Inside the geofence when the reported position, allowing for its stated accuracy (capped at
 * `maxAccuracyCredit` so a wildly vague fix cannot stretch the fence), is within `radius` metres.
 */
export function withinGeofence(
  site: LatLng,
  radiusMetres: number,
  pos: LatLng & { accuracy?: number | null },
  maxAccuracyCredit = 100,
): { inside: boolean; distance: number } {
  const distance = distanceMetres(site, pos);
  const credit = Math.min(Math.max(pos.accuracy ?? 0, 0), maxAccuracyCredit);
  return { inside: distance - credit <= radiusMetres, distance: Math.round(distance) };
}

/** Where a refused phone is, coarsely: a few hundred metres away, or a kilometre and more. */
export type DistanceBand = "near" | "far";
export const FAR_BAND_METRES = 1_000;

/**
 * The only thing a refusal outside the geofence tells: "near" (under 1 km) or "far". Exact
 * distance and radius would locate the site from three refusals (trilateration); a 1 km band
 * leaves an area several hundred metres wide, and every refused position is kept as evidence.
 */
export function distanceBand(distanceMetres: number): DistanceBand {
  return distanceMetres < FAR_BAND_METRES ? "near" : "far";
}

export interface SessionWindow {
  startsAt: Date;
  endsAt: Date;
}

/** Check-in is open from `openBeforeMin` before the start until the session ends. */
export function checkInOpen(s: SessionWindow, at: Date, openBeforeMin = 30): "early" | "open" | "closed" {
  if (at.getTime() < s.startsAt.getTime() - openBeforeMin * 60_000) return "early";
  if (at.getTime() > s.endsAt.getTime()) return "closed";
  return "open";
}

/** Check-out is open from `openBeforeEndMin` before the end until `graceAfterMin` after it. */
export function checkOutOpen(s: SessionWindow, at: Date, openBeforeEndMin = 30, graceAfterMin = 60): "early" | "open" | "closed" {
  if (at.getTime() < s.endsAt.getTime() - openBeforeEndMin * 60_000) return "early";
  if (at.getTime() > s.endsAt.getTime() + graceAfterMin * 60_000) return "closed";
  return "open";
}

/** DOMAIN.md §2 step 4: a trainee under 80% gets no subsidy; a class day under 80% fails. */
export const ATTENDANCE_THRESHOLD_PERCENT = 80;

export interface SessionHours {
  sessionId: string;
  date: string;
  /** planned class hours of the session (学时), in minutes to stay integral */
  minutes: number;
}

/**
 * A trainee's attendance rate over planned minutes, as a whole percent rounded down (79.9% is
 * not 80%). `attended` holds the session ids the trainee counts as present for.
 */
export function traineeRate(sessions: SessionHours[], attended: ReadonlySet<string>): { percent: number; eligible: boolean } {
  const total = sessions.reduce((s, x) => s + x.minutes, 0);
  if (total === 0) return { percent: 0, eligible: false };
  const present = sessions.reduce((s, x) => s + (attended.has(x.sessionId) ? x.minutes : 0), 0);
  const percent = Math.floor((present * 100) / total);
  return { percent, eligible: percent >= ATTENDANCE_THRESHOLD_PERCENT };
}

/** A class day's rate: trainees present that day over the roster, rounded down; under 80% is flagged. */
export function dayRate(rosterSize: number, presentCount: number): { percent: number; flagged: boolean } {
  if (rosterSize === 0) return { percent: 0, flagged: true };
  const percent = Math.floor((presentCount * 100) / rosterSize);
  return { percent, flagged: percent < ATTENDANCE_THRESHOLD_PERCENT };
}

export type AttendanceSource = "checkin" | "manual";

/**
 * Whether a trainee counts as present for one session. An approved manual correction (the
 * latest one) decides outright; otherwise a check-in counts, and a check-out too when the
 * session requires one. `source` is null when nothing was recorded.
 */
export function sessionPresence(o: {
  checkedIn: boolean;
  checkedOut: boolean;
  requireCheckOut: boolean;
  manual: "present" | "absent" | null;
}): { present: boolean; source: AttendanceSource | null } {
  if (o.manual) return { present: o.manual === "present", source: "manual" };
  if (!o.checkedIn) return { present: false, source: null };
  return { present: !o.requireCheckOut || o.checkedOut, source: "checkin" };
}
