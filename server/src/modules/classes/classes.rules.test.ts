import { describe, expect, it } from "vitest";
import { classActions } from "../../../../shared/src/contracts/classes.ts";
import {
  assessorInstitution,
  cancelTooLate,
  chinaInstant,
  classTransitions,
  hourProblems,
  ownTeacherOverlaps,
  type Party,
  sessionsOutsideDates,
  transitionAllowed,
} from "./classes.rules.ts";
import { type ClassStatus, classStatuses } from "./classes.table.ts";

const s = (date: string, from: string, to: string, theory: number, practice: number) => ({
  date,
  startsAt: chinaInstant(date, from),
  endsAt: chinaInstant(date, to),
  theoryMinutes: theory,
  practiceMinutes: practice,
});
const version = { minHours: 10, maxHours: 20, minTheoryPercent: 20, minPracticePercent: 50 };

describe("class transitions: (action, status, party) → allowed", () => {
  const expected: Record<string, [ClassStatus[], Party[]]> = {
    submit: [["draft", "returned"], ["institution"]],
    approve: [["submitted"], ["officer"]],
    return: [["submitted"], ["officer"]],
    start: [["approved"], ["institution"]],
    finish: [["in_progress"], ["institution"]],
    assess: [["finished"], ["assessor"]],
    cancel: [["draft", "submitted", "returned", "approved"], ["institution", "officer"]],
  };
  for (const action of classActions) {
    for (const status of classStatuses) {
      for (const party of ["institution", "officer", "assessor"] as Party[]) {
        const [from, by] = expected[action]!;
        const ok = from.includes(status) && by.includes(party);
        it(`${party} ${ok ? "may" : "may not"} ${action} a ${status} class`, () => {
          expect(transitionAllowed(action, status, [party])).toBe(ok);
        });
      }
    }
  }
  it("nothing leaves assessed or cancelled", () => {
    for (const t of Object.values(classTransitions)) {
      expect(t.from).not.toContain("assessed");
      expect(t.from).not.toContain("cancelled");
    }
  });
  it("an approved class can be cancelled only before its start date", () => {
    expect(cancelTooLate("approved", "2026-03-16", "2026-03-15")).toBe(false);
    expect(cancelTooLate("approved", "2026-03-16", "2026-03-16")).toBe(true);
    expect(cancelTooLate("submitted", "2026-03-16", "2026-03-20")).toBe(false);
  });
});

describe("hours and shares", () => {
  it("accepts 12 hours with 33% theory and 67% practice", () => {
    const plan = [s("2026-03-16", "09:00", "12:00", 60, 120), s("2026-03-17", "09:00", "12:00", 60, 120), s("2026-03-18", "09:00", "12:00", 60, 120)];
    expect(hourProblems(plan, version)).toEqual([]);
  });
  it("flags too few and too many hours (45-minute class hours)", () => {
    expect(hourProblems([s("2026-03-16", "09:00", "12:00", 60, 120)], version).map((p) => p.code)).toEqual(["hours_out_of_range"]);
    expect(hourProblems([s("2026-03-16", "07:00", "23:30", 300, 650)], version).map((p) => p.code)).toEqual(["hours_out_of_range"]);
    // exactly 10 hours = 450 minutes is inside
    expect(hourProblems([s("2026-03-16", "08:00", "16:00", 150, 300)], version)).toEqual([]);
  });
  it("flags a low theory share and a low practice share separately", () => {
    expect(hourProblems([s("2026-03-16", "08:00", "16:00", 50, 400)], version).map((p) => p.code)).toEqual(["theory_share_low"]);
    expect(hourProblems([s("2026-03-16", "08:00", "16:00", 300, 150)], version).map((p) => p.code)).toEqual(["practice_share_low"]);
  });
  it("flags sessions outside the class dates with their path", () => {
    expect(sessionsOutsideDates([{ date: "2026-03-16" }, { date: "2026-03-21" }], "2026-03-16", "2026-03-20")).toEqual([
      expect.objectContaining({ code: "session_outside_dates", path: "sessions[1].date" }),
    ]);
  });
});

describe("teacher overlaps within one plan", () => {
  it("finds the same teacher in two overlapping sessions, not back-to-back ones", () => {
    const a = { teacherKey: "t1", ...s("2026-03-16", "09:00", "12:00", 60, 120) };
    const b = { teacherKey: "t1", ...s("2026-03-16", "11:00", "13:00", 60, 60) };
    const c = { teacherKey: "t1", ...s("2026-03-16", "12:00", "14:00", 60, 60) };
    const d = { teacherKey: "t2", ...s("2026-03-16", "09:00", "12:00", 60, 120) };
    expect(ownTeacherOverlaps([a, b, c, d])).toEqual([
      [0, 1],
      [1, 2],
    ]);
  });
  it("session times are China time", () => {
    expect(chinaInstant("2026-03-16", "09:00").toISOString()).toBe("2026-03-16T01:00:00.000Z");
  });
});

describe("who assesses", () => {
  it("skill-level classes: the named evaluation institution; others: the training institution", () => {
    expect(assessorInstitution({ certificateType: "skill_level", institutionId: "a", evaluatorInstitutionId: "e" })).toBe("e");
    expect(assessorInstitution({ certificateType: "skill_level", institutionId: "a", evaluatorInstitutionId: null })).toBeNull();
    expect(assessorInstitution({ certificateType: "training_completion", institutionId: "a", evaluatorInstitutionId: "e" })).toBe("a");
  });
});
