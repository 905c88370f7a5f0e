/**
 * G2 and G3, pure. The province enters, for a year, the statistics at its start (上年末):
 * employed persons, skilled workers (技能劳动者, holders of a skill level 五级 to 一级) and
 * high-skilled talent (高技能人才, 三级/高级工 and above). The plan's goals:
 * - skilled share = skilled ÷ employed ≈ 25% (G2);
 * - high-skilled share = high-skilled ÷ skilled ≈ 30% (G3).
 * The platform adds the certificates with a level it issued during the year: every level counts
 * as a new skilled worker, levels 3–1 as new high-skilled talent. That is an upper estimate — a
 * worker who moves up a level was already skilled, and a certificate is counted, not a person.
 */
export interface SkillCounts {
  employed: number;
  skilled: number;
  highSkilled: number;
}

export interface Shares {
  skilledShare: number | null;
  highSkilledShare: number | null;
}

/** skill levels 5 (初级工) … 1 (高级技师); 3 and above are high-skilled */
export const SKILL_LEVELS = ["5", "4", "3", "2", "1"] as const;
const HIGH_LEVELS = new Set(["3", "2", "1"]);

const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null);

export function sharesOf(c: SkillCounts | null): Shares {
  if (!c) return { skilledShare: null, highSkilledShare: null };
  return { skilledShare: ratio(c.skilled, c.employed), highSkilledShare: ratio(c.highSkilled, c.skilled) };
}

/** The entered counts plus the year's certificates by level (level → count; unknown levels are ignored). */
export function withCertificates(c: SkillCounts, certificatesByLevel: ReadonlyMap<string, number>): SkillCounts {
  let all = 0;
  let high = 0;
  for (const [level, n] of certificatesByLevel) {
    if (!(SKILL_LEVELS as readonly string[]).includes(level)) continue;
    all += n;
    if (HIGH_LEVELS.has(level)) high += n;
  }
  return { employed: c.employed, skilled: c.skilled + all, highSkilled: c.highSkilled + high };
}

/** Which of the entered counts contradict each other (skilled ≤ employed, high-skilled ≤ skilled). */
export function countProblems(c: SkillCounts): string[] {
  const out: string[] = [];
  if (c.skilled > c.employed) out.push("技能劳动者人数不能超过就业人员总数");
  if (c.highSkilled > c.skilled) out.push("高技能人才人数不能超过技能劳动者人数");
  return out;
}
