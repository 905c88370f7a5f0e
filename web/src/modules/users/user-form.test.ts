import { describe, expect, it } from "vitest";
import type { UserView } from "../../../../shared/src/contracts/users.ts";
import { formValuesOf, toCreateBody, toUpdateBody } from "./user-form.ts";

const officer: UserView = {
  id: "u1",
  username: "ng.officer",
  displayName: "王经办",
  regionCode: "220102",
  regionName: "南关区",
  phone: null,
  status: "active",
  mustChangePassword: false,
  lockedUntil: null,
  lastLoginAt: null,
  createdAt: "2026-01-01T00:00:00Z",
  grants: [{ role: "hrss_officer", roleLabel: "人社部门经办人员", scopeType: "region", regionCode: "220102", regionName: "南关区", departmentCode: null, departmentName: null, institutionId: null, institutionName: null }],
  abilities: { edit: true, resetPassword: true, disable: true, enable: false, changeGrants: true, unlock: false },
};

describe("user form → request body", () => {
  it("sends only the scope fields of each row's scope type and null for a blank phone", () => {
    const body = toCreateBody({
      username: " ng.officer ",
      displayName: "王经办",
      regionCode: "220102",
      phone: "",
      grants: [
        { role: "hrss_officer", scopeType: "region", regionCode: "220102", departmentCode: "edu" },
        { role: "admin", scopeType: "province", regionCode: "220102" },
      ],
    });
    expect(body).toEqual({
      username: "ng.officer",
      displayName: "王经办",
      regionCode: "220102",
      phone: null,
      grants: [
        { role: "hrss_officer", scopeType: "region", regionCode: "220102" },
        { role: "admin", scopeType: "province" },
      ],
    });
  });

  it("an edit sends only what changed, and roles only when they changed", () => {
    const v = formValuesOf(officer);
    expect(toUpdateBody(officer, v)).toEqual({});
    expect(toUpdateBody(officer, { ...v, phone: "13800000000" })).toEqual({ phone: "13800000000" });
    const wider = { ...v, grants: [{ ...v.grants[0]!, regionCode: "220100" }] };
    expect(toUpdateBody(officer, wider)).toEqual({ grants: [{ role: "hrss_officer", scopeType: "region", regionCode: "220100" }] });
  });
});
