/** Counts for the home page: the same scopes as the class list, so a count equals what its link shows. */
import { ABSENT_RESULT, COMPLETED_CLASS_STATUSES, PASS_RESULT } from "../../../../shared/src/completion.ts";
import { and, desc, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { Actor } from "../../platform/auth/actor.ts";
import { hasPermission } from "../../platform/auth/scope.ts";
import type { Db } from "../../platform/db/db.ts";
import { institutions } from "../institutions/index.ts";
import { certificates } from "./classes-workflow.table.ts";
import { classScope } from "./classes.policy.ts";
import * as repo from "./classes.repo.ts";
import { type ClassStatus, classEnrollments, classes } from "./classes.table.ts";

/**
 * Classes in `status` that the class list (GET /api/classes?status=…) shows the actor: the list's
 * own scope (class.read), so the count on the home page and the filtered list agree.
 * @throws auth.forbidden without class.read
 */
export function countClassesInList(db: Db, actor: Actor, status: ClassStatus): Promise<number> {
  return repo.countClasses(db, classScope(actor, "class.read"), { status });
}

export interface OwnClassRate {
  id: string;
  code: string;
  title: string;
  status: ClassStatus;
  institutionName: string;
  endDate: string;
  /** trainees on the roster (withdrawn ones not counted) */
  enrolled: number;
  /** of them, completed it (结业: ended, on the roster, not absent from the assessment — shared/src/completion.ts) */
  completed: number;
  /** of them, passed the assessment (合格) */
  passed: number;
  /** of them, holding a valid certificate from this class */
  certified: number;
}

/**
 * The classes of the actor's own institutions (class.apply grants), newest first, with roster,
 * passed and certified counts: the institution's home page. Other roles get an empty list.
 */
export async function ownClassRates(db: Db, actor: Actor, limit = 20): Promise<OwnClassRate[]> {
  if (!hasPermission(actor, "class.apply")) return [];
  const scope: SQL = classScope(actor, "class.apply");
  // the page of classes first, then the counts of those classes only: joining every class of the
  // scope to its enrollments before the limit read all of an institution's rosters (a seq scan of
  // class_enrollments at three-year scale)
  const page = db
    .select({ id: classes.id, code: classes.code, title: classes.title, status: classes.status, institutionId: classes.institutionId, endDate: classes.endDate })
    .from(classes)
    .where(and(scope, inArray(classes.status, ["approved", "in_progress", "finished", "assessed"])))
    .orderBy(desc(classes.endDate), desc(classes.id))
    .limit(limit)
    .as("page");
  const enrolled = sql<number>`count(${classEnrollments.id}) filter (where ${classEnrollments.status} = 'enrolled')`.mapWith(Number);
  // 结业 and 合格 as shared/src/completion.ts defines them (isCompletion, isPass), the same as the statistics
  const ended = sql.join(COMPLETED_CLASS_STATUSES.map((st) => sql`${st}`), sql`, `);
  const completed = sql<number>`count(${classEnrollments.id}) filter (where ${page.status} in (${ended}) and ${classEnrollments.status} = 'enrolled' and ${classEnrollments.result} is distinct from ${ABSENT_RESULT})`.mapWith(Number);
  const passed = sql<number>`count(${classEnrollments.id}) filter (where ${classEnrollments.status} = 'enrolled' and ${classEnrollments.result} = ${PASS_RESULT})`.mapWith(Number);
  const certified = sql<number>`count(${classEnrollments.id}) filter (where ${classEnrollments.status} = 'enrolled' and exists (select 1 from ${certificates} where ${certificates.enrollmentId} = ${classEnrollments.id} and ${certificates.status} = 'valid'))`.mapWith(Number);
  const rows = await db
    .select({ id: page.id, code: page.code, title: page.title, status: page.status, institutionName: institutions.name, endDate: page.endDate, enrolled, completed, passed, certified })
    .from(page)
    .innerJoin(institutions, eq(institutions.id, page.institutionId))
    .leftJoin(classEnrollments, eq(classEnrollments.classId, page.id))
    .groupBy(page.id, page.code, page.title, page.status, page.endDate, institutions.name)
    .orderBy(desc(page.endDate), desc(page.id));
  return rows;
}
