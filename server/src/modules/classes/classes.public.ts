/**
 * Public certificate check (no login) and the trainee's own classes.
 */
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { maskName } from "../../../../shared/src/ids.ts";
import type { Ctx, Deps } from "../../platform/context.ts";
import { AppError } from "../../platform/http/errors.ts";
import { readAll } from "../../platform/db/reads.ts";
import { catalogueItems, occupations } from "../catalogue/index.ts";
import { institutions } from "../institutions/index.ts";
import { persons } from "../trainees/index.ts";
import { certificates } from "./classes-workflow.table.ts";
import { presentSession, presentSummaries } from "./classes.presenter.ts";
import * as repo from "./classes.repo.ts";
import { classEnrollments, classes, classSessions } from "./classes.table.ts";

const notFound = () => new AppError("certificate.not_found", "未查到该证书");

/**
 * One statement (the occupation or project name joined in): a public, rate-limited look-up,
 * prepared once per connection (named) — its six-table plan cost more than running it.
 */
async function publicView(deps: Deps, by: { number: string } | { token: string }, name?: string) {
  const byNumber = "number" in by;
  const rows = await deps.db
    .select({
      cert: certificates,
      holder: persons.name,
      idNumberMasked: persons.idNumberMasked,
      issuerName: institutions.name,
      occupationName: occupations.name,
      projectName: catalogueItems.projectName,
    })
    .from(certificates)
    .innerJoin(persons, eq(persons.id, certificates.personId))
    .innerJoin(classes, eq(classes.id, certificates.classId))
    .innerJoin(institutions, eq(institutions.id, certificates.issuerInstitutionId))
    .leftJoin(catalogueItems, eq(catalogueItems.id, classes.catalogueItemId))
    .leftJoin(occupations, eq(occupations.id, catalogueItems.occupationId))
    .where(byNumber ? eq(certificates.number, sql.placeholder("key")) : eq(certificates.verifyToken, sql.placeholder("key")))
    .orderBy(asc(certificates.createdAt))
    .limit(10)
    .prepare(byNumber ? "certificate_check_number" : "certificate_check_token")
    .execute({ key: byNumber ? by.number : by.token });
  // a wrong name answers exactly like an unknown number: no probing of who holds which number
  const hit = rows.find((r) => name === undefined || r.holder === name);
  if (!hit) throw notFound();
  return {
    holderName: maskName(hit.holder),
    idNumberMasked: hit.idNumberMasked,
    // the class's subject, as repo.subjectName names it: the occupation, else the special project
    occupation: hit.occupationName ?? hit.projectName,
    level: hit.cert.level,
    certificateType: hit.cert.type,
    number: hit.cert.number,
    issuerName: hit.issuerName,
    issueDate: hit.cert.issueDate,
    status: hit.cert.status,
  };
}

/** @throws certificate.not_found (same for an unknown number and a wrong name) */
export async function verifyByNumber(deps: Deps, number: string, name: string) {
  return publicView(deps, { number: number.trim().toUpperCase() }, name.trim());
}

/** @throws certificate.not_found */
export async function verifyByToken(deps: Deps, token: string) {
  return publicView(deps, { token });
}

/**
 * The logged-in trainee's classes (once approved), schedule, results and certificates.
 * @throws person.no_profile
 */
export async function myClasses(deps: Deps, ctx: Ctx) {
  const { db } = deps;
  const [me] = ctx.actor.userId ? await db.select({ id: persons.id }).from(persons).where(eq(persons.userId, ctx.actor.userId)).limit(1) : [];
  if (!me) throw new AppError("person.no_profile", "当前账号未关联学员信息");
  const enrollments = await db
    .select({ e: classEnrollments, c: classes })
    .from(classEnrollments)
    .innerJoin(classes, eq(classes.id, classEnrollments.classId))
    .where(and(eq(classEnrollments.personId, me.id), sql`${classes.status} in ('approved', 'in_progress', 'finished', 'assessed', 'cancelled')`))
    .orderBy(asc(classes.startDate));
  const classIds = enrollments.map((x) => x.c.id);
  const [summaries, sessions, certs] = await readAll(db, [
    () => presentSummaries(
      db,
      enrollments.map((x) => x.c),
    ),
    () => classIds.length ? db.select().from(classSessions).where(inArray(classSessions.classId, classIds)).orderBy(asc(classSessions.startsAt)) : Promise.resolve([]),
    () => db.select().from(certificates).where(eq(certificates.personId, me.id)),
  ]);
  const teachers = await repo.teacherNames(db, [...new Set(sessions.flatMap((s) => (s.teacherId ? [s.teacherId] : [])))]);
  return {
    items: enrollments.map(({ e, c }, i) => {
      const s = summaries[i]!;
      return {
        class: {
          id: s.id,
          code: s.code,
          title: s.title,
          status: s.status,
          institutionName: s.institutionName,
          occupationName: s.occupationName,
          certificateType: s.certificateType,
          skillLevel: s.skillLevel,
          startDate: s.startDate,
          endDate: s.endDate,
          address: c.address,
        },
        enrollmentStatus: e.status,
        result: e.result,
        score: e.score,
        sessions: sessions
          .filter((x) => x.classId === c.id)
          .map((x) => {
            const { teacherId: _t, ...rest } = presentSession(x, teachers);
            return rest;
          }),
        certificates: certs
          .filter((x) => x.classId === c.id)
          .map((x) => ({ id: x.id, type: x.type, level: x.level, number: x.number, issueDate: x.issueDate, status: x.status, verifyToken: x.verifyToken })),
      };
    }),
  };
}
