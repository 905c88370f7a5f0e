import { inArray } from "drizzle-orm";
import { grantsFor } from "../../platform/auth/actor.ts";
import type { EntityName, EntityNameResolver } from "../../platform/audit/audit.names.ts";
import { loadReference } from "./targets.repo.ts";
import { canSee } from "./targets.scope.ts";
import { skillStructureVersions, targetVersions } from "./targets.table.ts";

/** 目标任务 in the log: "2020年 长春市 · 省农业农村厅 残疾人职业技能培训", for targets the reader sees. */
export const targetAuditNames: EntityNameResolver = async (db, actor, ids) => {
  if (ids.length === 0 || grantsFor(actor, "target.read").length === 0) return new Map();
  const rows = await db.select().from(targetVersions).where(inArray(targetVersions.id, [...ids]));
  const ref = await loadReference(db);
  const out = new Map<string, EntityName>();
  for (const r of rows) {
    if (!canSee(actor, r)) continue;
    const period = `${r.period}年`;
    const region = ref.tree.get(r.regionCode)?.name ?? r.regionCode;
    const dept = r.departmentCode ? ` · ${ref.departmentNames.get(r.departmentCode) ?? r.departmentCode}` : "";
    const line = ref.lines.find((l) => l.line === r.line)?.name ?? r.line;
    out.set(r.id, { name: `${period} ${region}${dept} ${line}（第 ${r.version} 版）`, href: `/targets?period=${r.period}&line=${r.line}&region=${r.regionCode}` });
  }
  return out;
};

/** 技能人才结构 in the log: "2020年技能人才统计数（第 2 版）". */
export const skillStructureAuditNames: EntityNameResolver = async (db, actor, ids) => {
  if (ids.length === 0 || grantsFor(actor, "target.read").length === 0) return new Map();
  const rows = await db.select({ id: skillStructureVersions.id, year: skillStructureVersions.year, version: skillStructureVersions.version }).from(skillStructureVersions).where(inArray(skillStructureVersions.id, [...ids]));
  return new Map(rows.map((r) => [r.id, { name: `${r.year}年技能人才统计数（第 ${r.version} 版）`, href: `/targets?tab=skills&year=${r.year}` }]));
};
