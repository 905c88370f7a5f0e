import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import type { Db } from "../../platform/db/db.ts";
import { departmentsData, programsData, refCodesData, reportingUnitsData } from "./reference.data.ts";
import { departments, programs, refCodes, regions, reportingUnits } from "./reference.table.ts";

const csvPath = path.join(path.dirname(fileURLToPath(import.meta.url)), "data/regions-jilin.csv");

/** Minimal RFC 4180 line parser: quoted fields may hold commas and doubled quotes. */
export function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      out.push(cur);
      cur = "";
    } else cur += c;
  }
  out.push(cur);
  return out;
}

export function loadRegionRows() {
  const lines = fs.readFileSync(csvPath, "utf8").split(/\r?\n/).filter(Boolean).slice(1);
  return lines.map((l) => {
    const [code, name, level, parentCode, note] = parseCsvLine(l);
    return { code: code!, name: name!, level: level as "province" | "city" | "county", parentCode: parentCode || null, note: note || null };
  });
}

/** Idempotent: inserts what is missing and refreshes names and notes. */
export async function seedReference(db: Db): Promise<void> {
  const regionRows = loadRegionRows();
  await db
    .insert(regions)
    .values(regionRows)
    .onConflictDoUpdate({ target: regions.code, set: { name: sql`excluded.name`, level: sql`excluded.level`, parentCode: sql`excluded.parent_code`, note: sql`excluded.note` } });
  await db
    .insert(reportingUnits)
    .values(reportingUnitsData.map((r) => ({ code: r.code, name: r.name, parentCode: r.parentCode, coversRegionCodes: r.covers, note: r.note })))
    .onConflictDoNothing();
  await db
    .insert(departments)
    .values(departmentsData.map(([code, name, shortName], i) => ({ code, name, shortName, sort: i })))
    .onConflictDoUpdate({ target: departments.code, set: { name: sql`excluded.name`, shortName: sql`excluded.short_name`, sort: sql`excluded.sort` } });
  await db
    .insert(programs)
    .values(
      programsData.map((p, i) => ({
        code: p.code,
        section: p.section,
        name: p.name,
        leadDepartmentCodes: p.lead,
        targetCount: p.target?.count ?? null,
        targetUnit: p.target?.unit ?? null,
        targetNote: p.target?.note ?? null,
        sort: i,
      })),
    )
    .onConflictDoUpdate({
      target: programs.code,
      set: {
        section: sql`excluded.section`,
        name: sql`excluded.name`,
        leadDepartmentCodes: sql`excluded.lead_department_codes`,
        targetCount: sql`excluded.target_count`,
        targetUnit: sql`excluded.target_unit`,
        targetNote: sql`excluded.target_note`,
        sort: sql`excluded.sort`,
      },
    });
  const codeRows = Object.entries(refCodesData).flatMap(([kind, list]) => list.map(([code, name, note], i) => ({ kind, code, name, note: note ?? null, sort: i })));
  await db
    .insert(refCodes)
    .values(codeRows)
    .onConflictDoUpdate({ target: [refCodes.kind, refCodes.code], set: { name: sql`excluded.name`, note: sql`excluded.note`, sort: sql`excluded.sort` } });
}
