import { and, asc, type Column, eq, inArray, ne, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/db.ts";
import { readAll } from "../../platform/db/reads.ts";
import { classEnrollments, classes, classSessions } from "../classes/index.ts";
import { persons } from "../trainees/index.ts";
import { attendanceCheckinAttempts, attendanceCheckins, attendanceCorrections } from "./attendance.table.ts";
import { WRONG_CODE_LIMIT } from "./checkin.rules.ts";
import type { RateCheckin, RateCorrection, RateSession } from "./attendance.rates.ts";

export type ClassRow = typeof classes.$inferSelect;
export type SessionRow = typeof classSessions.$inferSelect;
export type CorrectionRow = typeof attendanceCorrections.$inferSelect;

export async function findClass(db: Db, classId: string, scope: SQL): Promise<ClassRow | undefined> {
  const [c] = await db
    .select()
    .from(classes)
    .where(and(eq(classes.id, classId), scope))
    .limit(1);
  return c;
}

export async function findSessionWithClass(db: Db, sessionId: string, scope: SQL): Promise<{ session: SessionRow; klass: ClassRow } | undefined> {
  const [r] = await db
    .select({ session: classSessions, klass: classes })
    .from(classSessions)
    .innerJoin(classes, eq(classes.id, classSessions.classId))
    .where(and(eq(classSessions.id, sessionId), scope))
    .limit(1);
  return r;
}

export interface ClassData {
  sessions: RateSession[];
  roster: { personId: string; name: string; idNumberMasked: string }[];
  checkins: RateCheckin[];
  corrections: RateCorrection[];
}

/** Everything the rates need for some classes: four queries, whatever the roster size. */
export async function loadClassData(db: Db, classIds: string[], onlyPerson?: string): Promise<Map<string, ClassData>> {
  const out = new Map<string, ClassData>(classIds.map((id) => [id, { sessions: [], roster: [], checkins: [], corrections: [] }]));
  if (classIds.length === 0) return out;
  const personFilter = (col: Column) => (onlyPerson ? eq(col, onlyPerson) : undefined);
  // at once on the pool, one after another on a transaction (platform/db/reads.ts)
  const [sessions, roster, checkins, corrections] = await readAll(db, [
    () =>
      db
        .select()
        .from(classSessions)
        .where(and(inArray(classSessions.classId, classIds), ne(classSessions.status, "cancelled")))
        .orderBy(asc(classSessions.startsAt)),
    () =>
      db
        .select({ classId: classEnrollments.classId, personId: persons.id, name: persons.name, idNumberMasked: persons.idNumberMasked })
        .from(classEnrollments)
        .innerJoin(persons, eq(persons.id, classEnrollments.personId))
        .where(and(inArray(classEnrollments.classId, classIds), eq(classEnrollments.status, "enrolled"), personFilter(classEnrollments.personId)))
        .orderBy(asc(persons.name), asc(persons.id)),
    () =>
      db
        .select({ classId: attendanceCheckins.classId, sessionId: attendanceCheckins.sessionId, personId: attendanceCheckins.personId, kind: attendanceCheckins.kind, at: attendanceCheckins.at })
        .from(attendanceCheckins)
        .where(and(inArray(attendanceCheckins.classId, classIds), personFilter(attendanceCheckins.personId))),
    () =>
      db
        .select()
        .from(attendanceCorrections)
        .where(and(inArray(attendanceCorrections.classId, classIds), eq(attendanceCorrections.status, "approved"), personFilter(attendanceCorrections.personId))),
  ]);
  for (const s of sessions) {
    out.get(s.classId)!.sessions.push({
      id: s.id,
      date: s.date,
      startsAt: s.startsAt,
      endsAt: s.endsAt,
      minutes: s.theoryMinutes + s.practiceMinutes,
      requireCheckOut: s.requireCheckOut,
    });
  }
  for (const r of roster) out.get(r.classId)!.roster.push({ personId: r.personId, name: r.name, idNumberMasked: r.idNumberMasked });
  for (const c of checkins) out.get(c.classId)!.checkins.push(c);
  for (const c of corrections) {
    out.get(c.classId)!.corrections.push({ sessionId: c.sessionId, personId: c.personId, mark: c.mark, decidedAt: c.decidedAt ?? c.filedAt });
  }
  return out;
}

export interface CheckinLock {
  sessionId: string;
  personId: string;
  name: string;
  wrongCodes: number;
  lockedAt: Date;
}

/**
 * The trainees of a class whose check-in of a session is locked (WRONG_CODE_LIMIT wrong codes),
 * oldest lock first. Reads the partial index of wrong codes, so a class without any costs nothing.
 */
export async function listCheckinLocks(db: Db, classId: string): Promise<CheckinLock[]> {
  const a = attendanceCheckinAttempts;
  const rows = await db
    .select({
      sessionId: a.sessionId,
      personId: sql<string>`${a.personId}`,
      name: persons.name,
      wrongCodes: sql<number>`count(*)::int`,
      // the wrong code that reached the limit locked it
      lockedAt: sql<Date>`(array_agg(${a.at} order by ${a.at}))[${sql.raw(String(WRONG_CODE_LIMIT))}]`.mapWith(a.at),
    })
    .from(a)
    .innerJoin(persons, eq(persons.id, a.personId))
    .where(and(eq(a.classId, classId), eq(a.outcome, "code_invalid")))
    .groupBy(a.sessionId, a.personId, persons.name)
    .having(sql`count(*) >= ${WRONG_CODE_LIMIT}`);
  return rows.sort((x, y) => x.lockedAt.getTime() - y.lockedAt.getTime());
}
