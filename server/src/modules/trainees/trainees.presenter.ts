import {
  type CategoryCode,
  type ChangeRequestView,
  changeableFieldLabels,
  type PersonView,
  sensitiveCategories,
} from "../../../../shared/src/contracts/trainees.ts";
import { shownIdentity } from "../../../../shared/src/ids.ts";
import type { Actor } from "../../platform/auth/actor.ts";
import type { DataCrypto } from "../../platform/crypto.ts";
import { actorInstitutions } from "./trainees.policy.ts";
import type { ChangeRequestRow, PersonDetails, PersonRow } from "./trainees.repo.ts";
import { changeRequestRules, type PersonFacts, type PersonRuleRow, personRules } from "./trainees.row-rules.ts";
import { personWarnings } from "./trainees.rules.ts";
import type { EnteredPerson, PersonChanges, StoredCategory } from "./trainees.table.ts";

export function personRuleRow(p: PersonRow, d: { links: readonly { institutionId: string; createdRecord: boolean }[] }): PersonRuleRow {
  return { residenceRegionCode: p.residenceRegionCode, userId: p.userId, links: d.links.map((l) => ({ institutionId: l.institutionId, createdRecord: l.createdRecord })) };
}

/** The latest entry one of the actor's institutions made for the person (null: enrolled without one). */
function ownEntry(actor: Actor, d: PersonDetails): EnteredPerson | null {
  const own = actorInstitutions(actor, "person.read");
  const mine = d.links.filter((l) => own.includes(l.institutionId) && l.entered);
  return mine.at(-1)?.entered ?? null;
}

/**
 * The person as every screen shows it: the identity through the shared `shownIdentity` (mask,
 * birth year, gender; the household region only with person.view_id; the exact birth date only
 * inside the full number, whose reveal is audited); evidence of sensitive categories (disability,
 * poverty, criminal record) only for roles with person.view_sensitive; exclusion warnings
 * computed on `today`. An institution that may not see the whole record (`viewFull`) is shown
 * only what it entered itself — the ID number it typed (masked), name, and its own entry.
 */
export function presentPerson(
  actor: Actor,
  p: PersonRow,
  d: PersonDetails,
  names: Map<string, string>,
  today: string,
  crypto: DataCrypto,
  facts: PersonFacts,
): PersonView {
  const row = personRuleRow(p, d);
  const abilities = personRules.abilities(actor, row, facts);
  const seeSensitive = abilities.viewSensitive;
  const identity = shownIdentity(p, abilities.viewIdNumber);
  const common = {
    id: p.id,
    idNumberMasked: identity.idNumberMasked,
    name: p.name,
    gender: identity.gender,
    birthYear: identity.birthYear,
    createdAt: p.createdAt.toISOString(),
    abilities: {
      viewIdNumber: abilities.viewIdNumber,
      createAccount: abilities.createAccount,
      resetPassword: abilities.resetPassword,
      fileChangeRequest: abilities.fileChangeRequest,
    },
  };
  const category = (c: StoredCategory) => {
    const sensitive = sensitiveCategories.has(c.code as CategoryCode);
    let evidenceRef = c.evidenceRef;
    if (c.evidenceRefEncrypted) evidenceRef = seeSensitive ? crypto.decrypt(c.evidenceRefEncrypted) : null;
    return { code: c.code, evidenceType: c.evidenceType, evidenceRef, evidenceDate: c.evidenceDate, sensitive };
  };
  if (!abilities.viewFull) {
    const e = ownEntry(actor, d);
    const residence = e?.residenceRegionCode ?? null;
    const exclusions = e?.exclusions ?? [];
    return {
      ...common,
      phone: e?.phone ?? null,
      householdRegionCode: e?.householdRegionCode ?? null,
      // nothing entered (linked by an enrolment made before entries were kept): the residence is not shown
      residenceRegionCode: residence ?? "",
      residenceRegionName: residence ? (names.get(residence) ?? residence) : "",
      education: e?.education ?? null,
      employerName: e?.employerName ?? null,
      employerCreditCode: e?.employerCreditCode ?? null,
      primaryCategory: e?.primaryCategory ?? null,
      categories: (e?.categories ?? []).map(category),
      exclusions,
      warnings: personWarnings({ birthYear: p.birthYear, gender: p.gender, exclusions }, today),
      institutionIds: d.institutionIds.filter((id) => actorInstitutions(actor, "person.read").includes(id)),
      hasAccount: false,
      fullView: false,
    };
  }
  return {
    ...common,
    phone: p.phone,
    householdRegionCode: identity.householdRegionCode,
    residenceRegionCode: p.residenceRegionCode,
    residenceRegionName: names.get(p.residenceRegionCode) ?? p.residenceRegionCode,
    education: p.education,
    employerName: p.employerName,
    employerCreditCode: p.employerCreditCode,
    primaryCategory: p.primaryCategory,
    categories: d.categories.map((c) =>
      category({ code: c.category, evidenceType: c.evidenceType, evidenceRef: c.evidenceRef, evidenceRefEncrypted: c.evidenceRefEncrypted, evidenceDate: c.evidenceDate }),
    ),
    exclusions: d.exclusions.map((e) => ({ kind: e.kind, source: e.source, recordedOn: e.recordedOn })),
    warnings: personWarnings({ birthYear: p.birthYear, gender: p.gender, exclusions: d.exclusions }, today),
    institutionIds: d.institutionIds,
    hasAccount: p.userId !== null,
    fullView: true,
  };
}

/** A masked phone for audit entries and lists of changes: 139****0001. */
export function maskPhone(phone: string | null | undefined): string | null {
  if (!phone) return null;
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : "****";
}

const scalarFields = ["phone", "householdRegionCode", "residenceRegionCode", "education", "employerName", "employerCreditCode", "primaryCategory"] as const;

/**
 * A change request as its filer, its decider or the person sees it. The record's current values
 * are shown only to whoever may decide (they see the whole record anyway); sensitive evidence is
 * never listed, only the category code.
 */
export function presentChangeRequest(actor: Actor, cr: ChangeRequestRow, p: PersonRow): ChangeRequestView {
  const ruleRow = { status: cr.status, filedBy: cr.filedBy, person: { residenceRegionCode: p.residenceRegionCode, userId: p.userId } };
  const abilities = changeRequestRules.abilities(actor, ruleRow, {});
  const mayDecide = changeRequestRules.partiesOf(actor, ruleRow, {}).length > 0;
  const c: PersonChanges = cr.changes;
  const changes: ChangeRequestView["changes"] = [];
  for (const f of scalarFields) {
    const v = c[f];
    if (v === undefined) continue;
    changes.push({ field: f, label: changeableFieldLabels[f], proposed: v, current: mayDecide ? (p[f] ?? null) : null });
  }
  if (c.categories?.length) changes.push({ field: "categories", label: changeableFieldLabels.categories, proposed: c.categories.map((x) => x.code).join("、"), current: null });
  if (c.exclusions?.length) changes.push({ field: "exclusions", label: changeableFieldLabels.exclusions, proposed: c.exclusions.map((x) => x.kind).join("、"), current: null });
  return {
    id: cr.id,
    personId: p.id,
    personName: p.name,
    idNumberMasked: p.idNumberMasked,
    status: cr.status,
    changes,
    filedByInstitution: cr.institutionId !== null,
    filedAt: cr.filedAt.toISOString(),
    decidedAt: cr.decidedAt?.toISOString() ?? null,
    note: cr.note,
    abilities,
  };
}
