import type { Permission, RoleName, ScopeType } from "../../../../shared/src/permissions.ts";
import { roles } from "../../../../shared/src/permissions.ts";

export interface Grant {
  role: RoleName;
  scopeType: ScopeType;
  regionCode: string | null;
  departmentCode: string | null;
  institutionId: string | null;
}

export interface Actor {
  kind: "user" | "system" | "anonymous";
  userId: string | null;
  username: string;
  regionCode: string | null;
  grants: Grant[];
  permissions: ReadonlySet<Permission>;
  mustChangePassword: boolean;
}

export function permissionsOf(grants: Grant[]): Set<Permission> {
  const set = new Set<Permission>();
  for (const g of grants) for (const p of roles[g.role]?.permissions ?? []) set.add(p);
  return set;
}

export function userActor(u: { id: string; username: string; regionCode: string; mustChangePassword: boolean }, grants: Grant[]): Actor {
  return {
    kind: "user",
    userId: u.id,
    username: u.username,
    regionCode: u.regionCode,
    grants,
    permissions: permissionsOf(grants),
    mustChangePassword: u.mustChangePassword,
  };
}

export const anonymousActor: Actor = {
  kind: "anonymous",
  userId: null,
  username: "anonymous",
  regionCode: null,
  grants: [],
  permissions: new Set(),
  mustChangePassword: false,
};

/** Imports, seeds and background jobs act as this explicit, province-wide system actor. */
export const systemActor: Actor = {
  kind: "system",
  userId: null,
  username: "system",
  regionCode: "220000",
  grants: [{ role: "admin", scopeType: "province", regionCode: "220000", departmentCode: null, institutionId: null }],
  permissions: permissionsOf([{ role: "admin", scopeType: "province", regionCode: "220000", departmentCode: null, institutionId: null }]),
  mustChangePassword: false,
};

/** Grants of the actor whose role carries `perm`. */
export function grantsFor(actor: Actor, perm: Permission): Grant[] {
  return actor.grants.filter((g) => roles[g.role]?.permissions.includes(perm));
}

/** Primary role label for the audit log: the roles that carry the permission, else all. */
export function roleSummary(actor: Actor): string | null {
  if (actor.kind !== "user") return actor.kind;
  return [...new Set(actor.grants.map((g) => g.role))].join(",") || null;
}
