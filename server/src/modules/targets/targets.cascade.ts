/**
 * The target cascade, pure: which targets a target must fit inside (its parents) and which it
 * must hold (its children), and who owns each level. No I/O; the service loads the current values.
 *
 * Three relations, each "the children add up to at most the parent":
 * - region: a city's counties within the city, the cities within the province (same department);
 * - department: the departments' shares of a region within the region's own target;
 * - period: the plan's three years (2019, 2020, 2021) within the three-year target.
 * Lines (total, programs) are separate cascades: a program's apprentices or studios are not
 * person-times of the total.
 */
import { PLAN_CYCLE, PLAN_CYCLE_YEARS } from "../../../../shared/src/contracts/targets.ts";

export const PROVINCE = "220000";

export interface TargetKey {
  period: string;
  line: string;
  regionCode: string;
  departmentCode: string | null;
}

export const keyOf = (k: TargetKey): string => `${k.period}|${k.line}|${k.regionCode}|${k.departmentCode ?? "-"}`;

export interface RegionNode {
  code: string;
  name: string;
  level: "province" | "city" | "county";
  parentCode: string | null;
}

export interface RegionTree {
  get(code: string): RegionNode | undefined;
  children(code: string): RegionNode[];
}

export function regionTree(rows: readonly RegionNode[]): RegionTree {
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const kids = new Map<string, RegionNode[]>();
  for (const r of rows) {
    if (!r.parentCode) continue;
    const list = kids.get(r.parentCode) ?? [];
    list.push(r);
    kids.set(r.parentCode, list);
  }
  for (const list of kids.values()) list.sort((a, b) => a.code.localeCompare(b.code));
  return { get: (c) => byCode.get(c), children: (c) => kids.get(c) ?? [] };
}

export type Relation = "region" | "department" | "period";
export const relationLabels: Record<Relation, string> = { region: "下级地区", department: "部门分解", period: "分年度" };

export interface Group {
  relation: Relation;
  parent: TargetKey;
  children: TargetKey[];
}

/** The groups in which `k` is a child (its parents, with all their children). */
export function parentGroups(k: TargetKey, tree: RegionTree, departmentCodes: readonly string[]): Group[] {
  const out: Group[] = [];
  const region = tree.get(k.regionCode);
  if (region?.parentCode) {
    const parent = { ...k, regionCode: region.parentCode };
    out.push({ relation: "region", parent, children: tree.children(region.parentCode).map((r) => ({ ...k, regionCode: r.code })) });
  }
  if (k.departmentCode) {
    out.push({ relation: "department", parent: { ...k, departmentCode: null }, children: departmentCodes.map((d) => ({ ...k, departmentCode: d })) });
  }
  if ((PLAN_CYCLE_YEARS as readonly string[]).includes(k.period)) {
    out.push({ relation: "period", parent: { ...k, period: PLAN_CYCLE }, children: PLAN_CYCLE_YEARS.map((p) => ({ ...k, period: p })) });
  }
  return out;
}

/** The groups in which `k` is the parent. */
export function childGroups(k: TargetKey, tree: RegionTree, departmentCodes: readonly string[]): Group[] {
  const out: Group[] = [];
  const below = tree.children(k.regionCode);
  if (below.length) out.push({ relation: "region", parent: k, children: below.map((r) => ({ ...k, regionCode: r.code })) });
  if (!k.departmentCode) out.push({ relation: "department", parent: k, children: departmentCodes.map((d) => ({ ...k, departmentCode: d })) });
  if (k.period === PLAN_CYCLE) out.push({ relation: "period", parent: k, children: PLAN_CYCLE_YEARS.map((p) => ({ ...k, period: p })) });
  return out;
}

/** Every key whose current value the check of `k` needs. */
export function keysToCheck(k: TargetKey, tree: RegionTree, departmentCodes: readonly string[]): TargetKey[] {
  const all = [k];
  for (const g of parentGroups(k, tree, departmentCodes)) all.push(g.parent, ...g.children);
  for (const g of childGroups(k, tree, departmentCodes)) all.push(...g.children);
  const seen = new Set<string>();
  return all.filter((x) => !seen.has(keyOf(x)) && seen.add(keyOf(x)));
}

export type CascadeProblem =
  | { kind: "exceeds_parent"; relation: Relation; parent: TargetKey; parentTarget: number; childrenSum: number }
  | { kind: "below_children"; relation: Relation; childrenSum: number };

/**
 * What setting `k` to `value` would break, given the current values (keyed by keyOf; a missing
 * key is a target not set, which neither limits nor counts). A parent not yet set limits nothing.
 */
export function cascadeProblems(k: TargetKey, value: number, current: ReadonlyMap<string, number>, tree: RegionTree, departmentCodes: readonly string[]): CascadeProblem[] {
  const out: CascadeProblem[] = [];
  const self = keyOf(k);
  const proposed = (x: TargetKey) => (keyOf(x) === self ? value : (current.get(keyOf(x)) ?? 0));
  for (const g of parentGroups(k, tree, departmentCodes)) {
    const parentTarget = current.get(keyOf(g.parent));
    if (parentTarget === undefined) continue;
    const childrenSum = g.children.reduce((s, c) => s + proposed(c), 0);
    if (childrenSum > parentTarget) out.push({ kind: "exceeds_parent", relation: g.relation, parent: g.parent, parentTarget, childrenSum });
  }
  for (const g of childGroups(k, tree, departmentCodes)) {
    const childrenSum = g.children.reduce((s, c) => s + (current.get(keyOf(c)) ?? 0), 0);
    if (value < childrenSum) out.push({ kind: "below_children", relation: g.relation, childrenSum });
  }
  return out;
}

/**
 * The region whose officer owns a target: a region's own target is set by the level above
 * (the province sets its own and its cities', a city its counties'); a department's share of a
 * region by that region's officer.
 */
export function ownerRegionOf(k: TargetKey, tree: RegionTree): string {
  if (k.departmentCode) return k.regionCode;
  return tree.get(k.regionCode)?.parentCode ?? PROVINCE;
}

/** "2019" … next year, and the plan's three years. */
export function periodsUpTo(lastYear: number): string[] {
  const out = [PLAN_CYCLE];
  for (let y = 2019; y <= lastYear; y++) out.push(String(y));
  return out;
}
