import { randomUUID } from "node:crypto";
import { and, eq, inArray, lte, sql } from "drizzle-orm";
import {
  type InstitutionChanges,
  type InstitutionView,
  type ListInstitutionsQuery,
  type RegisterInstitutionBody,
  reviewedFields,
  type UpdateInstitutionBody,
} from "../../../../shared/src/contracts/institutions.ts";
import type { ValidationIssue } from "../../../../shared/src/errors.ts";
import { passwordProblems } from "../../../../shared/src/password.ts";
import type { Ctx, Deps } from "../../platform/context.ts";
import type { Db } from "../../platform/db/db.ts";
import { audit } from "../../platform/audit/audit.ts";
import { AppError, constraintErrors, invalid } from "../../platform/http/errors.ts";
import { readAll } from "../../platform/db/reads.ts";
import { insertAccount, preparePassword } from "../users/index.ts";
import { type InstitutionFacts, institutionRules, institutionScope } from "./institutions.policy.ts";
import { presentInstitution, presentSummary } from "./institutions.presenter.ts";
import * as repo from "./institutions.repo.ts";
import { addDays, agreementEnd, chinaDate, daysBetween, type InstitutionAction, renewedEnd, reviewedStatuses } from "./institutions.rules.ts";
import { institutions } from "./institutions.table.ts";

export const newId = (): string => randomUUID();
export const todayOf = (deps: Deps): string => chinaDate(deps.clock.now());

const notFound = () => new AppError("institution.not_found", "机构不存在");

constraintErrors({ institutions_credit_code_uq: ["institution.credit_code_taken", "该统一社会信用代码已登记"] });

/** Loads an institution the actor may touch with `perm`, else institution.not_found (404). */
export async function loadScoped(db: Db, ctx: Ctx, id: string, perm: Parameters<typeof institutionScope>[1], forUpdate = false) {
  const row = await repo.findInstitution(db, id, institutionScope(ctx.actor, perm), { forUpdate });
  if (!row) throw notFound();
  return row;
}

/** Are there proposed changes (detail fields) in this record? */
export function hasChanges(c: InstitutionChanges | null): boolean {
  return c !== null && Object.keys(c).length > 0;
}

/** The facts the institution rules need, loaded once (qualification proposals, today). */
export async function factsOf(db: Db, row: repo.InstitutionRow, today: string): Promise<InstitutionFacts> {
  const proposals = await repo.qualificationsOf(db, [row.id], ["proposed_add", "proposed_remove"]);
  return { today, hasPendingChanges: proposals.length > 0 || hasChanges(row.pendingChanges) };
}

export async function viewOf(deps: Deps, ctx: Ctx, row: repo.InstitutionRow): Promise<InstitutionView> {
  const { db } = deps;
  const [names, programs, qualifications, teachers, facilities, sanctions] = await readAll(db, [
    () => repo.regionNames(db, [row.regionCode]),
    () => repo.programCodesOf(db, [row.id]),
    () => repo.qualificationsOf(db, [row.id]),
    () => repo.teachersOf(db, row.id),
    () => repo.facilitiesOf(db, row.id),
    () => repo.sanctionsOf(db, row.id),
  ]);
  return presentInstitution(
    ctx.actor,
    row,
    { regionName: names.get(row.regionCode), programCodes: programs.get(row.id) ?? [], qualifications, teachers, facilities, sanctions },
    todayOf(deps),
  );
}

/** Problems with region (must be a county), programs and licence date, as field issues. */
async function detailIssues(db: Db, today: string, input: { regionCode?: string; programCodes?: string[]; licenceValidUntil?: string }): Promise<ValidationIssue[]> {
  const issues: ValidationIssue[] = [];
  if (input.regionCode !== undefined) {
    const level = await repo.regionLevel(db, input.regionCode);
    if (level === null) issues.push({ path: "body.regionCode", code: "unknown_region", message: "未知的行政区划代码" });
    else if (level !== "county") issues.push({ path: "body.regionCode", code: "not_county", message: "请选择机构所在的县（市、区）" });
  }
  if (input.programCodes?.length) {
    const unknown = await repo.unknownPrograms(db, input.programCodes);
    if (unknown.length) issues.push({ path: "body.programCodes", code: "unknown_program", message: `未知的计划项目：${unknown.join("、")}` });
  }
  if (input.licenceValidUntil !== undefined && input.licenceValidUntil < today) {
    issues.push({ path: "body.licenceValidUntil", code: "licence_expired", message: "办学许可证已过有效期" });
  }
  return issues;
}

/**
 * Public self-registration: creates the institution (pending) and its first staff account (the
 * applicant's own password, no forced change) in one transaction. Evaluation-only bodies get an
 * evaluator_staff account, everyone else institution_staff, scoped to the new institution.
 * @throws request.invalid (every field problem), institution.credit_code_taken, user.username_taken
 */
export async function registerInstitution(deps: Deps, ctx: Ctx, input: RegisterInstitutionBody) {
  const { db, clock, crypto } = deps;
  const today = todayOf(deps);
  const issues = await detailIssues(db, today, input);
  for (const m of passwordProblems(input.password, { username: input.username })) issues.push({ path: "body.password", code: "weak_password", message: m });
  if (issues.length) throw invalid(issues);
  if ((await repo.findByCreditCode(db, [input.creditCode])).length) throw new AppError("institution.credit_code_taken", "该统一社会信用代码已登记");
  const passwordHash = await preparePassword(db, input.username, input.password);
  const now = clock.now();
  const id = newId();
  // the applicant has no account yet: the log names the username they chose
  const applicant: Ctx = { ...ctx, actor: { ...ctx.actor, username: `applicant:${input.username}` } };
  const row = await db.transaction(async (tx) => {
    const row = await repo.insertInstitution(tx, {
      id,
      creditCode: input.creditCode,
      name: input.name,
      type: input.type,
      role: input.role,
      status: "pending",
      regionCode: input.regionCode,
      address: input.address,
      publicPhone: input.publicPhone ?? null,
      licenceNo: input.licenceNo,
      licenceValidUntil: input.licenceValidUntil,
      contactName: input.contactName,
      contactPhone: input.contactPhone,
      bankAccountName: input.bankAccountName,
      bankName: input.bankName,
      bankAccountEncrypted: crypto.encrypt(input.bankAccountNumber),
      bankAccountLast4: input.bankAccountNumber.slice(-4),
      createdAt: now,
      updatedAt: now,
    });
    await repo.replacePrograms(tx, id, input.programCodes);
    await audit(tx, applicant, clock, { action: "institution.registered", entityType: "institution", entityId: id, regionCode: row.regionCode, after: row });
    await insertAccount(tx, applicant, clock, {
      username: input.username,
      displayName: input.contactName,
      regionCode: input.regionCode,
      phone: /^1\d{10}$/.test(input.contactPhone) ? input.contactPhone : null,
      passwordHash,
      mustChangePassword: false,
      grants: [{ role: input.role === "evaluation" ? "evaluator_staff" : "institution_staff", scopeType: "institution", institutionId: id }],
    });
    return row;
  });
  return { institution: { id: row.id, name: row.name, status: row.status }, username: input.username };
}

/** @throws institution.not_found when outside the caller's scope */
export async function getInstitution(deps: Deps, ctx: Ctx, id: string): Promise<InstitutionView> {
  return viewOf(deps, ctx, await loadScoped(deps.db, ctx, id, "institution.read"));
}

export async function listInstitutions(deps: Deps, ctx: Ctx, q: ListInstitutionsQuery) {
  const { rows, total } = await repo.listInstitutions(deps.db, repo.listWhere(institutionScope(ctx.actor, "institution.read"), q), q.page, q.pageSize);
  const names = await repo.regionNames(deps.db, rows.map((r) => r.regionCode));
  return { items: rows.map((r) => presentSummary(r, names.get(r.regionCode))), total, page: q.page, pageSize: q.pageSize };
}

const isReviewed = (k: string): k is Exclude<keyof InstitutionChanges, "programCodes"> => reviewedFields.some((f) => f.field === k && k !== "programCodes");
const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().join() === [...b].sort().join();

/**
 * The institution edits its own details (not credit code, region or role). Before approval the
 * whole application is under review, so changes apply at once; after approval a change of name,
 * type, address or programs becomes a proposal the county approves (`reviewQualificationChanges`),
 * while contact, licence and bank details apply at once.
 * @throws institution.not_found, auth.forbidden, institution.not_editable, request.invalid
 */
export async function updateInstitution(deps: Deps, ctx: Ctx, id: string, input: UpdateInstitutionBody): Promise<InstitutionView> {
  const { db, clock, crypto } = deps;
  const today = todayOf(deps);
  const issues = await detailIssues(db, today, input);
  if (issues.length) throw invalid(issues);
  const after = await db.transaction(async (tx) => {
    const row = await loadScoped(tx, ctx, id, "institution.edit_own", true);
    institutionRules.assert(ctx.actor, "edit", row, await factsOf(tx, row, today));
    const reviewed = reviewedStatuses.includes(row.status);
    const { bankAccountNumber, programCodes, ...fields } = input;
    const patch: Partial<typeof institutions.$inferInsert> = { updatedAt: clock.now() };
    const proposal: InstitutionChanges = { ...(row.pendingChanges ?? {}) };
    for (const [k, v] of Object.entries(fields)) {
      if (v === undefined) continue;
      if (reviewed && isReviewed(k)) {
        // proposing the current value again withdraws that part of the proposal
        if (v === row[k]) delete proposal[k];
        else (proposal as Record<string, unknown>)[k] = v;
      } else (patch as Record<string, unknown>)[k] = v;
    }
    if (bankAccountNumber !== undefined) {
      patch.bankAccountEncrypted = crypto.encrypt(bankAccountNumber);
      patch.bankAccountLast4 = bankAccountNumber.slice(-4);
    }
    if (programCodes && reviewed) {
      const current = (await repo.programCodesOf(tx, [id])).get(id) ?? [];
      if (sameSet(current, programCodes)) delete proposal.programCodes;
      else proposal.programCodes = [...new Set(programCodes)].sort();
    }
    if (reviewed) patch.pendingChanges = hasChanges(proposal) ? proposal : null;
    const after = await repo.updateInstitution(tx, id, patch);
    if (programCodes && !reviewed) await repo.replacePrograms(tx, id, programCodes);
    await audit(tx, ctx, clock, {
      action: "institution.updated",
      entityType: "institution",
      entityId: id,
      regionCode: row.regionCode,
      before: row,
      after: { ...after, ...(programCodes && !reviewed ? { programCodes } : {}) },
    });
    return after;
  });
  return viewOf(deps, ctx, after);
}

/**
 * Moves an institution along the declared transitions (approve, return, resubmit, reinstate, renew,
 * withdraw, reapply). Approval starts a one-year agreement; renewal adds a year.
 * @throws institution.not_found, auth.forbidden, institution.transition_not_allowed, institution.sanction_active, request.invalid (return without reason)
 */
export async function transitionInstitution(deps: Deps, ctx: Ctx, id: string, input: { action: InstitutionAction; reason?: string | undefined }): Promise<InstitutionView> {
  const { db, clock } = deps;
  const today = todayOf(deps);
  if (input.action === "return" && !input.reason) throw invalid([{ path: "body.reason", code: "required", message: "退回时请写明需要修改的内容" }]);
  const after = await db.transaction(async (tx) => {
    const row = await loadScoped(tx, ctx, id, "institution.read", true);
    institutionRules.assert(ctx.actor, input.action, row, await factsOf(tx, row, today));
    const now = clock.now();
    const patch: Partial<typeof institutions.$inferInsert> = { status: institutionRules.next(input.action, row.status), updatedAt: now };
    switch (input.action) {
      case "approve":
        patch.approvedAt = now;
        patch.agreementValidUntil = agreementEnd(today);
        patch.reviewNote = input.reason ?? null;
        break;
      case "return":
        patch.reviewNote = input.reason!;
        break;
      case "renew":
        patch.agreementValidUntil = renewedEnd(row.agreementValidUntil, today);
        break;
      case "reapply":
        patch.approvedAt = null;
        patch.agreementValidUntil = null;
        // the new application is reviewed as a whole: an old proposal must not be approved later on its own
        patch.pendingChanges = null;
        break;
      case "withdraw":
        patch.pendingChanges = null;
        break;
    }
    const after = await repo.updateInstitution(tx, id, patch);
    await audit(tx, ctx, clock, {
      action: `institution.${input.action}`,
      entityType: "institution",
      entityId: id,
      regionCode: row.regionCode,
      before: { status: row.status, agreementValidUntil: row.agreementValidUntil },
      after: { status: after.status, agreementValidUntil: after.agreementValidUntil, reason: input.reason ?? null },
    });
    return after;
  });
  return viewOf(deps, ctx, after);
}

/** Agreements ending within `days` (and those already ended but still approved), soonest first. */
export async function listExpiring(deps: Deps, ctx: Ctx, days: number) {
  const today = todayOf(deps);
  const where = and(
    institutionScope(ctx.actor, "institution.review"),
    inArray(institutions.status, ["approved", "suspended"]),
    lte(institutions.agreementValidUntil, sql`${addDays(today, days)}::date`),
  );
  const rows = (await repo.listAll(deps.db, where!)).sort((a, b) => (a.agreementValidUntil! < b.agreementValidUntil! ? -1 : 1));
  const names = await repo.regionNames(deps.db, rows.map((r) => r.regionCode));
  return {
    days,
    items: rows.map((r) => ({ ...presentSummary(r, names.get(r.regionCode)), daysLeft: daysBetween(today, r.agreementValidUntil!) })),
  };
}

/** For users' institution-scoped grants: where an institution is (its county), or null. */
export async function institutionRegion(db: Db, id: string): Promise<string | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const [r] = await db.select({ regionCode: institutions.regionCode }).from(institutions).where(eq(institutions.id, id)).limit(1);
  return r?.regionCode ?? null;
}
