import type { SQL } from "drizzle-orm";
import type { Permission } from "../../../../shared/src/permissions.ts";
import type { Actor } from "../../platform/auth/actor.ts";
import { scopeWhere } from "../../platform/auth/scope.ts";
import { classes } from "../classes/index.ts";

/**
 * Which classes the actor may touch with `perm`: an institution its own classes, a county (or
 * city) officer the classes of its region, province grants all. Out of scope ⇒ not found.
 * @throws auth.forbidden when no role grants `perm`
 */
export function classScope(actor: Actor, perm: Permission): SQL {
  return scopeWhere(actor, perm, { region: classes.regionCode, institution: classes.institutionId });
}

/** Class statuses in which trainees check in and codes are shown. */
export const ACTIVE_CLASS_STATUSES = ["approved", "in_progress"] as const;

/**
 * Separation of duties for corrections: whoever filed it never decides it (the database refuses
 * it too). The decider needs attendance.approve_correction over the class (county officer).
 */
export function mayDecide(actor: Actor, correction: { filedBy: string; status: string }): boolean {
  return actor.permissions.has("attendance.approve_correction") && correction.status === "pending" && actor.userId !== correction.filedBy;
}
