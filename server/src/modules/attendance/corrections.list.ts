/**
 * The console's correction list (考勤补正) and the home to-do count, built from one condition so the
 * count always equals the list's total with `awaiting=true`.
 */
import { type SQL, and, asc, count, desc, eq, isNull, ne, sql } from "drizzle-orm";
import type { z } from "zod";
import type { CorrectionsQuery, correctionListItem } from "../../../../shared/src/contracts/attendance.ts";
import type { Actor } from "../../platform/auth/actor.ts";
import { hasPermission, scopeWhere } from "../../platform/auth/scope.ts";
import type { Permission } from "../../../../shared/src/permissions.ts";
import type { Ctx, Deps } from "../../platform/context.ts";
import type { Db } from "../../platform/db/db.ts";
import { classes, classSessions } from "../classes/index.ts";
import { institutions } from "../institutions/index.ts";
import { persons } from "../trainees/index.ts";
import { correctionRules } from "./attendance.policy.ts";
import { attendanceCorrections } from "./attendance.table.ts";

type CorrectionListItem = z.infer<typeof correctionListItem>;

/**
 * The corrections of the classes `perm` covers. A region grant reads the correction's own region
 * code (the class's county, copied at filing) as a six-digit range, so an index on
 * (region_code, filed_at) serves a city; an institution grant reads the class's institution.
 */
function correctionScope(actor: Actor, perm: Permission): SQL {
  return scopeWhere(actor, perm, {
    region: (prefix) => sql`${attendanceCorrections.regionCode} between ${prefix.padEnd(6, "0")} and ${prefix.padEnd(6, "9")}`,
    institution: classes.institutionId,
  });
}

/**
 * Pending corrections the actor could decide now: in the scope of attendance.approve_correction
 * (the scope decideCorrection loads with), not filed by themself, and the class not locked — the
 * same refusals as correctionRules.decide.
 */
function awaitingWhere(actor: Actor & { userId: string }): SQL {
  return and(
    correctionScope(actor, "attendance.approve_correction"),
    eq(attendanceCorrections.status, "pending"),
    ne(attendanceCorrections.filedBy, actor.userId),
    isNull(classes.lockedAt),
    sql`${classes.status} <> 'assessed'`,
  ) as SQL;
}

/** The home page's to-do: what `GET /api/attendance/corrections?awaiting=true` totals. Zero without the permission. */
export async function countCorrectionsToDecide(db: Db, actor: Actor): Promise<number> {
  if (!hasPermission(actor, "attendance.approve_correction") || !actor.userId) return 0;
  const userId = actor.userId;
  const [r] = await db
    .select({ n: count() })
    .from(attendanceCorrections)
    .innerJoin(classes, eq(classes.id, attendanceCorrections.classId))
    .where(awaitingWhere({ ...actor, userId }));
  return r?.n ?? 0;
}

/**
 * Corrections of the classes the caller reads attendance of, newest first (awaiting ones oldest
 * first: a queue), with the class and institution names. `awaiting` without the decide permission
 * is an empty list, as the to-do is absent.
 */
export async function listCorrectionsInScope(deps: Deps, ctx: Ctx, q: CorrectionsQuery): Promise<{ items: CorrectionListItem[]; total: number; page: number; pageSize: number }> {
  const { db } = deps;
  const actor = ctx.actor;
  const empty = { items: [], total: 0, page: q.page, pageSize: q.pageSize };
  const awaiting = q.awaiting === "true";
  const conds: (SQL | undefined)[] = [correctionScope(actor, "attendance.read")];
  if (awaiting) {
    if (!hasPermission(actor, "attendance.approve_correction") || !actor.userId) return empty;
    conds.push(awaitingWhere({ ...actor, userId: actor.userId }));
  }
  if (q.status) conds.push(eq(attendanceCorrections.status, q.status));
  const where = and(...conds);
  const [t] = await db
    .select({ n: count() })
    .from(attendanceCorrections)
    .innerJoin(classes, eq(classes.id, attendanceCorrections.classId))
    .where(where);
  const total = t?.n ?? 0;
  if (total === 0) return { ...empty, total };
  const order = awaiting ? [asc(attendanceCorrections.filedAt), asc(attendanceCorrections.id)] : [desc(attendanceCorrections.filedAt), desc(attendanceCorrections.id)];
  const rows = await db
    .select({
      c: attendanceCorrections,
      personName: persons.name,
      date: classSessions.date,
      klass: { status: classes.status, lockedAt: classes.lockedAt, name: classes.title },
      institutionName: institutions.name,
    })
    .from(attendanceCorrections)
    .innerJoin(classes, eq(classes.id, attendanceCorrections.classId))
    .innerJoin(persons, eq(persons.id, attendanceCorrections.personId))
    .innerJoin(classSessions, eq(classSessions.id, attendanceCorrections.sessionId))
    .innerJoin(institutions, eq(institutions.id, classes.institutionId))
    .where(where)
    .orderBy(...order)
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  const now = deps.clock.now();
  return {
    items: rows.map(({ c, personName, date, klass, institutionName }) => ({
      id: c.id,
      sessionId: c.sessionId,
      classId: c.classId,
      className: klass.name,
      institutionName,
      personId: c.personId,
      personName,
      sessionDate: date,
      mark: c.mark,
      reason: c.reason,
      evidence: c.evidence,
      status: c.status,
      filedBy: c.filedBy,
      filedAt: c.filedAt.toISOString(),
      decidedBy: c.decidedBy,
      decidedAt: c.decidedAt?.toISOString() ?? null,
      decisionNote: c.decisionNote,
      source: "manual" as const,
      abilities: { decide: hasPermission(actor, "attendance.approve_correction") && correctionRules.may(actor, "decide", { status: c.status, filedBy: c.filedBy, klass }, { now }) },
    })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}
