import type { Permission } from "../../../../shared/src/permissions.ts";
import { roles } from "../../../../shared/src/permissions.ts";
import type { Actor, Grant } from "../../platform/auth/actor.ts";
import { grantsFor } from "../../platform/auth/actor.ts";
import { coversRegion } from "../../platform/auth/scope.ts";
import type { GrantInput } from "../../../../shared/src/contracts/users.ts";
import type { ValidationIssue } from "../../../../shared/src/errors.ts";

export interface ScopeCheckLookups {
  /** region of an institution, or null when unknown */
  institutionRegion(id: string): Promise<string | null>;
  departmentExists(code: string): Promise<boolean>;
  regionExists(code: string): Promise<boolean>;
}

const MANAGE: Permission = "user.manage";

export function isProvinceWide(actor: Actor, perm: Permission): boolean {
  return grantsFor(actor, perm).some((g) => g.scopeType === "province");
}

/**
 * Checks grants an administrator wants to give. Shape problems (scope that does not fit the role,
 * unknown region) are validation issues; a scope outside the administrator's own is `outside`.
 */
export async function checkGrants(
  actor: Actor,
  grants: GrantInput[],
  lookups: ScopeCheckLookups,
): Promise<{ issues: ValidationIssue[]; outside: string[] }> {
  const issues: ValidationIssue[] = [];
  const outside: string[] = [];
  for (const [i, g] of grants.entries()) {
    const path = `body.grants[${i}]`;
    const def = roles[g.role];
    if (!def.scopes.includes(g.scopeType)) {
      issues.push({ path: `${path}.scopeType`, code: "scope_not_allowed", message: `角色「${def.label}」不能按此范围授予` });
      continue;
    }
    switch (g.scopeType) {
      case "province":
        if (!isProvinceWide(actor, MANAGE)) outside.push(`${path}: 全省范围`);
        break;
      case "region":
        if (!g.regionCode) issues.push({ path: `${path}.regionCode`, code: "required", message: "请选择行政区划" });
        else if (!(await lookups.regionExists(g.regionCode))) issues.push({ path: `${path}.regionCode`, code: "unknown_region", message: "未知的行政区划代码" });
        else if (!coversRegion(actor, MANAGE, g.regionCode)) outside.push(`${path}: ${g.regionCode}`);
        break;
      case "department":
        if (!g.departmentCode) issues.push({ path: `${path}.departmentCode`, code: "required", message: "请选择部门" });
        else if (!(await lookups.departmentExists(g.departmentCode))) issues.push({ path: `${path}.departmentCode`, code: "unknown_department", message: "未知的部门" });
        else if (g.regionCode ? !coversRegion(actor, MANAGE, g.regionCode) : !isProvinceWide(actor, MANAGE)) outside.push(`${path}: 部门 ${g.departmentCode}`);
        break;
      case "institution": {
        if (!g.institutionId) {
          issues.push({ path: `${path}.institutionId`, code: "required", message: "请选择机构" });
          break;
        }
        const region = await lookups.institutionRegion(g.institutionId);
        if (!region) issues.push({ path: `${path}.institutionId`, code: "unknown_institution", message: "未知的机构" });
        else if (!coversRegion(actor, MANAGE, region)) outside.push(`${path}: 机构 ${g.institutionId}`);
        break;
      }
      case "self":
        break;
    }
  }
  return { issues, outside };
}

/**
 * A grant the actor could not have given — so may not take away, nor act on an account holding it
 * (users.rules.ts). `institutionRegion` is where an institution grant's institution is.
 */
export function grantOutsideActor(actor: Actor, g: Grant, institutionRegion: string | null): boolean {
  switch (g.scopeType) {
    case "province":
      return !isProvinceWide(actor, MANAGE);
    case "region":
      return !g.regionCode || !coversRegion(actor, MANAGE, g.regionCode);
    case "department":
      return g.regionCode ? !coversRegion(actor, MANAGE, g.regionCode) : !isProvinceWide(actor, MANAGE);
    case "institution":
      return !institutionRegion || !coversRegion(actor, MANAGE, institutionRegion);
    case "self":
      return false;
  }
}
