import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { unnest } from "../../platform/db/bulk.ts";
import type { ImportReport } from "../../../../shared/src/contracts/trainees.ts";
import { maskIdNumber } from "../../../../shared/src/ids.ts";
import { audit } from "../../platform/audit/audit.ts";
import type { Ctx, Deps } from "../../platform/context.ts";
import type { Db } from "../../platform/db/db.ts";
import { AppError } from "../../platform/http/errors.ts";
import { PROBLEM_CAP, type JobHandle } from "../../platform/jobs/jobs.ts";
import { readTable, resolveRegionCells, type RowProblem } from "../../platform/spreadsheet/index.ts";
import { loadRegionResolver } from "../reference/index.ts";
import { type ParsedRow, checkRows, rosterColumns, rosterRegionColumns } from "./trainees.import-rows.ts";
import { changeableFieldLabels } from "../../../../shared/src/contracts/trainees.ts";
import { coversRegion } from "../../platform/auth/scope.ts";
import { DIFFERS, type DifferenceField, differencesOf, fileChangeRequest, storedCategory } from "./trainees.changes.ts";
import { mayRegisterResident, registeringInstitution } from "./trainees.policy.ts";
import * as repo from "./trainees.repo.ts";
import { chinaDate } from "./trainees.rules.ts";
import { assertInstitutionMayRegister, categoryRow } from "./trainees.service.ts";
import { type EnteredPerson, type PersonChanges, persons } from "./trainees.table.ts";

export const MAX_ROSTER_ROWS = 100_000;
/** rows per statement (each column is one array parameter, so the count of parameters stays small) */
const BATCH = 1000;

export interface ImportOptions {
  mode: "dry-run" | "commit";
  filename: string;
  institutionId?: string | undefined;
  /** file each existing row's differences as a change request (commit only) */
  fileChangeRequests?: boolean | undefined;
  /**
   * Spends checks of these ID numbers (lookup hashes) from the caller's daily budget of distinct
   * numbers, or throws request.rate_limited.
   * An import answers, row by row, whether an ID number is registered: for callers who may not see
   * full ID numbers that is an oracle against the mask (issue #7), so it is rationed like the
   * exact look-up. Given by the route (the counters live with the HTTP layer).
   */
  spendIdChecks?: ((idHashes: string[]) => Promise<void>) | undefined;
}

interface Plan {
  creates: ParsedRow[];
  /** existing persons: the importing institution's entry is recorded on its link, the record untouched */
  links: { personId: string; row: ParsedRow; isNew: boolean }[];
  /** differences filed as change requests on commit when asked */
  requests: { person: repo.PersonRow; changes: PersonChanges; row: number }[];
  unchanged: number;
  problems: RowProblem[];
  warnings: RowProblem[];
}

const columnOf: Record<DifferenceField, string> = {
  phone: "手机号",
  householdRegionCode: "户籍地区划代码",
  residenceRegionCode: "居住地区划代码",
  education: "文化程度",
  employerName: "工作单位",
  employerCreditCode: "单位统一社会信用代码",
  primaryCategory: "人员类别",
  categories: "人员类别",
  exclusions: "排除情形",
};

export function enteredOf(deps: Pick<Deps, "crypto">, r: ParsedRow): EnteredPerson {
  const p = r.person;
  return {
    name: p.name,
    phone: p.phone,
    householdRegionCode: p.householdRegionCode,
    residenceRegionCode: p.residenceRegionCode,
    education: p.education,
    employerName: p.employerName,
    employerCreditCode: p.employerCreditCode,
    primaryCategory: r.category?.code ?? null,
    categories: r.category ? [storedCategory(deps, r.category)] : [],
    exclusions: [],
  };
}

/**
 * Compares valid rows with what is stored, looking persons up by hash 1,000 at a time. An
 * existing person is never changed: what differs comes back as a row warning per field (the
 * stored value is not shown), and the importing institution's entry is kept on its link. An
 * officer's rows for persons living outside the officer's region are only warned about. The
 * same ID under another name is a problem.
 */
async function plan(deps: Deps, db: Db, ctx: Ctx, rows: ParsedRow[], institutionId: string | null, job?: JobHandle): Promise<Plan> {
  const p: Plan = { creates: [], links: [], requests: [], unchanged: 0, problems: [], warnings: [] };
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = rows.slice(i, i + BATCH);
    const found = await db
      .select()
      .from(persons)
      .where(sql`${persons.idNumberHash} = any(${sql.param(batch.map((r) => r.hash))}::text[])`);
    const byHash = new Map(found.map((f) => [f.idNumberHash, f]));
    const ids = found.map((f) => f.id);
    const linked = new Set<string>();
    const details = await repo.loadDetails(db, ids);
    if (institutionId) for (const d of details.values()) for (const l of d.links) if (l.institutionId === institutionId) linked.add(l.personId);
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
      if (institutionId === null && !coversRegion(ctx.actor, "person.import", e.residenceRegionCode)) {
        p.warnings.push({ row: r.row, column: "居住地区划代码", code: "registered_elsewhere", message: "该人员已登记，居住地不在您的管辖范围内，未作任何更改" });
        p.unchanged++;
        continue;
      }
      const d = details.get(e.id)!;
      const { fields, changes } = differencesOf(
        enteredOf(deps, r),
        e,
        d.categories.map((c) => c.category),
        d.exclusions.map((x) => x.kind),
      );
      for (const f of fields) p.warnings.push({ row: r.row, column: columnOf[f], code: "differs_from_registered", message: `${changeableFieldLabels[f]}${DIFFERS}` });
      if (fields.length) p.requests.push({ person: e, changes, row: r.row });
      if (institutionId) p.links.push({ personId: e.id, row: r, isNew: !linked.has(e.id) });
      if (!institutionId || linked.has(e.id)) p.unchanged++;
    }
    job?.progress({ processed: Math.min(i + BATCH, rows.length) });
    // let other requests through between batches (the embedded store runs one thing at a time)
    await new Promise((resolve) => setImmediate(resolve));
  }
  return p;
}

function countsOf(p: Plan) {
  return { created: p.creates.length, updated: p.links.filter((l) => l.isNew).length, unchanged: p.unchanged };
}

/**
 * Writes a plan in the caller's transaction, 1,000 rows per statement: INSERT … SELECT FROM
 * unnest(…) ON CONFLICT. Existing persons get only the importing institution's link and entry.
 */
async function write(deps: Deps, tx: Db, ctx: Ctx, p: Plan, institutionId: string | null, job?: JobHandle): Promise<void> {
  const now = deps.clock.now();
  const nowIso = now.toISOString();
  const { crypto } = deps;
  let done = 0;
  const links: { personId: string; entered: EnteredPerson; created: boolean }[] = p.links.map((l) => ({ personId: l.personId, entered: enteredOf(deps, l.row), created: false }));
  const newCats: CategoryInsert[] = [];
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
      if (institutionId) links.push({ personId: ids[j]!, entered: enteredOf(deps, r), created: true });
      if (r.category) newCats.push(categoryRow(deps, ids[j]!, r.category, now));
    });
    done += batch.length;
    job?.progress({ processed: done });
  }
  for (let i = 0; i < links.length; i += BATCH) {
    const l = links.slice(i, i + BATCH);
    await tx.execute(sql`insert into person_institutions (person_id, institution_id, first_linked_at, entered, created_record)
      select u.person_id, ${institutionId}::uuid, ${nowIso}::timestamptz, u.entered::jsonb, u.created = 'true' from ${unnest([
        { type: "uuid", values: l.map((x) => x.personId) },
        { type: "text", values: l.map((x) => JSON.stringify(x.entered)) },
        { type: "text", values: l.map((x) => String(x.created)) },
      ])} as u(person_id, entered, created)
      on conflict (person_id, institution_id) do update set entered = excluded.entered`);
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
  await assertInstitutionMayRegister(db, institutionId);
  const table = await readTable(file, o.filename, { columns: rosterColumns, maxRows: MAX_ROSTER_ROWS });
  // 南关区 as well as 220102 (issue #10): names become codes before the row checks run
  resolveRegionCells(table, rosterRegionColumns, await loadRegionResolver(db));
  job?.progress({ total: table.rows.length, processed: 0 });
  const { parsed, problems } = checkRows(table, {
    today: chinaDate(deps.clock.now()),
    regions: await repo.regionLevels(db),
    lookupHash: (id) => deps.crypto.lookupHash(id),
    mayRegister: (region) => mayRegisterResident(ctx.actor, "person.import", institutionId, region),
  });
  // before any row is matched against the registry
  await o.spendIdChecks?.(parsed.map((p) => p.hash));
  const report = (p: Plan, allProblems: RowProblem[], filed = 0): ImportReport => ({
    mode: o.mode,
    total: table.rows.length,
    ...countsOf(p),
    problemCount: allProblems.length,
    problems: allProblems.slice(0, PROBLEM_CAP),
    warningCount: p.warnings.length,
    warnings: p.warnings.slice(0, PROBLEM_CAP),
    changeRequestsFiled: filed,
  });
  if (o.mode === "dry-run") {
    const p = await plan(deps, db, ctx, parsed, institutionId, job);
    const all = [...problems, ...p.problems].sort((a, b) => a.row - b.row);
    return report(p, all);
  }
  if (problems.length) throw rejected(problems);
  return db.transaction(async (tx) => {
    const p = await plan(deps, tx, ctx, parsed, institutionId);
    if (p.problems.length) throw rejected(p.problems);
    await write(deps, tx, ctx, p, institutionId, job);
    // each row's differences as a change request the person's county (or the person) decides
    let filed = 0;
    // the importer may file: an institution is linked to each such person now, an officer covers their residence (plan)
    if (o.fileChangeRequests) for (const req of p.requests) {
      await fileChangeRequest(deps, tx, ctx, req.person, req.changes, institutionId);
      filed++;
    }
    const r = report(p, [], filed);
    await audit(tx, ctx, deps.clock, {
      action: "person.imported",
      entityType: "person_import",
      entityId: job?.id ?? null,
      regionCode: ctx.actor.regionCode,
      after: { filename: o.filename, institutionId, total: r.total, created: r.created, updated: r.updated, unchanged: r.unchanged, warnings: r.warningCount, changeRequestsFiled: filed },
    });
    await job?.succeedIn(tx, { ...r, processed: table.rows.length });
    return r;
  });
}

function rejected(problems: RowProblem[]): AppError {
  return new AppError("import.rejected", `有 ${problems.length} 处问题，未导入任何数据`, { problemCount: problems.length, problems: problems.slice(0, PROBLEM_CAP) });
}
