/**
 * Test factories: a whole world for one class (approved institution with a qualification and
 * teachers, a published catalogue item with a version, registered persons, staff and officer
 * accounts) and classes in any state. Parents the other modules own are inserted directly — fast,
 * and independent of their HTTP flows (their own tests cover those).
 */
import { randomBytes, randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { CreateClassBody, SessionInput } from "../../../../shared/src/contracts/classes.ts";
import type { GrantInput } from "../../../../shared/src/contracts/users.ts";
import { maskIdNumber } from "../../../../shared/src/ids.ts";
import { grant, type MadeUser, makeUser, uniqueName } from "../../../test/factories.ts";
import type { TestEnv } from "../../../test/harness.ts";
import { userActor } from "../../platform/auth/actor.ts";
import type { Ctx } from "../../platform/context.ts";
import { catalogueItems, catalogueItemVersions, occupations } from "../catalogue/index.ts";
import { addDays } from "../calendar/index.ts";
import { institutionPrograms, institutionQualifications, institutions, institutionTeachers } from "../institutions/index.ts";
import { nextIdNumber } from "../trainees/trainees.factory.ts";
import { personInstitutions, persons } from "../trainees/index.ts";
import { createClass, transitionClass } from "./classes.service.ts";
import { type ClassStatus, classes, classSessions } from "./classes.table.ts";

let seq = 0;

/** 长春市南关区 人民大街 — the default class site */
export const SITE = { lat: 43.8868, lng: 125.3245 };
const now = () => new Date("2026-01-01T00:00:00Z");

/** A service context acting as `user` with `grants` (no login needed). */
export function ctxOf(user: MadeUser, regionCode: string, grants: GrantInput[]): Ctx {
  const actor = userActor(
    { id: user.id, username: user.username, regionCode, mustChangePassword: false },
    grants.map((g) => ({
      role: g.role,
      scopeType: g.scopeType,
      regionCode: g.scopeType === "province" ? "220000" : (g.regionCode ?? null),
      departmentCode: g.departmentCode ?? null,
      institutionId: g.institutionId ?? null,
    })),
  );
  return { actor, requestId: `test-${++seq}`, clientIp: null };
}

export interface InstitutionOpts {
  regionCode?: string;
  role?: "training" | "evaluation" | "both";
  status?: "approved" | "pending" | "suspended" | "banned";
  occupationCode?: string | null;
  projectName?: string | null;
  maxLevel?: number | null;
  capacity?: number;
  agreementValidUntil?: string | null;
  licenceValidUntil?: string;
  sanctionedUntil?: string | null;
}

/** An institution (approved by default) with one qualification and two teachers. */
export async function makeInstitution(env: TestEnv, o: InstitutionOpts = {}) {
  const db = env.deps.db;
  const id = randomUUID();
  const regionCode = o.regionCode ?? "220102";
  const name = `测试培训学校${uniqueName("")}`;
  await db.insert(institutions).values({
    id,
    creditCode: `52${randomBytes(8).toString("hex").toUpperCase()}`.slice(0, 18),
    name,
    type: o.role === "evaluation" ? "evaluation_body" : "private_school",
    role: o.role ?? "training",
    status: o.status ?? "approved",
    regionCode,
    address: "长春市南关区人民大街 1 号",
    licenceNo: "教民122010270000001",
    licenceValidUntil: o.licenceValidUntil ?? "2029-12-31",
    contactName: "王老师",
    contactPhone: "13900001111",
    bankAccountName: name,
    bankName: "中国工商银行",
    bankAccountEncrypted: env.deps.crypto.encrypt("6222020200112233445"),
    bankAccountLast4: "3445",
    approvedAt: now(),
    agreementValidUntil: o.agreementValidUntil === undefined ? "2027-06-30" : o.agreementValidUntil,
    sanctionedUntil: o.sanctionedUntil ?? null,
    createdAt: now(),
    updatedAt: now(),
  });
  await db.insert(institutionPrograms).values({ institutionId: id, programCode: "K1" });
  if (o.occupationCode !== null) {
    await db.insert(institutionQualifications).values({
      id: randomUUID(),
      institutionId: id,
      occupationCode: o.projectName ? null : (o.occupationCode ?? "6-18-01-01"),
      projectName: o.projectName ?? null,
      occupationName: "车工",
      maxLevel: o.maxLevel === undefined ? 3 : o.maxLevel,
      capacity: o.capacity ?? 60,
      state: "active",
      createdAt: now(),
    });
  }
  const teachers: string[] = [];
  for (const t of ["李老师", "赵老师"]) teachers.push(await makeTeacher(env, id, t));
  return { id, name, regionCode, teachers };
}

/** A teacher of `institutionId`; pass the same `idNumber` to make one person teach in two institutions. */
export async function makeTeacher(env: TestEnv, institutionId: string, name = "钱老师", idNumber = nextIdNumber()): Promise<string> {
  const id = randomUUID();
  await env.deps.db.insert(institutionTeachers).values({
    id,
    institutionId,
    name,
    idNumberEncrypted: env.deps.crypto.encrypt(idNumber),
    idNumberHash: env.deps.crypto.lookupHash(idNumber),
    idNumberMasked: maskIdNumber(idNumber),
    employment: "full_time",
    createdAt: now(),
  });
  return id;
}

export interface ItemOpts {
  occupationCode?: string;
  status?: "published" | "draft";
  minHours?: number;
  maxHours?: number;
  minTheoryPercent?: number;
  minPracticePercent?: number;
  effectiveFrom?: string;
  certificateTypes?: string[];
}

/** A catalogue item (published by default) for 车工 levels 5–3 with one open-ended version from 2026-01-01. */
export async function makeItem(env: TestEnv, o: ItemOpts = {}) {
  const db = env.deps.db;
  const occupationCode = o.occupationCode ?? "6-18-01-01";
  // items share the occupation row of their code (seeded demo occupations may already hold it)
  await db.insert(occupations).values({ id: randomUUID(), edition: 2015, code: occupationCode, name: "车工", createdAt: now(), updatedAt: now() }).onConflictDoNothing();
  const [occ] = await db.select({ id: occupations.id }).from(occupations).where(and(eq(occupations.code, occupationCode), eq(occupations.edition, 2015))).limit(1);
  const itemId = randomUUID();
  const versionId = randomUUID();
  await db.insert(catalogueItems).values({
    id: itemId,
    code: `T${randomBytes(5).toString("hex")}`,
    occupationId: occ!.id,
    trainingType: "employment",
    certificateTypes: o.certificateTypes ?? ["training_completion", "skill_level"],
    skillLevels: ["5", "4", "3"],
    programCodes: ["K1"],
    status: o.status ?? "published",
    publishedAt: now(),
    createdAt: now(),
    updatedAt: now(),
  });
  await db.insert(catalogueItemVersions).values({
    id: versionId,
    itemId,
    effectiveFrom: o.effectiveFrom ?? "2026-01-01",
    minHours: o.minHours ?? 16,
    maxHours: o.maxHours ?? 200,
    minTheoryPercent: o.minTheoryPercent ?? 20,
    minPracticePercent: o.minPracticePercent ?? 50,
    modes: ["offline", "blended"],
    createdAt: now(),
    updatedAt: now(),
  });
  return { id: itemId, versionId, occupationId: occ!.id };
}

/** Registered persons linked to the institution (visible to its staff). */
export async function makePersons(env: TestEnv, institutionId: string, n: number, o: { birthYear?: number } = {}) {
  const out: { id: string; name: string; idNumber: string }[] = [];
  for (let i = 0; i < n; i++) {
    const idNumber = nextIdNumber({ birthYear: o.birthYear ?? 1990 });
    const id = randomUUID();
    const name = `学员${uniqueName("")}`.slice(0, 12);
    await env.deps.db.insert(persons).values({
      id,
      idNumberEncrypted: env.deps.crypto.encrypt(idNumber),
      idNumberHash: env.deps.crypto.lookupHash(idNumber),
      idNumberMasked: maskIdNumber(idNumber),
      name,
      gender: Number(idNumber[16]) % 2 === 1 ? "male" : "female",
      birthYear: Number(idNumber.slice(6, 10)),
      residenceRegionCode: "220102",
      createdAt: now(),
      updatedAt: now(),
    });
    await env.deps.db.insert(personInstitutions).values({ personId: id, institutionId, firstLinkedAt: now() });
    out.push({ id, name, idNumber });
  }
  return out;
}

export type World = Awaited<ReturnType<typeof makeWorld>>;

/** Institution + item + persons + a staff account and the county officer. */
export async function makeWorld(env: TestEnv, o: { regionCode?: string; roster?: number; institution?: InstitutionOpts; item?: ItemOpts } = {}) {
  const regionCode = o.regionCode ?? "220102";
  const institution = await makeInstitution(env, { regionCode, ...o.institution });
  const item = await makeItem(env, o.item);
  const people = await makePersons(env, institution.id, o.roster ?? 3);
  const staffGrants = [grant.institution(institution.id)];
  const staff = await makeUser(env, { regionCode, grants: staffGrants });
  const officerGrants = [grant.officer(regionCode)];
  const officer = await makeUser(env, { regionCode, grants: officerGrants });
  return {
    regionCode,
    institution,
    item,
    persons: people,
    staff,
    officer,
    staffCtx: ctxOf(staff, regionCode, staffGrants),
    officerCtx: ctxOf(officer, regionCode, officerGrants),
  };
}

/** One session a day, 09:00–12:00 China time, 60 min theory + 120 min practice (4 class hours). */
export function dailySessions(w: World, startDate: string, days: number, o: Partial<SessionInput> = {}): SessionInput[] {
  return Array.from({ length: days }, (_, i) => ({
    date: addDays(startDate, i),
    startTime: "09:00",
    endTime: "12:00",
    teacherId: w.institution.teachers[i % 2]!,
    content: `第 ${i + 1} 讲`,
    theoryMinutes: 60,
    practiceMinutes: 120,
    place: "一号实训车间",
    requireCheckOut: false,
    ...o,
  }));
}

/** A valid application body: 2026-03-16 … 03-20 (5 sessions, 20 hours), the world's persons as roster. */
export function classBody(w: World, o: Partial<CreateClassBody> = {}): CreateClassBody {
  const startDate = o.startDate ?? "2026-03-16";
  return {
    catalogueItemId: w.item.id,
    programCode: "K1",
    title: "车工（四级）就业技能培训班",
    mode: "offline",
    address: "长春市南关区人民大街 1 号",
    lat: 43.88,
    lng: 125.32,
    geofenceRadiusM: 300,
    startDate,
    endDate: o.endDate ?? addDays(startDate, 4),
    capacity: 30,
    assessmentPlan: "理论考试 + 实操考核",
    certificateType: "training_completion",
    skillLevel: "4",
    sessions: dailySessions(w, startDate, 5),
    roster: w.persons.map((p) => p.id),
    ...o,
  };
}

/** A class taken to `status` through the real services (submit runs every check). */
export async function makeClass(env: TestEnv, w: World, o: { body?: Partial<CreateClassBody>; status?: "draft" | "submitted" | "approved" } = {}) {
  const created = await createClass(env.deps, w.staffCtx, classBody(w, o.body));
  const status = o.status ?? "approved";
  if (status !== "draft") await transitionClass(env.deps, w.staffCtx, created.id, { action: "submit" });
  if (status === "approved") await transitionClass(env.deps, w.officerCtx, created.id, { action: "approve" });
  return created;
}

/** Everything at once: a world and an approved class in it (the attendance module's starting point). */
export async function approvedClass(env: TestEnv, o: Parameters<typeof makeWorld>[1] & { body?: Partial<CreateClassBody> } = {}) {
  const world = await makeWorld(env, o);
  const cls = await makeClass(env, world, { ...(o.body ? { body: o.body } : {}), status: "approved" });
  return { world, classId: cls.id, code: cls.code };
}

export interface MadeSession {
  id: string;
  secret: Buffer;
  startsAt: Date;
  endsAt: Date;
}

export interface MadeClassRow {
  id: string;
  regionCode: string;
  institutionId: string;
  sessions: MadeSession[];
}

/**
 * A class inserted directly in any `status`, with one session per entry of `sessions` (start,
 * minutes) at any time — for attendance and rules tests that need a class "now" without walking
 * the application flow (makeClass does that). Defaults: approved, one 4-hour session starting at
 * the test clock's now, a 200 m geofence around SITE.
 */
export async function makeClassRow(
  env: TestEnv,
  o: {
    institution: { id: string; regionCode: string };
    status?: ClassStatus;
    sessions?: { startsAt: Date; minutes?: number; requireCheckOut?: boolean; cancelled?: boolean }[];
    radius?: number;
  },
): Promise<MadeClassRow> {
  const db = env.deps.db;
  const at = env.clock.now();
  const item = await makeItem(env);
  const id = randomUUID();
  const plan = o.sessions ?? [{ startsAt: at, minutes: 240 }];
  const day = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
  await db.insert(classes).values({
    id,
    code: `KB-${o.institution.regionCode}-2026-${id.slice(0, 6)}`,
    institutionId: o.institution.id,
    regionCode: o.institution.regionCode,
    catalogueItemId: item.id,
    programCode: "K1",
    title: "考勤测试班",
    trainingType: "employment",
    certificateType: "training_completion",
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
    createdAt: at,
    updatedAt: at,
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
      createdAt: at,
    };
    await db.insert(classSessions).values(row);
    made.push({ id: row.id, secret, startsAt: row.startsAt, endsAt: row.endsAt });
  }
  return { id, regionCode: o.institution.regionCode, institutionId: o.institution.id, sessions: made };
}
