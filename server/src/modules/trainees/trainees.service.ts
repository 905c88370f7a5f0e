import { randomUUID } from "node:crypto";
import { type CategoryCode, type PersonView, type RegisterPersonBody, sensitiveCategories } from "../../../../shared/src/contracts/trainees.ts";
import type { ValidationIssue } from "../../../../shared/src/errors.ts";
import { maskIdNumber } from "../../../../shared/src/ids.ts";
import { regionPrefix } from "../../../../shared/src/regions.ts";
import { audit } from "../../platform/audit/audit.ts";
import { coversRegion } from "../../platform/auth/scope.ts";
import type { Ctx, Deps } from "../../platform/context.ts";
import type { Db } from "../../platform/db/db.ts";
import { AppError, invalid } from "../../platform/http/errors.ts";
import { readAll } from "../../platform/db/reads.ts";
import { institutionForClass } from "../institutions/index.ts";
import { differencesOf, differenceViews, fileChangeRequest, storedCategory } from "./trainees.changes.ts";
import { actorInstitutions, mayRegisterResident, type PersonEnrollments, personScope, personScopeIds, personScopeSource, registeringInstitution } from "./trainees.policy.ts";
import { personRuleRow, presentPerson } from "./trainees.presenter.ts";
import * as repo from "./trainees.repo.ts";
import { personRules } from "./trainees.row-rules.ts";
import { chinaDate, type FieldProblem, normalizePerson } from "./trainees.rules.ts";
import type { EnteredPerson } from "./trainees.table.ts";

/** The module's dependencies: the platform's, and the classes module's rosters (a port, see policy). */
export interface TraineesDeps extends Deps {
  enrollments: PersonEnrollments;
}

/** The facts the person rules need for these rows: which of the actor's institutions enrolled them in an approved class. */
export async function personFacts(deps: TraineesDeps, db: Db, ctx: Ctx, ids: string[]): Promise<Map<string, Set<string>>> {
  return repo.enrolledWith(db, deps.enrollments, ids, actorInstitutions(ctx.actor, "person.read"));
}

export async function presentMany(deps: TraineesDeps, ctx: Ctx, rows: repo.PersonRow[]): Promise<PersonView[]> {
  const ids = rows.map((r) => r.id);
  const [details, enrolled] = await readAll(deps.db, [() => repo.loadDetails(deps.db, ids), () => personFacts(deps, deps.db, ctx, ids)]);
  const entries = [...details.values()].flatMap((d) => d.links.flatMap((l) => (l.entered ? [l.entered.residenceRegionCode] : [])));
  const names = await repo.regionNames(deps.db, [...rows.map((r) => r.residenceRegionCode), ...entries]);
  const today = chinaDate(deps.clock.now());
  return rows.map((r) => presentPerson(ctx.actor, r, details.get(r.id)!, names, today, deps.crypto, { enrolledWith: enrolled.get(r.id) ?? new Set() }));
}

/**
 * Only approved (or suspended, still under agreement) institutions register or import persons: a
 * self-registered, never-approved or banned one may not reach the registry at all.
 * @throws person.institution_not_approved
 */
export async function assertInstitutionMayRegister(db: Db, institutionId: string | null): Promise<void> {
  if (institutionId === null) return;
  const inst = await institutionForClass(db, institutionId);
  if (!inst || (inst.status !== "approved" && inst.status !== "suspended")) {
    throw new AppError("person.institution_not_approved", "机构未通过审核或已被禁入，不能登记或导入学员", { status: inst?.status ?? null });
  }
}

/** Throws the most specific error for a person's field problems; details.issues lists all. */
function throwProblems(problems: FieldProblem[], extra: ValidationIssue[]): never {
  const issues = [...problems.map((p) => ({ path: `body.${p.field}`, code: p.code, message: p.message })), ...extra];
  const id = problems.find((p) => p.field === "idNumber" && p.code !== "required");
  if (id) throw new AppError("person.id_invalid", id.message, { problem: id.code, issues });
  const gender = problems.find((p) => p.code === "gender_mismatch");
  if (gender) throw new AppError("person.gender_mismatch", gender.message, { issues });
  const birth = problems.find((p) => p.code === "birth_date_mismatch");
  if (birth) throw new AppError("person.birth_date_mismatch", birth.message, { issues });
  throw invalid(issues);
}

type Registered = Omit<RegisterResult, "person"> & { id: string };

export interface RegisterResult {
  person: PersonView;
  created: boolean;
  differences: { field: string; message: string }[];
  changeRequestId: string | null;
}

/**
 * Registers a person. When the ID number is already registered nothing of the record changes:
 * the registering institution is linked with what it entered (and sees only that until the
 * person joins one of its approved classes), the fields that differ come back as `differences`
 * — never the stored values — and, when asked, are filed as a change request. Every check
 * happens before any write, in one transaction.
 * @throws request.invalid, person.id_invalid, person.gender_mismatch, person.birth_date_mismatch,
 *   person.name_mismatch, person.scope_outside, person.institution_required,
 *   person.institution_not_approved, auth.forbidden
 */
export async function registerPerson(deps: TraineesDeps, ctx: Ctx, input: RegisterPersonBody): Promise<RegisterResult> {
  const { db, clock, crypto } = deps;
  const institutionId = registeringInstitution(ctx.actor, "person.register", input.institutionId);
  await assertInstitutionMayRegister(db, institutionId);
  const now = clock.now();
  const { value, problems } = normalizePerson(
    { ...input, categories: input.categories.map((c) => c.code) },
    { today: chinaDate(now), regions: await repo.regionLevels(db) },
  );
  const extra: ValidationIssue[] = [];
  const codes = input.categories.map((c) => c.code);
  codes.forEach((c, i) => {
    if (codes.indexOf(c) !== i) extra.push({ path: `body.categories[${i}].code`, code: "duplicate", message: "人员类别重复" });
  });
  input.exclusions.forEach((e, i) => {
    if (input.exclusions.findIndex((x) => x.kind === e.kind) !== i) extra.push({ path: `body.exclusions[${i}].kind`, code: "duplicate", message: "排除情形重复" });
  });
  if (input.primaryCategory && !codes.includes(input.primaryCategory)) {
    extra.push({ path: "body.primaryCategory", code: "not_in_categories", message: "主要类别须是已填写的人员类别之一" });
  }
  for (const [i, c] of input.categories.entries()) {
    if (c.evidenceDate > chinaDate(now)) extra.push({ path: `body.categories[${i}].evidenceDate`, code: "future_date", message: "证明日期不能晚于今天" });
  }
  if (problems.length || extra.length || !value) throwProblems(problems, extra);

  const hash = crypto.lookupHash(value.idNumber);
  const primary = input.primaryCategory ?? codes[0] ?? null;
  const entered: EnteredPerson = {
    name: value.name,
    phone: value.phone,
    householdRegionCode: value.householdRegionCode,
    residenceRegionCode: value.residenceRegionCode,
    education: value.education,
    employerName: value.employerName,
    employerCreditCode: value.employerCreditCode,
    primaryCategory: primary,
    categories: input.categories.map((c) => storedCategory(deps, c)),
    exclusions: input.exclusions.map((e) => ({ kind: e.kind, source: e.source, recordedOn: e.recordedOn })),
  };
  const result = await db.transaction(async (tx): Promise<Registered> => {
    const existing = await repo.findPersonByHash(tx, hash);
    if (existing) return registerExisting(deps, tx, ctx, existing, entered, institutionId, input.fileChangeRequest === true);
    if (!mayRegisterResident(ctx.actor, "person.register", institutionId, value.residenceRegionCode)) {
      throw new AppError("person.scope_outside", "只能登记居住在本辖区的人员");
    }
    const person = await repo.insertPersonIfNew(tx, {
      id: randomUUID(),
      idNumberEncrypted: crypto.encrypt(value.idNumber),
      idNumberHash: hash,
      idNumberMasked: maskIdNumber(value.idNumber),
      name: value.name,
      gender: value.gender,
      birthYear: Number(value.birthDate.slice(0, 4)),
      phone: value.phone,
      householdRegionCode: value.householdRegionCode,
      residenceRegionCode: value.residenceRegionCode,
      education: value.education,
      employerName: value.employerName,
      employerCreditCode: value.employerCreditCode,
      primaryCategory: primary,
      createdAt: now,
      updatedAt: now,
      createdBy: ctx.actor.userId,
    });
    // registered by someone else between the look-up and the insert: the caller retries
    if (!person) throw new AppError("conflict.retry", "该人员正被同时登记，请重试");
    if (institutionId) await repo.linkPersonToInstitution(tx, { personId: person.id, institutionId, at: now, entered, createdRecord: true });
    await repo.insertCategories(tx, input.categories.map((c) => categoryRow(deps, person.id, c, now)));
    await repo.insertExclusions(tx, input.exclusions.map((e) => ({ personId: person.id, kind: e.kind, source: e.source, recordedOn: e.recordedOn, createdAt: now })));
    await audit(tx, ctx, clock, {
      action: "person.registered",
      entityType: "person",
      entityId: person.id,
      regionCode: person.residenceRegionCode,
      after: { idNumberMasked: person.idNumberMasked, name: person.name, institutionId, categories: codes, exclusions: input.exclusions.map((e) => e.kind) },
    });
    return { id: person.id, created: true, differences: [], changeRequestId: null };
  });
  const view = await repo.findPerson(db, result.id, personScope(ctx.actor, "person.read", deps.enrollments));
  if (!view) throw new AppError("person.not_found", "人员不存在");
  return { ...result, person: (await presentMany(deps, ctx, [view]))[0]! };
}

/** The ID number is registered: link, report differences, maybe file them — never change the record. */
async function registerExisting(
  deps: TraineesDeps,
  tx: Db,
  ctx: Ctx,
  person: repo.PersonRow,
  entered: EnteredPerson,
  institutionId: string | null,
  file: boolean,
): Promise<Registered> {
  // the same ID under another name is a data error or a borrowed identity: refuse, do not merge
  if (person.name !== entered.name) throw new AppError("person.name_mismatch", "该身份证号已登记为其他姓名，请核对");
  // an officer acts only on residents of the region (nothing is written before this check)
  if (institutionId === null && !coversRegion(ctx.actor, "person.register", person.residenceRegionCode)) {
    throw new AppError("person.scope_outside", "该人员已登记，居住地不在您的管辖范围内");
  }
  const d = (await repo.loadDetails(tx, [person.id])).get(person.id)!;
  const { fields, changes } = differencesOf(
    entered,
    person,
    d.categories.map((c) => c.category),
    d.exclusions.map((e) => e.kind),
  );
  const now = deps.clock.now();
  const linked = institutionId ? await repo.linkPersonToInstitution(tx, { personId: person.id, institutionId, at: now, entered }) : false;
  let changeRequestId: string | null = null;
  if (file && fields.length) {
    const links = institutionId && linked ? [...d.links, { institutionId, createdRecord: false }] : d.links;
    const facts = { enrolledWith: (await personFacts(deps, tx, ctx, [person.id])).get(person.id) ?? new Set<string>() };
    personRules.assert(ctx.actor, "fileChangeRequest", personRuleRow(person, { links }), facts);
    changeRequestId = await fileChangeRequest(deps, tx, ctx, person, changes, institutionId);
  }
  await audit(tx, ctx, deps.clock, {
    action: "person.linked",
    entityType: "person",
    entityId: person.id,
    regionCode: person.residenceRegionCode,
    after: { idNumberMasked: person.idNumberMasked, institutionId, linked, differences: fields, changeRequestId },
  });
  return { id: person.id, created: false, differences: differenceViews(fields), changeRequestId };
}

export function categoryRow(
  deps: Pick<Deps, "crypto">,
  personId: string,
  c: { code: CategoryCode; evidenceType: "registry_match" | "commitment"; evidenceRef: string; evidenceDate: string },
  now: Date,
) {
  const sensitive = sensitiveCategories.has(c.code);
  return {
    personId,
    category: c.code,
    evidenceType: c.evidenceType,
    evidenceRef: sensitive ? null : c.evidenceRef,
    evidenceRefEncrypted: sensitive ? deps.crypto.encrypt(c.evidenceRef) : null,
    evidenceDate: c.evidenceDate,
    createdAt: now,
  };
}

/** @throws person.not_found when outside the caller's scope */
export async function getPerson(deps: TraineesDeps, ctx: Ctx, id: string): Promise<PersonView> {
  const p = await repo.findPerson(deps.db, id, personScope(ctx.actor, "person.read", deps.enrollments));
  if (!p) throw new AppError("person.not_found", "人员不存在");
  return (await presentMany(deps, ctx, [p]))[0]!;
}

export async function listPersons(
  deps: TraineesDeps,
  ctx: Ctx,
  q: { q?: string | undefined; regionCode?: string | undefined; category?: string | undefined; page: number; pageSize: number },
) {
  const prefix = q.regionCode ? regionPrefix(q.regionCode) : undefined;
  const { rows, total, totalCapped } = await repo.listPersons(
    deps.db,
    personScope(ctx.actor, "person.read", deps.enrollments),
    { q: q.q, regionPrefix: prefix, category: q.category, page: q.page, pageSize: q.pageSize },
    personScopeIds(ctx.actor, "person.read", deps.enrollments),
    listSource(ctx, deps.enrollments, prefix),
  );
  return { items: await presentMany(deps, ctx, rows), total, totalCapped, page: q.page, pageSize: q.pageSize };
}

/**
 * Where the list's page can be read in name order from a scope table (repo.ListSource): a county or
 * city filter reads that region's residents (person_regions via residence: the residence trigger
 * writes the county and city of every residence), checking the scope only when the region is not
 * inside the caller's own; otherwise a single county, city or institution scope reads its own rows.
 */
function listSource(ctx: Ctx, enrollments: PersonEnrollments | undefined, prefix: string | undefined): repo.ListSource | null {
  if (prefix !== undefined && prefix.length > 2) {
    const code = prefix.padEnd(6, "0");
    return { kind: "region", code, residentsOnly: true, checkScope: !coversRegion(ctx.actor, "person.read", code) };
  }
  if (prefix !== undefined) return null;
  const own = personScopeSource(ctx.actor, "person.read", enrollments);
  if (!own) return null;
  return own.kind === "region" ? { ...own, residentsOnly: false, checkScope: false } : { ...own, checkScope: false };
}

/** Exact look-up by full ID number through its keyed hash; only persons in the caller's scope. */
export async function findByIdNumber(deps: TraineesDeps, ctx: Ctx, idNumber: string): Promise<{ items: PersonView[] }> {
  const { rows } = await repo.listPersons(deps.db, personScope(ctx.actor, "person.read", deps.enrollments), {
    idNumberHash: deps.crypto.lookupHash(idNumber.trim().toUpperCase()),
    page: 1,
    pageSize: 1,
  });
  return { items: await presentMany(deps, ctx, rows) };
}

/**
 * The full ID number, for officers with person.view_id; every view is audited.
 * @throws person.not_found, auth.forbidden
 */
export async function revealIdNumber(deps: TraineesDeps, ctx: Ctx, id: string): Promise<{ idNumber: string }> {
  const { db, clock, crypto } = deps;
  const p = await repo.findPerson(db, id, personScope(ctx.actor, "person.view_id", deps.enrollments));
  if (!p) throw new AppError("person.not_found", "人员不存在");
  personRules.assert(ctx.actor, "viewIdNumber", personRuleRow(p, { links: [] }), { enrolledWith: new Set() });
  await db.transaction(async (tx) => {
    await audit(tx, ctx, clock, { action: "person.id_viewed", entityType: "person", entityId: p.id, regionCode: p.residenceRegionCode, after: { idNumberMasked: p.idNumberMasked } });
  });
  return { idNumber: crypto.decrypt(p.idNumberEncrypted) };
}

/** The logged-in trainee's own record (ID masked). @throws person.no_profile */
export async function myProfile(deps: TraineesDeps, ctx: Ctx): Promise<PersonView> {
  const p = ctx.actor.userId ? await repo.findPersonByUser(deps.db, ctx.actor.userId) : undefined;
  if (!p) throw new AppError("person.no_profile", "当前账号未关联学员信息");
  return (await presentMany(deps, ctx, [p]))[0]!;
}
