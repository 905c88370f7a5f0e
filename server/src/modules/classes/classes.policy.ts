import { type SQL, sql } from "drizzle-orm";
import type { Permission } from "../../../../shared/src/permissions.ts";
import { type Actor, grantsFor } from "../../platform/auth/actor.ts";
import { coversRegion, scopeWhere } from "../../platform/auth/scope.ts";
import { AppError } from "../../platform/http/errors.ts";
import { assessorInstitution, type Party } from "./classes.rules.ts";
import { classes } from "./classes.table.ts";

/**
 * Which classes the actor may see or act on with `perm`: province ⇒ all; region ⇒ classes whose
 * county is under it (a city officer sees its counties); institution ⇒ its own classes, and the
 * skill-level classes it evaluates; department ⇒ classes of programs the department leads;
 * self ⇒ classes the trainee is enrolled in. Out of scope ⇒ not found.
 * @throws auth.forbidden when no role grants `perm`
 */
export function classScope(actor: Actor, perm: Permission): SQL {
  return scopeWhere(actor, perm, {
    region: classes.regionCode,
    institution: (id) => sql`(${classes.institutionId} = ${id} or ${classes.evaluatorInstitutionId} = ${id})`,
    department: (code) => sql`exists (select 1 from programs pr where pr.code = ${classes.programCode} and ${code} = any(pr.lead_department_codes))`,
    selfUser: (userId) =>
      sql`exists (select 1 from class_enrollments ce join persons p on p.id = ce.person_id where ce.class_id = ${classes.id} and p.user_id = ${userId})`,
  });
}

export interface ClassForPolicy {
  institutionId: string;
  regionCode: string;
  certificateType: string;
  evaluatorInstitutionId: string | null;
}

function hasInstitutionGrant(actor: Actor, perm: Permission, institutionId: string | null): boolean {
  return institutionId !== null && grantsFor(actor, perm).some((g) => g.scopeType === "institution" && g.institutionId === institutionId);
}

/** The roles the actor plays for this class (one actor may play several). */
export function partiesOf(actor: Actor, c: ClassForPolicy): Party[] {
  const out: Party[] = [];
  if (hasInstitutionGrant(actor, "class.apply", c.institutionId)) out.push("institution");
  if (coversRegion(actor, "class.review", c.regionCode)) out.push("officer");
  if (hasInstitutionGrant(actor, "class.results", assessorInstitution(c))) out.push("assessor");
  return out;
}

/**
 * The institution a new class is applied for: the one asked for (must be the caller's own), else
 * the caller's only institution.
 * @throws auth.forbidden, class.institution_required
 */
export function applyingInstitution(actor: Actor, requested: string | undefined): string {
  const own = [...new Set(grantsFor(actor, "class.apply").flatMap((g) => (g.scopeType === "institution" && g.institutionId ? [g.institutionId] : [])))];
  if (requested !== undefined) {
    if (own.includes(requested)) return requested;
    throw new AppError("auth.forbidden", "只能以本人所在机构的名义申请开班");
  }
  if (own.length === 1) return own[0]!;
  if (own.length > 1) throw new AppError("class.institution_required", "您属于多个机构，请选择申请机构");
  throw new AppError("auth.forbidden", "只有培训机构人员可以申请开班");
}
