/**
 * What an institution maintains about itself: teachers (ID numbers encrypted), facilities and
 * qualifications. Qualifications of an approved (or suspended) institution are proposals that
 * the county reviews; before approval the whole application is under review anyway.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import type { FacilityInput, QualificationInput, TeacherInput } from "../../../../shared/src/contracts/institutions.ts";
import { checkIdNumber, maskIdNumber } from "../../../../shared/src/ids.ts";
import { audit } from "../../platform/audit/audit.ts";
import type { Ctx, Deps } from "../../platform/context.ts";
import type { Db } from "../../platform/db/db.ts";
import { AppError, constraintErrors, invalid } from "../../platform/http/errors.ts";
import { institutionRules } from "./institutions.policy.ts";
import { presentFacility, presentQualification, presentTeacher } from "./institutions.presenter.ts";
import * as repo from "./institutions.repo.ts";
import type { InstitutionRow, QualificationRow } from "./institutions.repo.ts";
import { reviewedStatuses } from "./institutions.rules.ts";
import { factsOf, hasChanges, loadScoped, newId, todayOf, viewOf } from "./institutions.service.ts";
import { institutionFacilities, institutionQualifications, institutionTeachers } from "./institutions.table.ts";

constraintErrors({
  institution_teachers_person_uq: ["institution.teacher_duplicate", "该教师已在本机构名单中"],
  institution_qualifications_key_uq: ["institution.qualification_duplicate", "该职业（项目）已在资质中或已提交变更"],
});

async function loadEditable(deps: Deps, tx: Db, ctx: Ctx, id: string): Promise<InstitutionRow> {
  const row = await loadScoped(tx, ctx, id, "institution.edit_own", true);
  institutionRules.assert(ctx.actor, "edit", row, await factsOf(tx, row, todayOf(deps)));
  return row;
}

/**
 * Adds a teacher; the ID number is checked (GB 11643), stored encrypted with a keyed hash, shown masked.
 * @throws request.invalid (body.idNumber), institution.not_found, institution.not_editable, institution.teacher_duplicate
 */
export async function addTeacher(deps: Deps, ctx: Ctx, id: string, input: TeacherInput) {
  const { db, clock, crypto } = deps;
  const check = checkIdNumber(input.idNumber, todayOf(deps));
  if (!check.ok) throw invalid([{ path: "body.idNumber", code: `id_${check.problem}`, message: check.message }]);
  const idNumber = check.normalized;
  return await db.transaction(async (tx) => {
    const inst = await loadEditable(deps, tx, ctx, id);
    const [t] = await tx
      .insert(institutionTeachers)
      .values({
        id: newId(),
        institutionId: id,
        name: input.name,
        idNumberEncrypted: crypto.encrypt(idNumber),
        idNumberHash: crypto.lookupHash(idNumber),
        idNumberMasked: maskIdNumber(idNumber),
        qualifications: input.qualifications,
        employment: input.employment,
        createdAt: clock.now(),
      })
      .returning();
    const view = presentTeacher(t!);
    await audit(tx, ctx, clock, { action: "institution.teacher_added", entityType: "institution_teacher", entityId: t!.id, regionCode: inst.regionCode, after: { institutionId: id, ...view } });
    return view;
  });
}

/** @throws institution.not_found, institution.not_editable, institution.teacher_not_found */
export async function removeTeacher(deps: Deps, ctx: Ctx, id: string, teacherId: string): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const inst = await loadEditable(deps, tx, ctx, id);
    const [t] = await tx.delete(institutionTeachers).where(and(eq(institutionTeachers.id, teacherId), eq(institutionTeachers.institutionId, id))).returning();
    if (!t) throw new AppError("institution.teacher_not_found", "教师不存在");
    await audit(tx, ctx, deps.clock, { action: "institution.teacher_removed", entityType: "institution_teacher", entityId: teacherId, regionCode: inst.regionCode, before: { institutionId: id, ...presentTeacher(t) } });
  });
}

/**
 * The full ID number of a teacher: needs institution.view_sensitive over the institution and is
 * written to the audit log in the same transaction as the read.
 * @throws auth.forbidden (no such permission), institution.not_found, institution.teacher_not_found
 */
export async function revealTeacherIdNumber(deps: Deps, ctx: Ctx, id: string, teacherId: string): Promise<{ id: string; idNumber: string }> {
  return deps.db.transaction(async (tx) => {
    const inst = await loadScoped(tx, ctx, id, "institution.view_sensitive");
    institutionRules.assert(ctx.actor, "viewSensitive", inst, await factsOf(tx, inst, todayOf(deps)));
    const [t] = await tx
      .select()
      .from(institutionTeachers)
      .where(and(eq(institutionTeachers.id, teacherId), eq(institutionTeachers.institutionId, id)))
      .limit(1);
    if (!t) throw new AppError("institution.teacher_not_found", "教师不存在");
    await audit(tx, ctx, deps.clock, {
      action: "institution.teacher_id_viewed",
      entityType: "institution_teacher",
      entityId: t.id,
      regionCode: inst.regionCode,
      after: { institutionId: id, idNumberMasked: t.idNumberMasked },
    });
    return { id: t.id, idNumber: deps.crypto.decrypt(t.idNumberEncrypted) };
  });
}

/** @throws institution.not_found, institution.not_editable */
export async function addFacility(deps: Deps, ctx: Ctx, id: string, input: FacilityInput) {
  return deps.db.transaction(async (tx) => {
    const inst = await loadEditable(deps, tx, ctx, id);
    const [f] = await tx
      .insert(institutionFacilities)
      .values({ id: newId(), institutionId: id, ...input, createdAt: deps.clock.now() })
      .returning();
    await audit(tx, ctx, deps.clock, { action: "institution.facility_added", entityType: "institution_facility", entityId: f!.id, regionCode: inst.regionCode, after: f });
    return presentFacility(f!);
  });
}

/** @throws institution.not_found, institution.not_editable, institution.facility_not_found */
export async function removeFacility(deps: Deps, ctx: Ctx, id: string, facilityId: string): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const inst = await loadEditable(deps, tx, ctx, id);
    const [f] = await tx.delete(institutionFacilities).where(and(eq(institutionFacilities.id, facilityId), eq(institutionFacilities.institutionId, id))).returning();
    if (!f) throw new AppError("institution.facility_not_found", "场地不存在");
    await audit(tx, ctx, deps.clock, { action: "institution.facility_removed", entityType: "institution_facility", entityId: facilityId, regionCode: inst.regionCode, before: f });
  });
}

/**
 * Adds a qualification. Before approval it is part of the application; after approval it is a
 * proposal (proposed_add) that takes effect when the county approves the changes — a proposal
 * for an occupation already held replaces it (e.g. a higher level or a larger capacity).
 * @throws institution.not_found, institution.not_editable, institution.qualification_duplicate
 */
export async function addQualification(deps: Deps, ctx: Ctx, id: string, input: QualificationInput) {
  return await deps.db.transaction(async (tx) => {
    const inst = await loadEditable(deps, tx, ctx, id);
    const state = reviewedStatuses.includes(inst.status) ? "proposed_add" : "active";
    const [q] = await tx
      .insert(institutionQualifications)
      .values({
        id: newId(),
        institutionId: id,
        occupationCode: input.occupationCode ?? null,
        projectName: input.projectName ?? null,
        occupationName: input.occupationName,
        maxLevel: input.maxLevel ?? null,
        capacity: input.capacity,
        state,
        createdAt: deps.clock.now(),
      })
      .returning();
    await audit(tx, ctx, deps.clock, { action: `institution.qualification_${state === "active" ? "added" : "proposed"}`, entityType: "institution_qualification", entityId: q!.id, regionCode: inst.regionCode, after: q });
    return presentQualification(q!);
  });
}

/**
 * Removes a qualification; after approval an approved one is only marked proposed_remove (review),
 * while withdrawing one's own proposal takes effect at once.
 * @throws institution.not_found, institution.not_editable, institution.qualification_not_found
 */
export async function removeQualification(deps: Deps, ctx: Ctx, id: string, qualificationId: string): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const inst = await loadEditable(deps, tx, ctx, id);
    const where = and(eq(institutionQualifications.id, qualificationId), eq(institutionQualifications.institutionId, id));
    const [q] = await tx.select().from(institutionQualifications).where(where).limit(1);
    if (!q) throw new AppError("institution.qualification_not_found", "资质不存在");
    const reviewed = reviewedStatuses.includes(inst.status) && q.state === "active";
    if (reviewed) await tx.update(institutionQualifications).set({ state: "proposed_remove" }).where(where);
    else if (q.state === "proposed_remove") return;
    else await tx.delete(institutionQualifications).where(where);
    await audit(tx, ctx, deps.clock, {
      action: reviewed ? "institution.qualification_removal_proposed" : "institution.qualification_removed",
      entityType: "institution_qualification",
      entityId: qualificationId,
      regionCode: inst.regionCode,
      before: q,
    });
  });
}

/**
 * The county decides on all proposed changes at once: qualification proposals and the identity
 * fields (name, type, address, programs) changed after approval.
 * @throws institution.not_found, auth.forbidden, institution.no_pending_changes
 */
export async function reviewQualificationChanges(deps: Deps, ctx: Ctx, id: string, input: { decision: "approve" | "reject"; reason?: string | undefined }) {
  const after = await deps.db.transaction(async (tx) => {
    const inst = await loadScoped(tx, ctx, id, "institution.review", true);
    const proposals: QualificationRow[] = await tx
      .select()
      .from(institutionQualifications)
      .where(and(eq(institutionQualifications.institutionId, id), inArray(institutionQualifications.state, ["proposed_add", "proposed_remove"])));
    const changes = inst.pendingChanges;
    institutionRules.assert(ctx.actor, "reviewQualifications", inst, { today: todayOf(deps), hasPendingChanges: proposals.length > 0 || hasChanges(changes) });
    const adds = proposals.filter((p) => p.state === "proposed_add");
    const removes = proposals.filter((p) => p.state === "proposed_remove").map((p) => p.id);
    const key = sql`coalesce(${institutionQualifications.occupationCode}, ${institutionQualifications.projectName})`;
    const programsBefore = (await repo.programCodesOf(tx, [id])).get(id) ?? [];
    if (input.decision === "approve") {
      if (removes.length) await tx.delete(institutionQualifications).where(inArray(institutionQualifications.id, removes));
      for (const a of adds) {
        // a proposal for an occupation already held replaces the approved row
        await tx.delete(institutionQualifications).where(and(eq(institutionQualifications.institutionId, id), eq(institutionQualifications.state, "active"), sql`${key} = ${a.occupationCode ?? a.projectName}`));
        await tx.update(institutionQualifications).set({ state: "active" }).where(eq(institutionQualifications.id, a.id));
      }
      if (changes?.programCodes) await repo.replacePrograms(tx, id, changes.programCodes);
    } else {
      if (adds.length) await tx.delete(institutionQualifications).where(inArray(institutionQualifications.id, adds.map((a) => a.id)));
      if (removes.length) await tx.update(institutionQualifications).set({ state: "active" }).where(inArray(institutionQualifications.id, removes));
    }
    const { programCodes: _p, ...fields } = input.decision === "approve" ? (changes ?? {}) : {};
    const updated = await repo.updateInstitution(tx, id, { ...fields, pendingChanges: null, updatedAt: deps.clock.now() });
    await audit(tx, ctx, deps.clock, {
      action: `institution.qualification_changes_${input.decision === "approve" ? "approved" : "rejected"}`,
      entityType: "institution",
      entityId: id,
      regionCode: inst.regionCode,
      before: { qualifications: proposals, name: inst.name, type: inst.type, address: inst.address, programCodes: programsBefore },
      after: { reason: input.reason ?? null, changes },
    });
    return updated;
  });
  return viewOf(deps, ctx, after);
}
