import { describe, expect, it } from "vitest";
import type { Region } from "./reference.api.ts";
import { regionTree } from "./region-tree.ts";

const r = (code: string, name: string, parentCode: string | null): Region => ({
  code,
  name,
  parentCode,
  level: code.endsWith("0000") ? "province" : code.endsWith("00") ? "city" : "county",
  note: null,
});
const regions = [r("220000", "吉林省", null), r("220100", "长春市", "220000"), r("220102", "南关区", "220100"), r("220103", "宽城区", "220100"), r("220200", "吉林市", "220000"), r("220202", "昌邑区", "220200")];

describe("region tree", () => {
  it("nests the whole province for a province-wide user", () => {
    const tree = regionTree(regions, "all");
    expect(tree).toHaveLength(1);
    expect(tree[0]!.title).toBe("吉林省");
    expect(tree[0]!.children!.map((c) => c.title)).toEqual(["长春市", "吉林市"]);
    expect(tree[0]!.children![0]!.children!.map((c) => c.value)).toEqual(["220102", "220103"]);
  });

  it("offers a county officer only their county, and a city officer only their city", () => {
    expect(regionTree(regions, ["220102"])).toEqual([{ value: "220102", title: "南关区" }]);
    const city = regionTree(regions, ["220200"]);
    expect(city.map((n) => n.title)).toEqual(["吉林市"]);
    expect(city[0]!.children!.map((n) => n.title)).toEqual(["昌邑区"]);
  });
});
