import { type SQL, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grant, makeUser } from "../../../test/factories.ts";
import { createTestEnv, login, type Session, type TestEnv } from "../../../test/harness.ts";
import { makeClass, makeInstitution, makeWorld } from "../classes/classes.factory.ts";
import { transitionClass } from "../classes/classes.service.ts";
import { nextIdNumber } from "./trainees.factory.ts";

/**
 * The person registry cannot be hijacked: registering or importing an ID number that exists
 * changes nothing and reveals nothing the caller did not enter; corrections go through a change
 * request decided by whoever covers the person's residence (or the person).
 */
let env: TestEnv;
const q = async (query: SQL) => ((await env.deps.db.execute(query)) as unknown as { rows: Record<string, unknown>[] }).rows;
let instA: string;
let instB: string;
let staffA: Session;
let staffB: Session;
let nanguanOfficer: Session;
let kuanchengOfficer: Session;
let jilinOfficer: Session;

const HEADER = "身份证号,姓名,性别,手机号,居住地区划代码,文化程度,人员类别,证明方式,名册名称或承诺书编号,证明日期";
const csv = (rows: string[]) => Buffer.from(`\uFEFF${HEADER}\r\n${rows.join("\r\n")}\r\n`, "utf8");
const row = (id: string, name: string, o: { phone?: string; region?: string } = {}) =>
  `${id},${name},,${o.phone ?? ""},${o.region ?? "220102"},初中,农村转移就业劳动者,承诺书,CN-${name},2026-02-01`;
const upload = (s: Session, file: Buffer, query: string) =>
  s.request({ method: "POST", url: `/api/trainee-imports?${query}`, payload: file, headers: { "content-type": "text/csv" } });

const stored = async (id: string) =>
  (await q(sql`select phone, residence_region_code, employer_name, primary_category from persons where id = ${id}`))[0] as Record<string, unknown>;
const categoriesOf = async (id: string) => (await q(sql`select category from person_categories where person_id = ${id} order by category`)).map((r) => r.category);
const exclusionsOf = async (id: string) => (await q(sql`select kind from person_exclusions where person_id = ${id} order by kind`)).map((r) => r.kind);

/** Institution A registers a person with phone, employer and a sensitive category. */
async function registeredByA(o: { residence?: string } = {}) {
  const idNumber = nextIdNumber();
  const res = await staffA.post("/api/persons", {
    idNumber,
    name: "周敏",
    residenceRegionCode: o.residence ?? "220102",
    phone: "13900000001",
    employerName: "长春一汽配件厂",
    categories: [{ code: "disabled", evidenceType: "commitment", evidenceRef: "残联证明 2026-099", evidenceDate: "2026-01-10" }],
  });
  expect(res.statusCode).toBe(201);
  return { idNumber, id: res.json().person.id as string };
}

beforeAll(async () => {
  env = await createTestEnv();
  instA = (await makeInstitution(env, { regionCode: "220102" })).id;
  instB = (await makeInstitution(env, { regionCode: "220103" })).id;
  staffA = await (await makeUser(env, { regionCode: "220102", grants: [grant.institution(instA)] })).session();
  staffB = await (await makeUser(env, { regionCode: "220103", grants: [grant.institution(instB)] })).session();
  nanguanOfficer = await (await makeUser(env, { regionCode: "220102", grants: [grant.officer("220102")] })).session();
  kuanchengOfficer = await (await makeUser(env, { regionCode: "220103", grants: [grant.officer("220103")] })).session();
  jilinOfficer = await (await makeUser(env, { regionCode: "220200", grants: [grant.officer("220200")] })).session();
});
afterAll(() => env?.close());

describe("registering an existing ID number", () => {
  it("changes nothing and reveals only what the caller entered (no phone, employer or disability)", async () => {
    const x = await registeredByA();
    const res = await staffB.post("/api/persons", { idNumber: x.idNumber, name: "周敏", residenceRegionCode: "220103", phone: "13700000002" });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.created).toBe(false);
    expect(res.body).not.toContain("13900000001");
    expect(res.body).not.toContain("长春一汽配件厂");
    expect(body.person).toMatchObject({ fullView: false, phone: "13700000002", employerName: null, residenceRegionCode: "220103", categories: [], institutionIds: [instB] });
    expect(body.differences.map((d: { field: string }) => d.field).sort()).toEqual(["phone", "residenceRegionCode"]);
    expect(body.differences.every((d: { message: string }) => d.message.includes("与已登记信息不一致"))).toBe(true);
    // the same on a later read
    const again = await staffB.get(`/api/persons/${x.id}`);
    expect(again.statusCode).toBe(200);
    expect(again.body).not.toContain("13900000001");
    expect(again.json().categories).toEqual([]);
    expect(await stored(x.id)).toMatchObject({ phone: "13900000001", residence_region_code: "220102", employer_name: "长春一汽配件厂" });
  });

  it("never adds categories or exclusions to the existing record", async () => {
    const x = await registeredByA();
    const res = await staffB.post("/api/persons", {
      idNumber: x.idNumber,
      name: "周敏",
      residenceRegionCode: "220102",
      categories: [{ code: "urban_unemployed", evidenceType: "commitment", evidenceRef: "CN-7", evidenceDate: "2026-01-10" }],
      exclusions: [{ kind: "pensioner", source: "机构填报", recordedOn: "2026-01-10" }],
    });
    expect(res.statusCode).toBe(200);
    expect(await categoriesOf(x.id)).toEqual(["disabled"]);
    expect(await exclusionsOf(x.id)).toEqual([]);
  });

  it("an officer registering another county's resident is refused before anything is written", async () => {
    const idNumber = nextIdNumber();
    const y = (await staffB.post("/api/persons", { idNumber, name: "吴刚", residenceRegionCode: "220103" })).json().person;
    const res = await nanguanOfficer.post("/api/persons", {
      idNumber,
      name: "吴刚",
      residenceRegionCode: "220102",
      categories: [{ code: "poor_labor", evidenceType: "commitment", evidenceRef: "CN-8", evidenceDate: "2026-01-10" }],
      primaryCategory: "poor_labor",
      exclusions: [{ kind: "public_payroll", source: "编办", recordedOn: "2026-01-10" }],
    });
    expect(res.statusCode).toBe(403);
    expect(await categoriesOf(y.id)).toEqual([]);
    expect(await exclusionsOf(y.id)).toEqual([]);
    expect(await stored(y.id)).toMatchObject({ primary_category: null, residence_region_code: "220103" });
  });
});

describe("importing a roster with existing ID numbers", () => {
  it("does not overwrite phone, residence or category; differences come back as row warnings", async () => {
    const x = await registeredByA();
    const file = csv([row(x.idNumber, "周敏", { phone: "13600000003", region: "220103" })]);
    const res = await upload(staffB, file, "mode=commit&filename=r.csv");
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain("13900000001");
    const warned = res.json().warnings.map((w: { column: string; code: string }) => `${w.code}:${w.column}`);
    expect(warned).toEqual(expect.arrayContaining(["differs_from_registered:手机号", "differs_from_registered:居住地区划代码"]));
    expect(await stored(x.id)).toMatchObject({ phone: "13900000001", residence_region_code: "220102" });
    expect(await categoriesOf(x.id)).toEqual(["disabled"]);
  });

  it("a county officer cannot move another city's resident into its county", async () => {
    const idNumber = nextIdNumber();
    const jilinInst = (await makeInstitution(env, { regionCode: "220202" })).id;
    const jilinStaff = await (await makeUser(env, { regionCode: "220202", grants: [grant.institution(jilinInst)] })).session();
    const z = (await jilinStaff.post("/api/persons", { idNumber, name: "郑洁", residenceRegionCode: "220202", phone: "13500000004" })).json().person;
    const res = await upload(nanguanOfficer, csv([row(idNumber, "郑洁", { phone: "13500000005", region: "220102" })]), "mode=commit&filename=r.csv");
    expect(res.statusCode).toBe(200);
    expect(await stored(z.id)).toMatchObject({ residence_region_code: "220202", phone: "13500000004" });
    expect((await nanguanOfficer.get(`/api/persons/${z.id}`)).statusCode).toBe(404);
  });
});

describe("institutions that are not approved", () => {
  for (const status of ["pending", "banned"] as const) {
    it(`a ${status} institution may neither register nor import`, async () => {
      const inst = (await makeInstitution(env, { regionCode: "220102", status })).id;
      const staff = await (await makeUser(env, { regionCode: "220102", grants: [grant.institution(inst)] })).session();
      const x = await registeredByA();
      const reg = await staff.post("/api/persons", { idNumber: x.idNumber, name: "周敏", residenceRegionCode: "220102" });
      expect(reg.statusCode).toBe(403);
      expect(reg.json().error.code).toBe("person.institution_not_approved");
      expect((await staff.post("/api/persons", { idNumber: nextIdNumber(), name: "新人", residenceRegionCode: "220102" })).statusCode).toBe(403);
      const imp = await upload(staff, csv([row(nextIdNumber(), "新人")]), "mode=dry-run&filename=r.csv");
      expect(imp.statusCode).toBe(403);
      expect(imp.json().error.code).toBe("person.institution_not_approved");
      const links = await q(sql`select count(*)::int as n from person_institutions where institution_id = ${inst}`);
      expect(links[0]).toEqual({ n: 0 });
    });
  }
});

describe("change requests", () => {
  it("are confirmed by the residence county (applied and audited), by nobody else", async () => {
    const x = await registeredByA();
    const reg = await staffB.post("/api/persons", { idNumber: x.idNumber, name: "周敏", residenceRegionCode: "220102", phone: "13800000009", fileChangeRequest: true });
    expect(reg.statusCode).toBe(200);
    const crId = reg.json().changeRequestId as string;
    expect(crId).toBeTruthy();

    // the filer sees its own request but may not decide it; other counties and cities do not see it
    expect((await staffB.post(`/api/person-change-requests/${crId}/decision`, { decision: "confirm" })).statusCode).toBe(403);
    expect((await kuanchengOfficer.post(`/api/person-change-requests/${crId}/decision`, { decision: "confirm" })).statusCode).toBe(404);
    expect((await jilinOfficer.post(`/api/person-change-requests/${crId}/decision`, { decision: "confirm" })).statusCode).toBe(404);
    expect((await staffA.post(`/api/person-change-requests/${crId}/decision`, { decision: "confirm" })).statusCode).toBe(404);
    expect(await stored(x.id)).toMatchObject({ phone: "13900000001" });

    const list = (await nanguanOfficer.get("/api/person-change-requests?status=pending")).json().items;
    const mine = list.find((c: { id: string }) => c.id === crId);
    expect(mine).toMatchObject({ personId: x.id, abilities: { confirm: true, reject: true } });
    expect(mine.changes).toEqual([{ field: "phone", label: "手机号", proposed: "13800000009", current: "13900000001" }]);

    const ok = await nanguanOfficer.post(`/api/person-change-requests/${crId}/decision`, { decision: "confirm" });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().status).toBe("confirmed");
    expect(await stored(x.id)).toMatchObject({ phone: "13800000009" });
    expect((await nanguanOfficer.post(`/api/person-change-requests/${crId}/decision`, { decision: "reject" })).statusCode).toBe(409);

    // audited per person, before/after with the phone masked, visible to the person's county
    const audits = await q(sql`select before, after from audit_log where entity_type = 'person' and entity_id = ${x.id} and action = 'person.changed'`);
    expect(audits).toHaveLength(1);
    expect(JSON.stringify(audits)).not.toContain("13900000001");
    expect(JSON.stringify(audits)).not.toContain("13800000009");
    expect(audits[0]).toMatchObject({ before: { phone: "139****0001" }, after: { phone: "138****0009" } });
    const nanguanAuditor = await (await makeUser(env, { regionCode: "220102", grants: [grant.auditor("220102")] })).session();
    const kuanchengAuditor = await (await makeUser(env, { regionCode: "220103", grants: [grant.auditor("220103")] })).session();
    const path = `/api/audit?entityType=person&entityId=${x.id}&action=person.changed`;
    expect((await nanguanAuditor.get(path)).json().items).toHaveLength(1);
    expect((await kuanchengAuditor.get(path)).json().items).toHaveLength(0);
  });

  it("the person themself confirms a request on the phone", async () => {
    const x = await registeredByA();
    const acc = (await staffA.post(`/api/persons/${x.id}/trainee-account`)).json();
    const me = await login(env.app, acc.username, acc.temporaryPassword);
    await me.post("/api/auth/change-password", { currentPassword: acc.temporaryPassword, newPassword: "Xueyuan-2026!ok" });
    const crId = (await staffB.post("/api/persons", { idNumber: x.idNumber, name: "周敏", residenceRegionCode: "220102", employerName: "吉林化纤", fileChangeRequest: true })).json().changeRequestId;
    const mine = (await me.get("/api/my/person-change-requests")).json().items;
    expect(mine.map((c: { id: string }) => c.id)).toContain(crId);
    expect((await me.post(`/api/person-change-requests/${crId}/decision`, { decision: "confirm" })).statusCode).toBe(200);
    expect(await stored(x.id)).toMatchObject({ employer_name: "吉林化纤" });
  });
});

describe("what an institution sees of a person registered elsewhere", () => {
  it("only its own entry until the person is on the roster of one of its approved classes", async () => {
    const x = await registeredByA();
    const world = await makeWorld(env, { roster: 1 });
    const staffW = await world.staff.session();
    const reg = await staffW.post("/api/persons", { idNumber: x.idNumber, name: "周敏", residenceRegionCode: "220102" });
    expect(reg.json().person).toMatchObject({ fullView: false, phone: null });
    const cls = await makeClass(env, world, { status: "submitted", body: { roster: [world.persons[0]!.id, x.id] } });
    expect((await staffW.get(`/api/persons/${x.id}`)).json()).toMatchObject({ fullView: false, phone: null });
    await transitionClass(env.deps, world.officerCtx, cls.id, { action: "approve" });
    const full = (await staffW.get(`/api/persons/${x.id}`)).json();
    expect(full).toMatchObject({ fullView: true, phone: "13900000001", employerName: "长春一汽配件厂" });
    expect(full.categories.map((c: { code: string }) => c.code)).toEqual(["disabled"]);
  });
});
