import type { Db } from "../../platform/db/db.ts";
import { personInstitutions, personRegions } from "./trainees.table.ts";

/**
 * Records that persons are known to an institution (first link kept), e.g. when the institution
 * enrolls them in a class held in `heldIn` (the class's county, which — with its city — then sees
 * them: person_regions). Other modules link through this, never by writing the tables.
 */
export async function linkPersonsToInstitution(tx: Db, personIds: string[], institutionId: string, at: Date, heldIn: string): Promise<void> {
  if (personIds.length === 0) return;
  await tx
    .insert(personInstitutions)
    .values(personIds.map((personId) => ({ personId, institutionId, firstLinkedAt: at })))
    .onConflictDoNothing();
  const codes = [...new Set([heldIn, regionCityCode(heldIn)])];
  await tx
    .insert(personRegions)
    .values(personIds.flatMap((personId) => codes.map((regionCode) => ({ regionCode, personId, via: "class" as const }))))
    .onConflictDoNothing();
}

/** 220102 → 220100; a city or the province stays itself */
export function regionCityCode(code: string): string {
  return code.endsWith("00") ? code : `${code.slice(0, 4)}00`;
}
