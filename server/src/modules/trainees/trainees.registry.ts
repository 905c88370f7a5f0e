import { and, eq, sql } from "drizzle-orm";
import type { CategoryCode, RegistryImportReport } from "../../../../shared/src/contracts/trainees.ts";
import { checkIdNumber } from "../../../../shared/src/ids.ts";
import { audit } from "../../platform/audit/audit.ts";
import { grantsFor } from "../../platform/auth/actor.ts";
import type { Ctx, Deps } from "../../platform/context.ts";
import { unnest } from "../../platform/db/bulk.ts";
import { AppError } from "../../platform/http/errors.ts";
import { PROBLEM_CAP } from "../../platform/jobs/jobs.ts";
import { readTable, type RowProblem } from "../../platform/spreadsheet/index.ts";
import { personScope } from "./trainees.policy.ts";
import { chinaDate } from "./trainees.rules.ts";
import { categoryRow } from "./trainees.service.ts";
import { personCategories, persons } from "./trainees.table.ts";
import type { Db } from "../../platform/db/db.ts";

/** person id → the evidence type already recorded for `category` (before a list replaces it). */
async function previousEvidence(tx: Db, ids: string[], category: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let i = 0; i < ids.length; i += BATCH) {
    const rows = await tx
      .select({ personId: personCategories.personId, evidenceType: personCategories.evidenceType })
      .from(personCategories)
      .where(and(eq(personCategories.category, category), sql`${personCategories.personId} = any(${sql.param(ids.slice(i, i + BATCH))}::uuid[])`));
    for (const r of rows) out.set(r.personId, r.evidenceType);
  }
  return out;
}

const BATCH = 1000;
/** the registry importer's columns (also the template's headers) */
export const registryColumns = [
  { key: "idNumber", headers: ["身份证号", "身份证号码", "公民身份号码"], required: true },
  { key: "name", headers: ["姓名"], required: true },
];

/**
 * Matches a registry list (ID number + name) against registered persons in the officer's scope
 * and records `registry_match` evidence (list name, today's date) for the list's category —
 * replacing a commitment, or adding the category. Rows without a registered person are counted
 * as unmatched; bad ID numbers, empty cells, duplicates and name mismatches are problems, and a
 * commit with problems saves nothing.
 * @throws auth.forbidden (institution staff: lists come from government registers),
 *   import.bad_file, import.too_large, import.missing_columns, import.rejected
 */
export async function importRegistryList(
  deps: Deps,
  ctx: Ctx,
  file: Buffer,
  o: { mode: "dry-run" | "commit"; filename: string; listName: string; category: CategoryCode },
): Promise<RegistryImportReport> {
  if (!grantsFor(ctx.actor, "person.view_id").length) throw new AppError("auth.forbidden", "名册比对仅限人社部门经办人员");
  const today = chinaDate(deps.clock.now());
  const table = await readTable(file, o.filename, { columns: registryColumns, maxRows: 200_000 });
  const problems: RowProblem[] = [...table.problems];
  const byHash = new Map<string, { row: number; name: string }>();
  for (const r of table.rows) {
    const name = r.values.name?.trim();
    if (!r.values.idNumber) problems.push({ row: r.row, column: "身份证号", code: "required", message: "请填写身份证号" });
    if (!name) problems.push({ row: r.row, column: "姓名", code: "required", message: "请填写姓名" });
    if (!r.values.idNumber || !name) continue;
    const id = checkIdNumber(r.values.idNumber, today);
    if (!id.ok) {
      problems.push({ row: r.row, column: "身份证号", code: `id_${id.problem}`, message: id.message });
      continue;
    }
    const hash = deps.crypto.lookupHash(id.normalized);
    const first = byHash.get(hash);
    if (first) problems.push({ row: r.row, column: "身份证号", code: "duplicate_in_file", message: `与第 ${first.row} 行的身份证号重复` });
    else byHash.set(hash, { row: r.row, name });
  }
  // residents of the officer's region only (no enrollments port): evidence is the residence county's to record (personRules.addCategory)
  const scope = personScope(ctx.actor, "person.import");
  const matched: { id: string; residenceRegionCode: string }[] = [];
  const hashes = [...byHash.keys()];
  for (let i = 0; i < hashes.length; i += BATCH) {
    const found = await deps.db
      .select({ id: persons.id, hash: persons.idNumberHash, name: persons.name, residenceRegionCode: persons.residenceRegionCode })
      .from(persons)
      .where(and(sql`${persons.idNumberHash} = any(${sql.param(hashes.slice(i, i + BATCH))}::text[])`, scope));
    for (const f of found) {
      const r = byHash.get(f.hash)!;
      if (f.name === r.name) matched.push({ id: f.id, residenceRegionCode: f.residenceRegionCode });
      else problems.push({ row: r.row, column: "姓名", code: "name_mismatch", message: "姓名与已登记的信息不一致" });
    }
  }
  const matchedIds = matched.map((m) => m.id);
  problems.sort((a, b) => a.row - b.row);
  const mismatches = problems.filter((p) => p.code === "name_mismatch").length;
  const report: RegistryImportReport = {
    mode: o.mode,
    total: table.rows.length,
    matched: matchedIds.length,
    unmatched: byHash.size - matchedIds.length - mismatches,
    problemCount: problems.length,
    problems: problems.slice(0, PROBLEM_CAP),
  };
  if (o.mode === "dry-run") return report;
  if (problems.length) {
    throw new AppError("import.rejected", `有 ${problems.length} 处问题，未导入任何数据`, { problemCount: problems.length, problems: report.problems });
  }
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const previous = await previousEvidence(tx, matchedIds, o.category);
    for (let i = 0; i < matchedIds.length; i += BATCH) {
      const rows = matchedIds.slice(i, i + BATCH).map((id) => categoryRow(deps, id, { code: o.category, evidenceType: "registry_match", evidenceRef: o.listName, evidenceDate: today }, now));
      await tx.execute(sql`insert into person_categories (person_id, category, evidence_type, evidence_ref, evidence_ref_encrypted, evidence_date, created_at)
        select *, ${now.toISOString()}::timestamptz from ${unnest([
          { type: "uuid", values: rows.map((r) => r.personId) },
          { type: "text", values: rows.map((r) => r.category) },
          { type: "text", values: rows.map((r) => r.evidenceType) },
          { type: "text", values: rows.map((r) => r.evidenceRef) },
          { type: "text", values: rows.map((r) => r.evidenceRefEncrypted) },
          { type: "date", values: rows.map((r) => r.evidenceDate) },
        ])}
        on conflict (person_id, category) do update set evidence_type = excluded.evidence_type, evidence_ref = excluded.evidence_ref,
          evidence_ref_encrypted = excluded.evidence_ref_encrypted, evidence_date = excluded.evidence_date`);
    }
    // every change to a person is audited on the person, so the person's own county sees it
    for (const m of matched) {
      await audit(tx, ctx, deps.clock, {
        action: "person.category_evidenced",
        entityType: "person",
        entityId: m.id,
        regionCode: m.residenceRegionCode,
        before: previous.has(m.id) ? { category: o.category, evidenceType: previous.get(m.id) } : null,
        after: { category: o.category, evidenceType: "registry_match", listName: o.listName },
      });
    }
    await audit(tx, ctx, deps.clock, {
      action: "person.registry_matched",
      entityType: "person_import",
      regionCode: ctx.actor.regionCode,
      after: { filename: o.filename, listName: o.listName, category: o.category, total: report.total, matched: report.matched, unmatched: report.unmatched },
    });
  });
  return report;
}
