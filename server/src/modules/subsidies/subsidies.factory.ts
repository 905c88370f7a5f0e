/**
 * Test factory: an assessed class walked through the real class services (apply, approve, start,
 * finish, results, certificates, assess), with check-ins, categories and exclusions inserted as the
 * facts a claim reads, and a city standard for the class's item. Every trainee is described by what
 * the eligibility rules look at.
 */
import { randomUUID } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import type { CategoryCode, ExclusionKind } from "../../../../shared/src/contracts/trainees.ts";
import { grant, makeUser } from "../../../test/factories.ts";
import type { TestEnv } from "../../../test/harness.ts";
import type { Ctx } from "../../platform/context.ts";
import { attendanceCheckins } from "../attendance/index.ts";
import { createStandard } from "../catalogue/standards.service.ts";
import { addDays } from "../calendar/index.ts";
import { ctxOf, dailySessions, makeClass, makeInstitution, makeWorld, SITE, type World } from "../classes/classes.factory.ts";
import { enterResults, issueCertificates } from "../classes/classes.results.ts";
import { transitionClass } from "../classes/classes.service.ts";
import { classSessions } from "../classes/index.ts";
import { personCategories, personExclusions } from "../trainees/index.ts";

export interface TraineeSpec {
  categories?: CategoryCode[];
  exclusions?: ExclusionKind[];
  /** sessions attended of the class's five */
  attended?: number;
  result?: "pass" | "fail";
}

export const STANDARD_FEN = 120_000;
/** the city's 评价补贴 standard for level 4 when a skill-level class asks for one */
export const EVALUATION_FEN = 25_000;

export interface AssessedClass {
  world: World;
  classId: string;
  persons: { id: string; name: string }[];
  /** the county officer (first review), a city officer (second review), both in the class's city */
  countyCtx: Ctx;
  cityCtx: Ctx;
}

let certSeq = 0;

const at = (date: string, time = "01:00:00") => `${date}T${time}Z`;

/**
 * An assessed training-completion class of 5 daily sessions from `startDate` (default Monday
 * 2026-03-16), one trainee per spec, certificates dated the Saturday after for those who passed; the
 * clock is left at the Monday after. `standard: false` leaves the city without a standard; `world`
 * reuses an earlier class's institution and trainees (a second class for the same people).
 * `skillLevel: true` makes it a level-4 职业技能等级证书 class assessed by a named evaluation
 * institution, with the city's training standard for that level and, unless `evaluationStandard:
 * false`, its 评价补贴 standard of EVALUATION_FEN.
 */
export async function makeAssessedClass(
  env: TestEnv,
  specs: TraineeSpec[],
  o: { regionCode?: string; standard?: boolean; world?: World; startDate?: string; skillLevel?: boolean; evaluationStandard?: boolean; projectBased?: boolean } = {},
): Promise<AssessedClass> {
  const regionCode = o.world?.regionCode ?? o.regionCode ?? "220102";
  const city = `${regionCode.slice(0, 4)}00`;
  const start = o.startDate ?? "2026-03-16";
  env.clock.set(at(addDays(start, -14)));
  const world = o.world ?? (await makeWorld(env, { regionCode, roster: specs.length }));
  let assessor = world.staffCtx;
  let skill = {};
  if (o.skillLevel) {
    const evaluator = await makeInstitution(env, { regionCode, role: "evaluation", occupationCode: null });
    const grants = [grant.institution(evaluator.id, "evaluator_staff")];
    assessor = ctxOf(await makeUser(env, { grants }), regionCode, grants);
    skill = { certificateType: "skill_level", skillLevel: "4", evaluatorInstitutionId: evaluator.id };
  }
  const cls = await makeClass(env, world, { body: { startDate: start, endDate: addDays(start, 4), sessions: dailySessions(world, start, 5), ...skill, projectBased: o.projectBased ?? false } });
  const db = env.deps.db;
  for (const [i, spec] of specs.entries()) {
    const personId = world.persons[i]!.id;
    for (const category of spec.categories ?? ["rural_migrant"]) {
      await db.insert(personCategories).values({ personId, category, evidenceType: "registry_match", evidenceRef: "人社数据比对", evidenceDate: "2026-01-10", createdAt: env.clock.now() }).onConflictDoNothing();
    }
    for (const kind of spec.exclusions ?? []) {
      await db.insert(personExclusions).values({ personId, kind, source: "数据比对", recordedOn: "2026-01-10", createdAt: env.clock.now() }).onConflictDoNothing();
    }
  }
  env.clock.set(at(start, "00:00:00"));
  await transitionClass(env.deps, world.staffCtx, cls.id, { action: "start" });
  const sessions = await db.select().from(classSessions).where(eq(classSessions.classId, cls.id)).orderBy(asc(classSessions.startsAt));
  for (const [i, spec] of specs.entries()) {
    const personId = world.persons[i]!.id;
    for (const s of sessions.slice(0, spec.attended ?? sessions.length)) {
      await db.insert(attendanceCheckins).values({ id: randomUUID(), sessionId: s.id, classId: cls.id, personId, kind: "in", at: new Date(s.startsAt.getTime() - 5 * 60_000), lat: SITE.lat, lng: SITE.lng, distanceM: 20 });
    }
  }
  const certified = addDays(start, 5);
  env.clock.set(at(certified, "00:00:00"));
  await transitionClass(env.deps, world.staffCtx, cls.id, { action: "finish" });
  await enterResults(env.deps, assessor, cls.id, { results: specs.map((s, i) => ({ personId: world.persons[i]!.id, result: s.result ?? "pass", score: s.result === "fail" ? 40 : 85 })) });
  const passed = specs.flatMap((s, i) => ((s.result ?? "pass") === "pass" ? [world.persons[i]!.id] : []));
  if (passed.length) {
    // skill-level numbers: S, body 0001, Jilin 22, site 000001, year, level 4, sequence
    const number = () => (o.skillLevel ? `S000122000001264${String(++certSeq).padStart(6, "0")}` : `SUB${String(++certSeq).padStart(8, "0")}`);
    await issueCertificates(env.deps, assessor, cls.id, { certificates: passed.map((personId) => ({ personId, number: number(), issueDate: certified })) });
  }
  await transitionClass(env.deps, assessor, cls.id, { action: "assess" });
  if (o.standard !== false && !o.world) {
    const admin = await makeUser(env, { grants: [grant.officer("220000")] });
    const adminCtx = ctxOf(admin, "220000", [grant.officer("220000")]);
    const key = o.skillLevel ? { certificateType: "skill_level", skillLevel: "4" as const } : { certificateType: "training_completion", skillLevel: null };
    await createStandard(env.deps, adminCtx, { itemId: world.item.id, regionCode: city, ...key, amountFen: STANDARD_FEN, shortageFactorPercent: 100, onlineFactorPercent: 100, blendedFactorPercent: 100, effectiveFrom: "2026-01-01" });
    if (o.skillLevel && o.evaluationStandard !== false) {
      await createStandard(env.deps, adminCtx, { subsidyType: "evaluation", itemId: world.item.id, regionCode: city, ...key, amountFen: EVALUATION_FEN, effectiveFrom: "2026-01-01" });
    }
  }
  const cityOfficer = await makeUser(env, { regionCode: city, grants: [grant.officer(city)] });
  env.clock.set(at(addDays(start, 7), "02:00:00"));
  return {
    world,
    classId: cls.id,
    persons: world.persons.map((p) => ({ id: p.id, name: p.name })),
    countyCtx: world.officerCtx,
    cityCtx: ctxOf(cityOfficer, city, [grant.officer(city)]),
  };
}
