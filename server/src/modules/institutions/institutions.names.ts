import { and, eq, inArray } from "drizzle-orm";
import { grantsFor } from "../../platform/auth/actor.ts";
import type { Db } from "../../platform/db/db.ts";
import type { EntityName, EntityNameResolver } from "../../platform/audit/audit.names.ts";
import { institutionScope } from "./institutions.policy.ts";
import { institutionFacilities, institutionQualifications, institutionTeachers, institutions } from "./institutions.table.ts";

const visible = (actor: Parameters<EntityNameResolver>[1]) => grantsFor(actor, "institution.read").length > 0;

/** 培训机构 in the log: its registered name, only for institutions the reader may open. */
export const institutionAuditNames: EntityNameResolver = async (db, actor, ids) => {
  if (ids.length === 0 || !visible(actor)) return new Map();
  const rows = await db
    .select({ id: institutions.id, name: institutions.name })
    .from(institutions)
    .where(and(inArray(institutions.id, [...ids]), institutionScope(actor, "institution.read")));
  return new Map<string, EntityName>(rows.map((r) => [r.id, { name: r.name, href: `/institutions/${r.id}` }]));
};

/**
 * A teacher, site or qualification in the log is named by its institution (a teacher's own name
 * stays on the institution's page, where its rules apply); rows removed since are not found.
 */
function partOfInstitution(table: typeof institutionTeachers | typeof institutionFacilities | typeof institutionQualifications): EntityNameResolver {
  return async (db, actor, ids) => {
    if (ids.length === 0 || !visible(actor)) return new Map();
    const rows = await db
      .select({ id: table.id, institutionId: institutions.id, name: institutions.name })
      .from(table)
      .innerJoin(institutions, eq(institutions.id, table.institutionId))
      .where(and(inArray(table.id, [...ids]), institutionScope(actor, "institution.read")));
    return new Map<string, EntityName>(rows.map((r) => [r.id, { name: r.name, href: `/institutions/${r.institutionId}` }]));
  };
}

export const institutionPartAuditNames = {
  institution_teacher: partOfInstitution(institutionTeachers),
  institution_facility: partOfInstitution(institutionFacilities),
  institution_qualification: partOfInstitution(institutionQualifications),
};

/** Registered names of institutions by id (for role assignments: "培训机构工作人员 · 长春职业培训学校"). */
export async function institutionNames(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: institutions.id, name: institutions.name }).from(institutions).where(inArray(institutions.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, r.name]));
}
