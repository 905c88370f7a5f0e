import { randomUUID } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
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
/** rows per multi-row statement: 1,000 × 18 columns stays far below PostgreSQL's 65,535 parameters */
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
      .where(
        inArray(
          persons.idNumberHash,
          batch.map((r) => r.hash),
        ),
      );
    const byHash = new Map(found.map((f) => [f.idNumberHash, f]));
    const ids = found.map((f) => f.id);
    const linked = new Set<string>();
    const cats = new Set<string>();
    if (ids.length) {
      if (institutionId) {
        const l = await db
          .select({ personId: personInstitutions.personId })
          .from(personInstitutions)
          .where(and(eq(personInstitutions.institutionId, institutionId), inArray(personInstitutions.personId, ids)));
        for (const x of l) linked.add(x.personId);
      }
      const c = await db.select({ personId: personCategories.personId, category: personCategories.category }).from(personCategories).where(inArray(personCategories.personId, ids));
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

/** Writes a plan in the caller's transaction: multi-row INSERT … ON CONFLICT, UPDATE … FROM (VALUES). */
async function write(deps: Deps, tx: Db, ctx: Ctx, p: Plan, institutionId: string | null, job?: JobHandle): Promise<void> {
  const now = deps.clock.now();
  const { crypto } = deps;
  let done = 0;
  const newLinks: string[] = [...p.links];
  const newCats: (typeof personCategories.$inferInsert)[] = p.categories.map((c) => categoryRow(deps, c.personId, c.row.category!, now));
  for (let i = 0; i < p.creates.length; i += BATCH) {
    const batch = p.creates.slice(i, i + BATCH);
    const values = batch.map((r) => ({
      id: randomUUID(),
      idNumberEncrypted: crypto.encrypt(r.person.idNumber),
      idNumberHash: r.hash,
      idNumberMasked: maskIdNumber(r.person.idNumber),
      name: r.person.name,
      gender: r.person.gender,
      birthDate: r.person.birthDate,
      phone: r.person.phone,
      householdRegionCode: r.person.householdRegionCode,
      residenceRegionCode: r.person.residenceRegionCode,
      education: r.person.education,
      employerName: r.person.employerName,
      employerCreditCode: r.person.employerCreditCode,
      primaryCategory: r.category?.code ?? null,
      createdAt: now,
      updatedAt: now,
      createdBy: ctx.actor.userId,
    }));
    const inserted = await tx.insert(persons).values(values).onConflictDoNothing({ target: persons.idNumberHash }).returning({ id: persons.id });
    // someone registered one of these people meanwhile: start over rather than guess
    if (inserted.length !== values.length) throw new AppError("conflict.retry", "导入期间有人员被同时登记，请重新导入");
    values.forEach((v, j) => {
      if (institutionId) newLinks.push(v.id);
      const c = batch[j]!.category;
      if (c) newCats.push(categoryRow(deps, v.id, c, now));
    });
    done += batch.length;
    job?.progress({ processed: done });
  }
  for (let i = 0; i < p.updates.length; i += BATCH) {
    const rows = p.updates.slice(i, i + BATCH).map(({ merged: m }) =>
      sql`(${m.id}::uuid, ${m.phone}::text, ${m.householdRegionCode}::varchar, ${m.residenceRegionCode}::varchar, ${m.education}::text, ${m.employerName}::text, ${m.employerCreditCode}::varchar, ${m.primaryCategory}::text)`,
    );
    await tx.execute(sql`update persons p set phone = v.phone, household_region_code = v.household, residence_region_code = v.residence,
      education = v.education, employer_name = v.employer_name, employer_credit_code = v.credit, primary_category = v.primary_category, updated_at = ${now}
      from (values ${sql.join(rows, sql`, `)}) as v(id, phone, household, residence, education, employer_name, credit, primary_category)
      where p.id = v.id`);
    done += rows.length;
    job?.progress({ processed: done });
  }
  for (let i = 0; i < newLinks.length; i += BATCH * 5) {
    const batch = newLinks.slice(i, i + BATCH * 5).map((personId) => ({ personId, institutionId: institutionId!, firstLinkedAt: now }));
    await tx.insert(personInstitutions).values(batch).onConflictDoNothing();
  }
  for (let i = 0; i < newCats.length; i += BATCH) {
    await tx
      .insert(personCategories)
      .values(newCats.slice(i, i + BATCH))
      .onConflictDoNothing();
  }
}

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
