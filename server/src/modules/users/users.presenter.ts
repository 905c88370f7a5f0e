import type { GrantInput, UserView } from "../../../../shared/src/contracts/users.ts";
import { roles } from "../../../../shared/src/permissions.ts";
import type { AssignmentRow, UserRow } from "./users.repo.ts";
import type { AccountAction } from "./users.rules.ts";

/** Names a screen shows for grants and homes: regions, departments and institutions by code/id. */
export interface GrantNames {
  regions: ReadonlyMap<string, string>;
  departments: ReadonlyMap<string, string>;
  institutions: ReadonlyMap<string, string>;
}

export function presentGrant(a: Omit<GrantInput, "role"> & { role: AssignmentRow["role"] }, names: GrantNames) {
  const role = a.role as keyof typeof roles;
  return {
    role,
    roleLabel: roles[role]?.label ?? a.role,
    scopeType: a.scopeType,
    regionCode: a.regionCode ?? null,
    regionName: a.regionCode ? (names.regions.get(a.regionCode) ?? null) : null,
    departmentCode: a.departmentCode ?? null,
    departmentName: a.departmentCode ? (names.departments.get(a.departmentCode) ?? null) : null,
    institutionId: a.institutionId ?? null,
    institutionName: a.institutionId ? (names.institutions.get(a.institutionId) ?? null) : null,
  };
}

/** `abilities` come from the account rules (users.rules.ts), computed by the caller with its facts. */
export function presentUser(u: UserRow, assignments: AssignmentRow[], names: GrantNames, abilities: Record<AccountAction, boolean>): UserView {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    regionCode: u.regionCode,
    regionName: names.regions.get(u.regionCode) ?? u.regionCode,
    phone: u.phone,
    status: u.status,
    mustChangePassword: u.mustChangePassword,
    lockedUntil: u.lockedUntil?.toISOString() ?? null,
    lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
    createdAt: u.createdAt.toISOString(),
    grants: assignments.map((a) => presentGrant(a, names)),
    abilities,
  };
}
