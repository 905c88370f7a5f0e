/**
 * Test helpers: institutions, classes, sessions, trainees and their logged-in phones, inserted
 * directly (the classes module is built in parallel; its tables are shared). Trainee sessions
 * are rows of the sessions table with known tokens, so no password hashing is involved.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { maskIdNumber } from "../../../../shared/src/ids.ts";
import { type Session, Session as SessionClient, type TestEnv } from "../../../test/harness.ts";
import { classEnrollments, classes, classSessions } from "../classes/index.ts";
import { catalogueItems } from "../catalogue/index.ts";
import { creditCode } from "../institutions/institutions.factory.ts";
import { institutions } from "../institutions/institutions.table.ts";
import { persons } from "../trainees/index.ts";
import { nextIdNumber } from "../trainees/trainees.factory.ts";
import { sessionIdOf } from "../users/auth.service.ts";
import { roleAssignments, sessions, users } from "../users/index.ts";
import { codePeriod, codeForPeriod, currentCode } from "./checkin.rules.ts";

/** 长春市南关区 人民大街 — the default class site */
export const SITE = { lat: 43.8868, lng: 125.3245 };

export async function makeInstitution(env: TestEnv, regionCode = "220102"): Promise<{ id: string; regionCode: string }> {
  const id = randomUUID();
  const now = env.clock.now();
  await env.deps.db.insert(institutions).values({
    id,
    creditCode: creditCode(regionCode),
    name: `考勤测试培训学校${id.slice(0, 6)}`,
    type: "private_school",
    role: "training",
    status: "approved",
    regionCode,
    address: "长春市南关区人民大街 1 号",
    licenceNo: "教民122010270000001",
    licenceValidUntil: "2029-12-31",
    contactName: "王老师",
    contactPhone: "13900001111",
    bankAccountName: "考勤测试培训学校",
    bankName: "中国工商银行",
    bankAccountEncrypted: env.deps.crypto.encrypt("6222020200112233445"),
    bankAccountLast4: "3445",
    approvedAt: now,
    agreementValidUntil: "2027-12-31",
    createdAt: now,
    updatedAt: now,
  });
  return { id, regionCode };
}

export interface MadeSession {
  id: string;
  secret: Buffer;
  startsAt: Date;
  endsAt: Date;
}

export interface MadeClass {
  id: string;
  regionCode: string;
  institutionId: string;
  sessions: MadeSession[];
}

/**
 * A class in `status` with one session per entry of `sessions` (start, minutes). Defaults: approved,
 * one 4-hour session starting at the test clock's now.
 */
export async function makeClass(
  env: TestEnv,
  o: {
    institution: { id: string; regionCode: string };
    status?: (typeof classes.$inferInsert)["status"];
    sessions?: { startsAt: Date; minutes?: number; requireCheckOut?: boolean; cancelled?: boolean }[];
    radius?: number;
  },
): Promise<MadeClass> {
  const db = env.deps.db;
  const now = env.clock.now();
  const itemId = randomUUID();
  await db.insert(catalogueItems).values({
    id: itemId,
    code: `ATT-${itemId.slice(0, 8)}`,
    projectName: "考勤测试项目",
    trainingType: "employment",
    certificateTypes: ["training"],
    status: "published",
    createdAt: now,
    updatedAt: now,
  });
  const id = randomUUID();
  const plan = o.sessions ?? [{ startsAt: now, minutes: 240 }];
  const day = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  await db.insert(classes).values({
    id,
    code: `KB-${o.institution.regionCode}-2026-${id.slice(0, 6)}`,
    institutionId: o.institution.id,
    regionCode: o.institution.regionCode,
    catalogueItemId: itemId,
    programCode: "K1",
    title: "考勤测试班",
    trainingType: "employment",
    certificateType: "training",
    mode: "offline",
    address: "长春市南关区人民大街 1 号",
    lat: SITE.lat,
    lng: SITE.lng,
    geofenceRadiusM: o.radius ?? 200,
    startDate: day(plan[0]!.startsAt),
    endDate: day(plan[plan.length - 1]!.startsAt),
    capacity: 60,
    assessmentPlan: "结业考核",
    status: o.status ?? "approved",
    createdAt: now,
    updatedAt: now,
  });
  const made: MadeSession[] = [];
  for (const s of plan) {
    const secret = randomBytes(32);
    const minutes = s.minutes ?? 240;
    const row = {
      id: randomUUID(),
      classId: id,
      date: day(s.startsAt),
      startsAt: s.startsAt,
      endsAt: new Date(s.startsAt.getTime() + minutes * 60_000),
      content: "理论与实操",
      theoryMinutes: Math.floor(minutes / 2),
      practiceMinutes: minutes - Math.floor(minutes / 2),
      place: "实训车间",
      codeSecret: secret.toString("hex"),
      requireCheckOut: s.requireCheckOut ?? false,
      status: s.cancelled ? ("cancelled" as const) : ("planned" as const),
      createdAt: now,
    };
    await db.insert(classSessions).values(row);
    made.push({ id: row.id, secret, startsAt: row.startsAt, endsAt: row.endsAt });
  }
  return { id, regionCode: o.institution.regionCode, institutionId: o.institution.id, sessions: made };
}

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
  await env.deps.db.execute(sql`update sessions set last_seen_at = ${env.clock.now().toISOString()}::timestamptz`);
}

export const codeNow = (env: TestEnv, s: MadeSession): string => currentCode(s.secret, env.clock.now()).code;
/** the code of `periodsAgo` 30-second periods before now */
export const codeAgo = (env: TestEnv, s: MadeSession, periodsAgo: number): string => codeForPeriod(s.secret, codePeriod(env.clock.now()) - periodsAgo);
