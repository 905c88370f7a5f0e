import { type Column, type SQL, sql } from "drizzle-orm";
import type { Permission } from "../../../../shared/src/permissions.ts";
import { regionPrefix } from "../../../../shared/src/regions.ts";
import { type Actor, grantsFor } from "../../platform/auth/actor.ts";
import { coversRegion, scopeWhere } from "../../platform/auth/scope.ts";
import { AppError } from "../../platform/http/errors.ts";
import { persons } from "./trainees.table.ts";

/**
 * What trainees needs to know about class rosters, as conditions on a person id. Classes depends
 * on trainees, not the reverse, so the classes module implements this port and the app passes it
 * in (`traineesRoutes(deps, enrollments)`): trainees never names class tables.
 */
export interface PersonEnrollments {
  /** the person is enrolled in an approved (approved, in progress, finished, assessed) class of the institution */
  inApprovedClassOf(personId: Column, institutionId: string): SQL;
}

/**
 * Which persons the actor may see with `perm`: province ⇒ all; a region grant ⇒ persons residing
 * in it (and, when `enrollments` is given, put on the roster of a class held in it: a county
 * reviews its classes' rosters even when a trainee lives elsewhere — both kept in person_regions,
 * so an index serves the scope); an institution grant ⇒ persons linked to that institution
 * (person_institutions); self ⇒ the trainee's own record.
 * @throws auth.forbidden when no role grants `perm`
 */
export function personScope(actor: Actor, perm: Permission = "person.read", enrollments?: PersonEnrollments): SQL {
  return scopeWhere(actor, perm, {
    region: (prefix) => {
      // region codes are six digits: a prefix is a range any btree serves (LIKE needs a C collation)
      const resident = sql`${persons.residenceRegionCode} between ${prefix.padEnd(6, "0")} and ${prefix.padEnd(6, "9")}`;
      if (!enrollments) return resident;
      // the province's own region grant: every person resides in, or trains in, Jilin
      if (prefix.length <= 2) return sql`true`;
      return sql`exists (select 1 from person_regions pr where pr.region_code = ${prefix.padEnd(6, "0")} and pr.person_id = ${persons.id})`;
    },
    institution: (id) => sql`exists (select 1 from person_institutions pi where pi.person_id = ${persons.id} and pi.institution_id = ${id})`,
    selfUser: persons.userId,
  });
}

/**
 * The same persons as `personScope`, as ids read from the scope tables alone (person_regions,
 * person_institutions), to count a list that has no other filter without reading persons: a
 * county's 43,000 are counted from one index in ≈ 3 ms instead of ≈ 20 ms through persons. Null
 * when that is no help (the province sees everyone; without `enrollments` the scope is residence on
 * persons itself). Must name exactly the persons personScope admits (trainees-scope-tables.db.test.ts).
 */
export function personScopeIds(actor: Actor, perm: Permission = "person.read", enrollments?: PersonEnrollments): SQL | null {
  if (!enrollments) return null;
  const parts: SQL[] = [];
  for (const g of grantsFor(actor, perm)) {
    if (g.scopeType === "province") return null;
    if (g.scopeType === "region" && g.regionCode) {
      const prefix = regionPrefix(g.regionCode);
      if (prefix.length <= 2) return null;
      parts.push(sql`select pr.person_id from person_regions pr where pr.region_code = ${prefix.padEnd(6, "0")}`);
    } else if (g.scopeType === "institution" && g.institutionId) {
      parts.push(sql`select pi.person_id from person_institutions pi where pi.institution_id = ${g.institutionId}`);
    } else if (g.scopeType === "self" && actor.userId) {
      parts.push(sql`select p.id from persons p where p.user_id = ${actor.userId}`);
    }
  }
  return parts.length ? sql.join(parts, sql` union all `) : null;
}

/**
 * The one scope table range that holds exactly the persons `personScope` admits — a single county
 * or city grant (its person_regions rows) or a single institution grant (its person_institutions
 * rows) — so a list can be read in name order from it alone; null for the province, for the
 * trainee's own record and for several grants (their union has no one index order).
 */
export function personScopeSource(
  actor: Actor,
  perm: Permission = "person.read",
  enrollments?: PersonEnrollments,
): { kind: "region"; code: string } | { kind: "institution"; institutionId: string } | null {
  if (!enrollments) return null;
  const found = new Map<string, { kind: "region"; code: string } | { kind: "institution"; institutionId: string }>();
  for (const g of grantsFor(actor, perm)) {
    if (g.scopeType === "region" && g.regionCode) {
      const prefix = regionPrefix(g.regionCode);
      if (prefix.length <= 2) return null;
      const code = prefix.padEnd(6, "0");
      found.set(`r${code}`, { kind: "region", code });
    } else if (g.scopeType === "institution" && g.institutionId) {
      found.set(`i${g.institutionId}`, { kind: "institution", institutionId: g.institutionId });
    } else return null;
  }
  return found.size === 1 ? [...found.values()][0]! : null;
}

/** The institutions the actor works for with `perm` (institution-scoped grants). */
export function actorInstitutions(actor: Actor, perm: Permission): string[] {
  return [...new Set(grantsFor(actor, perm).flatMap((g) => (g.scopeType === "institution" && g.institutionId ? [g.institutionId] : [])))];
}

/** Does the actor hold `perm` through a province or region grant (an officer, not institution staff)? */
export function isOfficer(actor: Actor, perm: Permission): boolean {
  return grantsFor(actor, perm).some((g) => g.scopeType === "province" || g.scopeType === "region");
}

/**
 * The institution a registration or import is made for: the one asked for (must be the caller's
 * own), else the caller's only institution; null for officers registering without one.
 * @throws auth.forbidden, person.institution_required
 */
export function registeringInstitution(actor: Actor, perm: Permission, requested: string | undefined): string | null {
  const own = actorInstitutions(actor, perm);
  const officer = isOfficer(actor, perm);
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
