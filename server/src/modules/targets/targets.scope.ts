/**
 * Which targets an actor sees: a region grant the targets of its region and everything below it
 * (a city never another city's); a department grant its department's shares within its region;
 * province grants all. Out of scope ⇒ not found.
 */
import { regionLevel, regionWithin } from "../../../../shared/src/regions.ts";
import { type Actor, grantsFor } from "../../platform/auth/actor.ts";
import { AppError } from "../../platform/http/errors.ts";
import { PROVINCE, type TargetKey } from "./targets.cascade.ts";

export interface TargetScope {
  regionCode: string;
  /** a department grant sees only its department's shares */
  departmentCode: string | null;
}

/** @throws auth.forbidden without target.read */
export function scopesOf(actor: Actor): TargetScope[] {
  const grants = grantsFor(actor, "target.read");
  if (grants.length === 0) throw new AppError("auth.forbidden", "无权查看目标任务");
  return grants.flatMap((g): TargetScope[] => {
    if (g.scopeType === "province") return [{ regionCode: PROVINCE, departmentCode: null }];
    if (g.scopeType === "region" && g.regionCode) return [{ regionCode: g.regionCode, departmentCode: null }];
    if (g.scopeType === "department" && g.departmentCode) return [{ regionCode: g.regionCode ?? PROVINCE, departmentCode: g.departmentCode }];
    return [];
  });
}

const rank = { province: 0, city: 1, county: 2 } as const;

/** The caller's own level: the widest region grant, else the widest department grant. */
export function primaryScope(actor: Actor): TargetScope {
  const scopes = scopesOf(actor).sort(
    (a, b) => Number(a.departmentCode !== null) - Number(b.departmentCode !== null) || rank[regionLevel(a.regionCode)] - rank[regionLevel(b.regionCode)],
  );
  const first = scopes[0];
  if (!first) throw new AppError("auth.forbidden", "无权查看目标任务");
  return first;
}

export function canSee(actor: Actor, k: Pick<TargetKey, "regionCode" | "departmentCode">): boolean {
  return scopesOf(actor).some((s) => regionWithin(k.regionCode, s.regionCode) && (s.departmentCode === null || s.departmentCode === k.departmentCode));
}

/**
 * The department through which the actor looks at a region: none when a region grant covers it,
 * else the department of a department grant that does. Undefined: the region is out of scope.
 */
export function viewingDepartment(actor: Actor, regionCode: string): string | null | undefined {
  const covering = scopesOf(actor).filter((s) => regionWithin(regionCode, s.regionCode));
  if (covering.some((s) => s.departmentCode === null)) return null;
  return covering[0]?.departmentCode ?? undefined;
}
