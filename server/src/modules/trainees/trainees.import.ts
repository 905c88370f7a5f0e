import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { unnest } from "../../platform/db/bulk.ts";
import type { ImportReport } from "../../../../shared/src/contracts/trainees.ts";
import { maskIdNumber } from "../../../../shared/src/ids.ts";
import { audit } from "../../platform/audit/audit.ts";
import type { Ctx, Deps } from "../../platform/context.ts";
import type { Db } from "../../platform/db/db.ts";
import { AppError } from "../../platform/http/errors.ts";
import { PROBLEM_CAP, type JobHandle } from "../../platform/jobs/jobs.ts";
import { readTable, type RowProblem } from "../../platform/spreadsheet/index.ts";
import { type ParsedRow, checkRows, rosterColumns } from "./trainees.import-rows.ts";
import { mayRegisterResident, registeringInstitution } from "./trainees.policy.ts";
import * as repo from "./trainees.repo.ts";
import { chinaDate } from "./trainees.rules.ts";
import { categoryRow } from "./trainees.service.ts";
import { personCategories, personInstitutions, persons } from "./trainees.table.ts";

export const MAX_ROSTER_ROWS = 100_000;
/** rows per statement (each column is one array parameter, so the count of parameters stays small) */
const BATCH = 1000;

export interface ImportOptions {
  mode: "dry-run" | "commit";
  filename: string;
  institutionId?: string | undefined;
}

interface Existing {
  id: string;
  idNumberHash: string;
  name: string;
  phone: string | null;
  householdRegionCode: string | null;
  residenceRegionCode: string;
  education: string | null;
  employerName: string | null;
  employerCreditCode: string | null;
  primaryCategory: string | null;
}

interface Plan {
  creates: ParsedRow[];
  updates: { row: ParsedRow; merged: Existing }[];
  links: string[];
  categories: { personId: string; row: ParsedRow }[];
  unchanged: number;
  problems: RowProblem[];
}

const MUTABLE = ["phone", "householdRegionCode", "residenceRegionCode", "education", "employerName", "employerCreditCode"] as const;

/**
 * Compares valid rows with what is stored, looking persons up by hash 1,000 at a time.
 * A non-empty cell that differs updates the field (an empty cell never erases); a missing link to
 * the importing institution or a new category also count as "updated"; the same ID under another
 * name is a problem.
 */
async function plan(db: Db, rows: ParsedRow[], institutionId: string | null, job?: JobHandle): Promise<Plan> {
  const p: Plan = { creates: [], updates: [], links: [], categories: [], unchanged: 0, problems: [] };
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = rows.slice(i, i + BATCH);
    const found = await db
      .select({
        id: persons.id,
        idNumberHash: persons.idNumberHash,
        name: persons.name,
        phone: persons.phone,
        householdRegionCode: persons.householdRegionCode,
        residenceRegionCode: persons.residenceRegionCode,
        education: persons.education,
        employerName: persons.employerName,
        employerCreditCode: persons.employerCreditCode,
        primaryCategory: persons.primaryCategory,
      })
      .from(persons)
      .where(sql`${persons.idNumberHash} = any(${sql.param(batch.map((r) => r.hash))}::text[])`);
    const byHash = new Map(found.map((f) => [f.idNumberHash, f]));
    const ids = found.map((f) => f.id);
    const linked = new Set<string>();
    const cats = new Set<string>();
    if (ids.length) {
      if (institutionId) {
        const l = await db
          .select({ personId: personInstitutions.personId })
          .from(personInstitutions)
          .where(and(eq(personInstitutions.institutionId, institutionId), sql`${personInstitutions.personId} = any(${sql.param(ids)}::uuid[])`));
        for (const x of l) linked.add(x.personId);
      }
      const c = await db.select({ personId: personCategories.personId, category: personCategories.category }).from(personCategories)
        .where(sql`${personCategories.personId} = any(${sql.param(ids)}::uuid[])`);
      for (const x of c) cats.add(`${x.personId}:${x.category}`);
    }
    for (const r of batch) {
      const e = byHash.get(r.hash);
      if (!e) {
        p.creates.push(r);
        continue;
      }
      if (e.name !== r.person.name) {
        p.problems.push({ row: r.row, column: "姓名", code: "name_mismatch", message: "该身份证号已登记为其他姓名，请核对" });
        continue;
      }
      let changed = false;
      const merged: Existing = { ...e };
      for (const k of MUTABLE) {
        const v = r.person[k];
        if (v !== null && v !== e[k]) {
          merged[k] = v;
          changed = true;
        }
      }
      if (!e.primaryCategory && r.category) {
        merged.primaryCategory = r.category.code;
        changed = true;
      }
      if (changed) p.updates.push({ row: r, merged });
      if (institutionId && !linked.has(e.id)) p.links.push(e.id);
      const newCat = r.category && !cats.has(`${e.id}:${r.category.code}`);
      if (newCat) p.categories.push({ personId: e.id, row: r });
      if (!changed && !newCat && !(institutionId && !linked.has(e.id))) p.unchanged++;
    }
    job?.progress({ processed: Math.min(i + BATCH, rows.length) });
  }
  return p;
}

function countsOf(p: Plan) {
  const touched = new Set(p.updates.map((u) => u.merged.id));
  for (const id of p.links) touched.add(id);
  for (const c of p.categories) touched.add(c.personId);
  return { created: p.creates.length, updated: touched.size, unchanged: p.unchanged };
}

/**
 * Writes a plan in the caller's transaction, 1,000 rows per statement: INSERT … SELECT FROM
 * unnest(…) ON CONFLICT, UPDATE … FROM unnest(…).
 */
async function write(deps: Deps, tx: Db, ctx: Ctx, p: Plan, institutionId: string | null, job?: JobHandle): Promise<void> {
  const now = deps.clock.now();
  const nowIso = now.toISOString();
  const { crypto } = deps;
  let done = 0;
  const newLinks: string[] = [...p.links];
  const newCats: CategoryInsert[] = p.categories.map((c) => categoryRow(deps, c.personId, c.row.category!, now));
  for (let i = 0; i < p.creates.length; i += BATCH) {
    const batch = p.creates.slice(i, i + BATCH);
    const ids = batch.map(() => randomUUID());
    const col = <T>(f: (r: ParsedRow) => T) => batch.map(f);
    const inserted = (await tx.execute(sql`insert into persons (id, id_number_encrypted, id_number_hash, id_number_masked, name, gender, birth_year, phone,
        household_region_code, residence_region_code, education, employer_name, employer_credit_code, primary_category, created_at, updated_at, created_by)
      select *, ${nowIso}::timestamptz, ${nowIso}::timestamptz, ${ctx.actor.userId}::uuid from ${unnest([
        { type: "uuid", values: ids },
        { type: "text", values: col((r) => crypto.encrypt(r.person.idNumber)) },
        { type: "text", values: col((r) => r.hash) },
        { type: "varchar", values: col((r) => maskIdNumber(r.person.idNumber)) },
        { type: "text", values: col((r) => r.person.name) },
        { type: "text", values: col((r) => r.person.gender) },
        { type: "integer", values: col((r) => Number(r.person.birthDate.slice(0, 4))) },
        { type: "text", values: col((r) => r.person.phone) },
        { type: "varchar", values: col((r) => r.person.householdRegionCode) },
        { type: "varchar", values: col((r) => r.person.residenceRegionCode) },
        { type: "text", values: col((r) => r.person.education) },
        { type: "text", values: col((r) => r.person.employerName) },
        { type: "varchar", values: col((r) => r.person.employerCreditCode) },
        { type: "text", values: col((r) => r.category?.code ?? null) },
      ])}
      on conflict (id_number_hash) do nothing
      returning id`)) as unknown as { rows: unknown[] };
    // someone registered one of these people meanwhile: start over rather than guess
    if (inserted.rows.length !== batch.length) throw new AppError("conflict.retry", "导入期间有人员被同时登记，请重新导入");
    batch.forEach((r, j) => {
      if (institutionId) newLinks.push(ids[j]!);
      if (r.category) newCats.push(categoryRow(deps, ids[j]!, r.category, now));
    });
    done += batch.length;
    job?.progress({ processed: done });
  }
  for (let i = 0; i < p.updates.length; i += BATCH) {
    const m = p.updates.slice(i, i + BATCH).map((u) => u.merged);
    await tx.execute(sql`update persons p set phone = v.phone, household_region_code = v.household, residence_region_code = v.residence,
      education = v.education, employer_name = v.employer_name, employer_credit_code = v.credit, primary_category = v.primary_category, updated_at = ${nowIso}::timestamptz
      from ${unnest([
        { type: "uuid", values: m.map((x) => x.id) },
        { type: "text", values: m.map((x) => x.phone) },
        { type: "varchar", values: m.map((x) => x.householdRegionCode) },
        { type: "varchar", values: m.map((x) => x.residenceRegionCode) },
        { type: "text", values: m.map((x) => x.education) },
        { type: "text", values: m.map((x) => x.employerName) },
        { type: "varchar", values: m.map((x) => x.employerCreditCode) },
        { type: "text", values: m.map((x) => x.primaryCategory) },
      ])} as v(id, phone, household, residence, education, employer_name, credit, primary_category)
      where p.id = v.id`);
    done += m.length;
    job?.progress({ processed: done });
  }
  for (let i = 0; i < newLinks.length; i += BATCH) {
    const ids = newLinks.slice(i, i + BATCH);
    await tx.execute(sql`insert into person_institutions (person_id, institution_id, first_linked_at)
      select *, ${institutionId}::uuid, ${nowIso}::timestamptz from ${unnest([{ type: "uuid", values: ids }])}
      on conflict do nothing`);
  }
  for (let i = 0; i < newCats.length; i += BATCH) {
    const c = newCats.slice(i, i + BATCH);
    await tx.execute(sql`insert into person_categories (person_id, category, evidence_type, evidence_ref, evidence_ref_encrypted, evidence_date, created_at)
      select *, ${nowIso}::timestamptz from ${unnest([
        { type: "uuid", values: c.map((x) => x.personId) },
        { type: "text", values: c.map((x) => x.category) },
        { type: "text", values: c.map((x) => x.evidenceType) },
        { type: "text", values: c.map((x) => x.evidenceRef) },
        { type: "text", values: c.map((x) => x.evidenceRefEncrypted) },
        { type: "date", values: c.map((x) => x.evidenceDate) },
      ])}
      on conflict do nothing`);
  }
}

type CategoryInsert = ReturnType<typeof categoryRow>;

/**
 * Reads a roster (.xlsx/.csv) and checks every row; a dry run reports and changes nothing, a
 * commit writes everything in one transaction or nothing. One audit entry per committed import
 * (not per row: 100,000 entries would serialize on the audit chain).
 * @throws import.bad_file, import.too_large, import.missing_columns, import.rejected (details.problems,
 *   details.problemCount), conflict.retry, person.institution_required, auth.forbidden
 */
export async function importRoster(deps: Deps, ctx: Ctx, file: Buffer, o: ImportOptions, job?: JobHandle): Promise<ImportReport> {
  const { db } = deps;
  const institutionId = registeringInstitution(ctx.actor, "person.import", o.institutionId);
  const table = await readTable(file, o.filename, { columns: rosterColumns, maxRows: MAX_ROSTER_ROWS });
  job?.progress({ total: table.rows.length, processed: 0 });
  const { parsed, problems } = checkRows(table, {
    today: chinaDate(deps.clock.now()),
    regions: await repo.regionLevels(db),
    lookupHash: (id) => deps.crypto.lookupHash(id),
    mayRegister: (region) => mayRegisterResident(ctx.actor, "person.import", institutionId, region),
  });
  const report = (p: Plan, allProblems: RowProblem[]): ImportReport => ({
    mode: o.mode,
    total: table.rows.length,
    ...countsOf(p),
    problemCount: allProblems.length,
    problems: allProblems.slice(0, PROBLEM_CAP),
  });
  if (o.mode === "dry-run") {
    const p = await plan(db, parsed, institutionId, job);
    const all = [...problems, ...p.problems].sort((a, b) => a.row - b.row);
    return report(p, all);
  }
  if (problems.length) throw rejected(problems);
  return db.transaction(async (tx) => {
    const p = await plan(tx, parsed, institutionId);
    if (p.problems.length) throw rejected(p.problems);
    await write(deps, tx, ctx, p, institutionId, job);
    const r = report(p, []);
    await audit(tx, ctx, deps.clock, {
      action: "person.imported",
      entityType: "person_import",
      entityId: job?.id ?? null,
      regionCode: ctx.actor.regionCode,
      after: { filename: o.filename, institutionId, total: r.total, created: r.created, updated: r.updated, unchanged: r.unchanged },
    });
    job?.progress({ processed: table.rows.length });
    return r;
  });
}

function rejected(problems: RowProblem[]): AppError {
  return new AppError("import.rejected", `有 ${problems.length} 处问题，未导入任何数据`, { problemCount: problems.length, problems: problems.slice(0, PROBLEM_CAP) });
}
