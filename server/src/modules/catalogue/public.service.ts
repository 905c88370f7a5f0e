import { and, asc, count, eq, type SQL, sql } from "drizzle-orm";
import type { z } from "zod";
import { type publicCatalogueQuery, type publicItemView, standardSubsidyTypes } from "../../../../shared/src/contracts/catalogue.ts";
import type { Deps } from "../../platform/context.ts";
import { AppError } from "../../platform/http/errors.ts";
import { readAll } from "../../platform/db/reads.ts";
import { presentVersion } from "./catalogue.presenter.ts";
import { itemDisplayName } from "./catalogue.presenter.ts";
import { LEVELLED_CERTIFICATES } from "./catalogue.refs.ts";
import { type ItemRow, occupationsByIds, versionsOf } from "./catalogue.repo.ts";
import { catalogueItems, catalogueItemVersions } from "./catalogue.table.ts";
import { itemFilters, today } from "./items.service.ts";
import { applyFactors, inForce, pickStandard } from "./standard-lookup.ts";
import { standardCandidates } from "./standards.service.ts";

type PublicItem = z.infer<typeof publicItemView>;

/** Published items with a version in force on the date: what the portal may show. */
function publishedOn(date: string): SQL {
  return sql`${catalogueItems.status} = 'published' and exists (select 1 from ${catalogueItemVersions} v where v.item_id = ${catalogueItems.id} and v.effective_from <= ${date} and (v.effective_to is null or v.effective_to >= ${date}))`;
}

async function presentPublic(deps: Deps, rows: ItemRow[], regionCode: string, date: string): Promise<PublicItem[]> {
  const ids = rows.map((r) => r.id);
  const [occ, versions, standards] = await readAll(deps.db, [() => occupationsByIds(deps.db, rows.map((r) => r.occupationId)), () => versionsOf(deps.db, ids), () => standardCandidates(deps.db, ids, regionCode)]);
  return rows.map((item) => {
    const o = item.occupationId ? occ.get(item.occupationId) : undefined;
    const v = versions.find((x) => x.itemId === item.id && inForce(x, date))!;
    const { id: _id, note: _note, ...version } = presentVersion(v);
    const out: PublicItem["standards"] = [];
    for (const subsidyType of standardSubsidyTypes) {
      for (const certificateType of item.certificateTypes) {
        const levels: (string | null)[] = LEVELLED_CERTIFICATES.has(certificateType) ? item.skillLevels : [null];
        for (const skillLevel of levels) {
          const s = pickStandard(standards, { subsidyType, itemId: item.id, regionCode, certificateType, skillLevel, date });
          if (!s) continue;
          out.push({
            subsidyType,
            certificateType,
            skillLevel,
            amountFen: applyFactors(s.amountFen, s.shortageFactorPercent, 100),
            onlineFactorPercent: s.onlineFactorPercent,
            blendedFactorPercent: s.blendedFactorPercent,
            regionCode: s.regionCode,
            effectiveFrom: s.effectiveFrom,
            effectiveTo: s.effectiveTo,
          });
        }
      }
    }
    return {
      id: item.id,
      code: item.code,
      displayName: itemDisplayName(item, o),
      occupation: o ? { edition: o.edition, code: o.code, name: o.name, digital: o.digital, green: o.green } : null,
      tradeName: item.tradeName,
      projectName: item.projectName,
      trainingType: item.trainingType,
      certificateTypes: item.certificateTypes,
      skillLevels: item.skillLevels,
      industryCode: item.industryCode,
      programCodes: item.programCodes,
      version,
      standards: out,
    };
  });
}

/** Portal search: published items in force on the date (default today) with the city's training and evaluation standards. */
export async function searchPublicCatalogue(deps: Deps, q: z.infer<typeof publicCatalogueQuery>) {
  const date = q.date ?? today(deps.clock);
  const where = and(publishedOn(date), ...itemFilters({ ...q, status: undefined, certificateType: undefined }));
  const [rows, [total]] = await readAll(deps.db, [
    () => deps.db
      .select()
      .from(catalogueItems)
      .where(where)
      .orderBy(asc(catalogueItems.code))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    () => deps.db.select({ n: count() }).from(catalogueItems).where(where),
  ]);
  return { items: await presentPublic(deps, rows, q.regionCode, date), total: total?.n ?? 0, page: q.page, pageSize: q.pageSize, regionCode: q.regionCode, date };
}

/** @throws catalogue.item_not_found when not published or not in force on the date */
export async function getPublicItem(deps: Deps, id: string, q: { regionCode: string; date?: string | undefined }) {
  const date = q.date ?? today(deps.clock);
  const rows = await deps.db
    .select()
    .from(catalogueItems)
    .where(and(eq(catalogueItems.id, id), publishedOn(date)))
    .limit(1);
  if (!rows.length) throw new AppError("catalogue.item_not_found", "培训项目不存在或未发布");
  return (await presentPublic(deps, rows, q.regionCode, date))[0]!;
}
