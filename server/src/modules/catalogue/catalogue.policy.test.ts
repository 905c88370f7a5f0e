import { describe, expect, it } from "vitest";
import type { Grant } from "../../platform/auth/actor.ts";
import { userActor } from "../../platform/auth/actor.ts";
import { itemRules, standardRules } from "./catalogue.policy.ts";

const actor = (g: Partial<Grant> & Pick<Grant, "role" | "scopeType">) =>
  userActor({ id: "u", username: "u", regionCode: "220000", mustChangePassword: false }, [{ regionCode: null, departmentCode: null, institutionId: null, ...g }]);
const province = actor({ role: "hrss_officer", scopeType: "province", regionCode: "220000" });
const tonghua = actor({ role: "hrss_officer", scopeType: "region", regionCode: "220500" });
const meihekou = actor({ role: "hrss_officer", scopeType: "region", regionCode: "220581" });
const dongchang = actor({ role: "hrss_officer", scopeType: "region", regionCode: "220502" });
const facts = { today: "2026-03-02" };
const std = (regionCode: string, effectiveFrom = "2027-01-01") => ({ regionCode, effectiveFrom });

describe("standard rules", () => {
  it.each([
    [province, "220581", true],
    [province, "220000", true],
    [tonghua, "220500", true],
    [tonghua, "220581", false], // 梅河口 is 省直管: its standards chain is 220581 → 220000, never 通化
    [tonghua, "220000", false],
    [meihekou, "220581", true],
    [meihekou, "220500", false],
    [dongchang, "220500", false], // a county officer reads its city's standard but does not set it
  ] as const)("%# update %s", (who, region, ok) => {
    expect(standardRules.may(who, "update", std(region), facts)).toBe(ok);
  });

  it("a standard in force cannot be deleted, with standard.locked", () => {
    expect(standardRules.check(tonghua, "delete", std("220500", "2026-03-02"), facts)).toMatchObject({ ok: false, code: "standard.locked" });
    expect(standardRules.check(tonghua, "delete", std("220581"), facts)).toMatchObject({ ok: false, code: "standard.scope_outside" });
  });
});

describe("item rules", () => {
  it("only province grants manage items; publishing needs a version", () => {
    expect(itemRules.check(tonghua, "update", { status: "draft" }, { versionCount: 1 })).toMatchObject({ ok: false, code: "catalogue.province_only" });
    expect(itemRules.check(province, "publish", { status: "draft" }, { versionCount: 0 })).toMatchObject({ ok: false, code: "catalogue.no_version" });
    expect(itemRules.check(province, "publish", { status: "published" }, { versionCount: 1 })).toMatchObject({ ok: false, code: "catalogue.bad_transition" });
    expect(itemRules.may(province, "withdraw", { status: "published" }, { versionCount: 1 })).toBe(true);
  });
});
