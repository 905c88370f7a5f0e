import type { SQL } from "drizzle-orm";
import type { Permission } from "../../../../shared/src/permissions.ts";
import type { Actor } from "../../platform/auth/actor.ts";
import { coversInstitution, scopeWhere } from "../../platform/auth/scope.ts";
import { servesDepartment } from "./institutions.repo.ts";
import { editableStatuses, type InstitutionAction, type InstitutionStatus, transitions } from "./institutions.rules.ts";
import { institutions } from "./institutions.table.ts";

/**
 * Which institutions an actor may touch with `perm`: a region covers the counties under it, an
 * institution grant its own institution, a department the institutions serving its programs.
 */
export function institutionScope(actor: Actor, perm: Permission): SQL {
  return scopeWhere(actor, perm, { region: institutions.regionCode, institution: institutions.id, department: servesDepartment });
}

interface Target {
  id: string;
  regionCode: string;
  status: InstitutionStatus;
  sanctionedUntil: string | null;
}

export function holds(actor: Actor, perm: Permission, t: Pick<Target, "id" | "regionCode">): boolean {
  return coversInstitution(actor, perm, t.id, t.regionCode);
}

/** The permission (of the transition table's list) with which this actor may act on this institution. */
export function actingPermission(actor: Actor, action: InstitutionAction, t: Pick<Target, "id" | "regionCode">): Permission | null {
  return transitions[action].by.find((p) => holds(actor, p, t)) ?? null;
}

/** A running sanction blocks lifting it early (reinstate) and re-applying during a ban. */
export function sanctionRunning(t: Pick<Target, "sanctionedUntil">, today: string): boolean {
  return t.sanctionedUntil !== null && t.sanctionedUntil >= today;
}

/** Row-level: may the actor take `action` now (status, scope, running sanction)? */
export function mayTransition(actor: Actor, action: InstitutionAction, t: Target, today: string): boolean {
  if (!transitions[action].from.includes(t.status)) return false;
  if (!actingPermission(actor, action, t)) return false;
  if ((action === "reinstate" || action === "reapply") && sanctionRunning(t, today)) return false;
  return true;
}

export function mayEdit(actor: Actor, t: Target): boolean {
  return editableStatuses.includes(t.status) && holds(actor, "institution.edit_own", t);
}

export function abilities(actor: Actor, t: Target, today: string, hasProposals: boolean) {
  const can = (a: InstitutionAction) => mayTransition(actor, a, t, today);
  return {
    edit: mayEdit(actor, t),
    approve: can("approve"),
    return: can("return"),
    resubmit: can("resubmit"),
    reinstate: can("reinstate"),
    renew: can("renew"),
    withdraw: can("withdraw"),
    reapply: can("reapply"),
    sanction: can("suspend"),
    reviewQualifications: hasProposals && holds(actor, "institution.review", t),
    viewSensitive: holds(actor, "institution.view_sensitive", t),
  };
}
