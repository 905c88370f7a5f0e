import { describe, expect, it } from "vitest";
import { computeRates, type RateSession } from "./attendance.rates.ts";

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
