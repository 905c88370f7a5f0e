import { describe, expect, it } from "vitest";
import { type Actor, userActor } from "../../platform/auth/actor.ts";
import { ruleTable } from "../../platform/authz/rules.ts";
import { type CorrectionForRules, type CorrectionState, correctionRules } from "./attendance.policy.ts";

const actor = (id: string, role: "institution_staff" | "hrss_officer" | "auditor"): Actor =>
  userActor({ id, username: id, regionCode: "220102", mustChangePassword: false }, [
    { role, scopeType: role === "institution_staff" ? "institution" : "region", regionCode: role === "institution_staff" ? null : "220102", departmentCode: null, institutionId: role === "institution_staff" ? "inst" : null },
  ]);
const byParty = { corrector: actor("staff", "institution_staff"), decider: actor("officer", "hrss_officer") };
const nobody = actor("auditor", "auditor");
const now = new Date("2026-03-05T10:00:00Z");
const row = (status: CorrectionState, o: Partial<CorrectionForRules> = {}): CorrectionForRules => ({
  status,
  filedBy: status === "new" ? null : "someone-else",
  klass: { status: "in_progress", lockedAt: null },
  session: { status: "planned", startsAt: new Date("2026-03-05T01:00:00Z") },
  ...o,
});

describe("correction rules", () => {
  it("staff file new corrections, officers (who may also file) decide pending ones, an auditor does neither", () => {
    const states: CorrectionState[] = ["new", "pending", "approved", "rejected"];
    const cells = ruleTable(correctionRules, states);
    expect(cells).toHaveLength(2 * 4 * 3);
    const who = { staff: byParty.corrector, officer: byParty.decider, auditor: nobody };
    const expected = (w: keyof typeof who, action: "file" | "decide", s: CorrectionState) => {
      if (action === "file") return w === "auditor" ? "party" : s === "new" ? "ok" : "state";
      return w !== "officer" ? "party" : s === "pending" ? "ok" : "state";
    };
    for (const action of ["file", "decide"] as const) {
      for (const s of states) {
        for (const w of Object.keys(who) as (keyof typeof who)[]) {
          const v = correctionRules.check(who[w], action, row(s), { now });
          expect(v.ok ? "ok" : v.reason, `${w} ${action} ${s}`).toBe(expected(w, action, s));
        }
      }
    }
  });
  it("the filer never decides, even holding the officer's role", () => {
    const both = userActor({ id: "u1", username: "u1", regionCode: "220102", mustChangePassword: false }, [
      { role: "institution_staff", scopeType: "institution", regionCode: null, departmentCode: null, institutionId: "inst" },
      { role: "hrss_officer", scopeType: "region", regionCode: "220102", departmentCode: null, institutionId: null },
    ]);
    expect(correctionRules.check(both, "decide", row("pending", { filedBy: "u1" }), { now })).toMatchObject({ ok: false, code: "attendance.self_approval", reason: "filed_by_self" });
    expect(correctionRules.may(byParty.decider, "decide", row("pending", { filedBy: "u1" }), { now })).toBe(true);
  });
  it("an assessed class takes no corrections and decides none; a session must have started and not be cancelled", () => {
    const locked = { klass: { status: "assessed", lockedAt: now } };
    expect(correctionRules.check(byParty.corrector, "file", row("new", locked), { now })).toMatchObject({ code: "attendance.class_locked", reason: "class_locked" });
    expect(correctionRules.check(byParty.decider, "decide", row("pending", locked), { now })).toMatchObject({ code: "attendance.class_locked" });
    expect(correctionRules.check(byParty.corrector, "file", row("new", { session: { status: "cancelled", startsAt: now } }), { now })).toMatchObject({ code: "attendance.session_cancelled" });
    expect(correctionRules.check(byParty.corrector, "file", row("new", { session: { status: "planned", startsAt: new Date("2026-03-06T01:00:00Z") } }), { now })).toMatchObject({
      code: "attendance.session_not_started",
    });
    expect(correctionRules.check(byParty.decider, "decide", row("approved"), { now })).toMatchObject({ code: "attendance.correction_decided", reason: "state" });
  });
});
