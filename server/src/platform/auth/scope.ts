import { type Column, type SQL, and, eq, or, sql } from "drizzle-orm";
import type { Permission } from "../../../../shared/src/permissions.ts";
import { regionPrefix, regionWithin } from "../../../../shared/src/regions.ts";
import { AppError } from "../http/errors.ts";
import { type Actor, grantsFor } from "./actor.ts";

/** How a table's rows relate to each kind of scope; omit what does not apply to the table. */
export interface ScopeColumns {
  /** a region-code column (matched by GB/T 2260 prefix), or a condition built from the prefix */
  region?: Column | SQL | ((prefix: string) => SQL);
  /** a column compared to the granted institution, or a condition built from it (e.g. a link table) */
  institution?: Column | SQL | ((institutionId: string) => SQL);
  /**
   * a department scope matches rows where this returns true (e.g. the row's program is led by it);
   * a department grant limited to a region also needs `region` (without it such a grant sees nothing)
   */
  department?: (departmentCode: string) => SQL;
  /** the trainee's own records: a column compared to the actor's user id, or a condition built from it */
  selfUser?: Column | SQL | ((userId: string) => SQL);
}

/**
 * A region prefix as a range of six-digit codes: the same rows as `LIKE '2201%'`, but a btree on
 * the column serves it in any collation (LIKE uses an index only under the C collation), so a
 * county's or city's list reads its own rows, not the province's.
 */
function regionMatch(region: NonNullable<ScopeColumns["region"]>, regionCode: string): SQL {
  const prefix = regionPrefix(regionCode);
  return typeof region === "function" ? region(prefix) : sql`${region} between ${prefix.padEnd(6, "0")} and ${prefix.padEnd(6, "9")}`;
}

function match(target: Column | SQL | ((v: string) => SQL), value: string): SQL {
  return typeof target === "function" ? target(value) : eq(target as Column, value);
}

/**
 * The `WHERE` that keeps only rows the actor may see with `perm`. Rows outside it are simply not
 * found (404), so other regions cannot be probed. Throws auth.forbidden when no role grants `perm`.
 */
export function scopeWhere(actor: Actor, perm: Permission, cols: ScopeColumns): SQL {
  const grants = grantsFor(actor, perm);
  if (grants.length === 0) throw new AppError("auth.forbidden", "无权执行此操作");
  const parts: SQL[] = [];
  for (const g of grants) {
    switch (g.scopeType) {
      case "province":
        return sql`true`;
      case "region":
        if (cols.region && g.regionCode) parts.push(regionMatch(cols.region, g.regionCode));
        break;
      case "institution":
        if (cols.institution && g.institutionId) parts.push(match(cols.institution, g.institutionId));
        break;
      case "department":
        // a department grant is department ∩ region: 省妇联 limited to 长春市 sees its programs there only
        if (!cols.department || !g.departmentCode) break;
        if (!g.regionCode || g.regionCode === "220000") parts.push(cols.department(g.departmentCode));
        else if (cols.region) parts.push(and(cols.department(g.departmentCode), regionMatch(cols.region, g.regionCode)) as SQL);
        break;
      case "self":
        if (cols.selfUser && actor.userId) parts.push(match(cols.selfUser, actor.userId));
        break;
    }
  }
  return parts.length ? (or(...parts) as SQL) : sql`false`;
}

/** Does some grant of `perm` cover this region? (province, or a region grant above it) */
export function coversRegion(actor: Actor, perm: Permission, regionCode: string): boolean {
  return grantsFor(actor, perm).some(
    (g) => g.scopeType === "province" || (g.scopeType === "region" && g.regionCode !== null && regionWithin(regionCode, g.regionCode)),
  );
}

export function coversInstitution(actor: Actor, perm: Permission, institutionId: string, regionCode?: string): boolean {
  return grantsFor(actor, perm).some(
    (g) =>
      g.scopeType === "province" ||
      (g.scopeType === "institution" && g.institutionId === institutionId) ||
      (regionCode !== undefined && g.scopeType === "region" && g.regionCode !== null && regionWithin(regionCode, g.regionCode)),
  );
}

export function hasPermission(actor: Actor, perm: Permission): boolean {
  return actor.permissions.has(perm);
}
