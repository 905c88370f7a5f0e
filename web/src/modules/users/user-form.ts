import type { CreateUserBody, GrantInput, UpdateUserBody, UserView } from "../../../../shared/src/contracts/users.ts";
import type { RoleName, ScopeType } from "../../../../shared/src/permissions.ts";

/** One role row of the user form, as the form holds it (fields may still be empty). */
export interface GrantFormValue {
  role?: RoleName;
  scopeType?: ScopeType;
  regionCode?: string | null;
  departmentCode?: string | null;
  institutionId?: string | null;
}

export interface UserFormValues {
  username: string;
  displayName: string;
  regionCode: string;
  phone?: string;
  grants: GrantFormValue[];
}

/** Only the scope fields that belong to the row's scope type go to the server. */
export function toGrantInput(g: GrantFormValue): GrantInput {
  const out: GrantInput = { role: g.role!, scopeType: g.scopeType! };
  if (g.scopeType === "region" || g.scopeType === "department") out.regionCode = g.regionCode || null;
  if (g.scopeType === "department") out.departmentCode = g.departmentCode || null;
  if (g.scopeType === "institution") out.institutionId = g.institutionId?.trim() || null;
  return out;
}

const blankToNull = (s: string | undefined) => s?.trim() || null;

export function toCreateBody(v: UserFormValues): CreateUserBody {
  return { username: v.username?.trim(), displayName: v.displayName?.trim(), regionCode: v.regionCode, phone: blankToNull(v.phone), grants: (v.grants ?? []).map(toGrantInput) };
}

export function formValuesOf(u: UserView): UserFormValues {
  return {
    username: u.username,
    displayName: u.displayName,
    regionCode: u.regionCode,
    phone: u.phone ?? undefined,
    grants: u.grants.map((g) => ({ role: g.role, scopeType: g.scopeType, regionCode: g.scopeType === "province" ? null : g.regionCode, departmentCode: g.departmentCode, institutionId: g.institutionId })),
  };
}

const grantKey = (g: GrantInput) => JSON.stringify([g.role, g.scopeType, g.regionCode ?? null, g.departmentCode ?? null, g.institutionId ?? null]);

/**
 * The PATCH body for an edit: only what changed. Roles are sent only when they changed, because
 * replacing them is refused for one's own account and for roles outside the editor's scope.
 */
export function toUpdateBody(before: UserView, v: UserFormValues): UpdateUserBody {
  const body: UpdateUserBody = {};
  if (v.displayName?.trim() !== before.displayName) body.displayName = v.displayName?.trim();
  const phone = blankToNull(v.phone);
  if (phone !== before.phone) body.phone = phone;
  const grants = (v.grants ?? []).map(toGrantInput);
  const old = formValuesOf(before).grants.map(toGrantInput);
  if (grants.map(grantKey).sort().join() !== old.map(grantKey).sort().join()) body.grants = grants;
  return body;
}
