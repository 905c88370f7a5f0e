import { type SQL, sql } from "drizzle-orm";
import type { Permission } from "../../../../shared/src/permissions.ts";
import { regionPrefix } from "../../../../shared/src/regions.ts";
import { type Actor, grantsFor } from "../../platform/auth/actor.ts";
import { coversRegion } from "../../platform/auth/scope.ts";
import { anyProgramLedBy } from "../reference/index.ts";
import { catalogueItems, subsidyStandards } from "./catalogue.table.ts";
import { standardRegionChain } from "./standard-lookup.ts";

function provinceWide(actor: Actor, perm: Permission): boolean {
  return grantsFor(actor, perm).some((g) => g.scopeType === "province");
}

/** Items and occupations are the province's: only province-wide grants maintain them. */
export const canManageItems = (actor: Actor): boolean => provinceWide(actor, "catalogue.manage");
export const canManageOccupations = (actor: Actor): boolean => provinceWide(actor, "occupation.manage");
/** A city officer maintains its own city's standards; the province default needs a province grant. */
export const canManageStandardIn = (actor: Actor, regionCode: string): boolean => coversRegion(actor, "standard.manage", regionCode);

/** A department grant reads items serving a program the department leads. */
function ledByDepartment(departmentCode: string, programCodes: SQL | typeof catalogueItems.programCodes): SQL {
  return anyProgramLedBy(programCodes, departmentCode);
}

/**
 * Items the actor may read: every status for province/region grants of catalogue.read (a city
 * officer needs draft items to prepare its standards), items of their programs for department
 * grants, and published items for everyone logged in.
 */
export function itemReadWhere(actor: Actor): SQL {
  const parts: SQL[] = [sql`${catalogueItems.status} = 'published'`];
  for (const g of grantsFor(actor, "catalogue.read")) {
    if (g.scopeType === "province" || g.scopeType === "region") return sql`true`;
    if (g.scopeType === "department" && g.departmentCode) parts.push(ledByDepartment(g.departmentCode, catalogueItems.programCodes));
  }
  return sql`(${sql.join(parts, sql` or `)})`;
}

/**
 * Standards the actor may see in the console: province grants all; a region grant its own
 * region's standards plus those that apply there (its city's, the province default); a
 * department grant those of items it leads. Others see none (the portal shows published ones).
 */
export function standardReadWhere(actor: Actor): SQL {
  const parts: SQL[] = [];
  for (const g of grantsFor(actor, "catalogue.read")) {
    if (g.scopeType === "province") return sql`true`;
    if (g.scopeType === "region" && g.regionCode) {
      const chain = standardRegionChain(g.regionCode);
      parts.push(sql`(${subsidyStandards.regionCode} like ${`${regionPrefix(g.regionCode)}%`} or ${subsidyStandards.regionCode} in (${sql.join(chain.map((c) => sql`${c}`), sql`, `)}))`);
    }
    if (g.scopeType === "department" && g.departmentCode) {
      parts.push(
        sql`exists (select 1 from catalogue_items ci where ci.id = ${subsidyStandards.itemId} and ${ledByDepartment(g.departmentCode, sql`ci.program_codes`)})`,
      );
    }
  }
  return parts.length ? sql`(${sql.join(parts, sql` or `)})` : sql`false`;
}
