import type { Db } from "../../platform/db/db.ts";
import { personInstitutions } from "./trainees.table.ts";

/**
 * Records that persons are known to an institution (first link kept), e.g. when the institution
 * enrolls them in a class. Other modules link through this, never by writing the table.
 */
export async function linkPersonsToInstitution(tx: Db, personIds: string[], institutionId: string, at: Date): Promise<void> {
  if (personIds.length === 0) return;
  await tx
    .insert(personInstitutions)
    .values(personIds.map((personId) => ({ personId, institutionId, firstLinkedAt: at })))
    .onConflictDoNothing();
}
