import { describe, expect, it } from "vitest";
import { maskIdNumber } from "../../../../shared/src/ids.ts";
import { userActor } from "../../platform/auth/actor.ts";
import { type InstitutionRuleAction, institutionRules } from "./institutions.policy.ts";
import {
  addMonths,
  agreementEnd,
  chinaDate,
  escalatedLevel,
  type InstitutionStatus,
  maskAccountNumber,
  renewedEnd,
  sanctionLadder,
  sanctionUntil,
} from "./institutions.rules.ts";

const user = { id: "u", username: "u", regionCode: "220102", mustChangePassword: false };
const officer = userActor(user, [{ role: "hrss_officer", scopeType: "region", regionCode: "220102", departmentCode: null, institutionId: null }]);
const staff = userActor(user, [{ role: "institution_staff", scopeType: "institution", regionCode: null, departmentCode: null, institutionId: "i1" }]);
const otherCounty = userActor(user, [{ role: "hrss_officer", scopeType: "region", regionCode: "220103", departmentCode: null, institutionId: null }]);
const facts = { today: "2026-03-02", hasPendingChanges: false };
const inst = (status: InstitutionStatus, sanctionedUntil: string | null = null) => ({ id: "i1", regionCode: "220102", status, sanctionedUntil });

describe("institution rules (the declaration)", () => {
  // (action, from, who) → allowed
  const cases: [InstitutionRuleAction, InstitutionStatus, "officer" | "staff", boolean][] = [
    ["approve", "pending", "officer", true],
    ["approve", "pending", "staff", false],
    ["approve", "returned", "officer", false],
    ["approve", "approved", "officer", false],
    ["return", "pending", "officer", true],
    ["return", "approved", "officer", false],
    ["resubmit", "returned", "staff", true],
    ["resubmit", "returned", "officer", false],
    ["resubmit", "pending", "staff", false],
    ["renew", "approved", "officer", true],
    ["renew", "pending", "officer", false],
    ["withdraw", "approved", "staff", true],
    ["withdraw", "suspended", "officer", true],
    ["withdraw", "withdrawn", "officer", false],
    ["withdraw", "banned", "staff", false],
    ["suspend", "approved", "officer", true],
    ["suspend", "pending", "officer", false],
    ["ban", "suspended", "officer", true],
    ["reinstate", "suspended", "officer", true],
    ["reinstate", "suspended", "staff", false],
    ["reapply", "banned", "staff", true],
    ["reapply", "withdrawn", "staff", false],
  ];
  it.each(cases)("%s from %s by %s → %s", (action, from, who, expected) => {
    expect(institutionRules.may(who === "officer" ? officer : staff, action, inst(from), facts)).toBe(expected);
  });

  it("parties follow the grant's reach: another county's officer and another institution's staff play none", () => {
    expect(institutionRules.partiesOf(officer, inst("pending"), facts).sort()).toEqual(["reviewer", "sanctioner", "sensitiveReader"]);
    expect(institutionRules.partiesOf(staff, inst("pending"), facts)).toEqual(["owner"]);
    expect(institutionRules.partiesOf(otherCounty, inst("pending"), facts)).toEqual([]);
    expect(institutionRules.partiesOf(staff, { ...inst("pending"), id: "i2" }, facts)).toEqual([]);
  });

  it("a running sanction blocks reinstating and re-applying, with its own code", () => {
    const v = institutionRules.check(officer, "reinstate", inst("suspended", "2026-09-01"), facts);
    expect(v).toMatchObject({ ok: false, reason: "sanctionRunning", code: "institution.sanction_active" });
    expect(institutionRules.may(staff, "reapply", inst("banned", "2026-03-02"), facts)).toBe(false);
    expect(institutionRules.may(staff, "reapply", inst("banned", "2026-03-01"), facts)).toBe(true);
  });

  it("edits of a withdrawn or banned institution are refused as not editable; reviewing needs something pending", () => {
    expect(institutionRules.check(staff, "edit", inst("banned"), facts)).toMatchObject({ ok: false, code: "institution.not_editable" });
    expect(institutionRules.check(officer, "reviewQualifications", inst("approved"), facts)).toMatchObject({ ok: false, code: "institution.no_pending_changes" });
    expect(institutionRules.may(officer, "reviewQualifications", inst("approved"), { ...facts, hasPendingChanges: true })).toBe(true);
  });

  it("knows where each action leads; renewal keeps the status", () => {
    expect(institutionRules.next("approve", "pending")).toBe("approved");
    expect(institutionRules.next("return", "pending")).toBe("returned");
    expect(institutionRules.next("resubmit", "returned")).toBe("pending");
    expect(institutionRules.next("renew", "suspended")).toBe("suspended");
    expect(institutionRules.next("ban", "approved")).toBe("banned");
  });
});

describe("sanction ladder", () => {
  it("is data: interview, 6 months, 1 year, agreement ended + 2 years", () => {
    expect(sanctionLadder.map((s) => [s.level, s.banMonths, s.action])).toEqual([
      [1, 0, null],
      [2, 6, "suspend"],
      [3, 12, "suspend"],
      [4, 24, "ban"],
    ]);
  });

  it("starts at level 1 and escalates one level on a repeat within 365 days", () => {
    expect(escalatedLevel(null, "2026-03-01")).toBe(1);
    expect(escalatedLevel({ level: 1, date: "2026-03-01" }, "2026-09-01")).toBe(2);
    expect(escalatedLevel({ level: 2, date: "2026-03-01" }, "2027-03-01")).toBe(3); // 365 days later: still within a year
    expect(escalatedLevel({ level: 3, date: "2026-03-01" }, "2026-04-01")).toBe(4);
    expect(escalatedLevel({ level: 4, date: "2026-03-01" }, "2026-04-01")).toBe(4);
  });

  it("starts over after a year without sanctions, unless a higher level is asked for", () => {
    expect(escalatedLevel({ level: 3, date: "2025-01-01" }, "2026-03-01")).toBe(1);
    expect(escalatedLevel(null, "2026-03-01", 3)).toBe(3);
    expect(escalatedLevel({ level: 2, date: "2026-02-01" }, "2026-03-01", 1)).toBe(3);
  });

  it("no new classes until the day before the period ends", () => {
    expect(sanctionUntil(1, "2026-03-02")).toBeNull();
    expect(sanctionUntil(2, "2026-03-02")).toBe("2026-09-01");
    expect(sanctionUntil(3, "2026-03-02")).toBe("2027-03-01");
    expect(sanctionUntil(4, "2026-03-02")).toBe("2028-03-01");
  });
});

describe("dates", () => {
  it("uses the calendar date in China", () => {
    expect(chinaDate(new Date("2026-03-01T16:30:00Z"))).toBe("2026-03-02");
    expect(chinaDate(new Date("2026-03-01T15:59:00Z"))).toBe("2026-03-01");
  });
  it("an agreement runs one year; renewal adds a year or restarts from today when expired", () => {
    expect(agreementEnd("2026-03-02")).toBe("2027-03-01");
    expect(renewedEnd("2027-03-01", "2027-02-10")).toBe("2028-03-01");
    expect(renewedEnd("2026-01-31", "2026-03-02")).toBe("2027-03-01");
    expect(addMonths("2026-01-31", 1)).toBe("2026-02-28");
  });
});

describe("masking", () => {
  it("shows only the last four digits of a bank account and 3+1 of an ID number", () => {
    expect(maskAccountNumber("1234")).toBe("****1234");
    expect(maskIdNumber("220102199001011234")).toBe("220**************4");
  });
});
