import { describe, expect, it } from "vitest";
import type { ReadTable } from "./read.ts";
import { type RegionEntry, regionResolver, resolveRegionCells } from "./regions.ts";

const jilin: RegionEntry[] = [
  { code: "220000", name: "吉林省", level: "province", parentCode: null },
  { code: "220100", name: "长春市", level: "city", parentCode: "220000" },
  { code: "220102", name: "南关区", level: "county", parentCode: "220100" },
  { code: "220104", name: "朝阳区", level: "county", parentCode: "220100" },
  { code: "220200", name: "吉林市", level: "city", parentCode: "220000" },
  { code: "220204", name: "船营区", level: "county", parentCode: "220200" },
  // a made-up second 朝阳区, to stand for a name two cities share
  { code: "220299", name: "朝阳区", level: "county", parentCode: "220200" },
];
const resolve = regionResolver(jilin);

describe("region names in imports", () => {
  it("takes a code as it is, and a county's or city's exact name", () => {
    expect(resolve("220102")).toEqual({ code: "220102" });
    expect(resolve("南关区")).toEqual({ code: "220102" });
    expect(resolve(" 南关区 ")).toEqual({ code: "220102" });
    expect(resolve("长春市")).toEqual({ code: "220100" });
    expect(resolve("吉林市")).toEqual({ code: "220200" });
  });

  it("takes the city + county form and the province prefix", () => {
    expect(resolve("长春市南关区")).toEqual({ code: "220102" });
    expect(resolve("吉林省长春市南关区")).toEqual({ code: "220102" });
    expect(resolve("吉林市朝阳区")).toEqual({ code: "220299" });
  });

  it("takes a short name only when one region starts with it", () => {
    expect(resolve("南关")).toEqual({ code: "220102" });
    expect(resolve("长春")).toEqual({ code: "220100" });
    const jl = resolve("吉林");
    expect("problem" in jl && jl.problem.code).toBe("region_ambiguous");
  });

  it("asks for the code when two regions share the name, naming both", () => {
    const r = resolve("朝阳区");
    expect(r).toMatchObject({ problem: { code: "region_ambiguous" } });
    if ("problem" in r) {
      expect(r.problem.message).toContain("长春市朝阳区 220104");
      expect(r.problem.message).toContain("吉林市朝阳区 220299");
    }
  });

  it("says plainly when no region has the name", () => {
    expect(resolve("海淀区")).toMatchObject({ problem: { code: "region_unknown" } });
    expect(resolve("区")).toMatchObject({ problem: { code: "region_unknown" } });
  });

  it("rewrites the cells of a read table and reports the ones it cannot resolve", () => {
    const table: ReadTable = {
      rows: [
        { row: 2, values: { residence: "南关区", household: null } },
        { row: 3, values: { residence: "朝阳区", household: "220204" } },
      ],
      problems: [],
    };
    resolveRegionCells(table, [{ key: "residence", label: "居住地区划代码" }, { key: "household", label: "户籍地区划代码" }], resolve);
    expect(table.rows[0]!.values.residence).toBe("220102");
    expect(table.rows[1]!.values).toEqual({ residence: null, household: "220204" });
    expect(table.problems).toEqual([expect.objectContaining({ row: 3, column: "居住地区划代码", code: "region_ambiguous" })]);
  });
});
