import { regionWithin } from "../../../../shared/src/regions.ts";
import type { Region } from "./reference.api.ts";

export interface RegionNode {
  value: string;
  title: string;
  children?: RegionNode[];
}

/**
 * The region hierarchy as TreeSelect data, limited to the subtrees under `within` (a list of
 * region codes, or "all"). A county-scoped officer sees their county as the only root.
 */
export function regionTree(regions: readonly Region[], within: "all" | readonly string[]): RegionNode[] {
  const included = regions.filter((r) => within === "all" || within.some((w) => regionWithin(r.code, w)));
  const codes = new Set(included.map((r) => r.code));
  const nodes = new Map<string, RegionNode>(included.map((r) => [r.code, { value: r.code, title: r.name }]));
  const roots: RegionNode[] = [];
  for (const r of included) {
    const node = nodes.get(r.code)!;
    const parent = r.parentCode && codes.has(r.parentCode) ? nodes.get(r.parentCode) : undefined;
    if (!parent) roots.push(node);
    else if (parent.children) parent.children.push(node);
    else parent.children = [node];
  }
  return roots;
}

export function regionNames(regions: readonly Region[]): Map<string, string> {
  return new Map(regions.map((r) => [r.code, r.name]));
}
