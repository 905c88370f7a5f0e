import { type SQL, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grant, makeUser } from "../../../test/factories.ts";
import { anonymous, createTestEnv, login, type Session, type TestEnv } from "../../../test/harness.ts";
import { auditLog } from "../../platform/audit/audit.table.ts";
import { makeInstitution } from "../classes/classes.factory.ts";
import { badChecksum, makeIdNumber, nextIdNumber } from "./trainees.factory.ts";

let env: TestEnv;
/** raw SQL, to look at what is really stored */
const q = async (query: SQL) => ((await env.deps.db.execute(query)) as unknown as { rows: Record<string, unknown>[] }).rows;
let instA: string;
let instB: string;
let staffA: Session;
let staffB: Session;
let nanguanOfficer: Session;
let kuanchengOfficer: Session;
let changchunOfficer: Session;

const body = (o: Record<string, unknown> = {}) => ({ idNumber: nextIdNumber(), name: "王小明", residenceRegionCode: "220102", ...o });

beforeAll(async () => {
  env = await createTestEnv();
  // real institutions, so admins' institution grants resolve through the institutions module
  instA = (await makeInstitution(env, { regionCode: "220102" })).id;
  instB = (await makeInstitution(env, { regionCode: "220103" })).id;
  staffA = await (await makeUser(env, { regionCode: "220102", grants: [grant.institution(instA)] })).session();
  staffB = await (await makeUser(env, { regionCode: "220103", grants: [grant.institution(instB)] })).session();
  nanguanOfficer = await (await makeUser(env, { regionCode: "220102", grants: [grant.officer("220102")] })).session();
  kuanchengOfficer = await (await makeUser(env, { regionCode: "220103", grants: [grant.officer("220103")] })).session();
  changchunOfficer = await (await makeUser(env, { regionCode: "220100", grants: [grant.officer("220100")] })).session();
});
afterAll(() => env?.close());

describe("trainees: real-name registration", () => {
  it("stores the ID number encrypted, shows it masked, and finds the person by full ID", async () => {
    const id = makeIdNumber({ seq: 31, birth: "1988-08-08" });
    const res = await staffA.post("/api/persons", body({ idNumber: id, phone: "13800000000", education: "senior_high" }));
    expect(res.statusCode).toBe(201);
    const { person, created } = res.json();
    expect(created).toBe(true);
    expect(person).toMatchObject({ idNumberMasked: `${id.slice(0, 3)}**************${id.slice(-1)}`, gender: "male", birthYear: 1988, residenceRegionName: "南关区" });
    expect(res.body).not.toContain(id);

    const raw = await q(sql`select * from persons where id = ${person.id}`);
    const dump = JSON.stringify(raw);
    expect(dump).not.toContain(id);
    expect(dump).not.toContain(id.slice(6, 14) + id.slice(14, 17));

    const found = await staffA.post("/api/persons/find-by-id-number", { idNumber: id });
    expect(found.json().items.map((p: { id: string }) => p.id)).toEqual([person.id]);
    expect((await staffA.post("/api/persons/find-by-id-number", { idNumber: nextIdNumber() })).json().items).toEqual([]);
  });

  it("accepts a lowercase x and stores it as X (the same person either way)", async () => {
    let x = "";
    for (let seq = 0; seq < 999 && !x.endsWith("X"); seq++) x = makeIdNumber({ seq, birth: "1992-02-02" });
    const first = await staffA.post("/api/persons", body({ idNumber: x.toLowerCase(), name: "赵雪" }));
    expect(first.statusCode).toBe(201);
    expect(first.json().person.idNumberMasked.endsWith("X")).toBe(true);
    const again = await staffA.post("/api/persons", body({ idNumber: x, name: "赵雪" }));
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ created: false, person: { id: first.json().person.id } });
  });

  it("the same ID from two institutions is one person linked to both", async () => {
    const id = nextIdNumber();
    const a = await staffA.post("/api/persons", body({ idNumber: id, name: "刘强" }));
    const b = await staffB.post("/api/persons", body({ idNumber: id, name: "刘强", residenceRegionCode: "220103" }));
    expect(b.statusCode).toBe(200);
    expect(b.json().created).toBe(false);
    expect(b.json().person.id).toBe(a.json().person.id);
    // B sees only its own link; the record is linked to both
    expect(b.json().person.institutionIds).toEqual([instB]);
    const links = await q(sql`select institution_id from person_institutions where person_id = ${a.json().person.id}`);
    expect(links.map((l) => l.institution_id).sort()).toEqual([instA, instB].sort());
    const count = await q(sql`select count(*)::int as n from persons where id_number_hash = ${env.deps.crypto.lookupHash(id)}`);
    expect(count[0]).toEqual({ n: 1 });
    // same ID, another name: refused, not merged
    const other = await staffB.post("/api/persons", body({ idNumber: id, name: "刘强强" }));
    expect(other.statusCode).toBe(409);
    expect(other.json().error.code).toBe("person.name_mismatch");
  });

  it("refuses a gender or birth date that disagrees with the ID, and a bad checksum", async () => {
    const female = makeIdNumber({ gender: "female", seq: 40 });
    const g = await staffA.post("/api/persons", body({ idNumber: female, gender: "male" }));
    expect(g.statusCode).toBe(400);
    expect(g.json().error.code).toBe("person.gender_mismatch");
    const b = await staffA.post("/api/persons", body({ idNumber: female, birthDate: "1990-05-18" }));
    expect(b.json().error.code).toBe("person.birth_date_mismatch");
    const c = await staffA.post("/api/persons", body({ idNumber: badChecksum(female), residenceRegionCode: "229999" }));
    expect(c.statusCode).toBe(400);
    expect(c.json().error).toMatchObject({ code: "person.id_invalid", details: { problem: "id_checksum" } });
    // every issue is listed for the form, not only the first
    expect(c.json().error.details.issues.map((i: { path: string }) => i.path)).toEqual(["body.idNumber", "body.residenceRegionCode"]);
    expect((await staffA.post("/api/persons/find-by-id-number", { idNumber: female })).json().items).toEqual([]);
  });

  it("answers 401, 403 and 400 with unknown fields", async () => {
    expect((await anonymous(env.app).post("/api/persons", body())).statusCode).toBe(401);
    const auditor = await (await makeUser(env, { grants: [grant.auditor()] })).session();
    expect((await auditor.post("/api/persons", body())).statusCode).toBe(403);
    const bad = await staffA.post("/api/persons", { ...body(), extra: 1, categories: [{ code: "nope", evidenceType: "x", evidenceRef: "", evidenceDate: "2020" }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.issues.length).toBeGreaterThanOrEqual(4);
  });

  it("records categories with evidence; sensitive evidence is encrypted and shown only to permitted roles", async () => {
    const res = await staffA.post(
      "/api/persons",
      body({
        categories: [
          { code: "urban_unemployed", evidenceType: "registry_match", evidenceRef: "南关区失业登记名册", evidenceDate: "2026-01-05" },
          { code: "disabled", evidenceType: "commitment", evidenceRef: "残联证明 2026-017", evidenceDate: "2026-02-01" },
        ],
        primaryCategory: "disabled",
      }),
    );
    expect(res.statusCode).toBe(201);
    const p = res.json().person;
    expect(p.primaryCategory).toBe("disabled");
    const byCode = Object.fromEntries(p.categories.map((c: { code: string }) => [c.code, c]));
    expect(byCode.urban_unemployed.evidenceRef).toBe("南关区失业登记名册");
    expect(byCode.disabled).toMatchObject({ sensitive: true, evidenceRef: null });
    const raw = await q(sql`select * from person_categories where person_id = ${p.id}`);
    expect(JSON.stringify(raw)).not.toContain("残联证明");
    const officerView = (await nanguanOfficer.get(`/api/persons/${p.id}`)).json();
    expect(officerView.categories.find((c: { code: string }) => c.code === "disabled").evidenceRef).toBe("残联证明 2026-017");
  });

  it("an employee needs an employer with a valid credit code", async () => {
    const res = await staffA.post("/api/persons", body({ categories: [{ code: "employee", evidenceType: "commitment", evidenceRef: "CN-1", evidenceDate: "2026-01-01" }] }));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.issues.map((i: { path: string }) => i.path).sort()).toEqual(["body.employerCreditCode", "body.employerName"]);
  });

  it("shows exclusion warnings: recorded facts and working age in today's year (by birth year, issue #7)", async () => {
    const res = await staffA.post(
      "/api/persons",
      body({ idNumber: nextIdNumber({ birthYear: 1960, gender: "male" }), exclusions: [{ kind: "pensioner", source: "社保比对", recordedOn: "2026-02-01" }] }),
    );
    expect(res.json().person.warnings.map((w: { code: string }) => w.code)).toEqual(["pensioner", "over_working_age"]);
    const young = await staffA.post("/api/persons", body({ idNumber: makeIdNumber({ birth: "2011-01-01", seq: 77 }) }));
    expect(young.json().person.warnings.map((w: { code: string }) => w.code)).toEqual(["under_working_age"]);
    // the clock says 2 March 2026: whoever turns 16 in 2026 counts as inside, before or after the birthday,
    // so the warning never flips on the birthday and cannot reveal it
    const sixteen = await staffA.post("/api/persons", body({ idNumber: makeIdNumber({ birth: "2010-12-31", seq: 78 }) }));
    expect(sixteen.json().person.warnings).toEqual([]);
  });
});

describe("trainees: full ID view", () => {
  it("needs person.view_id and writes an audit entry for each view", async () => {
    const id = nextIdNumber();
    const p = (await staffA.post("/api/persons", body({ idNumber: id }))).json().person;
    expect(p.abilities.viewIdNumber).toBe(false);
    expect((await staffA.get(`/api/persons/${p.id}/id-number`)).statusCode).toBe(403);
    const before = await q(sql`select count(*)::int as n from ${auditLog} where action = 'person.id_viewed' and entity_id = ${p.id}`);
    expect(before[0]).toEqual({ n: 0 });
    const r = await nanguanOfficer.get(`/api/persons/${p.id}/id-number`);
    expect(r.statusCode).toBe(200);
    expect(r.json().idNumber).toBe(id);
    const after = await q(sql`select count(*)::int as n, max(after::text) as a from ${auditLog} where action = 'person.id_viewed' and entity_id = ${p.id}`);
    expect(after[0]).toMatchObject({ n: 1 });
    expect(String((after[0] as { a: string }).a)).not.toContain(id);
    // another county's officer: not found
    expect((await kuanchengOfficer.get(`/api/persons/${p.id}/id-number`)).statusCode).toBe(404);
  });
});

describe("trainees: scope", () => {
  it("institution A cannot read institution B's person; officers see their county (city covers counties)", async () => {
    const b = (await staffB.post("/api/persons", body({ residenceRegionCode: "220103", name: "宽城学员" }))).json().person;
    const a = (await staffA.post("/api/persons", body({ residenceRegionCode: "220102", name: "南关学员" }))).json().person;
    const probe = await staffA.get(`/api/persons/${b.id}`);
    expect(probe.statusCode).toBe(404);
    expect(probe.json().error.code).toBe("person.not_found");
    expect((await staffA.get("/api/persons?pageSize=200")).json().items.map((p: { id: string }) => p.id)).not.toContain(b.id);

    expect((await nanguanOfficer.get(`/api/persons/${b.id}`)).statusCode).toBe(404);
    expect((await kuanchengOfficer.get(`/api/persons/${b.id}`)).statusCode).toBe(200);
    const nanguanList = (await nanguanOfficer.get("/api/persons?pageSize=200")).json().items;
    expect(nanguanList.every((p: { residenceRegionCode: string }) => p.residenceRegionCode === "220102")).toBe(true);
    expect(nanguanList.map((p: { id: string }) => p.id)).toContain(a.id);
    const city = (await changchunOfficer.get("/api/persons?pageSize=200")).json().items.map((p: { id: string }) => p.id);
    expect(city).toEqual(expect.arrayContaining([a.id, b.id]));
    // another city sees neither
    const jilinOfficer = await (await makeUser(env, { regionCode: "220200", grants: [grant.officer("220200")] })).session();
    expect((await jilinOfficer.get("/api/persons?pageSize=200")).json().total).toBe(0);
  });

  it("an officer registers only residents of their own region", async () => {
    const res = await nanguanOfficer.post("/api/persons", body({ residenceRegionCode: "220103" }));
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe("person.scope_outside");
    expect((await nanguanOfficer.post("/api/persons", body())).statusCode).toBe(201);
  });
});

describe("trainees: own account", () => {
  it("creates a trainee login once; the trainee sees their own masked record after changing the password", async () => {
    const id = nextIdNumber();
    const p = (await staffA.post("/api/persons", body({ idNumber: id, name: "孙学员" }))).json().person;
    const r = await staffA.post(`/api/persons/${p.id}/trainee-account`);
    expect(r.statusCode).toBe(200);
    const acc = r.json();
    expect(acc).toMatchObject({ created: true, username: expect.stringMatching(/^t[0-9a-f]{10}$/) });
    const again = (await staffA.post(`/api/persons/${p.id}/trainee-account`)).json();
    expect(again).toMatchObject({ created: false, username: acc.username, temporaryPassword: null });
    expect((await staffB.post(`/api/persons/${p.id}/trainee-account`)).statusCode).toBe(404);

    const me = await login(env.app, acc.username, acc.temporaryPassword);
    expect((await me.get("/api/my/profile")).json().error.code).toBe("auth.password_change_required");
    expect((await me.post("/api/auth/change-password", { currentPassword: acc.temporaryPassword, newPassword: "Xueyuan-2026!ok" })).statusCode).toBe(200);
    const profile = await me.get("/api/my/profile");
    expect(profile.statusCode).toBe(200);
    expect(profile.json()).toMatchObject({ id: p.id, name: "孙学员", hasAccount: true });
    expect(profile.body).not.toContain(id);
    // no staff permissions
    expect((await me.get("/api/persons")).statusCode).toBe(403);
    expect((await staffA.get("/api/my/profile")).json().error.code).toBe("person.no_profile");
  });
});
