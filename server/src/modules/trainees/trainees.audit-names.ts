import { and, inArray } from "drizzle-orm";
import { maskIdNumber } from "../../../../shared/src/ids.ts";
import { grantsFor } from "../../platform/auth/actor.ts";
import type { EntityName, EntityNameResolver } from "../../platform/audit/audit.names.ts";
import { personScope } from "./trainees.policy.ts";
import { persons } from "./trainees.table.ts";

/**
 * 人员 in the log as the persons list shows them to the reader: the name and the 3+1 masked ID
 * (never the full number, whose reveal is a separate, audited act); nothing out of scope.
 */
export const personAuditNames: EntityNameResolver = async (db, actor, ids) => {
  if (ids.length === 0 || grantsFor(actor, "person.read").length === 0) return new Map();
  const rows = await db
    .select({ id: persons.id, name: persons.name, idNumberMasked: persons.idNumberMasked })
    .from(persons)
    .where(and(inArray(persons.id, [...ids]), personScope(actor)));
  return new Map<string, EntityName>(
    rows.map((r) => [r.id, { name: `${r.name}（${maskIdNumber(r.idNumberMasked)}）`, href: `/persons?q=${encodeURIComponent(r.name)}` }]),
  );
};
