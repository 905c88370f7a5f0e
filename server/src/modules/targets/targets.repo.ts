/** Reads and appends of target and skill-structure versions; reference data the cascade needs. */
import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { STUDIO_LINE, TOTAL_LINE, type TargetLineView, unitOfLine } from "../../../../shared/src/contracts/targets.ts";
import type { Db } from "../../platform/db/db.ts";
import { constraintErrors } from "../../platform/http/errors.ts";
import { readAll } from "../../platform/db/reads.ts";
import { departments, programs, regions } from "../reference/index.ts";
import { users } from "../users/index.ts";
import { type RegionTree, regionTree, type TargetKey, keyOf } from "./targets.cascade.ts";
import { skillStructureVersions, targetVersions } from "./targets.table.ts";

// two editors saving the same target at once: the second finds its version number taken
constraintErrors({
  target_versions_key_version_uq: ["target.version_conflict", "目标已被他人修改，请刷新后重试"],
  skill_structure_year_version_uq: ["target.version_conflict", "统计数已被他人修改，请刷新后重试"],
  target_versions_target_ck: ["target.negative", "目标不能为负数"],
  skill_structure_counts_ck: ["target.counts_inconsistent", "技能劳动者不能超过就业人员，高技能人才不能超过技能劳动者"],
});

export interface Reference {
  tree: RegionTree;
  departmentCodes: string[];
  departmentNames: Map<string, string>;
  lines: TargetLineView[];
}

/** Regions, departments and target lines (total, the plan's programs, S1 studios). */
export async function loadReference(db: Db): Promise<Reference> {
  const [r, d, p] = await readAll(db, [
    () => db.select({ code: regions.code, name: regions.name, level: regions.level, parentCode: regions.parentCode }).from(regions),
    () => db.select({ code: departments.code, name: departments.shortName }).from(departments).orderBy(asc(departments.sort), asc(departments.code)),
    () => db.select({ code: programs.code, name: programs.name }).from(programs).orderBy(asc(programs.sort), asc(programs.code)),
  ]);
  const lines: TargetLineView[] = [
    { line: TOTAL_LINE, name: "补贴性职业技能培训", unit: "person_times" },
    ...p.map((x) => ({ line: x.code, name: x.name, unit: unitOfLine(x.code) })),
    { line: STUDIO_LINE, name: "省级首席技师工作室", unit: "studios" },
  ];
  return { tree: regionTree(r), departmentCodes: d.map((x) => x.code), departmentNames: new Map(d.map((x) => [x.code, x.name])), lines };
}

export interface CurrentTarget {
  id: string;
  target: number;
  version: number;
  at: Date;
  byName: string;
}

const currentCols = {
  key: targetVersions.key,
  id: targetVersions.id,
  target: targetVersions.target,
  version: targetVersions.version,
  at: targetVersions.createdAt,
  byName: targetVersions.createdByName,
};

/** The current (highest) version of each of the given targets; a target never set is absent. */
export async function currentByKeys(db: Db, keys: readonly string[]): Promise<Map<string, CurrentTarget>> {
  if (keys.length === 0) return new Map();
  const rows = await db
    .selectDistinctOn([targetVersions.key], currentCols)
    .from(targetVersions)
    .where(inArray(targetVersions.key, [...keys]))
    .orderBy(targetVersions.key, desc(targetVersions.version));
  return new Map(rows.map(({ key, ...r }) => [key, r]));
}

/** The current version of every target of the given periods of one line. */
export async function currentOfLine(db: Db, periods: readonly string[], line: string): Promise<Map<string, CurrentTarget>> {
  const rows = await db
    .selectDistinctOn([targetVersions.key], currentCols)
    .from(targetVersions)
    .where(and(inArray(targetVersions.period, [...periods]), eq(targetVersions.line, line)))
    .orderBy(targetVersions.key, desc(targetVersions.version));
  return new Map(rows.map(({ key, ...r }) => [key, r]));
}

/** The lines that have any target in the period (which programs the plan or an officer set). */
export async function linesWithTargets(db: Db, period: string): Promise<Set<string>> {
  const rows = await db.selectDistinct({ line: targetVersions.line }).from(targetVersions).where(eq(targetVersions.period, period));
  return new Set(rows.map((r) => r.line));
}

export async function historyOf(db: Db, key: string) {
  return db
    .select({ version: targetVersions.version, target: targetVersions.target, reason: targetVersions.reason, at: targetVersions.createdAt, byName: targetVersions.createdByName })
    .from(targetVersions)
    .where(eq(targetVersions.key, key))
    .orderBy(desc(targetVersions.version));
}

export async function insertTargetVersion(
  db: Db,
  k: TargetKey,
  v: { version: number; target: number; reason: string; createdBy: string | null; createdByName: string; at: Date },
): Promise<string> {
  const id = randomUUID();
  await db.insert(targetVersions).values({
    id,
    key: keyOf(k),
    period: k.period,
    line: k.line,
    regionCode: k.regionCode,
    departmentCode: k.departmentCode,
    version: v.version,
    target: v.target,
    reason: v.reason,
    createdBy: v.createdBy,
    createdByName: v.createdByName,
    createdAt: v.at,
  });
  return id;
}

/** "张三" for a user, "系统" for seeds and jobs: kept on the version, so history reads without joins. */
export async function actorName(db: Db, userId: string | null): Promise<string> {
  if (!userId) return "系统";
  const [u] = await db.select({ name: users.displayName }).from(users).where(eq(users.id, userId)).limit(1);
  return u?.name ?? "系统";
}

export async function currentSkillStructure(db: Db, years: readonly number[]) {
  if (years.length === 0) return new Map();
  const rows = await db
    .selectDistinctOn([skillStructureVersions.year])
    .from(skillStructureVersions)
    .where(inArray(skillStructureVersions.year, [...years]))
    .orderBy(skillStructureVersions.year, desc(skillStructureVersions.version));
  return new Map(rows.map((r) => [r.year, r]));
}

export async function insertSkillStructure(db: Db, v: typeof skillStructureVersions.$inferInsert): Promise<void> {
  await db.insert(skillStructureVersions).values(v);
}

/** Locks one line's cascade for the transaction: sibling edits are checked against each other's sums. */
export async function lockLine(tx: Db, line: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`targets|${line}`}))`);
}
