/**
 * The plan's own figures (吉政办发〔2019〕38号), loaded at every start like reference data so a fresh
 * platform shows them: version 1 of each province target, set by "系统". Idempotent: a target that
 * already has a version 1 is left alone (later versions by officers stay current).
 */
import { PLAN_CYCLE, PLAN_CYCLE_YEARS, STUDIO_LINE, TOTAL_LINE } from "../../../../shared/src/contracts/targets.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/db.ts";
import { keyOf, PROVINCE, type TargetKey } from "./targets.cascade.ts";
import { currentByKeys, insertTargetVersion } from "./targets.repo.ts";

const SOURCE = "《吉林省职业技能提升行动实施方案（2019—2021年）》（吉政办发〔2019〕38号）";

/** [period, line, target, what the plan says] */
export const planTargets: readonly [string, string, number, string][] = [
  [PLAN_CYCLE, TOTAL_LINE, 700_000, "三年开展补贴性职业技能培训 70 万人次以上"],
  ["2019", TOTAL_LINE, 230_000, "2019 年培训 23 万人次以上"],
  [PLAN_CYCLE, "E5", 20_000, "三年培训企业新型学徒 2 万人"],
  ...PLAN_CYCLE_YEARS.flatMap((y): [string, string, number, string][] => [
    [y, "K4", 20_000, "每年培训残疾人约 2 万人次"],
    [y, "K5", 30_000, "每年培训新型职业农民约 3 万人次"],
    [y, STUDIO_LINE, 10, "每年建设省级首席技师工作室 10 个"],
  ]),
];

export async function seedTargets(db: Db, clock: Clock): Promise<void> {
  const keys: TargetKey[] = planTargets.map(([period, line]) => ({ period, line, regionCode: PROVINCE, departmentCode: null }));
  const existing = await currentByKeys(db, keys.map(keyOf));
  for (const [i, [, , target, says]] of planTargets.entries()) {
    const k = keys[i]!;
    if (existing.has(keyOf(k))) continue;
    await insertTargetVersion(db, k, { version: 1, target, reason: `${SOURCE}：${says}`, createdBy: null, createdByName: "系统", at: clock.now() });
  }
}
