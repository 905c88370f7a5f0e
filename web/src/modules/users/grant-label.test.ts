import { describe, expect, it } from "vitest";
import { type GrantView, grantText } from "./grant-label.ts";

const g = (x: Partial<GrantView>): GrantView => ({ role: "hrss_officer", roleLabel: "人社部门经办人员", scopeType: "region", regionCode: null, regionName: null, departmentCode: null, departmentName: null, institutionId: null, institutionName: null, ...x });

describe("grant wording", () => {
  it("names the role and where it applies", () => {
    expect(grantText(g({ regionCode: "220102", regionName: "南关区" }))).toBe("人社部门经办人员 · 南关区");
    expect(grantText(g({ role: "admin", roleLabel: "系统管理员", scopeType: "province", regionCode: "220000" }))).toBe("系统管理员 · 全省");
    expect(grantText(g({ roleLabel: "行业部门经办人员", scopeType: "department", departmentCode: "edu", regionCode: "220100", regionName: "长春市" }), new Map([["edu", "省教育厅"]]))).toBe(
      "行业部门经办人员 · 省教育厅（长春市）",
    );
  });

  it("names an institution grant by the institution, never by its id", () => {
    const id = "4bdc354d-1111-4222-8333-444455556666";
    const text = grantText(g({ role: "institution_staff", roleLabel: "培训机构工作人员", scopeType: "institution", institutionId: id, institutionName: "长春市职业技能培训学校" }));
    expect(text).toBe("培训机构工作人员 · 长春市职业技能培训学校");
    expect(grantText(g({ scopeType: "institution", institutionId: id }))).not.toContain("4bdc");
  });
});
