import { describe, expect, it } from "vitest";
import {
  checkCode,
  checkInOpen,
  codeForPeriod,
  codePeriod,
  currentCode,
  dayRate,
  distanceBand,
  distanceMetres,
  STALE_LOOKBACK_PERIODS,
  remainingCodeAttempts,
  sessionPresence,
  traineeRate,
  verifyCode,
  WRONG_CODE_LIMIT,
  withinGeofence,
} from "./checkin.rules.ts";

const secret = Buffer.from("0123456789abcdef0123456789abcdef");

describe("rotating check-in code", () => {
  it("changes every 30 seconds and is 6 digits", () => {
    const t0 = new Date("2026-03-02T01:00:00Z");
    const a = currentCode(secret, t0);
    const b = currentCode(secret, new Date(t0.getTime() + 29_000));
    const c = currentCode(secret, new Date(t0.getTime() + 30_000));
    expect(a.code).toMatch(/^\d{6}$/);
    expect(b.code).toBe(a.code);
    expect(c.code).not.toBe(a.code);
    expect(a.validUntil.toISOString()).toBe("2026-03-02T01:00:30.000Z");
  });

  it("accepts the current and the previous code, refuses older ones and other sessions' codes", () => {
    const t = new Date("2026-03-02T01:00:10Z");
    const p = codePeriod(t);
    expect(verifyCode(secret, codeForPeriod(secret, p), t)).toBe(true);
    expect(verifyCode(secret, codeForPeriod(secret, p - 1), t)).toBe(true);
    expect(verifyCode(secret, codeForPeriod(secret, p - 2), t)).toBe(false);
    expect(verifyCode(Buffer.from("another-session-secret-000000000"), codeForPeriod(secret, p), t)).toBe(false);
    expect(verifyCode(secret, "12345", t)).toBe(false);
  });
});

describe("geofence", () => {
  const site = { lat: 43.8868, lng: 125.3245 }; // 长春 city centre
  it("measures distance like a map does", () => {
    // 0.01° of latitude ≈ 1.11 km
    expect(Math.round(distanceMetres(site, { lat: site.lat + 0.01, lng: site.lng }))).toBeGreaterThan(1100);
    expect(Math.round(distanceMetres(site, { lat: site.lat + 0.01, lng: site.lng }))).toBeLessThan(1125);
  });
  it("accepts inside the radius, refuses outside, credits accuracy only up to a cap", () => {
    expect(withinGeofence(site, 300, { lat: site.lat + 0.002, lng: site.lng }).inside).toBe(true); // ≈222 m
    expect(withinGeofence(site, 300, { lat: site.lat + 0.004, lng: site.lng }).inside).toBe(false); // ≈445 m
    expect(withinGeofence(site, 300, { lat: site.lat + 0.0035, lng: site.lng, accuracy: 100 }).inside).toBe(true); // ≈389 m − 100 m credit
    expect(withinGeofence(site, 300, { lat: site.lat + 0.01, lng: site.lng, accuracy: 5000 }).inside).toBe(false);
  });
});

describe("windows and rates", () => {
  const s = { startsAt: new Date("2026-03-02T00:30:00Z"), endsAt: new Date("2026-03-02T03:30:00Z") };
  it("check-in opens 30 minutes before the start and closes at the end", () => {
    expect(checkInOpen(s, new Date("2026-03-01T23:59:00Z"))).toBe("early");
    expect(checkInOpen(s, new Date("2026-03-02T00:00:00Z"))).toBe("open");
    expect(checkInOpen(s, new Date("2026-03-02T03:31:00Z"))).toBe("closed");
  });
  it("80% is eligible, 79.9% is not; a day under 80% is flagged", () => {
    const sessions = Array.from({ length: 10 }, (_, i) => ({ sessionId: `s${i}`, date: "2026-03-02", minutes: 240 }));
    expect(traineeRate(sessions, new Set(["s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7"]))).toEqual({ percent: 80, eligible: true });
    expect(traineeRate(sessions, new Set(["s0", "s1", "s2", "s3", "s4", "s5", "s6"]))).toEqual({ percent: 70, eligible: false });
    const uneven = [
      { sessionId: "a", date: "d", minutes: 799 },
      { sessionId: "b", date: "d", minutes: 201 },
    ];
    expect(traineeRate(uneven, new Set(["a"]))).toEqual({ percent: 79, eligible: false });
    expect(dayRate(50, 40)).toEqual({ percent: 80, flagged: false });
    expect(dayRate(50, 39)).toEqual({ percent: 78, flagged: true });
  });
});

describe("stale or invalid code, and presence", () => {
  const secret = Buffer.alloc(32, 7);
  const at = new Date("2026-03-02T01:00:10Z");
  const p = codePeriod(at);
  it("tells a rotated code (stale) from one that never was (invalid)", () => {
    expect(checkCode(secret, codeForPeriod(secret, p), at)).toBe("ok");
    expect(checkCode(secret, codeForPeriod(secret, p - 1), at)).toBe("ok");
    expect(checkCode(secret, codeForPeriod(secret, p - 2), at)).toBe("stale");
    expect(checkCode(secret, codeForPeriod(secret, p - STALE_LOOKBACK_PERIODS), at)).toBe("stale");
    const ancient = codeForPeriod(secret, p - STALE_LOOKBACK_PERIODS - 1);
    const recent = new Set(Array.from({ length: STALE_LOOKBACK_PERIODS + 1 }, (_, i) => codeForPeriod(secret, p - i)));
    if (!recent.has(ancient)) expect(checkCode(secret, ancient, at)).toBe("invalid");
    expect(checkCode(secret, codeForPeriod(secret, p + 1), at)).not.toBe("ok");
    expect(checkCode(secret, "12345", at)).toBe("invalid");
    expect(checkCode(Buffer.alloc(32, 8), codeForPeriod(secret, p), at)).not.toBe("ok");
  });
  it("counts check-in (and check-out when required); an approved manual mark decides", () => {
    const base = { checkedIn: true, checkedOut: false, requireCheckOut: false, manual: null };
    expect(sessionPresence(base)).toEqual({ present: true, source: "checkin" });
    expect(sessionPresence({ ...base, requireCheckOut: true })).toEqual({ present: false, source: "checkin" });
    expect(sessionPresence({ ...base, requireCheckOut: true, checkedOut: true })).toEqual({ present: true, source: "checkin" });
    expect(sessionPresence({ ...base, checkedIn: false })).toEqual({ present: false, source: null });
    expect(sessionPresence({ ...base, checkedIn: false, manual: "present" })).toEqual({ present: true, source: "manual" });
    expect(sessionPresence({ ...base, manual: "absent" })).toEqual({ present: false, source: "manual" });
  });
});

describe("what a refusal may tell", () => {
  it("a wrong code leaves WRONG_CODE_LIMIT − n attempts, never fewer than none", () => {
    expect(WRONG_CODE_LIMIT).toBe(5);
    expect([0, 1, 4, 5, 9].map(remainingCodeAttempts)).toEqual([5, 4, 1, 0, 0]);
  });
  it("outside the geofence only says near (under 1 km) or far", () => {
    expect([0, 250, 999, 1000, 42_000].map(distanceBand)).toEqual(["near", "near", "near", "far", "far"]);
  });
});
