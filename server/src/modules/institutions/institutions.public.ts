import { escapeLike } from "../../platform/db/like.ts";
/**
 * The public institution catalogue (no login): approved institutions with a running agreement.
 * Public fields only — name, credit code (public in the business register), type, address, the
 * institution's own enquiry phone, approved qualifications and counts. Never teachers' names or
 * ID numbers, contact persons or their phones, bank details, sanctions or review notes.
 */
import { and, eq, gte, ilike, or, type SQL, sql } from "drizzle-orm";
import type { z } from "zod";
import type { publicSearchQuery } from "../../../../shared/src/contracts/institutions.ts";
import { regionPrefix } from "../../../../shared/src/regions.ts";
import type { Deps } from "../../platform/context.ts";
import { AppError } from "../../platform/http/errors.ts";
import { readAll } from "../../platform/db/reads.ts";
import * as repo from "./institutions.repo.ts";
import { OCCUPATION_CODE, typeLabel } from "./institutions.rules.ts";
import { todayOf } from "./institutions.service.ts";
import { institutionQualifications, institutions } from "./institutions.table.ts";

function listed(today: string): SQL {
  return and(eq(institutions.status, "approved"), gte(institutions.agreementValidUntil, today))!;
}

async function present(deps: Deps, rows: repo.InstitutionRow[]) {
  const ids = rows.map((r) => r.id);
  const [names, programs, quals, counts] = await readAll(deps.db, [
    () => repo.regionNames(deps.db, rows.map((r) => r.regionCode)),
    () => repo.programCodesOf(deps.db, ids),
    // a qualification proposed for removal is still approved until the county decides
    () => repo.qualificationsOf(deps.db, ids, ["active", "proposed_remove"]),
    () => repo.countsOf(deps.db, ids),
  ]);
  return rows.map((r) => ({
    id: r.id,
    creditCode: r.creditCode,
    name: r.name,
    type: r.type,
    typeLabel: typeLabel(r.type),
    role: r.role,
    regionCode: r.regionCode,
    regionName: names.get(r.regionCode) ?? r.regionCode,
    address: r.address,
    publicPhone: r.publicPhone,
    agreementValidUntil: r.agreementValidUntil,
    programCodes: programs.get(r.id) ?? [],
    qualifications: quals
      .filter((q) => q.institutionId === r.id)
      .map((q) => ({ occupationCode: q.occupationCode, projectName: q.projectName, occupationName: q.occupationName, maxLevel: q.maxLevel, capacity: q.capacity })),
    teacherCount: counts.get(r.id)?.teachers ?? 0,
    facilityCount: counts.get(r.id)?.facilities ?? 0,
  }));
}

export async function searchPublicCatalogue(deps: Deps, q: z.infer<typeof publicSearchQuery>) {
  const conds: SQL[] = [listed(todayOf(deps))];
  if (q.regionCode) {
    // a range the index can read (LIKE 'prefix%' uses a btree only under the C collation)
    const prefix = regionPrefix(q.regionCode);
    conds.push(sql`${institutions.regionCode} between ${prefix.padEnd(6, "0")} and ${prefix.padEnd(6, "9")}`);
  }
  if (q.type) conds.push(eq(institutions.type, q.type));
  if (q.occupation) {
    const text = `%${escapeLike(q.occupation)}%`;
    const match = OCCUPATION_CODE.test(q.occupation)
      ? eq(institutionQualifications.occupationCode, q.occupation)
      : or(ilike(institutionQualifications.occupationName, text), ilike(institutionQualifications.projectName, text));
    conds.push(
      sql`exists (select 1 from ${institutionQualifications} where ${institutionQualifications.institutionId} = ${institutions.id} and ${institutionQualifications.state} <> 'proposed_add' and ${match})`,
    );
  }
  const { rows, total } = await repo.listInstitutions(deps.db, and(...conds)!, q.page, q.pageSize);
  return { items: await present(deps, rows), total, page: q.page, pageSize: q.pageSize };
}

/** @throws institution.not_found when unknown or not (or no longer) in the catalogue */
export async function getPublicInstitution(deps: Deps, id: string) {
  const row = await repo.findInstitution(deps.db, id, listed(todayOf(deps)));
  if (!row) throw new AppError("institution.not_found", "机构不存在或未列入目录");
  return (await present(deps, [row]))[0]!;
}
