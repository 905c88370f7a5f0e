/**
 * The demo catalogue: a handful of real occupations (2015 大典 codes), flagged demo, each with a
 * published training item, two versions (2019–2020 and from 2021) and subsidy standards for the
 * province and every city.
 */
import { and, eq } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import { addVersion, createItem, createStandard, occupations, setItemStatus } from "../../src/modules/catalogue/index.ts";
import type { Ctx, Deps } from "../../src/platform/context.ts";

export interface DemoOccupation {
  code: string;
  name: string;
  /** plan programs a class of this occupation is opened under */
  programs: string[];
  trainingType: string;
  /** offline amount for 职业技能等级证书 level 4, in fen */
  baseFen: number;
}

export const DEMO_OCCUPATIONS: DemoOccupation[] = [
  { code: "6-18-01-01", name: "车工", programs: ["K1", "E1"], trainingType: "employment", baseFen: 180_000 },
  { code: "6-18-02-04", name: "焊工", programs: ["K1", "E1"], trainingType: "employment", baseFen: 200_000 },
  { code: "6-31-01-03", name: "电工", programs: ["K1", "E1"], trainingType: "upgrading", baseFen: 180_000 },
  { code: "4-10-01-02", name: "育婴员", programs: ["K1", "B1"], trainingType: "employment", baseFen: 120_000 },
  { code: "4-10-01-03", name: "保育师", programs: ["K1", "B1"], trainingType: "employment", baseFen: 120_000 },
  { code: "4-03-02-01", name: "中式烹调师", programs: ["K1", "B3"], trainingType: "employment", baseFen: 150_000 },
  { code: "4-01-02-02", name: "电子商务师", programs: ["K1", "B4"], trainingType: "employment", baseFen: 140_000 },
  { code: "5-05-01-02", name: "农业经理人", programs: ["K5", "K1"], trainingType: "employment", baseFen: 130_000 },
  { code: "4-10-01-05", name: "养老护理员", programs: ["K1"], trainingType: "employment", baseFen: 130_000 },
];

export interface MadeItem {
  occupation: DemoOccupation;
  itemId: string;
}

/** Occupations are reference data (inserted, flagged demo); items and standards go through the catalogue services. */
export async function makeCatalogue(deps: Deps, system: Ctx, cities: string[], progress: (s: string) => void): Promise<MadeItem[]> {
  const now = deps.clock.now();
  await deps.db
    .insert(occupations)
    .values(
      DEMO_OCCUPATIONS.map((o) => ({ id: randomUUID(), edition: 2015 as const, code: o.code, name: o.name, digital: false, green: false, trades: [], note: "演示数据：2015 版大典示例（npm run demo）", demo: true, createdAt: now, updatedAt: now })),
    )
    .onConflictDoNothing();
  const out: MadeItem[] = [];
  for (const [i, o] of DEMO_OCCUPATIONS.entries()) {
    const [occ] = await deps.db.select({ id: occupations.id }).from(occupations).where(and(eq(occupations.code, o.code), eq(occupations.edition, 2015))).limit(1);
    const item = await createItem(deps, system, {
      code: `JL-DEMO-${String(i + 1).padStart(2, "0")}`,
      occupationId: occ!.id,
      trainingType: o.trainingType,
      certificateTypes: ["training_completion", "skill_level"],
      skillLevels: ["5", "4", "3"],
      programCodes: o.programs,
      firstVersion: { effectiveFrom: "2019-01-01", effectiveTo: "2020-12-31", minHours: 16, maxHours: 200, minTheoryPercent: 20, minPracticePercent: 50, modes: ["offline", "blended"] },
    });
    const itemId = (item as { id: string }).id;
    // the 2021 revision asks for more practice (吉人社〔2021〕文件 style revision)
    await addVersion(deps, system, itemId, { effectiveFrom: "2021-01-01", minHours: 20, maxHours: 240, minTheoryPercent: 20, minPracticePercent: 55, modes: ["offline", "blended"] });
    await setItemStatus(deps, system, itemId, "published");
    const standard = (regionCode: string, certificateType: string, skillLevel: "5" | "4" | "3" | null, amountFen: number) =>
      createStandard(deps, system, { itemId, regionCode, certificateType, skillLevel, amountFen, shortageFactorPercent: 100, onlineFactorPercent: 60, blendedFactorPercent: 80, effectiveFrom: "2019-01-01" });
    await standard("220000", "training_completion", null, Math.round(o.baseFen * 0.5));
    for (const [level, f] of [["5", 0.8], ["4", 1], ["3", 1.3]] as const) await standard("220000", "skill_level", level, Math.round(o.baseFen * f));
    // every city sets its own level-4 amount (cities differ by a few hundred yuan)
    for (const [k, city] of cities.entries()) await standard(city, "skill_level", "4", o.baseFen + ((k * 7 + i * 3) % 5) * 10_000);
    // 评价补贴 (skill-level evaluation) at province level — demo amounts, not a published standard
    for (const [level, amountFen] of [["5", 15_000], ["4", 20_000], ["3", 30_000]] as const)
      await createStandard(deps, system, { subsidyType: "evaluation", itemId, regionCode: "220000", certificateType: "skill_level", skillLevel: level, amountFen, shortageFactorPercent: 100, onlineFactorPercent: 100, blendedFactorPercent: 100, effectiveFrom: "2019-01-01" });
    out.push({ occupation: o, itemId });
    progress(`catalogue ${i + 1}/${DEMO_OCCUPATIONS.length}`);
  }
  return out;
}
