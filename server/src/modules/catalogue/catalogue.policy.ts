/**
 * Who may maintain the catalogue, declared once (decision 0003): occupations and items are the
 * province's, subsidy standards belong to the city (or 省直管 county) whose standard they are.
 * Services assert these rules and presenters derive `abilities` from them; which rows an actor
 * reads at all is the `*ReadWhere` scope below (out of scope is 404 before any rule).
 */
import { type SQL, sql } from "drizzle-orm";
import type { Permission } from "../../../../shared/src/permissions.ts";
import { regionPrefix } from "../../../../shared/src/regions.ts";
import { type Actor, grantsFor } from "../../platform/auth/actor.ts";
import { defineRules } from "../../platform/authz/rules.ts";
import { anyProgramLedBy } from "../reference/index.ts";
import { catalogueItems, subsidyStandards } from "./catalogue.table.ts";
import { standardRegionChain } from "./standard-lookup.ts";

function provinceWide(actor: Actor, perm: Permission): boolean {
  return grantsFor(actor, perm).some((g) => g.scopeType === "province");
}

/**
 * Does a standard.manage grant reach standards set for `regionCode`? Only when the grant's region
 * is in that region's standards chain: a city grant reaches its own city's standards, but not those
 * of a 省直管 county inside its prefix (通化 220500 does not write 梅河口 220581, which resolves to
 * its own standard and then the province's, never 通化's).
 */
export function coversStandardRegion(actor: Actor, regionCode: string): boolean {
  const chain = standardRegionChain(regionCode);
  return grantsFor(actor, "standard.manage").some((g) => g.scopeType === "province" || (g.scopeType === "region" && g.regionCode !== null && chain.includes(g.regionCode)));
}

type ItemStatus = (typeof catalogueItems.$inferSelect)["status"];
type OccupationStatus = "active" | "retired";

/** Items and their versions: province-wide catalogue.manage only. */
export const itemRules = defineRules<"manager", ItemStatus, "create" | "update" | "publish" | "withdraw" | "addVersion" | "updateVersion", { status: ItemStatus }, { versionCount: number }>({
  record: "catalogue_item",
  parties: { manager: (actor) => provinceWide(actor, "catalogue.manage") },
  state: (i) => i.status,
  stateLabels: { draft: "草稿", published: "已发布", withdrawn: "已撤销" },
  forbiddenCode: "catalogue.province_only",
  refusedCode: "catalogue.bad_transition",
  actions: {
    create: { by: ["manager"], label: "新增项目" },
    // programs and industry may change in any status; identity fields only while draft (service: catalogue.item_locked)
    update: { by: ["manager"], label: "修改项目" },
    publish: {
      by: ["manager"],
      from: ["draft", "withdrawn"],
      to: "published",
      unless: { noVersion: { when: (_i, f) => f.versionCount === 0, code: "catalogue.no_version", message: "项目没有任何版本，不能发布" } },
      label: "发布",
    },
    withdraw: { by: ["manager"], from: ["published"], to: "withdrawn", label: "撤销" },
    addVersion: { by: ["manager"], label: "新增版本" },
    updateVersion: { by: ["manager"], label: "修改版本" },
  },
});

/** A new item, for asserting `create` before there is a row. */
export const NEW_ITEM = { status: "draft" } as const;

/** Occupations: province-wide occupation.manage only. */
export const occupationRules = defineRules<"manager", OccupationStatus, "create" | "update", { status: OccupationStatus }, Record<string, never>>({
  record: "occupation",
  parties: { manager: (actor) => provinceWide(actor, "occupation.manage") },
  state: (o) => o.status,
  forbiddenCode: "catalogue.province_only",
  refusedCode: "catalogue.bad_transition",
  actions: {
    create: { by: ["manager"], label: "新增职业" },
    update: { by: ["manager"], label: "修改职业" },
  },
});

export const NEW_OCCUPATION = { status: "active" } as const;

/** What the standard rules read of a standard (or of one about to be created). */
export interface StandardTarget {
  regionCode: string;
  effectiveFrom: string;
}

/** Subsidy standards: whoever's grant is in the standard region's chain (see coversStandardRegion). */
export const standardRules = defineRules<"manager", "standard", "create" | "update" | "delete", StandardTarget, { today: string }>({
  record: "subsidy_standard",
  parties: { manager: (actor, s) => coversStandardRegion(actor, s.regionCode) },
  state: () => "standard",
  forbiddenCode: "standard.scope_outside",
  refusedCode: "standard.locked",
  actions: {
    create: { by: ["manager"], label: "设定补贴标准" },
    // which fields an effective standard still accepts is checked per field in the service (standard.locked)
    update: { by: ["manager"], label: "修改补贴标准" },
    delete: {
      by: ["manager"],
      unless: { inForce: { when: (s, f) => s.effectiveFrom <= f.today, message: "已生效的补贴标准不能删除，请设定失效日期" } },
      label: "删除补贴标准",
    },
  },
});

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
    const regional = (code: string) => {
      const chain = standardRegionChain(code);
      return sql`(${subsidyStandards.regionCode} like ${`${regionPrefix(code)}%`} or ${subsidyStandards.regionCode} in (${sql.join(chain.map((c) => sql`${c}`), sql`, `)}))`;
    };
    if (g.scopeType === "region" && g.regionCode) parts.push(regional(g.regionCode));
    if (g.scopeType === "department" && g.departmentCode) {
      const led = sql`exists (select 1 from catalogue_items ci where ci.id = ${subsidyStandards.itemId} and ${ledByDepartment(g.departmentCode, sql`ci.program_codes`)})`;
      // a department grant limited to a region is department ∩ region, as in scopeWhere
      parts.push(g.regionCode ? sql`(${led} and ${regional(g.regionCode)})` : led);
    }
  }
  return parts.length ? sql`(${sql.join(parts, sql` or `)})` : sql`false`;
}
