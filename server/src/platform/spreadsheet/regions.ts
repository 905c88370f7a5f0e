import type { ReadTable } from "./read.ts";

export interface RegionEntry {
  code: string;
  name: string;
  level: "province" | "city" | "county";
  parentCode: string | null;
}

export type RegionResolution = { code: string } | { problem: { code: "region_unknown" | "region_ambiguous"; message: string } };
export type RegionResolver = (text: string) => RegionResolution;

const PROVINCE_PREFIX = "吉林省";

/**
 * Turns what people type in a region cell into a division code: the 6-digit code itself, the
 * exact name (南关区, 长春市), the name under its city (长春市南关区, 吉林省长春市南关区) or a short name
 * (南关, 长春) — but only when exactly one region answers. A name two regions share (吉林 = 吉林省
 * and 吉林市; a district name repeated in two cities) is refused with the candidates, asking for the
 * code or the city + county form. Pure: the regions table is read once by the caller.
 */
export function regionResolver(entries: readonly RegionEntry[]): RegionResolver {
  const byCode = new Map(entries.map((e) => [e.code, e]));
  const pathOf = (e: RegionEntry) => {
    const parent = e.parentCode ? byCode.get(e.parentCode) : undefined;
    return parent && parent.level !== "province" ? parent.name + e.name : e.name;
  };
  return (raw) => {
    const text = raw.replace(/\s+/g, "");
    if (/^\d{6}$/.test(text)) return { code: text };
    const t = text.startsWith(PROVINCE_PREFIX) && text.length > PROVINCE_PREFIX.length ? text.slice(PROVINCE_PREFIX.length) : text;
    const tiers: ((e: RegionEntry) => boolean)[] = [
      (e) => e.name === t,
      (e) => pathOf(e) === t,
      // a short name: at least two characters, the start of exactly one name
      (e) => t.length >= 2 && e.name.startsWith(t),
    ];
    for (const match of tiers) {
      const found = entries.filter(match);
      if (found.length === 1) return { code: found[0]!.code };
      if (found.length > 1) {
        const list = found.map((e) => `${pathOf(e)} ${e.code}`).join("、");
        return { problem: { code: "region_ambiguous", message: `“${raw}”对应多个地区（${list}），请填写区划代码或“市+县（区）”全称` } };
      }
    }
    return { problem: { code: "region_unknown", message: `未找到名为“${raw}”的吉林省地区，请填写 6 位区划代码或地区全称` } };
  };
}

/**
 * Replaces region names by codes in the given columns of a read table, before the importer's own
 * checks run. A name that cannot be resolved becomes a cell problem (and the cell reads as empty,
 * so the importer does not report it a second time).
 */
export function resolveRegionCells(table: ReadTable, columns: readonly { key: string; label: string }[], resolve: RegionResolver): void {
  for (const r of table.rows) {
    for (const c of columns) {
      const v = r.values[c.key];
      if (v === null || v === undefined || /^\d{6}$/.test(v)) continue;
      const answer = resolve(v);
      if ("code" in answer) r.values[c.key] = answer.code;
      else {
        r.values[c.key] = null;
        table.problems.push({ row: r.row, column: c.label, code: answer.problem.code, message: answer.problem.message });
      }
    }
  }
}
