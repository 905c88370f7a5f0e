import { describe, expect, it } from "vitest";
import { cascadeProblems, keyOf, ownerRegionOf, regionTree, type TargetKey } from "./targets.cascade.ts";

const tree = regionTree([
  { code: "220000", name: "吉林省", level: "province", parentCode: null },
  { code: "220100", name: "长春市", level: "city", parentCode: "220000" },
  { code: "220200", name: "吉林市", level: "city", parentCode: "220000" },
  { code: "220102", name: "南关区", level: "county", parentCode: "220100" },
  { code: "220103", name: "宽城区", level: "county", parentCode: "220100" },
]);
const depts = ["agri", "disabled"];
const k = (regionCode: string, o: Partial<TargetKey> = {}): TargetKey => ({ period: "2025", line: "total", regionCode, departmentCode: null, ...o });
const values = (...pairs: [TargetKey, number][]) => new Map(pairs.map(([key, v]) => [keyOf(key), v]));

describe("the target cascade (pure)", () => {
  it("children may add up to their parent exactly, not one more", () => {
    const cur = values([k("220100"), 100], [k("220102"), 60]);
    expect(cascadeProblems(k("220103"), 40, cur, tree, depts)).toEqual([]);
    expect(cascadeProblems(k("220103"), 41, cur, tree, depts)).toEqual([
      { kind: "exceeds_parent", relation: "region", parent: k("220100"), parentTarget: 100, childrenSum: 101 },
    ]);
  });

  it("a parent not yet set limits nothing; a child not set counts as nothing", () => {
    expect(cascadeProblems(k("220102"), 1_000_000, new Map(), tree, depts)).toEqual([]);
    expect(cascadeProblems(k("220100"), 0, new Map(), tree, depts)).toEqual([]);
  });

  it("replacing a child's own value: its old value is not counted twice", () => {
    const cur = values([k("220100"), 100], [k("220102"), 100]);
    expect(cascadeProblems(k("220102"), 90, cur, tree, depts)).toEqual([]);
  });

  it("a parent may not go below its regions', departments' or years' sums", () => {
    const cur = values([k("220102"), 30], [k("220103"), 20], [k("220100", { departmentCode: "agri" }), 70]);
    expect(cascadeProblems(k("220100"), 49, cur, tree, depts).map((p) => [p.kind, p.relation])).toEqual([
      ["below_children", "region"],
      ["below_children", "department"],
    ]);
    const years = values([k("220000", { period: "2019" }), 230], [k("220000", { period: "2020" }), 240]);
    expect(cascadeProblems(k("220000", { period: "2019-2021" }), 469, years, tree, depts)).toEqual([{ kind: "below_children", relation: "period", childrenSum: 470 }]);
  });

  it("a department's share fits both its region's target and its department's share above", () => {
    const cur = values([k("220100"), 100], [k("220100", { departmentCode: "disabled" }), 50], [k("220000", { departmentCode: "agri" }), 30]);
    const problems = cascadeProblems(k("220100", { departmentCode: "agri" }), 51, cur, tree, depts);
    expect(problems.map((p) => p.kind === "exceeds_parent" && [p.relation, p.parentTarget, p.childrenSum])).toEqual([
      ["region", 30, 51],
      ["department", 100, 101],
    ]);
  });

  it("each level is owned by the one above; department shares by the region itself", () => {
    expect(ownerRegionOf(k("220000"), tree)).toBe("220000");
    expect(ownerRegionOf(k("220100"), tree)).toBe("220000");
    expect(ownerRegionOf(k("220102"), tree)).toBe("220100");
    expect(ownerRegionOf(k("220102", { departmentCode: "agri" }), tree)).toBe("220102");
  });
});
