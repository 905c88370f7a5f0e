/**
 * 技能人才结构 (G2, G3): the province's yearly statistics, the platform's certificates by level, and
 * the shares against the plan's goals.
 */
import { randomUUID } from "node:crypto";
import { FIRST_TARGET_YEAR, type SkillStructureBody, type SkillStructureView, skillGoals } from "../../../../shared/src/contracts/targets.ts";
import { audit } from "../../platform/audit/audit.ts";
import type { Ctx, Deps } from "../../platform/context.ts";
import { AppError } from "../../platform/http/errors.ts";
import { certificateCountsByLevel } from "../classes/index.ts";
import { countProblems, SKILL_LEVELS, sharesOf, withCertificates } from "./skill-structure.ts";
import { actorName, currentSkillStructure, insertSkillStructure } from "./targets.repo.ts";
import { skillStructureRules } from "./targets.rules.ts";
import { scopesOf } from "./targets.scope.ts";
import { assertYear } from "./targets.service.ts";

const levelNames: Record<string, string> = { "5": "五级/初级工", "4": "四级/中级工", "3": "三级/高级工", "2": "二级/技师", "1": "一级/高级技师" };

/**
 * The year's entered figures, certificates by level, shares, and a series from 2019 to the year
 * for the chart. Province-wide figures: any target reader sees them.
 * @throws auth.forbidden, target.year_out_of_range
 */
export async function getSkillStructure(deps: Deps, ctx: Ctx, year: number): Promise<SkillStructureView> {
  scopesOf(ctx.actor);
  assertYear(year, deps.clock);
  const years = Array.from({ length: year - FIRST_TARGET_YEAR + 1 }, (_, i) => FIRST_TARGET_YEAR + i);
  const entered = await currentSkillStructure(deps.db, years);
  const certs = new Map<number, Map<string, number>>();
  for (const y of years) certs.set(y, await certificateCountsByLevel(deps.db, `${y}-01-01`, `${y}-12-31`));
  const sharesFor = (y: number) => {
    const e = entered.get(y);
    const counts = e ? { employed: e.employed, skilled: e.skilled, highSkilled: e.highSkilled } : null;
    return { base: sharesOf(counts), withCertificates: sharesOf(counts && withCertificates(counts, certs.get(y)!)) };
  };
  const e = entered.get(year);
  return {
    year,
    goals: { ...skillGoals },
    entered: e
      ? { employed: e.employed, skilled: e.skilled, highSkilled: e.highSkilled, version: e.version, reason: e.reason, at: e.createdAt.toISOString(), byName: e.createdByName }
      : null,
    certificates: SKILL_LEVELS.map((level) => ({ level, levelName: levelNames[level]!, count: certs.get(year)!.get(level) ?? 0 })),
    ...sharesFor(year),
    series: years.map((y) => ({ year: y, ...sharesFor(y) })),
    abilities: skillStructureRules.abilities(ctx.actor, { year }, {}),
  };
}

/**
 * Enters (or corrects, as a new version) a year's employed, skilled and high-skilled counts.
 * Province-wide target.manage only.
 * @throws target.year_out_of_range, target.not_owner, target.negative, target.counts_inconsistent,
 *   target.version_conflict
 */
export async function setSkillStructure(deps: Deps, ctx: Ctx, b: SkillStructureBody): Promise<SkillStructureView> {
  assertYear(b.year, deps.clock);
  skillStructureRules.assert(ctx.actor, "enter", { year: b.year }, {});
  for (const field of ["employed", "skilled", "highSkilled"] as const) {
    if (b[field] < 0) throw new AppError("target.negative", "人数不能为负数", { field });
  }
  const problems = countProblems(b);
  if (problems.length) throw new AppError("target.counts_inconsistent", problems.join("；"), { problems });
  await deps.db.transaction(async (tx) => {
    const cur = (await currentSkillStructure(tx, [b.year])).get(b.year);
    if ((cur?.version ?? 0) !== b.baseVersion) {
      throw new AppError("target.version_conflict", "统计数已被他人修改，请刷新后重试", { currentVersion: cur?.version ?? 0 });
    }
    const id = randomUUID();
    const version = (cur?.version ?? 0) + 1;
    await insertSkillStructure(tx, {
      id,
      year: b.year,
      version,
      employed: b.employed,
      skilled: b.skilled,
      highSkilled: b.highSkilled,
      reason: b.reason,
      createdBy: ctx.actor.userId,
      createdByName: await actorName(tx, ctx.actor.userId),
      createdAt: deps.clock.now(),
    });
    await audit(tx, ctx, deps.clock, {
      action: "target.skill_structure_set",
      entityType: "skill_structure",
      entityId: id,
      regionCode: "220000",
      before: cur ? { employed: cur.employed, skilled: cur.skilled, highSkilled: cur.highSkilled, version: cur.version } : null,
      after: { year: b.year, employed: b.employed, skilled: b.skilled, highSkilled: b.highSkilled, version, reason: b.reason },
    });
  });
  return getSkillStructure(deps, ctx, b.year);
}
