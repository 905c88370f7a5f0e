import { describe, expect, it } from "vitest";
import type { RoleName, ScopeType } from "../../../../shared/src/permissions.ts";
import { type Grant, userActor } from "../../platform/auth/actor.ts";
import { ruleTable } from "../../platform/authz/rules.ts";
import { type AccountFacts, type AccountRow, accountRules, accountStates } from "./users.rules.ts";

const g = (role: RoleName, scopeType: ScopeType, o: Partial<Grant> = {}): Grant => ({
  role,
  scopeType,
  regionCode: scopeType === "province" ? "220000" : null,
  departmentCode: null,
  institutionId: null,
  ...o,
});
const actor = (id: string, home: string, grants: Grant[]) => userActor({ id, username: id, regionCode: home, mustChangePassword: false }, grants);
const facts: AccountFacts = { institutionRegions: new Map([["inst-changchun", "220102"], ["inst-jilin", "220202"]]), now: new Date("2026-03-02T01:00:00Z") };
const account = (home: string, grants: Grant[], o: Partial<AccountRow> = {}): AccountRow => ({
  id: "target",
  status: "active",
  regionCode: home,
  lockedUntil: new Date("2026-03-02T01:10:00Z"),
  grants,
  ...o,
});

const provinceAdmin = actor("p", "220000", [g("admin", "province")]);
const changchunAdmin = actor("c", "220100", [g("admin", "region", { regionCode: "220100" })]);
const nanguanAdmin = actor("n", "220102", [g("admin", "region", { regionCode: "220102" })]);
const nanguanOfficer = actor("o", "220102", [g("hrss_officer", "region", { regionCode: "220102" })]);

/** (administrator, account) → does the administrator cover the account (home region and every grant)? */
const coverage: [string, ReturnType<typeof actor>, AccountRow, boolean][] = [
  ["province admin, any account", provinceAdmin, account("220202", [g("admin", "province")]), true],
  ["city admin, county officer of the city", changchunAdmin, account("220102", [g("hrss_officer", "region", { regionCode: "220102" })]), true],
  ["city admin, province admin living in the city", changchunAdmin, account("220102", [g("admin", "province")]), false],
  ["county admin, city-wide officer living in the county", nanguanAdmin, account("220102", [g("hrss_officer", "region", { regionCode: "220100" })]), false],
  ["county admin, staff of an institution in the county", nanguanAdmin, account("220102", [g("institution_staff", "institution", { institutionId: "inst-changchun" })]), true],
  ["city admin, also staff of an institution in another city", changchunAdmin, account("220102", [g("hrss_officer", "region", { regionCode: "220102" }), g("institution_staff", "institution", { institutionId: "inst-jilin" })]), false],
  ["city admin, institution unknown to the facts", changchunAdmin, account("220102", [g("institution_staff", "institution", { institutionId: "gone" })]), false],
  ["city admin, province-wide department officer", changchunAdmin, account("220102", [g("dept_officer", "department", { departmentCode: "women" })]), false],
  ["city admin, department officer within the city", changchunAdmin, account("220102", [g("dept_officer", "department", { departmentCode: "women", regionCode: "220100" })]), true],
  ["city admin, trainee living in the city", changchunAdmin, account("220102", [g("trainee", "self")]), true],
  ["city admin, account of another city", changchunAdmin, account("220202", [g("trainee", "self")]), false],
  ["officer without user.manage", nanguanOfficer, account("220102", [g("trainee", "self")]), false],
];

describe("account rules: who covers an account", () => {
  it.each(coverage)("%s → %s", (_label, who, row, covers) => {
    expect(accountRules.partiesOf(who, row, facts).includes("coveringAdmin")).toBe(covers);
    const refused = accountRules.check(who, "resetPassword", row, facts);
    expect(refused.ok ? "ok" : refused.code).toBe(covers ? "ok" : "user.scope_outside");
  });
});

describe("account rules: the declaration's own table", () => {
  // a covering administrator acting on someone else's locked account: no guard applies
  it.each(ruleTable(accountRules, accountStates))("$action on a $state account by $party → $expected", ({ action, state, party, expected }) => {
    const who = party === "coveringAdmin" ? provinceAdmin : nanguanOfficer;
    const v = accountRules.check(who, action, account("220102", [g("trainee", "self")], { status: state }), facts);
    expect(v.ok ? "ok" : v.reason).toBe(expected);
  });
});

describe("account rules: facts that refuse", () => {
  const me = account("220102", [g("admin", "region", { regionCode: "220102" })], { id: "n" });
  it.each(["resetPassword", "disable", "changeGrants"] as const)("an administrator may not %s their own account", (action) => {
    const v = accountRules.check(nanguanAdmin, action, me, facts);
    expect(v.ok ? "ok" : v.code).toBe("user.self_change");
  });
  it("editing one's own name is allowed", () => {
    expect(accountRules.may(nanguanAdmin, "edit", me, facts)).toBe(true);
  });
  it("only a locked account can be unlocked", () => {
    expect(accountRules.may(provinceAdmin, "unlock", account("220102", [], { lockedUntil: null }), facts)).toBe(false);
    expect(accountRules.may(provinceAdmin, "unlock", account("220102", [], { lockedUntil: new Date("2026-03-02T00:59:00Z") }), facts)).toBe(false);
    expect(accountRules.may(provinceAdmin, "unlock", account("220102", []), facts)).toBe(true);
  });
});
