/**
 * The authorization matrix: every route of the OpenAPI document × every role, against a record
 * inside the caller's scope (county A = 长春市南关区) and one outside it (county B = 吉林市船营区).
 *
 * Expectations are declared, not observed: a role without the route's permission gets 403 (401
 * anonymous); with it, a record the role's scope covers is reachable and one it does not cover is
 * 404 — exactly which actors see which record is the `sees` table below, written from the rules
 * (STYLE.md "Authorization"), not from what the code happens to answer. A route without an entry in
 * `routes` fails the test, so a new route cannot ship without saying who may reach what.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RoleName } from "../../shared/src/permissions.ts";
import { roles } from "../../shared/src/permissions.ts";
import { fileCorrection } from "../src/modules/attendance/corrections.service.ts";
import { ctxOf, makeClass, makeInstitution, makeWorld, type World } from "../src/modules/classes/classes.factory.ts";
import { enterResults, issueCertificates } from "../src/modules/classes/classes.results.ts";
import { transitionClass } from "../src/modules/classes/classes.service.ts";
import { createStandard } from "../src/modules/catalogue/standards.service.ts";
import { generateClaim } from "../src/modules/subsidies/claims.generate.ts";
import { currentCommitment, currentPersonCommitment } from "../src/modules/subsidies/commitment.ts";
import { ensureTraineeAccount } from "../src/modules/trainees/trainees.account.ts";
import { classSessions } from "../src/modules/classes/classes.table.ts";
import { eq, inArray } from "drizzle-orm";
import { persons } from "../src/modules/trainees/trainees.table.ts";
import { makeIdNumber } from "../src/modules/trainees/trainees.factory.ts";
import { catalogueItemVersions, occupations } from "../src/modules/catalogue/index.ts";
import type { Access } from "../src/platform/http/access.ts";
import { users as usersTable } from "../src/modules/users/users.table.ts";
import { grant, makeUser, type MadeUser } from "./factories.ts";
import { anonymous, createTestEnv, login, type Session, type TestEnv } from "./harness.ts";

type Side = "A" | "B";
const REGION: Record<Side, string> = { A: "220102", B: "220204" };
const CITY: Record<Side, string> = { A: "220100", B: "220200" };

/** every actor lives in side A (or the province); side B is outside everyone but the province */
const actorNames = [
  "provinceAdmin",
  "cityAdmin",
  "countyOfficer",
  "deptOfficer",
  "finance",
  "staff",
  "evaluator",
  "enterprise",
  "auditor",
  "trainee",
  "anonymous",
] as const;
type ActorName = (typeof actorNames)[number];

const roleOf: Record<Exclude<ActorName, "anonymous">, RoleName> = {
  provinceAdmin: "admin",
  cityAdmin: "admin",
  countyOfficer: "hrss_officer",
  deptOfficer: "dept_officer",
  finance: "finance_officer",
  staff: "institution_staff",
  evaluator: "evaluator_staff",
  enterprise: "enterprise_hr",
  auditor: "auditor",
  trainee: "trainee",
};

type RecordType =
  | "target"
  | "institution"
  | "class"
  | "person"
  | "user"
  | "standard"
  | "session"
  | "correction"
  | "certificate"
  | "importJob"
  | "changeRequest"
  | "claim"
  | "region"
  | "global";

/**
 * Which actors reach side A's record of each type (side B: only the province admin).
 * institution A is a training school serving program K1 (led by 农业农村厅 among others); class A
 * is its approved K1 class with a training-completion certificate (the school is its own assessor);
 * person A is on its roster; user A is the county officer's account; standard A is 长春市's.
 */
const seesA: Record<Exclude<RecordType, "global">, readonly ActorName[]> = {
  institution: ["provinceAdmin", "cityAdmin", "countyOfficer", "deptOfficer", "finance", "staff", "auditor"],
  class: ["provinceAdmin", "cityAdmin", "countyOfficer", "deptOfficer", "finance", "staff", "auditor", "trainee"],
  person: ["provinceAdmin", "cityAdmin", "countyOfficer", "staff", "auditor", "trainee"],
  user: ["provinceAdmin", "cityAdmin", "countyOfficer", "auditor"],
  standard: ["provinceAdmin", "cityAdmin", "countyOfficer", "deptOfficer", "finance", "auditor"],
  session: ["provinceAdmin", "cityAdmin", "countyOfficer", "staff", "auditor", "trainee"],
  correction: ["provinceAdmin", "cityAdmin", "countyOfficer", "staff", "auditor"],
  certificate: ["provinceAdmin", "cityAdmin", "countyOfficer", "deptOfficer", "finance", "staff", "auditor", "trainee"],
  importJob: ["staff"],
  // filed by school A about person A: the residence officers, the filer, the person, auditors
  changeRequest: ["provinceAdmin", "cityAdmin", "countyOfficer", "staff", "auditor", "trainee"],
  // school A's claim for class A: officers, finance and auditors over 长春, and the school itself
  claim: ["provinceAdmin", "cityAdmin", "countyOfficer", "finance", "staff", "auditor"],
  // county A's own target: the region grants over it; a department sees only its own share (see the cascade route)
  target: ["provinceAdmin", "cityAdmin", "countyOfficer", "finance", "auditor"],
  // statistics of county A: whoever has stats.read over 长春 (the department: its programs there; the school: its own classes)
  region: ["provinceAdmin", "cityAdmin", "countyOfficer", "deptOfficer", "finance", "staff", "auditor"],
};

/** side B is outside every actor but the province admin; an import job is its starter's alone */
const seesB = (r: Exclude<RecordType, "global">): readonly ActorName[] => (r === "importJob" ? [] : ["provinceAdmin"]);

type Outcome = "ok" | "allowed" | 401 | 403 | 404 | "skip";

interface Case {
  /** the record the path (or body) points at; omitted ⇒ a collection or a global record */
  record?: RecordType;
  url?: (w: WorldOf, s: Side) => string;
  body?: (w: WorldOf, s: Side) => unknown;
  /** for collections: the side-B record that must not be listed to actors outside B */
  lists?: RecordType;
  /** reads that may legitimately refuse (409/422) for a reachable record */
  mayRefuse?: boolean;
  /** request headers (e.g. the Idempotency-Key of money-moving routes) */
  headers?: (w: WorldOf, s: Side) => Record<string, string>;
  /** per-actor overrides, with the reason in a comment */
  expect?: Partial<Record<ActorName, Outcome | ((s: Side) => Outcome)>>;
}

interface SideWorld {
  world: World;
  institutionId: string;
  classId: string;
  sessionId: string;
  personId: string;
  userId: string;
  standardId: string;
  correctionId: string;
  certificateId: string;
  teacherId: string;
  facilityId: string;
  qualificationId: string;
  importJobId: string;
  changeRequestId: string;
  claimId: string;
  claimLineId: string;
  occupationId: string;
  versionId: string;
}
type WorldOf = Record<Side, SideWorld>;

const idOf = (w: WorldOf, s: Side, r: RecordType): string =>
  ({
    institution: w[s].institutionId,
    class: w[s].classId,
    person: w[s].personId,
    user: w[s].userId,
    standard: w[s].standardId,
    session: w[s].sessionId,
    correction: w[s].correctionId,
    certificate: w[s].certificateId,
    importJob: w[s].importJobId,
    changeRequest: w[s].changeRequestId,
    claim: w[s].claimId,
    target: "",
    region: REGION[s],
    global: "",
  })[r];

const xlsxHeaders = { "content-type": "text/csv" };
const facilityBody = { name: "二号车间", type: "classroom", areaM2: 80, capacity: 8, address: "实训楼" };
const onlyTrainee = (o: Outcome) => Object.fromEntries(actorNames.map((a) => [a, a === "trainee" ? o : a === "anonymous" ? 401 : 404]));

const NO_SUCH_ID = "00000000-0000-4000-8000-00000000abcd";
const snapshotExpect: Partial<Record<ActorName, Outcome>> = { provinceAdmin: 404, cityAdmin: 404, countyOfficer: 404, deptOfficer: 404, finance: 404, auditor: 404, staff: 403 };
const claimLineUrl = (action: string) => (w: WorldOf, s: Side) => `/api/claims/${w[s].claimId}/lines/${w[s].claimLineId}/${action}`;

/** Every route, keyed "METHOD /api/path/:param". */
const routes: Record<string, Case> = {
  "GET /api/health": {},
  "POST /api/auth/login": { body: () => ({ username: "nobody-here", password: "wrong-password-1A!" }), expect: Object.fromEntries(actorNames.map((a) => [a, "skip"])) },
  "POST /api/auth/logout": { expect: Object.fromEntries(actorNames.map((a) => [a, "skip"])) },
  "POST /api/auth/change-password": { body: () => ({ currentPassword: "wrong-Password-9!", newPassword: "Another-Passw0rd!x" }) },
  "GET /api/me": {},
  "GET /api/users": { lists: "user" },
  "POST /api/users": { body: (_w, s) => ({ username: `m${Date.now()}${s}`, displayName: "矩阵", regionCode: REGION[s], grants: [{ role: "auditor", scopeType: "region", regionCode: REGION[s] }] }) },
  "GET /api/users/:id": { record: "user" },
  "PATCH /api/users/:id": { record: "user", body: () => ({ displayName: "改名" }) },
  "POST /api/users/:id/reset-password": { record: "user", expect: { provinceAdmin: "skip", cityAdmin: "skip" } },
  "POST /api/users/:id/unlock": { record: "user" },
  "GET /api/reference": {},
  "GET /api/audit": {},
  "GET /api/public/audit/anchors": {},
  "POST /api/public/institutions/register": { expect: Object.fromEntries(actorNames.map((a) => [a, "skip"])) },
  "GET /api/public/institutions": {},
  "GET /api/public/institutions/:id": { record: "global", url: (w, s) => `/api/public/institutions/${w[s].institutionId}` },
  "GET /api/institutions": { lists: "institution" },
  "GET /api/institutions/expiring": { lists: "institution" },
  "GET /api/institutions/export": { lists: "institution" },
  "POST /api/institutions/import": { expect: { provinceAdmin: "skip", cityAdmin: "skip", countyOfficer: "skip" } },
  "GET /api/institutions/:id": { record: "institution" },
  "PATCH /api/institutions/:id": { record: "institution", body: () => ({ contactName: "矩阵联系人" }) },
  "POST /api/institutions/:id/transitions": { record: "institution", body: () => ({ action: "renew" }) },
  "POST /api/institutions/:id/sanctions": { record: "institution", body: () => ({ level: 1, reason: "矩阵测试约谈" }) },
  "POST /api/institutions/:id/qualification-changes": { record: "institution", body: () => ({ decision: "reject", reason: "矩阵" }) },
  "POST /api/institutions/:id/teachers": {
    record: "institution",
    body: () => ({ name: "矩阵老师", idNumber: makeIdNumber({ birth: "19800101", seq: 321 }), employment: "part_time" }),
  },
  "DELETE /api/institutions/:id/teachers/:childId": { record: "institution", url: (w, s) => `/api/institutions/${w[s].institutionId}/teachers/${w[s].teacherId}` },
  "GET /api/institutions/:id/teachers/:childId/id-number": {
    record: "institution",
    url: (w, s) => `/api/institutions/${w[s].institutionId}/teachers/${w[s].teacherId}/id-number`,
  },
  "POST /api/institutions/:id/facilities": { record: "institution", body: () => facilityBody },
  "DELETE /api/institutions/:id/facilities/:childId": { record: "institution", url: (w, s) => `/api/institutions/${w[s].institutionId}/facilities/${w[s].facilityId}` },
  "POST /api/institutions/:id/qualifications": { record: "institution", body: () => ({ occupationCode: "6-18-01-01", occupationName: "车工", maxLevel: 3, capacity: 10 }) },
  "DELETE /api/institutions/:id/qualifications/:childId": {
    record: "institution",
    url: (w, s) => `/api/institutions/${w[s].institutionId}/qualifications/${w[s].qualificationId}`,
  },
  "GET /api/calendar": { url: () => "/api/calendar?year=2026" },
  "PUT /api/calendar/days/:date": { url: () => "/api/calendar/days/2026-07-04", body: () => ({ kind: "normal" }) },
  "GET /api/calendar/add-working-days": { url: () => "/api/calendar/add-working-days?date=2026-03-02&n=5" },
  "GET /api/occupations": {},
  "POST /api/occupations": { body: () => ({ edition: 2022, code: "6-18-01-09", name: "矩阵工" }) },
  "GET /api/occupations/export": {},
  "POST /api/occupations/import": { expect: { provinceAdmin: "skip", countyOfficer: "skip", cityAdmin: "skip" } },
  "GET /api/occupations/:id": { record: "global", url: (w, s) => `/api/occupations/${w[s].occupationId}` },
  "PATCH /api/occupations/:id": { record: "global", url: (w, s) => `/api/occupations/${w[s].occupationId}`, body: () => ({ name: "车工" }) },
  "GET /api/catalogue/items": {},
  "POST /api/catalogue/items": { body: () => ({}) },
  "GET /api/catalogue/items/export": {},
  "POST /api/catalogue/items/import": { expect: { provinceAdmin: "skip", countyOfficer: "skip", cityAdmin: "skip" } },
  "GET /api/catalogue/items/:id": { record: "global", url: (w, s) => `/api/catalogue/items/${w[s].world.item.id}` },
  "PATCH /api/catalogue/items/:id": { record: "global", url: (w, s) => `/api/catalogue/items/${w[s].world.item.id}`, body: () => ({ note: "矩阵" }) },
  "POST /api/catalogue/items/:id/publish": { record: "global", url: (w, s) => `/api/catalogue/items/${w[s].world.item.id}/publish` },
  "POST /api/catalogue/items/:id/withdraw": { record: "global", url: (w, s) => `/api/catalogue/items/${w[s].world.item.id}/withdraw`, expect: { provinceAdmin: "skip", cityAdmin: "skip", countyOfficer: "skip" } },
  "POST /api/catalogue/items/:id/versions": { record: "global", url: (w, s) => `/api/catalogue/items/${w[s].world.item.id}/versions`, body: () => ({}) },
  "PATCH /api/catalogue/items/:id/versions/:versionId": {
    record: "global",
    url: (w, s) => `/api/catalogue/items/${w[s].world.item.id}/versions/${w[s].versionId}`,
    body: () => ({}),
  },
  "GET /api/standards": { lists: "standard" },
  "POST /api/standards": {
    body: (w, s) => ({ itemId: w[s].world.item.id, regionCode: CITY[s], certificateType: "skill_level", skillLevel: "3", amountFen: 100000, effectiveFrom: "2026-01-01" }),
  },
  "GET /api/standards/export": { lists: "standard" },
  "POST /api/standards/import": { expect: { provinceAdmin: "skip", cityAdmin: "skip", countyOfficer: "skip" } },
  "GET /api/standards/lookup": {
    url: (w, s) => `/api/standards/lookup?itemId=${w[s].world.item.id}&regionCode=${REGION[s]}&certificateType=training_completion&date=2026-03-16`,
    mayRefuse: true,
  },
  "GET /api/standards/:id": { record: "standard" },
  "PATCH /api/standards/:id": { record: "standard", body: () => ({ note: "矩阵" }) },
  "DELETE /api/standards/:id": { record: "standard" },
  "GET /api/public/catalogue": {},
  "GET /api/public/catalogue/:id": { record: "global", url: (w, s) => `/api/public/catalogue/${w[s].world.item.id}` },
  "POST /api/persons": { body: (_w, s) => ({ idNumber: "110101199001011237", name: "矩阵人", residenceRegionCode: REGION[s] }) },
  "GET /api/persons": { lists: "person" },
  "POST /api/persons/find-by-id-number": { lists: "person", body: (w, s) => ({ idNumber: w[s].world.persons[0]!.idNumber }) },
  "GET /api/persons/:id": { record: "person" },
  "GET /api/persons/:id/id-number": { record: "person" },
  "POST /api/persons/:id/trainee-account": { record: "person" },
  // person 2 (no account: 409 where reachable) — resetting person 1 would end the trainee actor's session
  "POST /api/persons/:id/trainee-account/reset-password": { record: "person", url: (w, s) => `/api/persons/${w[s].world.persons[1]!.id}/trainee-account/reset-password` },
  "GET /api/my/profile": { expect: onlyTrainee("ok") },
  "POST /api/trainee-imports": { expect: { provinceAdmin: "skip", cityAdmin: "skip", countyOfficer: "skip", staff: "skip", enterprise: "skip" } },
  "POST /api/registry-imports": { expect: { provinceAdmin: "skip", cityAdmin: "skip", countyOfficer: "skip", staff: "skip", enterprise: "skip" } },
  "GET /api/trainee-imports/:id": { record: "importJob" },
  "GET /api/trainee-imports": { lists: "importJob" },
  "GET /api/classes": { lists: "class" },
  "POST /api/classes": { body: () => ({}) },
  "GET /api/classes/:id": { record: "class" },
  "PUT /api/classes/:id": { record: "class", body: (w, s) => classPutBody(w, s) },
  "POST /api/classes/:id/transitions": { record: "class", body: () => ({ action: "cancel", reasons: ["矩阵"] }) },
  "POST /api/classes/:id/trainee-accounts": { record: "class" },
  "GET /api/classes/:id/changes": { record: "class" },
  "POST /api/classes/:id/changes": { record: "class", body: (w, s) => ({ kind: "roster_withdraw", personId: w[s].personId, reason: "矩阵" }) },
  "PUT /api/classes/:id/results": { record: "class", body: (w, s) => ({ results: [{ personId: w[s].personId, result: "pass", score: 90 }] }) },
  "GET /api/classes/:id/certificates": { record: "class" },
  "POST /api/classes/:id/certificates": {
    record: "class",
    body: (w, s) => ({ certificates: [{ personId: w[s].personId, number: `MX${s}000001`, issueDate: "2026-03-22" }] }),
  },
  "POST /api/certificates/:id/revoke": { record: "certificate", body: () => ({ reason: "矩阵撤销" }), expect: { provinceAdmin: "skip" } },
  "GET /api/my/classes": {},
  "GET /api/public/certificates/verify": { url: (w, s) => `/api/public/certificates/verify?number=JZ${s}00000001&name=${encodeURIComponent(w[s].world.persons[1]!.name)}` },
  "GET /api/public/certificates/:verifyToken": { record: "global", url: () => "/api/public/certificates/no-such-token", mayRefuse: true },
  "POST /api/attendance/check-in": { body: (w, s) => ({ sessionId: w[s].sessionId, code: "000000", kind: "in", lat: 43.88, lng: 125.32, accuracyM: 10 }), mayRefuse: true },
  "GET /api/attendance/sessions/:id/code": { record: "session", mayRefuse: true },
  "GET /api/attendance/classes/:classId/summary": { record: "class" },
  "GET /api/attendance/classes/:classId/corrections": { record: "class" },
  "POST /api/attendance/corrections": {
    record: "session",
    body: (w, s) => ({ sessionId: w[s].sessionId, personId: w[s].personId, mark: "present", reason: "矩阵补正", evidence: "矩阵" }),
  },
  "GET /api/attendance/corrections": { lists: "correction" },
  "POST /api/attendance/corrections/:id/decision": { record: "correction", body: () => ({ decision: "reject", note: "矩阵" }) },
  "GET /api/my/attendance": {},
  "POST /api/persons/:id/change-requests": { record: "person", body: () => ({ phone: "13900000001" }) },
  "GET /api/person-change-requests": { lists: "changeRequest" },
  "GET /api/person-change-requests/:id": { record: "changeRequest" },
  "POST /api/person-change-requests/:id/decision": { record: "changeRequest", body: () => ({ decision: "reject", note: "矩阵" }) },
  "GET /api/my/person-change-requests": {},
  "GET /api/home/todos": {},
  "GET /api/home/classes": {},
  "GET /api/funds/accounts": {},
  "POST /api/funds/funding": { body: () => ({ idempotencyKey: "matrix-funding-1", fundSource: "employment_subsidy", amountFen: 100, valueDate: "2026-03-02", memo: "矩阵入账" }) },
  "POST /api/funds/allocations": {
    body: (_w, s) => ({ idempotencyKey: `matrix-alloc-${s}`, fundSource: "employment_subsidy", fromRegionCode: "220000", toRegionCode: CITY[s], amountFen: 1, valueDate: "2026-03-02", memo: "矩阵下达" }),
  },
  // exports read through the list's own service (issue #10): a collection export lists like its list
  "GET /api/classes/export": { lists: "class" },
  "GET /api/classes/:id/certificates/export": { record: "class" },
  "GET /api/attendance/classes/:classId/export": { record: "class" },
  "GET /api/persons/export": { lists: "person" },
  "GET /api/users/export": { lists: "user" },
  "GET /api/audit/export": {},
  // import templates: under the import's own permission, no record
  "GET /api/institutions/import-template": {},
  "GET /api/occupations/import-template": {},
  "GET /api/catalogue/items/import-template": {},
  "GET /api/standards/import-template": {},
  "GET /api/trainee-imports/template": {},
  "GET /api/registry-imports/template": {},
  "POST /api/classes/:id/claims": { record: "class", body: () => ({ subsidyType: "training" }) },
  "GET /api/claims": { lists: "claim" },
  "GET /api/claims/:id": { record: "claim" },
  "POST /api/claims/:id/commitment": { record: "claim", body: () => ({ textVersion: currentCommitment.version, textHash: currentCommitment.hash }) },
  "POST /api/claims/:id/submit": { record: "claim" },
  "POST /api/claims/:id/reviews": { record: "claim", body: () => ({ step: "county", decision: "return", reasons: ["矩阵退回"] }) },
  // the matrix claim is a draft (409 for the county); other readers are not its county reviewer (403)
  "POST /api/claims/:id/insured-months": { record: "claim", body: () => ({ months: 24, evidence: "矩阵核验" }) },
  "GET /api/my/subsidies": {},
  // the trainee (person 1) names person 2's certificate: not theirs, so not found
  "POST /api/my/subsidies/skill-upgrading": {
    body: (w, s) => ({ certificateId: w[s].certificateId, textVersion: currentPersonCommitment.version, textHash: currentPersonCommitment.hash }),
    expect: { trainee: 404 },
  },
  "GET /api/funds/spending": {},
  "GET /api/funds/spending/export": {},
  "GET /api/public/funds/spending": {},
  "GET /api/public/funds/spending/export": {},
  "POST /api/claims/:id/lines/:lineId/hold": { record: "claim", url: claimLineUrl("hold"), body: () => ({ reason: "矩阵暂停" }) },
  "POST /api/claims/:id/lines/:lineId/release": { record: "claim", url: claimLineUrl("release"), body: () => ({ reason: "矩阵解除" }) },
  // the named claim decides the scope (a draft: refused with 409 when reachable)
  "POST /api/notices": { record: "claim", url: () => "/api/notices", body: (w, s) => ({ title: "矩阵公示", claimIds: [w[s].claimId] }) },
  "GET /api/notices/objections": {},
  "GET /api/notices": {},
  "GET /api/notices/preview": {},
  // no objection exists in the matrix world: whoever may decide finds none; the rules are in notices.db.test.ts
  "POST /api/notices/objections/:id/decision": { record: "global", url: () => `/api/notices/objections/${NO_SUCH_ID}/decision`, body: () => ({ decision: "dismissed", reason: "矩阵" }), expect: { countyOfficer: 404 } },
  "GET /api/public/notices": {},
  "GET /api/public/notices/:id": { record: "global", url: () => `/api/public/notices/${NO_SUCH_ID}`, expect: Object.fromEntries(actorNames.map((a) => [a, 404])) },
  // rate-limited to 5 an hour per address (all actors share one here): covered in notices.db.test.ts
  "POST /api/public/notices/:id/objections": { expect: Object.fromEntries(actorNames.map((a) => [a, "skip"])) },
  "GET /api/targets/overview": { url: () => "/api/targets/overview?year=2026" },
  // the 农业农村厅 officer within 长春市 looks at county A through its department's share
  "GET /api/targets/cascade": { record: "target", url: (_w, s) => `/api/targets/cascade?period=2026&regionCode=${REGION[s]}`, expect: { deptOfficer: (s) => (s === "A" ? "ok" : 404) } },
  // county A's target is the city's to set: the city admin succeeds, the others in scope are refused as not its owner
  "PUT /api/targets": {
    record: "target",
    url: () => "/api/targets",
    body: (_w, s) => ({ period: "2026", line: "total", regionCode: REGION[s], departmentCode: null, target: 1, reason: "矩阵下达", baseVersion: 0 }),
  },
  "GET /api/targets/history": { record: "target", url: (_w, s) => `/api/targets/history?period=2026&line=total&regionCode=${REGION[s]}` },
  "GET /api/targets/skill-structure": { url: () => "/api/targets/skill-structure?year=2026" },
  "PUT /api/targets/skill-structure": { body: () => ({ year: 2026, employed: 100, skilled: 20, highSkilled: 5, reason: "矩阵录入", baseVersion: 0 }) },
  // payments: claim A is a draft, so finance reaching it is refused by the rules (409), which "allowed" accepts
  "GET /api/payments/claims": { lists: "claim" },
  "GET /api/payments/claims/:id": { record: "claim" },
  "POST /api/payments/claims/:id/advance": { record: "claim", body: () => ({ amountFen: 100 }), headers: (_w, s) => ({ "idempotency-key": `matrix-advance-${s}-${Date.now()}` }) },
  "POST /api/payments/claims/:id/settlement": { record: "claim", headers: (_w, s) => ({ "idempotency-key": `matrix-settle-${s}-${Date.now()}` }) },
  "GET /api/payments/orders": {},
  "GET /api/payments/batches": {},
  // the named order does not exist: finance, who may batch, is told so
  "POST /api/payments/batches": { body: () => ({ orderIds: [NO_SUCH_ID] }), headers: () => ({ "idempotency-key": `matrix-batch-${Date.now()}` }), expect: { finance: 404 } },
  // no batch exists in the matrix world: whoever may read finds none; batch rules are in payments.db.test.ts
  "GET /api/payments/batches/:id": { record: "global", url: () => `/api/payments/batches/${NO_SUCH_ID}`, expect: { provinceAdmin: 404, cityAdmin: 404, countyOfficer: 404, finance: 404, auditor: 404 } },
  "GET /api/payments/batches/:id/file": { record: "global", url: () => `/api/payments/batches/${NO_SUCH_ID}/file`, expect: { finance: 404 } },
  "POST /api/payments/batches/:id/result": { record: "global", url: () => `/api/payments/batches/${NO_SUCH_ID}/result`, headers: () => ({ "idempotency-key": `matrix-result-${Date.now()}` }), expect: { finance: 404 } },
  "GET /api/payments/receivables": {},
  "POST /api/payments/receivables/:id/recoveries": {
    record: "global",
    url: () => `/api/payments/receivables/${NO_SUCH_ID}/recoveries`,
    body: () => ({ amountFen: 100, bankReference: "MX1", valueDate: "2026-03-02" }),
    headers: () => ({ "idempotency-key": `matrix-recovery-${Date.now()}` }),
    expect: { finance: 404 },
  },
  "GET /api/payee-accounts": {},
  // the payee named in the body decides the scope (institution A or B)
  "POST /api/payee-accounts": {
    record: "institution",
    url: () => "/api/payee-accounts",
    body: (w, s) => ({ payeeType: "institution", payeeId: w[s].institutionId, accountName: "矩阵户", bankName: "矩阵银行", accountNumber: "6222000011112222" }),
  },
  "GET /api/stats/overview": { record: "region", url: (_w, s) => `/api/stats/overview?year=2026&regionCode=${REGION[s]}` },
  "GET /api/stats/breakdown": { record: "region", url: (_w, s) => `/api/stats/breakdown?period=2026&by=category&regionCode=${REGION[s]}` },
  "GET /api/stats/records": { record: "region", url: (_w, s) => `/api/stats/records?measure=personTimesCompleted&period=2026&regionCode=${REGION[s]}` },
  // derived data of the whole province: a province administrator's call only
  "POST /api/stats/rebuild": { expect: { cityAdmin: 403 } },
  // the platform's own state (database, replica lag, job queue): a province administrator's call only
  "GET /api/system/status": { expect: { cityAdmin: 403 } },
  // institutions see their own figures but do not report (403 report.layout_forbidden; outside their county: 404 first)
  "GET /api/reports": { record: "region", url: (_w, s) => `/api/reports?kind=annual&period=2026&layout=region&regionCode=${REGION[s]}`, expect: { staff: (s) => (s === "A" ? 403 : 404) } },
  "GET /api/reports/export": { record: "region", url: (_w, s) => `/api/reports/export?kind=annual&period=2026&layout=region&regionCode=${REGION[s]}`, expect: { staff: (s) => (s === "A" ? 403 : 404) } },
  "GET /api/reports/snapshots": { expect: { staff: 403 } },
  // the quarter has not ended on the matrix's date: 409 report.period_open where reachable
  "POST /api/reports/snapshots": { record: "region", url: () => "/api/reports/snapshots", body: (_w, s) => ({ kind: "quarterly", period: "2026Q1", layout: "region", regionCode: REGION[s] }) },
  // no report was submitted in the matrix world: whoever may read finds none (the rules are in stats.db.test.ts)
  "GET /api/reports/snapshots/:id": { record: "global", url: () => `/api/reports/snapshots/${NO_SUCH_ID}`, expect: snapshotExpect },
  "GET /api/reports/snapshots/:id/export": { record: "global", url: () => `/api/reports/snapshots/${NO_SUCH_ID}/export`, expect: snapshotExpect },
};

function classPutBody(w: WorldOf, s: Side) {
  const cls = w[s].world;
  return {
    catalogueItemId: cls.item.id,
    programCode: "K1",
    title: "矩阵班",
    mode: "offline",
    address: "地址",
    lat: 43.88,
    lng: 125.32,
    geofenceRadiusM: 300,
    startDate: "2026-04-13",
    endDate: "2026-04-13",
    capacity: 30,
    assessmentPlan: "考核",
    certificateType: "training_completion",
    skillLevel: "4",
    sessions: [],
    roster: [],
  };
}

/** What the declarations say an actor gets from a route for a record on side `s`. */
function expected(key: string, access: Access, c: Case, actor: ActorName, s: Side): Outcome {
  const override = c.expect?.[actor];
  if (override !== undefined) return typeof override === "function" ? override(s) : override;
  if (access === "public") return c.mayRefuse ? "allowed" : "ok";
  if (actor === "anonymous") return 401;
  if (access !== "authenticated" && !roles[roleOf[actor]].permissions.includes(access)) return 403;
  const reach = !c.record || c.record === "global" ? true : s === "B" ? seesB(c.record).includes(actor) : seesA[c.record].includes(actor);
  if (!reach) return 404;
  return key.startsWith("GET ") && !c.mayRefuse ? "ok" : "allowed";
}

let env: TestEnv;
let w: WorldOf;
const sessions = new Map<ActorName, Session>();

async function side(s: Side): Promise<SideWorld> {
  env.clock.set("2026-03-02T01:00:00Z");
  const world = await makeWorld(env, { regionCode: REGION[s], roster: 2 });
  const cls = await makeClass(env, world);
  const [sess] = await env.deps.db.select({ id: classSessions.id, startsAt: classSessions.startsAt }).from(classSessions).where(eq(classSessions.classId, cls.id)).orderBy(classSessions.startsAt).limit(1);
  const personId = world.persons[0]!.id;
  // a running class with a filed correction, then a finished one with a certificate for person 2
  env.clock.set("2026-03-16T00:00:00Z");
  await transitionClass(env.deps, world.staffCtx, cls.id, { action: "start" });
  env.clock.set(new Date(sess!.startsAt.getTime() + 60 * 60_000));
  const correction = await fileCorrection(env.deps, world.staffCtx, { sessionId: sess!.id, personId, mark: "present", reason: "设备故障", evidence: "签到表" });
  env.clock.set("2026-03-21T00:00:00Z");
  await transitionClass(env.deps, world.staffCtx, cls.id, { action: "finish" });
  const other = world.persons[1]!.id;
  await enterResults(env.deps, world.staffCtx, cls.id, { results: [{ personId: other, result: "pass", score: 88 }] });
  await issueCertificates(env.deps, world.staffCtx, cls.id, { certificates: [{ personId: other, number: `JZ${s}00000001`, issueDate: "2026-03-21" }] });
  const certs = await env.app.inject({ method: "GET", url: `/api/classes/${cls.id}/certificates`, headers: { cookie: (await world.staff.session()).cookie! } });
  const standard = await createStandard(env.deps, ctxOf(world.officer, REGION[s], [grant.officer("220000")]), {
    itemId: world.item.id,
    regionCode: CITY[s],
    certificateType: "training_completion",
    skillLevel: null,
    amountFen: 120000,
    shortageFactorPercent: 100,
    onlineFactorPercent: 100,
    blendedFactorPercent: 100,
    effectiveFrom: "2026-01-01",
  });
  // an assessed class (person 1 failed) and its training claim, priced from standard A
  await enterResults(env.deps, world.staffCtx, cls.id, { results: [{ personId, result: "fail", score: 30 }] });
  await transitionClass(env.deps, world.staffCtx, cls.id, { action: "assess" });
  const claim = await generateClaim(env.deps, world.staffCtx, cls.id, { subsidyType: "training" });
  const staffSession = await world.staff.session();
  // the roster factory registers everyone as a resident of 南关区: side B's people live in 船营区
  await env.deps.db.update(persons).set({ residenceRegionCode: REGION[s] }).where(inArray(persons.id, world.persons.map((p) => p.id)));
  const inst = (await staffSession.get(`/api/institutions/${world.institution.id}`)).json();
  const facility = await staffSession.post(`/api/institutions/${world.institution.id}/facilities`, facilityBody);
  const job = await staffSession.request({
    method: "POST",
    url: "/api/trainee-imports?mode=dry-run&filename=r.csv&background=true",
    headers: xlsxHeaders,
    payload: "身份证号,姓名,居住地区划代码\n",
  });
  const change = await staffSession.post(`/api/persons/${personId}/change-requests`, { phone: "13900000000" });
  expect(change.statusCode, change.body).toBe(201);
  const [occ] = await env.deps.db.select({ id: occupations.id }).from(occupations).limit(1);
  const [ver] = await env.deps.db.select({ id: catalogueItemVersions.id }).from(catalogueItemVersions).where(eq(catalogueItemVersions.itemId, world.item.id)).limit(1);
  return {
    occupationId: occ!.id,
    versionId: ver!.id,
    world,
    institutionId: world.institution.id,
    classId: cls.id,
    sessionId: sess!.id,
    personId,
    userId: world.officer.id,
    standardId: standard.id,
    correctionId: correction.id,
    certificateId: certs.json().items[0].id,
    teacherId: world.institution.teachers[0]!,
    facilityId: facility.json().id,
    qualificationId: inst.qualifications?.[0]?.id,
    importJobId: job.json().jobId,
    changeRequestId: change.json().id,
    claimId: claim.id,
    claimLineId: claim.lines[0]!.id,
  };
}

beforeAll(async () => {
  env = await createTestEnv();
  w = { A: await side("A"), B: await side("B") };
  env.clock.set("2026-03-22T02:00:00Z");
  const a = w.A.world;
  const evaluatorInst = await makeInstitution(env, { regionCode: REGION.A, role: "evaluation" });
  const enterpriseInst = await makeInstitution(env, { regionCode: REGION.A });
  const trainee = await env.deps.db.transaction((tx) => ensureTraineeAccount(env.deps, tx, env.system, w.A.personId));
  const users: Partial<Record<ActorName, MadeUser>> = {
    provinceAdmin: await makeUser(env, { grants: [grant.admin()] }),
    cityAdmin: await makeUser(env, { regionCode: CITY.A, grants: [grant.admin(CITY.A)] }),
    countyOfficer: a.officer,
    deptOfficer: await makeUser(env, { regionCode: CITY.A, grants: [{ role: "dept_officer", scopeType: "department", departmentCode: "agri", regionCode: CITY.A }] }),
    finance: await makeUser(env, { regionCode: CITY.A, grants: [{ role: "finance_officer", scopeType: "region", regionCode: CITY.A }] }),
    staff: a.staff,
    evaluator: await makeUser(env, { grants: [grant.institution(evaluatorInst.id, "evaluator_staff")] }),
    enterprise: await makeUser(env, { grants: [grant.institution(enterpriseInst.id, "enterprise_hr")] }),
    auditor: await makeUser(env, { regionCode: CITY.A, grants: [grant.auditor(CITY.A)] }),
  };
  for (const [name, u] of Object.entries(users)) sessions.set(name as ActorName, await u.session());
  sessions.set("trainee", await login(env.app, trainee.username, trainee.temporaryPassword!));
  await env.deps.db.update(usersTable).set({ mustChangePassword: false }).where(eq(usersTable.id, trainee.userId));
  sessions.set("anonymous", anonymous(env.app));
}, 180_000);
afterAll(() => env?.close());

function urlOf(template: string, c: Case, s: Side): string {
  if (c.url) return c.url(w, s);
  const id = c.record ? idOf(w, s, c.record) : "";
  return template.replace(/:(id|classId)\b/, id);
}

function matches(outcome: Outcome, status: number): boolean {
  switch (outcome) {
    case "ok":
      return status >= 200 && status < 300;
    case "allowed":
      // reached the record: a row rule may still refuse (403 with its reason, 409, 422)
      return status < 500 && status !== 401 && status !== 404;
    case "skip":
      return true;
    default:
      return status === outcome;
  }
}

describe("authorization matrix", () => {
  it("every route has an entry, and every entry is a route", () => {
    const declared = new Set(Object.keys(routes));
    const actual = [...env.app.routeAccess.keys()].filter((k) => !k.startsWith("GET /api/openapi.json"));
    expect(actual.filter((k) => !declared.has(k)), "routes without an entry in the matrix").toEqual([]);
    expect([...declared].filter((k) => !env.app.routeAccess.has(k)), "entries for routes that no longer exist").toEqual([]);
  });

  it("each role gets 2xx / 403 / 404 as declared, inside and outside its scope", async () => {
    const failures: string[] = [];
    // refusals first (they change nothing), then the allowed calls, B before A so a side-effect on A cannot hide a B leak
    const plan: { key: string; actor: ActorName; s: Side; want: Outcome }[] = [];
    for (const [key, access] of env.app.routeAccess) {
      const c = routes[key];
      if (!c) continue;
      const sides: Side[] = c.record || c.lists || c.url ? ["B", "A"] : ["A"];
      for (const actor of actorNames) for (const s of sides) plan.push({ key, actor, s, want: expected(key, access, c, actor, s) });
    }
    const order = (o: Outcome) => (o === 401 || o === 403 || o === 404 ? 0 : 1);
    plan.sort((x, y) => order(x.want) - order(y.want));
    for (const { key, actor, s, want } of plan) {
      if (want === "skip") continue;
      const c = routes[key]!;
      const [method, template] = key.split(" ") as [string, string];
      const body = c.body?.(w, s);
      const res = await sessions.get(actor)!.request({
        method: method as "GET",
        url: urlOf(template, c, s),
        ...(c.headers ? { headers: c.headers(w, s) } : {}),
        ...(body !== undefined ? { payload: body as object } : method === "GET" || method === "DELETE" ? {} : { payload: {} }),
      });
      if (!matches(want, res.statusCode)) failures.push(`${key} as ${actor} on ${s}: expected ${want}, got ${res.statusCode} ${res.body.slice(0, 160)}`);
      // a list must never carry side B's record to an actor outside B
      if (c.lists && res.statusCode < 300 && actor !== "provinceAdmin" && c.lists !== "global") {
        const bId = idOf(w, "B", c.lists);
        if (res.body.includes(bId)) failures.push(`${key} as ${actor}: lists side B's ${c.lists} ${bId}`);
      }
    }
    expect(failures).toEqual([]);
  }, 600_000);
});
