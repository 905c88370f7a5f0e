import type { Db } from "../../platform/db/db.ts";
import { type RegionResolver, regionResolver } from "../../platform/spreadsheet/index.ts";
import { regions } from "./reference.table.ts";

/** Region names → codes for imports (南关区, 长春市南关区 → 220102), from the regions table. */
export async function loadRegionResolver(db: Db): Promise<RegionResolver> {
  return regionResolver(await db.select({ code: regions.code, name: regions.name, level: regions.level, parentCode: regions.parentCode }).from(regions));
}
