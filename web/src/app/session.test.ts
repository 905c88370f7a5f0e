import { describe, expect, it } from "vitest";
import type { MeView } from "../../../shared/src/contracts/users.ts";
import { regionsWhere, safeNext } from "./session.ts";

type G = MeView["grants"][number];
const grant = (g: Partial<G>): G => ({ role: "hrss_officer", roleLabel: "", scopeType: "region", regionCode: null, regionName: null, departmentCode: null, departmentName: null, institutionId: null, institutionName: null, ...g });

describe("regions a user may work in", () => {
  it("is everything for a province-wide grant", () => {
    expect(regionsWhere({ grants: [grant({ role: "admin", scopeType: "province", regionCode: "220000" })] }, "user.manage")).toBe("all");
  });

  it("lists region grants of roles that carry the permission, widest first", () => {
    const grants = [grant({ regionCode: "220102" }), grant({ regionCode: "220100" }), grant({ regionCode: "220202" }), grant({ role: "finance_officer", regionCode: "220300" })];
    expect(regionsWhere({ grants }, "user.read")).toEqual(["220100", "220202"]);
    expect(regionsWhere({ grants }, "user.manage")).toEqual([]);
  });
});

describe("return path after login", () => {
  it("accepts console paths and refuses other sites", () => {
    expect(safeNext("/users?page=2")).toBe("/users?page=2");
    expect(safeNext("//evil.example")).toBe("/");
    expect(safeNext("https://evil.example")).toBe("/");
    expect(safeNext("/login")).toBe("/");
    expect(safeNext(null)).toBe("/");
  });
});
