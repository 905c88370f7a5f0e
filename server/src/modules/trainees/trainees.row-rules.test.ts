import { describe, expect, it } from "vitest";
import type { RoleName, ScopeType } from "../../../../shared/src/permissions.ts";
import { type Actor, type Grant, userActor } from "../../platform/auth/actor.ts";
import { ruleTable } from "../../platform/authz/rules.ts";
import { AppError } from "../../platform/http/errors.ts";
import { type ChangeRequestRuleRow, changeRequestRules, type PersonRuleRow, personRules } from "./trainees.row-rules.ts";

const g = (role: RoleName, scopeType: ScopeType, o: Partial<Grant> = {}): Grant => ({ role, scopeType, regionCode: null, departmentCode: null, institutionId: null, ...o });
const as = (id: string, grants: Grant[]): Actor => userActor({ id, username: id, regionCode: "220102", mustChangePassword: false }, grants);

const nanguan = as("u-nanguan", [g("hrss_officer", "region", { regionCode: "220102" })]);
const kuancheng = as("u-kuancheng", [g("hrss_officer", "region", { regionCode: "220103" })]);
const registrar = as("u-a", [g("institution_staff", "institution", { institutionId: "inst-a" })]);
const other = as("u-b", [g("institution_staff", "institution", { institutionId: "inst-b" })]);
const person = as("u-self", [g("trainee", "self")]);

const row: PersonRuleRow = {
  residenceRegionCode: "220102",
  userId: "u-self",
  links: [
    { institutionId: "inst-a", createdRecord: true },
    { institutionId: "inst-b", createdRecord: false },
  ],
};
const none = { enrolledWith: new Set<string>() };

describe("person rules", () => {
  it("an institution that registered an existing person sees only its entry until the person is in one of its approved classes", () => {
    expect(personRules.may(other, "viewFull", row, none)).toBe(false);
    expect(personRules.may(other, "viewFull", row, { enrolledWith: new Set(["inst-b"]) })).toBe(true);
    expect(personRules.may(registrar, "viewFull", row, none)).toBe(true);
    expect(personRules.may(person, "viewFull", row, none)).toBe(true);
  });

  it("only the residence county (or an officer) edits, records categories and sees the full ID", () => {
    for (const a of ["edit", "addCategory", "setExclusion"] as const) {
      expect(personRules.may(nanguan, a, row, none)).toBe(true);
      expect(personRules.may(kuancheng, a, row, none)).toBe(false);
      expect(personRules.may(registrar, a, row, none)).toBe(false);
    }
    expect(personRules.may(registrar, "viewIdNumber", row, none)).toBe(false);
    expect(personRules.may(nanguan, "viewIdNumber", row, none)).toBe(true);
  });

  it("an account (whose password goes to the caller) only by someone who sees the whole record", () => {
    const noAccount = { ...row, userId: null };
    expect(personRules.may(other, "createAccount", noAccount, none)).toBe(false);
    expect(personRules.may(other, "createAccount", noAccount, { enrolledWith: new Set(["inst-b"]) })).toBe(true);
    expect(personRules.check(registrar, "createAccount", row, none)).toMatchObject({ ok: false, reason: "hasAccount" });
  });
});

describe("change request rules", () => {
  const cr = (o: Partial<ChangeRequestRuleRow> = {}): ChangeRequestRuleRow => ({ status: "pending", filedBy: "u-b", person: { residenceRegionCode: "220102", userId: "u-self" }, ...o });

  it("the declaration's table holds for every action × state × party", () => {
    const actors: Record<string, Actor> = { residenceOfficer: nanguan, self: person };
    for (const t of ruleTable(changeRequestRules, ["pending", "confirmed", "rejected"])) {
      const a = t.party ? actors[t.party]! : other;
      const v = changeRequestRules.check(a, t.action, cr({ status: t.state }), {});
      expect(v.ok ? "ok" : v.reason, `${t.action} ${t.state} ${t.party}`).toBe(t.expected);
    }
  });

  it("nobody decides their own request; a decided request is not decided again", () => {
    expect(() => changeRequestRules.assert(nanguan, "confirm", cr({ filedBy: "u-nanguan" }), {})).toThrow(AppError);
    expect(changeRequestRules.check(person, "confirm", cr({ filedBy: "u-self" }), {})).toMatchObject({ ok: false, reason: "filedBySelf", code: "person.change_request_decided" });
    expect(changeRequestRules.check(nanguan, "reject", cr({ status: "confirmed" }), {})).toMatchObject({ ok: false, reason: "state", code: "person.change_request_decided" });
    // the filer and other counties are not parties (403 where they can see the row at all)
    expect(changeRequestRules.check(other, "confirm", cr(), {})).toMatchObject({ ok: false, reason: "party", code: "auth.forbidden" });
    expect(changeRequestRules.check(kuancheng, "confirm", cr(), {})).toMatchObject({ ok: false, reason: "party" });
    // the person moved: the new county decides
    expect(changeRequestRules.may(kuancheng, "confirm", cr({ person: { residenceRegionCode: "220103", userId: null } }), {})).toBe(true);
  });
});
