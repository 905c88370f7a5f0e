import { describe, expect, it } from "vitest";
import { checkInOpen } from "./checkin.rules.ts";
import { CHECKIN_OPENS_BEFORE_MIN, classProgress, codeWindow, computeRates, type RateSession } from "./attendance.rates.ts";

const at = (iso: string) => new Date(iso);
/** two days: a morning and an afternoon session on day 1 (2 h each), one 4 h session on day 2 */
const sessions: RateSession[] = [
  { id: "s1", date: "2026-03-02", startsAt: at("2026-03-02T01:00:00Z"), endsAt: at("2026-03-02T03:00:00Z"), minutes: 120, requireCheckOut: false },
  { id: "s2", date: "2026-03-02", startsAt: at("2026-03-02T05:00:00Z"), endsAt: at("2026-03-02T07:00:00Z"), minutes: 120, requireCheckOut: true },
  { id: "s3", date: "2026-03-03", startsAt: at("2026-03-03T01:00:00Z"), endsAt: at("2026-03-03T05:00:00Z"), minutes: 240, requireCheckOut: false },
];
const ci = (sessionId: string, personId: string, kind: "in" | "out" = "in") => ({ sessionId, personId, kind, at: at("2026-03-02T01:05:00Z") });

describe("computeRates", () => {
  it("weights sessions by planned minutes and needs the check-out where required", () => {
    const r = computeRates(sessions, ["a", "b"], [ci("s1", "a"), ci("s2", "a"), ci("s3", "a"), ci("s1", "b"), ci("s2", "b"), ci("s2", "b", "out"), ci("s3", "b")], [], at("2026-03-04T00:00:00Z"));
    expect(r.trainees.map((t) => [t.personId, t.attendedMinutes, t.percent, t.eligible])).toEqual([
      ["a", 360, 75, false], // s2 without check-out does not count
      ["b", 480, 100, true],
    ]);
    expect(r.sessions.find((s) => s.sessionId === "s2")).toMatchObject({ checkedIn: 2, checkedOut: 1, present: 1 });
    // day 1: a missed the afternoon (no check-out) ⇒ 1 of 2 present that day
    expect(r.days).toEqual([
      { date: "2026-03-02", present: 1, percent: 50, held: true, flagged: true },
      { date: "2026-03-03", present: 2, percent: 100, held: true, flagged: false },
    ]);
  });

  it("the latest approved correction decides and is marked manual", () => {
    const corrections = [
      { sessionId: "s3", personId: "a", mark: "present" as const, decidedAt: at("2026-03-04T01:00:00Z") },
      { sessionId: "s3", personId: "a", mark: "absent" as const, decidedAt: at("2026-03-04T02:00:00Z") },
      { sessionId: "s2", personId: "a", mark: "present" as const, decidedAt: at("2026-03-04T01:00:00Z") },
    ];
    const [a] = computeRates(sessions, ["a"], [ci("s1", "a"), ci("s3", "a")], corrections, at("2026-03-02T04:00:00Z")).trainees;
    expect(a!.sessions.map((s) => [s.sessionId, s.present, s.source])).toEqual([
      ["s1", true, "checkin"],
      ["s2", true, "manual"],
      ["s3", false, "manual"],
    ]);
    expect(a).toMatchObject({ attendedMinutes: 240, percent: 50, manualSessions: 2 });
  });

  it("an empty roster or no sessions is never eligible and days to come are not flagged", () => {
    const r = computeRates(sessions, [], [], [], at("2026-03-02T00:00:00Z"));
    expect(r.days.every((d) => !d.held && !d.flagged)).toBe(true);
    expect(computeRates([], ["a"], [], [], at("2026-03-02T00:00:00Z")).trainees[0]).toMatchObject({ percent: 0, eligible: false });
  });
});

/** five days, one 4-hour session a day from 09:00 Changchun (01:00Z) */
const week: RateSession[] = [0, 1, 2, 3, 4].map((n) => {
  const startsAt = new Date(Date.UTC(2026, 2, 2 + n, 1));
  return { id: `d${n}`, date: startsAt.toISOString().slice(0, 10), startsAt, endsAt: new Date(startsAt.getTime() + 4 * 3_600_000), minutes: 240, requireCheckOut: false };
});
const attends = (personId: string, days: number[]) => days.map((n) => ({ sessionId: `d${n}`, personId, kind: "in" as const, at: week[n]!.startsAt }));
const view = (t: { personId: string; ratePercentSoFar: number | null; canStillReach80: boolean; verdict: string; eligible: boolean; heldSessions: number; totalSessions: number }) => [
  t.personId,
  t.ratePercentSoFar,
  t.canStillReach80,
  t.verdict,
  t.eligible,
  `${t.heldSessions}/${t.totalSessions}`,
];

describe("rates across a class's life", () => {
  // full: every day; missed1: misses day 1; missed2: misses days 1–2; none: never came
  const checkins = [...attends("full", [0, 1, 2, 3, 4]), ...attends("missed1", [1, 2, 3, 4]), ...attends("missed2", [2, 3, 4]), ...attends("none", [])];
  const roster = ["full", "missed1", "missed2", "none"];

  it("before the first session: no rate yet, everyone can still reach 80%, nothing is decided", () => {
    const r = computeRates(week, roster, [], [], new Date("2026-03-01T00:00:00Z"));
    expect(r.trainees.map(view)).toEqual(roster.map((p) => [p, null, true, "pending", false, "0/5"]));
    expect(classProgress(week, new Date("2026-03-01T00:00:00Z"))).toEqual({ heldSessions: 0, totalSessions: 5, ended: false });
  });

  it("day 3 of 5 (two days held, the third running): the rate so far counts held days only", () => {
    const now = new Date("2026-03-04T03:00:00Z"); // day 3, 11:00 — its session runs until 13:00
    const r = computeRates(week, roster, checkins.filter((c) => c.at <= now), [], now);
    expect(r.trainees.map(view)).toEqual([
      ["full", 100, true, "pending", false, "2/5"], // missed nothing: 100% so far, not 未达标
      ["missed1", 50, true, "pending", false, "2/5"], // 4 of 5 days still possible = 80%
      ["missed2", 0, false, "pending", false, "2/5"], // at most 3 of 5 = 60%: can no longer reach 80%
      ["none", 0, false, "pending", false, "2/5"],
    ]);
    // the final rate over all planned minutes is still reported, but it is not the verdict
    expect(r.trainees[0]).toMatchObject({ percent: 60, eligible: false }); // 3 of 5 days incl. the running one
  });

  it("after the last session: the verdict is final", () => {
    const now = new Date("2026-03-06T06:00:00Z");
    const r = computeRates(week, roster, checkins, [], now);
    expect(r.trainees.map(view)).toEqual([
      ["full", 100, true, "met", true, "5/5"],
      ["missed1", 80, true, "met", true, "5/5"],
      ["missed2", 60, false, "not_met", false, "5/5"],
      ["none", 0, false, "not_met", false, "5/5"],
    ]);
    expect(classProgress(week, now)).toEqual({ heldSessions: 5, totalSessions: 5, ended: true });
  });

  it("a class without sessions never ends and never reaches a verdict", () => {
    expect(classProgress([], new Date("2026-03-06T00:00:00Z")).ended).toBe(false);
    expect(view(computeRates([], ["a"], [], [], new Date("2026-03-06T00:00:00Z")).trainees[0]!)).toEqual(["a", null, false, "pending", false, "0/0"]);
  });
});

describe("codeWindow", () => {
  const s = { startsAt: new Date("2026-03-02T01:00:00Z"), endsAt: new Date("2026-03-02T05:00:00Z"), requireCheckOut: false };
  it("opens exactly when check-in does, closes at the end (or after the check-out grace)", () => {
    const opens = new Date(s.startsAt.getTime() - CHECKIN_OPENS_BEFORE_MIN * 60_000);
    expect(checkInOpen(s, opens)).toBe("open");
    expect(checkInOpen(s, new Date(opens.getTime() - 1))).toBe("early");
    expect(codeWindow(s, new Date(opens.getTime() - 1)).state).toBe("early");
    expect(codeWindow(s, opens)).toEqual({ state: "open", opensAt: opens, closesAt: s.endsAt });
    expect(codeWindow(s, new Date(s.endsAt.getTime() + 1)).state).toBe("closed");
    const withOut = { ...s, requireCheckOut: true };
    expect(codeWindow(withOut, new Date(s.endsAt.getTime() + 59 * 60_000)).state).toBe("open");
    expect(codeWindow(withOut, new Date(s.endsAt.getTime() + 61 * 60_000)).state).toBe("closed");
  });
});
