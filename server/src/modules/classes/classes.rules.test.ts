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
} from "./classes.rules.ts";
import { userActor, type Actor } from "../../platform/auth/actor.ts";
import { type ClassFacts, type ClassForPolicy, type ClassRuleAction, classRules } from "./classes.policy.ts";
import { type ClassStatus, classStatuses } from "./classes.table.ts";

const s = (date: string, from: string, to: string, theory: number, practice: number) => ({
  date,
  startsAt: chinaInstant(date, from),
  endsAt: chinaInstant(date, to),
  theoryMinutes: theory,
  practiceMinutes: practice,
});
const version = { minHours: 10, maxHours: 20, minTheoryPercent: 20, minPracticePercent: 50 };

const grantRow = (role: "institution_staff" | "evaluator_staff" | "hrss_officer", o: { institutionId?: string; regionCode?: string }) => ({
  role,
  scopeType: o.institutionId ? ("institution" as const) : ("region" as const),
  regionCode: o.regionCode ?? null,
  departmentCode: null,
  institutionId: o.institutionId ?? null,
});
const actorAs: Record<Party | "none", Actor> = {
  institution: userActor({ id: "u-inst", username: "inst", regionCode: "220102", mustChangePassword: false }, [grantRow("institution_staff", { institutionId: "inst" })]),
  officer: userActor({ id: "u-off", username: "off", regionCode: "220102", mustChangePassword: false }, [grantRow("hrss_officer", { regionCode: "220102" })]),
  assessor: userActor({ id: "u-ev", username: "ev", regionCode: "220102", mustChangePassword: false }, [grantRow("evaluator_staff", { institutionId: "eval" })]),
  none: userActor({ id: "u-far", username: "far", regionCode: "220103", mustChangePassword: false }, [grantRow("hrss_officer", { regionCode: "220103" })]),
};
/** a skill-level class, so institution and assessor are different parties */
const klass = (status: ClassStatus, o: Partial<ClassForPolicy> = {}): ClassForPolicy => ({
  institutionId: "inst",
  regionCode: "220102",
  certificateType: "skill_level",
  evaluatorInstitutionId: "eval",
  status,
  startDate: "2026-03-16",
  lockedAt: status === "assessed" ? new Date("2026-03-22T00:00:00Z") : null,
  ...o,
});
const calm: ClassFacts = { today: "2026-03-20", now: new Date("2026-03-20T10:00:00Z"), lastSessionEnd: null, assessorApproved: true };

describe("class rules: (action, status, party) → allowed, written out independently of the declaration", () => {
  const expected: Record<ClassRuleAction, [ClassStatus[] | "any", Party[]]> = {
    edit: [["draft", "returned"], ["institution"]],
    submit: [["draft", "returned"], ["institution"]],
    approve: [["submitted"], ["officer"]],
    return: [["submitted"], ["officer"]],
    start: [["approved"], ["institution"]],
    finish: [["in_progress"], ["institution"]],
    assess: [["finished"], ["assessor"]],
    cancel: [["draft", "submitted", "returned", "approved"], ["institution", "officer"]],
    fileChange: [["approved", "in_progress", "finished"], ["institution"]],
    enterResults: [["finished"], ["assessor"]],
    issueCertificates: [["finished", "assessed"], ["assessor"]],
    revokeCertificate: ["any", ["officer"]],
    traineeAccounts: [["approved", "in_progress", "finished"], ["institution"]],
  };
  it("the declaration has exactly these actions", () => {
    expect(Object.keys(classRules.definition.actions).sort()).toEqual(Object.keys(expected).sort());
    for (const a of classActions) expect(classRules.definition.actions[a].to).toBe(classTransitions[a].to);
  });
  for (const [action, [from, by]] of Object.entries(expected) as [ClassRuleAction, [ClassStatus[] | "any", Party[]]][]) {
    it(`${action}: only ${by.join("/")} in ${from === "any" ? "any status" : from.join("/")}`, () => {
      for (const status of classStatuses) {
        for (const party of ["institution", "officer", "assessor", "none"] as const) {
          // a start date in the past and a present "today" let start pass; cancel of an approved class is then too late
          const facts = status === "approved" && action === "cancel" ? { ...calm, today: "2026-03-10" } : calm;
          const ok = (from === "any" || from.includes(status)) && party !== "none" && by.includes(party);
          expect(classRules.may(actorAs[party], action, klass(status), facts), `${party} ${action} ${status}`).toBe(ok);
        }
      }
    });
  }
  it("nothing leaves assessed or cancelled; an assessed class refuses with class.locked", () => {
    for (const t of Object.values(classTransitions)) {
      expect(t.from).not.toContain("assessed");
      expect(t.from).not.toContain("cancelled");
    }
    expect(classRules.check(actorAs.institution, "fileChange", klass("assessed"), calm)).toMatchObject({ ok: false, code: "class.locked" });
    expect(classRules.check(actorAs.assessor, "enterResults", klass("assessed"), calm)).toMatchObject({ ok: false, code: "class.locked" });
    expect(classRules.check(actorAs.institution, "edit", klass("approved"), calm)).toMatchObject({ ok: false, code: "class.not_editable" });
    expect(classRules.check(actorAs.officer, "edit", klass("draft"), calm)).toMatchObject({ ok: false, code: "auth.forbidden" });
  });
  it("facts refuse with their reason: before the start date, sessions remaining, started, evaluator not approved", () => {
    const reason = (party: Party, action: ClassRuleAction, status: ClassStatus, facts: Partial<ClassFacts>) => {
      const v = classRules.check(actorAs[party], action, klass(status), { ...calm, ...facts });
      return v.ok ? "ok" : `${v.code}/${v.reason}`;
    };
    expect(reason("institution", "start", "approved", { today: "2026-03-15" })).toBe("class.transition_not_allowed/before_start");
    expect(reason("institution", "start", "approved", { today: "2026-03-16" })).toBe("ok");
    expect(reason("institution", "finish", "in_progress", { lastSessionEnd: new Date("2026-03-20T12:00:00Z") })).toBe("class.transition_not_allowed/sessions_remaining");
    expect(reason("institution", "finish", "in_progress", { lastSessionEnd: new Date("2026-03-20T09:00:00Z") })).toBe("ok");
    expect(reason("officer", "cancel", "approved", { today: "2026-03-16" })).toBe("class.transition_not_allowed/started");
    expect(reason("officer", "cancel", "approved", { today: "2026-03-15" })).toBe("ok");
    expect(reason("assessor", "enterResults", "finished", { assessorApproved: false })).toBe("class.results_not_allowed/evaluator_not_approved");
    expect(reason("assessor", "issueCertificates", "assessed", { assessorApproved: false })).toBe("class.results_not_allowed/evaluator_not_approved");
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
