import { randomUUID } from "node:crypto";
import { type CategoryCode, type PersonView, type RegisterPersonBody, sensitiveCategories } from "../../../../shared/src/contracts/trainees.ts";
import type { ValidationIssue } from "../../../../shared/src/errors.ts";
import { maskIdNumber } from "../../../../shared/src/ids.ts";
import { regionPrefix } from "../../../../shared/src/regions.ts";
import { audit } from "../../platform/audit/audit.ts";
import type { Ctx, Deps } from "../../platform/context.ts";
import { AppError, invalid } from "../../platform/http/errors.ts";
import { mayRegisterResident, personScope, registeringInstitution } from "./trainees.policy.ts";
import { presentPerson } from "./trainees.presenter.ts";
import * as repo from "./trainees.repo.ts";
import { chinaDate, type FieldProblem, normalizePerson } from "./trainees.rules.ts";

export async function presentMany(deps: Deps, ctx: Ctx, rows: repo.PersonRow[]): Promise<PersonView[]> {
  const details = await repo.loadDetails(
    deps.db,
    rows.map((r) => r.id),
  );
  const names = await repo.regionNames(
    deps.db,
    rows.map((r) => r.residenceRegionCode),
  );
  const today = chinaDate(deps.clock.now());
  return rows.map((r) => presentPerson(ctx.actor, r, details.get(r.id)!, names, today, deps.crypto));
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

/**
 * Registers a person, or — when the ID number is already registered — links the existing person
 * to the registering institution and adds categories and exclusion facts not yet recorded.
 * @throws request.invalid, person.id_invalid, person.gender_mismatch, person.birth_date_mismatch,
 *   person.name_mismatch, person.scope_outside, person.institution_required, auth.forbidden
 */
export async function registerPerson(deps: Deps, ctx: Ctx, input: RegisterPersonBody): Promise<{ person: PersonView; created: boolean }> {
  const { db, clock, crypto } = deps;
  const institutionId = registeringInstitution(ctx.actor, "person.register", input.institutionId);
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
  if (!mayRegisterResident(ctx.actor, "person.register", institutionId, value.residenceRegionCode)) {
    throw new AppError("person.scope_outside", "只能登记居住在本辖区的人员");
  }

  const hash = crypto.lookupHash(value.idNumber);
  const primary = input.primaryCategory ?? codes[0] ?? null;
  const result = await db.transaction(async (tx) => {
    let person = await repo.insertPersonIfNew(tx, {
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
    const created = person !== undefined;
    if (!person) {
      person = (await repo.findPersonByHash(tx, hash))!;
      // the same ID under another name is a data error or a borrowed identity: refuse, do not merge
      if (person.name !== value.name) throw new AppError("person.name_mismatch", "该身份证号已登记为其他姓名，请核对");
      if (!person.primaryCategory && primary) await repo.updatePerson(tx, person.id, { primaryCategory: primary, updatedAt: now });
    }
    const linked = institutionId ? await repo.linkInstitution(tx, person.id, institutionId, now) : false;
    const addedCategories = await repo.insertCategories(tx, input.categories.map((c) => categoryRow(deps, person.id, c, now)));
    const addedExclusions = await repo.insertExclusions(
      tx,
      input.exclusions.map((e) => ({ personId: person.id, kind: e.kind, source: e.source, recordedOn: e.recordedOn, createdAt: now })),
    );
    await audit(tx, ctx, clock, {
      action: created ? "person.registered" : "person.linked",
      entityType: "person",
      entityId: person.id,
      regionCode: person.residenceRegionCode,
      after: {
        idNumberMasked: person.idNumberMasked,
        name: person.name,
        institutionId,
        linked,
        categories: codes,
        addedCategories,
        exclusions: input.exclusions.map((e) => e.kind),
        addedExclusions,
      },
    });
    return { id: person.id, created };
  });
  // an officer may re-register someone living elsewhere: the record stays out of their sight
  const view = await repo.findPerson(db, result.id, personScope(ctx.actor, "person.read"));
  if (!view) throw new AppError("person.scope_outside", "该人员已登记，居住地不在您的管辖范围内");
  return { person: (await presentMany(deps, ctx, [view]))[0]!, created: result.created };
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
export async function getPerson(deps: Deps, ctx: Ctx, id: string): Promise<PersonView> {
  const p = await repo.findPerson(deps.db, id, personScope(ctx.actor));
  if (!p) throw new AppError("person.not_found", "人员不存在");
  return (await presentMany(deps, ctx, [p]))[0]!;
}

export async function listPersons(
  deps: Deps,
  ctx: Ctx,
  q: { q?: string | undefined; regionCode?: string | undefined; category?: string | undefined; page: number; pageSize: number },
) {
  const { rows, total } = await repo.listPersons(deps.db, personScope(ctx.actor), {
    q: q.q,
    regionPrefix: q.regionCode ? regionPrefix(q.regionCode) : undefined,
    category: q.category,
    page: q.page,
    pageSize: q.pageSize,
  });
  return { items: await presentMany(deps, ctx, rows), total, page: q.page, pageSize: q.pageSize };
}

/** Exact look-up by full ID number through its keyed hash; only persons in the caller's scope. */
export async function findByIdNumber(deps: Deps, ctx: Ctx, idNumber: string): Promise<{ items: PersonView[] }> {
  const { rows } = await repo.listPersons(deps.db, personScope(ctx.actor), {
    idNumberHash: deps.crypto.lookupHash(idNumber.trim().toUpperCase()),
    page: 1,
    pageSize: 1,
  });
  return { items: await presentMany(deps, ctx, rows) };
}

/**
 * The full ID number, for roles with person.view_id; every view is audited.
 * @throws person.not_found, auth.forbidden
 */
export async function revealIdNumber(deps: Deps, ctx: Ctx, id: string): Promise<{ idNumber: string }> {
  const { db, clock, crypto } = deps;
  const p = await repo.findPerson(db, id, personScope(ctx.actor, "person.view_id"));
  if (!p) throw new AppError("person.not_found", "人员不存在");
  await db.transaction(async (tx) => {
    await audit(tx, ctx, clock, { action: "person.id_viewed", entityType: "person", entityId: p.id, regionCode: p.residenceRegionCode, after: { idNumberMasked: p.idNumberMasked } });
  });
  return { idNumber: crypto.decrypt(p.idNumberEncrypted) };
}

/** The logged-in trainee's own record (ID masked). @throws person.no_profile */
export async function myProfile(deps: Deps, ctx: Ctx): Promise<PersonView> {
  const p = ctx.actor.userId ? await repo.findPersonByUser(deps.db, ctx.actor.userId) : undefined;
  if (!p) throw new AppError("person.no_profile", "当前账号未关联学员信息");
  return (await presentMany(deps, ctx, [p]))[0]!;
}

