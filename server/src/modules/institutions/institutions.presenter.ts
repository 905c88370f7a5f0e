import { type InstitutionView, reviewedFields } from "../../../../shared/src/contracts/institutions.ts";
import type { Actor } from "../../platform/auth/actor.ts";
import { abilities } from "./institutions.policy.ts";
import type { FacilityRow, InstitutionRow, QualificationRow, SanctionRow, TeacherRow } from "./institutions.repo.ts";
import { maskAccountNumber, sanctionStep, type SanctionLevel, typeLabel } from "./institutions.rules.ts";

export function presentSummary(r: InstitutionRow, regionName: string | undefined) {
  return {
    id: r.id,
    creditCode: r.creditCode,
    name: r.name,
    type: r.type,
    typeLabel: typeLabel(r.type),
    role: r.role,
    status: r.status,
    regionCode: r.regionCode,
    regionName: regionName ?? r.regionCode,
    licenceValidUntil: r.licenceValidUntil,
    agreementValidUntil: r.agreementValidUntil,
    sanctionedUntil: r.sanctionedUntil,
  };
}

export function presentQualification(q: QualificationRow) {
  return {
    id: q.id,
    occupationCode: q.occupationCode,
    projectName: q.projectName,
    occupationName: q.occupationName,
    maxLevel: q.maxLevel,
    capacity: q.capacity,
    state: q.state,
  };
}

/** masked only: the full ID number has its own audited endpoint */
export function presentTeacher(t: TeacherRow) {
  return { id: t.id, name: t.name, idNumberMasked: t.idNumberMasked, qualifications: t.qualifications, employment: t.employment };
}

export function presentFacility(f: FacilityRow) {
  return { id: f.id, name: f.name, type: f.type, areaM2: f.areaM2, capacity: f.capacity, address: f.address };
}

export function presentSanction(s: SanctionRow) {
  return { id: s.id, level: s.level, label: sanctionStep(s.level as SanctionLevel).label, date: s.date, until: s.until, reason: s.reason };
}

export interface InstitutionParts {
  regionName: string | undefined;
  programCodes: string[];
  qualifications: QualificationRow[];
  teachers: TeacherRow[];
  facilities: FacilityRow[];
  sanctions: SanctionRow[];
}

/** Each proposed identity change next to the value in force, for the county's review. */
export function presentPendingChanges(r: InstitutionRow, programCodes: string[]): InstitutionView["pendingChanges"] {
  const c = r.pendingChanges ?? {};
  return reviewedFields.flatMap(({ field, label }) => {
    const after = c[field];
    if (after === undefined) return [];
    const before = field === "programCodes" ? programCodes : field === "type" ? typeLabel(r.type) : r[field];
    return [{ field, label, before, after: field === "type" ? typeLabel(after as InstitutionRow["type"]) : after }];
  });
}

export function presentInstitution(actor: Actor, r: InstitutionRow, p: InstitutionParts, today: string): InstitutionView {
  const pendingChanges = presentPendingChanges(r, p.programCodes);
  const hasPendingChanges = pendingChanges.length > 0 || p.qualifications.some((q) => q.state !== "active");
  return {
    ...presentSummary(r, p.regionName),
    address: r.address,
    publicPhone: r.publicPhone,
    licenceNo: r.licenceNo,
    contactName: r.contactName,
    contactPhone: r.contactPhone,
    bankAccountName: r.bankAccountName,
    bankName: r.bankName,
    bankAccountMasked: maskAccountNumber(r.bankAccountLast4)!,
    approvedAt: r.approvedAt?.toISOString() ?? null,
    reviewNote: r.reviewNote,
    programCodes: p.programCodes,
    qualifications: p.qualifications.map(presentQualification),
    teachers: p.teachers.map(presentTeacher),
    facilities: p.facilities.map(presentFacility),
    sanctions: p.sanctions.map(presentSanction),
    pendingChanges,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    abilities: abilities(actor, r, { today, hasPendingChanges }),
  };
}
