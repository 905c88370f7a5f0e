import type { GrantInput, UserView } from "../../../../shared/src/contracts/users.ts";
import { roles } from "../../../../shared/src/permissions.ts";
import type { AssignmentRow, UserRow } from "./users.repo.ts";
import type { AccountAction } from "./users.rules.ts";

export function presentGrant(a: Omit<GrantInput, "role"> & { role: AssignmentRow["role"] }, names: Map<string, string>) {
  const role = a.role as keyof typeof roles;
  return {
    role,
    roleLabel: roles[role]?.label ?? a.role,
    scopeType: a.scopeType,
    regionCode: a.regionCode ?? null,
    regionName: a.regionCode ? (names.get(a.regionCode) ?? null) : null,
    departmentCode: a.departmentCode ?? null,
    institutionId: a.institutionId ?? null,
  };
}

/** `abilities` come from the account rules (users.rules.ts), computed by the caller with its facts. */
export function presentUser(u: UserRow, assignments: AssignmentRow[], names: Map<string, string>, abilities: Record<AccountAction, boolean>): UserView {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    regionCode: u.regionCode,
    regionName: names.get(u.regionCode) ?? u.regionCode,
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
