/**
 * Test helpers: trainees and their logged-in phones, enrollments and codes; institutions and
 * classes through their owner (classes.factory.ts). Trainee sessions are rows of the sessions
 * table with known tokens, so no password hashing is involved.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { maskIdNumber } from "../../../../shared/src/ids.ts";
import { type Session, Session as SessionClient, type TestEnv } from "../../../test/harness.ts";
import { type MadeClassRow, type MadeSession, makeClassRow, makeInstitution as makeInstitutionOwner } from "../classes/classes.factory.ts";
import { classEnrollments } from "../classes/index.ts";
import { persons } from "../trainees/index.ts";
import { nextIdNumber } from "../trainees/trainees.factory.ts";
import { sessionIdOf } from "../users/auth.service.ts";
import { roleAssignments, sessions, users } from "../users/index.ts";
import { codePeriod, codeForPeriod, currentCode } from "./checkin.rules.ts";

/**
 * Institutions and classes come from their one owner (classes.factory.ts); these keep the short
 * signatures the attendance tests use.
 */
export { SITE, type MadeSession } from "../classes/classes.factory.ts";
export type MadeClass = MadeClassRow;

/** An approved institution in `regionCode` (the owner: classes.factory.ts makeInstitution). */
export async function makeInstitution(env: TestEnv, regionCode = "220102"): Promise<{ id: string; regionCode: string }> {
  const made = await makeInstitutionOwner(env, { regionCode });
  return { id: made.id, regionCode: made.regionCode };
}

/** A class in any status with sessions at any time (the owner: classes.factory.ts makeClassRow). */
export const makeClass = makeClassRow;

export interface MadeTrainee {
  personId: string;
  userId: string;
  name: string;
  phone: Session;
}

/** A registered person with a trainee login and a logged-in session (a known token). */
export async function makeTrainee(env: TestEnv, o: { name?: string; regionCode?: string } = {}): Promise<MadeTrainee> {
  const db = env.deps.db;
  const now = env.clock.now();
  const idNumber = nextIdNumber();
  const personId = randomUUID();
  const userId = randomUUID();
  const name = o.name ?? `学员${personId.slice(0, 4)}`;
  const regionCode = o.regionCode ?? "220102";
  await db.insert(users).values({ id: userId, username: `t${personId.replace(/-/g, "").slice(0, 16)}`, displayName: name, passwordHash: "not-a-hash", regionCode, createdAt: now, updatedAt: now });
  await db.insert(roleAssignments).values({ id: randomUUID(), userId, role: "trainee", scopeType: "self", createdAt: now });
  await db.insert(persons).values({
    id: personId,
    idNumberEncrypted: env.deps.crypto.encrypt(idNumber),
    idNumberHash: env.deps.crypto.lookupHash(idNumber),
    idNumberMasked: maskIdNumber(idNumber),
    name,
    gender: "male",
    birthYear: 1985,
    residenceRegionCode: regionCode,
    userId,
    createdAt: now,
    updatedAt: now,
  });
  const token = randomBytes(24).toString("base64url");
  await db.insert(sessions).values({ id: sessionIdOf(token), userId, createdAt: now, lastSeenAt: now });
  return { personId, userId, name, phone: new SessionClient(env.app, `jl_sid=${token}`) };
}

export async function enroll(env: TestEnv, classId: string, personId: string, status: "enrolled" | "withdrawn" = "enrolled"): Promise<void> {
  await env.deps.db.insert(classEnrollments).values({ id: randomUUID(), classId, personId, status, enrolledAt: env.clock.now() });
}

/** Keeps the trainee's session alive across clock jumps in tests (idle timeout is 30 min). */
export async function keepSessionsAlive(env: TestEnv): Promise<void> {
  // tests move the clock by days; a session also ends 12 h after login, so it "logs in" again now
  await env.deps.db.execute(sql`update sessions set last_seen_at = ${env.clock.now().toISOString()}::timestamptz, created_at = ${env.clock.now().toISOString()}::timestamptz`);
}

export const codeNow = (env: TestEnv, s: MadeSession): string => currentCode(s.secret, env.clock.now()).code;
/** the code of `periodsAgo` 30-second periods before now */
export const codeAgo = (env: TestEnv, s: MadeSession, periodsAgo: number): string => codeForPeriod(s.secret, codePeriod(env.clock.now()) - periodsAgo);
