/**
 * The map of Jilin names its nine cities (市、州) by name; the overviews give region codes. Values
 * are keyed by the reference data's name for the code, which is the map's feature name
 * (web/src/assets/maps/NOTICE.md; map-names.test.ts checks every city).
 */
import type { ChildProgress } from "./progress.ts";

export interface MapDatum {
  name: string;
  regionCode: string;
  /** attainment in percent (one decimal), or null: the city is drawn grey */
  value: number | null;
  completed: number;
  target: number | null;
}

/**
 * One datum per child whose code is a city in `regionNames` (code → reference name); children that
 * are not cities (a city's counties) are left out — the map shows cities only.
 */
export function cityMapData(children: ChildProgress[], regionNames: ReadonlyMap<string, string>): MapDatum[] {
  return children.flatMap((c) => {
    const name = regionNames.get(c.regionCode);
    if (!name || !isCityCode(c.regionCode)) return [];
    return [{ name, regionCode: c.regionCode, value: c.attainment === null ? null : Math.round(c.attainment * 1000) / 10, completed: c.completed, target: c.target }];
  });
}

/** 2201 00 … 2224 00: a city (市、州) of Jilin, not the province, not a county */
export function isCityCode(code: string): boolean {
  return /^22\d{2}00$/.test(code) && code !== "220000";
}
