import type { ClassView } from "../../../../shared/src/contracts/classes.ts";
import type { Actor } from "../../platform/auth/actor.ts";
import type { Db } from "../../platform/db/db.ts";
import { readAll } from "../../platform/db/reads.ts";
import { classFacts } from "./classes.facts.ts";
import { type ClassFacts, classRules } from "./classes.policy.ts";
import * as repo from "./classes.repo.ts";
import type { Problem } from "./classes.rules.ts";

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function presentSession(s: repo.SessionRow, teachers: Map<string, string>) {
  return {
    id: s.id,
    date: s.date,
    startsAt: s.startsAt.toISOString(),
    endsAt: s.endsAt.toISOString(),
    teacherId: s.teacherId,
    teacherName: s.teacherId ? (teachers.get(s.teacherId) ?? null) : null,
    content: s.content,
    theoryMinutes: s.theoryMinutes,
    practiceMinutes: s.practiceMinutes,
    place: s.place,
    requireCheckOut: s.requireCheckOut,
    status: s.status,
  };
}

export function presentSummary(c: repo.ClassRow, items: Map<string, repo.ItemInfo>, insts: Map<string, string>, enrolled: Map<string, number>) {
  return {
    id: c.id,
    code: c.code,
    title: c.title,
    status: c.status,
    institutionId: c.institutionId,
    institutionName: insts.get(c.institutionId) ?? "",
    regionCode: c.regionCode,
    programCode: c.programCode,
    catalogueItemId: c.catalogueItemId,
    occupationName: repo.subjectName(items.get(c.catalogueItemId)),
    certificateType: c.certificateType,
    skillLevel: c.skillLevel,
    startDate: c.startDate,
    endDate: c.endDate,
    capacity: c.capacity,
    enrolled: enrolled.get(c.id) ?? 0,
    revision: c.revision,
    locked: c.lockedAt !== null,
  };
}

export async function presentSummaries(db: Db, rows: repo.ClassRow[]) {
  const [items, insts, enrolled] = await readAll(db, [
    () => repo.itemInfos(db, [...new Set(rows.map((r) => r.catalogueItemId))]),
    () => repo.institutionNames(db, [...new Set(rows.map((r) => r.institutionId))]),
    () =>
      repo.enrolledCounts(
        db,
        rows.map((r) => r.id),
      ),
  ]);
  return rows.map((r) => presentSummary(r, items, insts, enrolled));
}

/** The buttons the caller may press: the class rules' own verdicts, with the same facts the service reads. */
export function abilitiesOf(actor: Actor, c: repo.ClassRow, facts: ClassFacts): ClassView["abilities"] {
  const a = classRules.abilities(actor, c, facts);
  return {
    edit: a.edit,
    submit: a.submit,
    approve: a.approve,
    return: a.return,
    cancel: a.cancel,
    start: a.start,
    finish: a.finish,
    fileChange: a.fileChange,
    enterResults: a.enterResults,
    assess: a.assess,
    issueCertificates: a.issueCertificates,
  };
}

export async function presentClass(db: Db, actor: Actor, c: repo.ClassRow, today: string, now: Date): Promise<ClassView> {
  const [sessions, enrollments, [summary]] = await readAll(db, [() => repo.sessionsOf(db, c.id), () => repo.enrollmentsOf(db, c.id), () => presentSummaries(db, [c])]);
  const [teachers, people, facts] = await readAll(db, [
    () => repo.teacherNames(db, [...new Set(sessions.flatMap((s) => (s.teacherId ? [s.teacherId] : [])))]),
    () =>
      repo.personsByIds(
        db,
        enrollments.map((e) => e.personId),
      ),
    () => classFacts(db, c, today, now, sessions),
  ]);
  return {
    ...summary!,
    trainingType: c.trainingType,
    mode: c.mode,
    address: c.address,
    lat: c.lat,
    lng: c.lng,
    geofenceRadiusM: c.geofenceRadiusM,
    assessmentPlan: c.assessmentPlan,
    catalogueVersionId: c.catalogueVersionId,
    evaluatorInstitutionId: c.evaluatorInstitutionId,
    projectBased: c.projectBased,
    warnings: (c.warnings as Problem[]) ?? [],
    returnReasons: (c.returnReasons as string[] | null) ?? null,
    submittedAt: iso(c.submittedAt),
    reviewedAt: iso(c.reviewedAt),
    lockedAt: iso(c.lockedAt),
    sessions: sessions.map((s) => presentSession(s, teachers)),
    roster: enrollments.map((e) => ({
      id: e.id,
      personId: e.personId,
      name: people.get(e.personId)?.name ?? "",
      idNumberMasked: people.get(e.personId)?.idNumberMasked ?? "",
      status: e.status,
      warnings: (e.warnings as Problem[]) ?? [],
      result: e.result,
      score: e.score,
    })),
    abilities: abilitiesOf(actor, c, facts),
  };
}

export function presentChange(r: Awaited<ReturnType<typeof repo.changesOf>>[number]) {
  return { id: r.id, revision: r.revision, kind: r.kind, before: r.before, after: r.after, reason: r.reason, filedBy: r.filedBy, filedAt: r.filedAt.toISOString() };
}

export function presentCertificate(r: repo.CertificateRow, names: Map<string, { name: string }>) {
  return {
    id: r.id,
    classId: r.classId,
    personId: r.personId,
    name: names.get(r.personId)?.name ?? "",
    type: r.type,
    level: r.level,
    number: r.number,
    issueDate: r.issueDate,
    issuerInstitutionId: r.issuerInstitutionId,
    status: r.status,
    revokedReason: r.revokedReason,
    verifyToken: r.verifyToken,
  };
}
