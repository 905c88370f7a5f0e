import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import map from "../../assets/maps/jilin.json";
import { cityMapData, isCityCode } from "./map-names.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const csv = fs.readFileSync(path.resolve(here, "../../../../server/src/modules/reference/data/regions-jilin.csv"), "utf8");
const cities = csv
  .trim()
  .split("\n")
  .slice(1)
  .map((l) => l.split(","))
  .filter((f) => f[2] === "city")
  .map(([code, name]) => ({ code: code!, name: name! }));

describe("the map of Jilin", () => {
  it("has one feature per city of the reference data, named and coded as the reference names it", () => {
    expect(cities).toHaveLength(9);
    const features = map.features.map((f) => ({ code: String(f.id), name: f.properties.name }));
    expect(features.sort((a, b) => a.code.localeCompare(b.code))).toEqual(cities.sort((a, b) => a.code.localeCompare(b.code)));
  });

  it("keys each city's attainment by the map's name for it; counties and unknown codes are left out", () => {
    const names = new Map(cities.map((c) => [c.code, c.name]));
    const child = (regionCode: string, completed: number, target: number | null) => ({
      regionCode,
      regionName: "（统计口径名称）",
      target,
      completed,
      persons: 0,
      certificates: 0,
      attainment: target ? completed / target : null,
    });
    const data = cityMapData([child("222400", 1234, 10_000), child("220100", 0, null), child("220102", 5, 10), child("229900", 1, 1)], names);
    expect(data).toEqual([
      { name: "延边朝鲜族自治州", regionCode: "222400", value: 12.3, completed: 1234, target: 10_000 },
      { name: "长春市", regionCode: "220100", value: null, completed: 0, target: null },
    ]);
    const mapNames = new Set(map.features.map((f) => f.properties.name));
    for (const d of data) expect(mapNames.has(d.name)).toBe(true);
    expect([isCityCode("220000"), isCityCode("220102"), isCityCode("220800")]).toEqual([false, false, true]);
  });
});
