import { type SQL, sql } from "drizzle-orm";
import type { Permission } from "../../../../shared/src/permissions.ts";
import { type Actor, grantsFor } from "../../platform/auth/actor.ts";
import { coversRegion, scopeWhere } from "../../platform/auth/scope.ts";
import { AppError } from "../../platform/http/errors.ts";
import { persons } from "./trainees.table.ts";

/**
 * Which persons the actor may see with `perm`: province ⇒ all; a region grant ⇒ persons residing
 * in it or enrolled in a class held in it; an institution grant ⇒ persons linked to that
 * institution (person_institutions); self ⇒ the trainee's own record.
 * @throws auth.forbidden when no role grants `perm`
 */
export function personScope(actor: Actor, perm: Permission = "person.read"): SQL {
  return scopeWhere(actor, perm, {
    // residents of the region, and trainees of classes held in it (a county reviews its classes'
    // rosters even when a trainee lives elsewhere); raw SQL because classes depends on this module
    region: (prefix) =>
      sql`(${persons.residenceRegionCode} like ${`${prefix}%`} or exists (select 1 from class_enrollments ce join classes c on c.id = ce.class_id where ce.person_id = ${persons.id} and c.region_code like ${`${prefix}%`}))`,
    institution: (id) => sql`exists (select 1 from person_institutions pi where pi.person_id = ${persons.id} and pi.institution_id = ${id})`,
    selfUser: persons.userId,
  });
}

/**
 * The institution a registration or import is made for: the one asked for (must be the caller's
 * own), else the caller's only institution; null for officers registering without one.
 * @throws auth.forbidden, person.institution_required
 */
export function registeringInstitution(actor: Actor, perm: Permission, requested: string | undefined): string | null {
  const grants = grantsFor(actor, perm);
  const own = [...new Set(grants.filter((g) => g.scopeType === "institution" && g.institutionId).map((g) => g.institutionId!))];
  const officer = grants.some((g) => g.scopeType === "province" || g.scopeType === "region");
  if (requested !== undefined) {
    if (own.includes(requested)) return requested;
    throw new AppError("auth.forbidden", "只能以本人所在机构的名义登记");
  }
  if (own.length === 1 && !officer) return own[0]!;
  if (own.length > 1) throw new AppError("person.institution_required", "您属于多个机构，请选择登记机构");
  if (officer) return null;
  throw new AppError("auth.forbidden", "无权执行此操作");
}

/** Officers (no institution) may only register persons residing in their own region. */
export function mayRegisterResident(actor: Actor, perm: Permission, institutionId: string | null, residenceRegionCode: string): boolean {
  return institutionId !== null || coversRegion(actor, perm, residenceRegionCode);
}
