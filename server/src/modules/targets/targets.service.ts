/**
 * 目标任务: read the cascade within the caller's scope, set one target as the owner of its level,
 * read a target's history. Every change is a new version (who, when, why) and an audit entry.
 */
import { FIRST_TARGET_YEAR, PLAN_CYCLE, PLAN_CYCLE_YEARS, type CascadeView, type OverviewView, type SetTargetBody, TOTAL_LINE, type TargetRow } from "../../../../shared/src/contracts/targets.ts";
import { audit } from "../../platform/audit/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Ctx, Deps } from "../../platform/context.ts";
import { AppError } from "../../platform/http/errors.ts";
import { cascadeProblems, keyOf, keysToCheck, ownerRegionOf, periodsUpTo, type TargetKey } from "./targets.cascade.ts";
import { actorName, type CurrentTarget, currentByKeys, currentOfLine, historyOf, insertTargetVersion, linesWithTargets, loadReference, lockLine, type Reference } from "./targets.repo.ts";
import { targetRules } from "./targets.rules.ts";
import { canSee, primaryScope, viewingDepartment } from "./targets.scope.ts";

/** Years from 2019 to next year (planning ahead); later or earlier years do not exist yet. */
export function lastTargetYear(clock: Clock): number {
  return clock.now().getUTCFullYear() + 1;
}

/** @throws target.year_out_of_range */
export function assertYear(year: number, clock: Clock): void {
  const max = lastTargetYear(clock);
  if (!Number.isInteger(year) || year < FIRST_TARGET_YEAR || year > max) {
    throw new AppError("target.year_out_of_range", `年度须在 ${FIRST_TARGET_YEAR} 至 ${max} 年之间`, { min: FIRST_TARGET_YEAR, max, year });
  }
}

/** A year, or the plan's three years. @throws target.year_out_of_range */
export function assertPeriod(period: string, clock: Clock): void {
  if (period === PLAN_CYCLE) return;
  if (!/^\d{4}$/.test(period)) {
    throw new AppError("target.year_out_of_range", `期间须为年度或规划期 ${PLAN_CYCLE}`, { min: FIRST_TARGET_YEAR, max: lastTargetYear(clock), period });
  }
  assertYear(Number(period), clock);
}

function assertLine(ref: Reference, line: string) {
  const found = ref.lines.find((l) => l.line === line);
  if (!found) throw new AppError("target.not_found", "没有该目标项目");
  return found;
}

/**
 * The dashboard's figures: the caller's own target for the year (province, city, county, or a
 * department's share within its region), its next level's and its programs'.
 * @throws auth.forbidden, target.year_out_of_range
 */
export async function getOverview(deps: Deps, ctx: Ctx, year: number): Promise<OverviewView> {
  assertYear(year, deps.clock);
  const scope = primaryScope(ctx.actor);
  const ref = await loadReference(deps.db);
  const period = String(year);
  const at = (line: string, regionCode: string): TargetKey => ({ period, line, regionCode, departmentCode: scope.departmentCode });
  const children = ref.tree.children(scope.regionCode);
  const withTargets = await linesWithTargets(deps.db, period);
  const programLines = ref.lines.filter((l) => l.line !== TOTAL_LINE && withTargets.has(l.line));
  const keys = [at(TOTAL_LINE, scope.regionCode), ...children.map((c) => at(TOTAL_LINE, c.code)), ...programLines.map((l) => at(l.line, scope.regionCode))];
  const current = await currentByKeys(deps.db, keys.map(keyOf));
  const targetAt = (k: TargetKey) => current.get(keyOf(k))?.target ?? null;
  return {
    year,
    scopeRegionCode: scope.regionCode,
    total: { target: targetAt(at(TOTAL_LINE, scope.regionCode)) },
    children: children.map((c) => ({ regionCode: c.code, regionName: c.name, target: targetAt(at(TOTAL_LINE, c.code)) })),
    programs: programLines.map((l) => ({ programCode: l.line, programName: l.name, target: targetAt(at(l.line, scope.regionCode)) })),
  };
}

function rowOf(ctx: Ctx, ref: Reference, k: TargetKey, current: ReadonlyMap<string, CurrentTarget>): TargetRow {
  const cur = current.get(keyOf(k));
  const below = ref.tree.children(k.regionCode);
  const childrenSum = below.length ? below.reduce((s, c) => s + (current.get(keyOf({ ...k, regionCode: c.code }))?.target ?? 0), 0) : null;
  return {
    key: keyOf(k),
    period: k.period,
    line: k.line,
    regionCode: k.regionCode,
    regionName: ref.tree.get(k.regionCode)?.name ?? k.regionCode,
    departmentCode: k.departmentCode,
    departmentName: k.departmentCode ? (ref.departmentNames.get(k.departmentCode) ?? k.departmentCode) : null,
    target: cur?.target ?? null,
    version: cur?.version ?? 0,
    updatedAt: cur?.at.toISOString() ?? null,
    updatedByName: cur?.byName ?? null,
    childrenSum,
    abilities: targetRules.abilities(ctx.actor, { key: k, ownerRegion: ownerRegionOf(k, ref.tree) }, { problems: [] }),
  };
}

/**
 * One level of the cascade: the region's target, its next level's and (for a region's own
 * target) its departments' shares, with what each may do.
 * @throws auth.forbidden, target.year_out_of_range, target.not_found (line, or region out of scope)
 */
export async function getCascade(deps: Deps, ctx: Ctx, q: { period: string; line: string; regionCode?: string | undefined }): Promise<CascadeView> {
  assertPeriod(q.period, deps.clock);
  const ref = await loadReference(deps.db);
  const line = assertLine(ref, q.line);
  const regionCode = q.regionCode ?? primaryScope(ctx.actor).regionCode;
  const department = viewingDepartment(ctx.actor, regionCode);
  if (!ref.tree.get(regionCode) || department === undefined) throw new AppError("target.not_found", "该地区不在您的管辖范围内");
  const node: TargetKey = { period: q.period, line: q.line, regionCode, departmentCode: department };
  const current = await currentOfLine(deps.db, [q.period, PLAN_CYCLE], q.line);
  const parentCode = ref.tree.get(regionCode)?.parentCode ?? null;
  const inCycle = (PLAN_CYCLE_YEARS as readonly string[]).includes(q.period);
  return {
    period: q.period,
    line,
    lines: ref.lines,
    periods: periodsUpTo(lastTargetYear(deps.clock)),
    node: rowOf(ctx, ref, node, current),
    parentRegionCode: parentCode && canSee(ctx.actor, { regionCode: parentCode, departmentCode: department }) ? parentCode : null,
    children: ref.tree.children(regionCode).map((c) => rowOf(ctx, ref, { ...node, regionCode: c.code }, current)),
    departments: department ? [] : ref.departmentCodes.map((d) => rowOf(ctx, ref, { ...node, departmentCode: d }, current)),
    cycleTarget: inCycle ? (current.get(keyOf({ ...node, period: PLAN_CYCLE }))?.target ?? null) : null,
  };
}

function resolveKey(ctx: Ctx, ref: Reference, k: TargetKey): TargetKey {
  assertLine(ref, k.line);
  if (k.departmentCode && !ref.departmentNames.has(k.departmentCode)) throw new AppError("department.not_found", "没有该部门");
  if (!ref.tree.get(k.regionCode) || !canSee(ctx.actor, k)) throw new AppError("target.not_found", "该地区不在您的管辖范围内");
  return k;
}

/**
 * Sets one target to a new value, as a new version. The owner of the level only (the level above
 * for a region's target, the region's own officer for a department's share); the children of any
 * parent may not add up to more than it, and no target may fall below what its children hold.
 * @throws target.year_out_of_range, target.not_found, department.not_found, target.negative,
 *   target.not_owner, target.version_conflict, target.exceeds_parent, target.below_children
 */
export async function setTarget(deps: Deps, ctx: Ctx, b: SetTargetBody): Promise<TargetRow> {
  assertPeriod(b.period, deps.clock);
  const ref = await loadReference(deps.db);
  const key = resolveKey(ctx, ref, { period: b.period, line: b.line, regionCode: b.regionCode, departmentCode: b.departmentCode });
  if (b.target < 0) throw new AppError("target.negative", "目标不能为负数", { field: "target" });
  const rulesRow = { key, ownerRegion: ownerRegionOf(key, ref.tree) };
  targetRules.assert(ctx.actor, "edit", rulesRow, { problems: [] });
  return deps.db.transaction(async (tx) => {
    await lockLine(tx, key.line);
    const current = await currentByKeys(tx, keysToCheck(key, ref.tree, ref.departmentCodes).map(keyOf));
    const cur = current.get(keyOf(key));
    if ((cur?.version ?? 0) !== b.baseVersion) {
      throw new AppError("target.version_conflict", "目标已被他人修改，请刷新后重试", { currentVersion: cur?.version ?? 0, currentTarget: cur?.target ?? null });
    }
    const values = new Map([...current].map(([k, v]) => [k, v.target]));
    const problems = cascadeProblems(key, b.target, values, ref.tree, ref.departmentCodes);
    const verdict = targetRules.check(ctx.actor, "edit", rulesRow, { problems });
    if (!verdict.ok) {
      const p = problems[0];
      const extra = p?.kind === "exceeds_parent" ? { relation: p.relation, parentTarget: p.parentTarget, childrenSum: p.childrenSum, parentKey: keyOf(p.parent) } : p ? { relation: p.relation, childrenSum: p.childrenSum } : {};
      throw new AppError(verdict.code, verdict.message, { ...verdict.details, ...extra });
    }
    const version = (cur?.version ?? 0) + 1;
    const id = await insertTargetVersion(tx, key, { version, target: b.target, reason: b.reason, createdBy: ctx.actor.userId, createdByName: await actorName(tx, ctx.actor.userId), at: deps.clock.now() });
    await audit(tx, ctx, deps.clock, {
      action: "target.set",
      entityType: "target",
      entityId: id,
      regionCode: key.regionCode,
      before: cur ? { target: cur.target, version: cur.version } : null,
      after: { period: key.period, line: key.line, departmentCode: key.departmentCode, target: b.target, version, reason: b.reason },
    });
    const after = await currentByKeys(tx, [keyOf(key), ...ref.tree.children(key.regionCode).map((c) => keyOf({ ...key, regionCode: c.code }))]);
    return rowOf(ctx, ref, key, after);
  });
}

/**
 * Every version of one target, newest first.
 * @throws target.year_out_of_range, target.not_found, department.not_found
 */
export async function getHistory(deps: Deps, ctx: Ctx, q: { period: string; line: string; regionCode: string; departmentCode?: string | undefined }) {
  assertPeriod(q.period, deps.clock);
  const ref = await loadReference(deps.db);
  const key = resolveKey(ctx, ref, { period: q.period, line: q.line, regionCode: q.regionCode, departmentCode: q.departmentCode ?? null });
  const rows = await historyOf(deps.db, keyOf(key));
  return { items: rows.map((r) => ({ ...r, at: r.at.toISOString() })) };
}
