import { type CategoryCode, type PersonView, sensitiveCategories } from "../../../../shared/src/contracts/trainees.ts";
import { shownIdentity } from "../../../../shared/src/ids.ts";
import type { Actor } from "../../platform/auth/actor.ts";
import type { DataCrypto } from "../../platform/crypto.ts";
import type { PersonDetails, PersonRow } from "./trainees.repo.ts";
import { personWarnings } from "./trainees.rules.ts";

/**
 * The person as every screen shows it: the identity through the shared `shownIdentity` (mask,
 * birth year, gender; the household region only with person.view_id; the exact birth date only
 * inside the full number, whose reveal is audited); evidence of sensitive categories (disability,
 * poverty, criminal record) only for roles with person.view_sensitive; exclusion warnings
 * computed on `today`.
 */
export function presentPerson(
  actor: Actor,
  p: PersonRow,
  d: PersonDetails,
  names: Map<string, string>,
  today: string,
  crypto: DataCrypto,
): PersonView {
  const seeSensitive = actor.permissions.has("person.view_sensitive");
  const identity = shownIdentity(p, actor.permissions.has("person.view_id"));
  return {
    id: p.id,
    idNumberMasked: identity.idNumberMasked,
    name: p.name,
    gender: identity.gender,
    birthYear: identity.birthYear,
    phone: p.phone,
    householdRegionCode: identity.householdRegionCode,
    residenceRegionCode: p.residenceRegionCode,
    residenceRegionName: names.get(p.residenceRegionCode) ?? p.residenceRegionCode,
    education: p.education,
    employerName: p.employerName,
    employerCreditCode: p.employerCreditCode,
    primaryCategory: p.primaryCategory,
    categories: d.categories.map((c) => {
      const sensitive = sensitiveCategories.has(c.category as CategoryCode);
      let evidenceRef = c.evidenceRef;
      if (c.evidenceRefEncrypted) evidenceRef = seeSensitive ? crypto.decrypt(c.evidenceRefEncrypted) : null;
      return { code: c.category, evidenceType: c.evidenceType, evidenceRef, evidenceDate: c.evidenceDate, sensitive };
    }),
    exclusions: d.exclusions.map((e) => ({ kind: e.kind, source: e.source, recordedOn: e.recordedOn })),
    warnings: personWarnings({ birthYear: p.birthYear, gender: p.gender, exclusions: d.exclusions }, today),
    institutionIds: d.institutionIds,
    hasAccount: p.userId !== null,
    createdAt: p.createdAt.toISOString(),
    abilities: {
      viewIdNumber: actor.permissions.has("person.view_id"),
      createAccount: p.userId === null && actor.permissions.has("person.register"),
    },
  };
}
