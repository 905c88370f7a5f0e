import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grant, makeUser } from "../../../test/factories.ts";
import { anonymous, createTestEnv, login, type Session, type TestEnv } from "../../../test/harness.ts";
import { auditLog } from "../../platform/audit/audit.table.ts";
import { assertInstitutionCanOpenClasses } from "./index.ts";
import { approvedInstitution, idNumber, register, registration, STAFF_PASSWORD } from "./institutions.factory.ts";
import { institutionTeachers, institutions } from "./institutions.table.ts";

let env: TestEnv;
let nanguanOfficer: Session; // 南关区 220102
let kuanchengOfficer: Session; // 宽城区 220103
let changchunOfficer: Session; // 长春市 220100
let jilinCityOfficer: Session; // 吉林市 220200

beforeAll(async () => {
  env = await createTestEnv();
  nanguanOfficer = await (await makeUser(env, { regionCode: "220102", grants: [grant.officer("220102")] })).session();
  kuanchengOfficer = await (await makeUser(env, { regionCode: "220103", grants: [grant.officer("220103")] })).session();
  changchunOfficer = await (await makeUser(env, { regionCode: "220100", grants: [grant.officer("220100")] })).session();
  jilinCityOfficer = await (await makeUser(env, { regionCode: "220200", grants: [grant.officer("220200")] })).session();
});
afterAll(() => env?.close());

describe("public registration", () => {
  it("creates a pending institution and a staff account that logs in and sees only its own institution", async () => {
    const a = await register(env);
    const b = await register(env);
    const staff = await a.staff();
    const me = (await staff.get("/api/me")).json();
    expect(me.user.mustChangePassword).toBe(false);
    expect(me.grants).toEqual([expect.objectContaining({ role: "institution_staff", scopeType: "institution", institutionId: a.id })]);

    const list = (await staff.get("/api/institutions")).json();
    expect(list.items.map((i: { id: string }) => i.id)).toEqual([a.id]);
    const own = (await staff.get(`/api/institutions/${a.id}`)).json();
    expect(own).toMatchObject({ status: "pending", regionCode: "220102", regionName: "南关区", bankAccountMasked: "****3445", agreementValidUntil: null });
    expect(JSON.stringify(own)).not.toContain(a.body.bankAccountNumber);
    expect(own.abilities).toMatchObject({ edit: true, approve: false, withdraw: true });
    expect((await staff.get(`/api/institutions/${b.id}`)).statusCode).toBe(404);
    // the account number is stored encrypted
    const [raw] = await env.deps.db.select().from(institutions).where(eq(institutions.id, a.id));
    expect(raw!.bankAccountEncrypted).not.toContain(a.body.bankAccountNumber);
    expect(env.deps.crypto.decrypt(raw!.bankAccountEncrypted)).toBe(a.body.bankAccountNumber);
  });

  it("an evaluation-only body gets an evaluator account", async () => {
    const r = await register(env, { role: "evaluation" });
    const me = (await (await r.staff()).get("/api/me")).json();
    expect(me.grants[0].role).toBe("evaluator_staff");
  });

  it("refuses an invalid credit code, a city as region and a weak password, all at once", async () => {
    const body = { ...registration(), creditCode: "91220101MA0000000X", regionCode: "220100", password: "short" };
    const res = await anonymous(env.app).post("/api/public/institutions/register", body);
    expect(res.statusCode).toBe(400);
    const paths = res.json().error.details.issues.map((i: { path: string }) => i.path);
    expect(paths).toContain("body.creditCode");
    // contract issues come first; region and password are checked once the contract passes
    const res2 = await anonymous(env.app).post("/api/public/institutions/register", { ...body, creditCode: registration().creditCode });
    expect(res2.json().error.details.issues.map((i: { path: string }) => i.path).sort()).toEqual(["body.password", "body.password", "body.regionCode"]);
  });

  it("refuses a taken credit code (and a taken username) and writes nothing", async () => {
    const first = await register(env);
    const dup = { ...registration(), creditCode: first.body.creditCode };
    const res = await anonymous(env.app).post("/api/public/institutions/register", dup);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe("institution.credit_code_taken");
    const sameUser = await anonymous(env.app).post("/api/public/institutions/register", { ...registration(), username: first.username });
    expect(sameUser.json().error.code).toBe("user.username_taken");
    expect(await env.deps.db.select().from(institutions).where(eq(institutions.creditCode, first.body.creditCode))).toHaveLength(1);
    await expect(login(env.app, dup.username, STAFF_PASSWORD)).rejects.toThrow();
  });
});

describe("review by the county", () => {
  it("the county officer approves (agreement one year); another county gets 404; the city sees it", async () => {
    const r = await register(env);
    const other = await kuanchengOfficer.post(`/api/institutions/${r.id}/transitions`, { action: "approve" });
    expect(other.statusCode).toBe(404);
    expect(other.json().error.code).toBe("institution.not_found");
    expect((await kuanchengOfficer.get(`/api/institutions/${r.id}`)).statusCode).toBe(404);
    expect((await kuanchengOfficer.get("/api/institutions?pageSize=200")).json().items.map((i: { id: string }) => i.id)).not.toContain(r.id);
    expect((await jilinCityOfficer.get(`/api/institutions/${r.id}`)).statusCode).toBe(404);
    expect((await changchunOfficer.get("/api/institutions?pageSize=200")).json().items.map((i: { id: string }) => i.id)).toContain(r.id);

    const staff = await r.staff();
    expect((await staff.post(`/api/institutions/${r.id}/transitions`, { action: "approve" })).statusCode).toBe(403);

    const ok = await nanguanOfficer.post(`/api/institutions/${r.id}/transitions`, { action: "approve" });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ status: "approved", agreementValidUntil: "2027-03-01" });
    const again = await nanguanOfficer.post(`/api/institutions/${r.id}/transitions`, { action: "approve" });
    expect(again.json().error.code).toBe("institution.transition_not_allowed");
    const entries = await env.deps.db.select().from(auditLog).where(eq(auditLog.entityId, r.id));
    expect(entries.map((e) => e.action)).toEqual(expect.arrayContaining(["institution.registered", "institution.approve"]));
  });

  it("return for correction needs a reason; the institution resubmits", async () => {
    const r = await register(env);
    const noReason = await nanguanOfficer.post(`/api/institutions/${r.id}/transitions`, { action: "return" });
    expect(noReason.json().error.details.issues[0].path).toBe("body.reason");
    const ret = await nanguanOfficer.post(`/api/institutions/${r.id}/transitions`, { action: "return", reason: "请补充办学许可证扫描件" });
    expect(ret.json()).toMatchObject({ status: "returned", reviewNote: "请补充办学许可证扫描件" });
    const staff = await r.staff();
    expect((await staff.get(`/api/institutions/${r.id}`)).json().abilities.resubmit).toBe(true);
    const fixed = await staff.patch(`/api/institutions/${r.id}`, { licenceNo: "教民122010270000099" });
    expect(fixed.json().licenceNo).toBe("教民122010270000099");
    const re = await staff.post(`/api/institutions/${r.id}/transitions`, { action: "resubmit" });
    expect(re.json().status).toBe("pending");
  });

  it("a department officer sees only institutions serving programs its department leads", async () => {
    const veterans = await register(env, { programCodes: ["K3"] });
    const women = await register(env, { programCodes: ["B1"], regionCode: "220202" });
    const deptVeterans = await (await makeUser(env, { grants: [grant.dept("veterans")] })).session();
    const ids = (await deptVeterans.get("/api/institutions?pageSize=200")).json().items.map((i: { id: string }) => i.id);
    expect(ids).toContain(veterans.id);
    expect(ids).not.toContain(women.id);
    expect((await deptVeterans.get(`/api/institutions/${women.id}`)).statusCode).toBe(404);
    // it can read, not decide
    expect((await deptVeterans.post(`/api/institutions/${veterans.id}/transitions`, { action: "approve" })).statusCode).toBe(403);
  });
});

describe("access and grants", () => {
  it("answers 401 without login, 400 with every contract issue (unknown fields too)", async () => {
    expect((await anonymous(env.app).get("/api/institutions")).statusCode).toBe(401);
    const res = await anonymous(env.app).post("/api/public/institutions/register", { ...registration(), type: "school", bankAccountNumber: "12", extra: 1 });
    expect(res.statusCode).toBe(400);
    const paths = res.json().error.details.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(["body.type", "body.bankAccountNumber", "body.extra"]));
  });

  it("a county administrator may grant institution roles for institutions of its county only", async () => {
    const mine = await register(env, { regionCode: "220102" });
    const theirs = await register(env, { regionCode: "220103" });
    const admin = await (await makeUser(env, { regionCode: "220102", grants: [grant.admin("220102")] })).session();
    const ok = await admin.post("/api/users", { username: `second_${mine.username}`, displayName: "第二位机构人员", regionCode: "220102", grants: [grant.institution(mine.id)] });
    expect(ok.statusCode).toBe(201);
    const outside = await admin.post("/api/users", { username: `x_${theirs.username}`, displayName: "越权", regionCode: "220102", grants: [grant.institution(theirs.id)] });
    expect(outside.json().error.code).toBe("user.scope_outside");
  });

  it("the institution may withdraw; it then leaves the catalogue and can no longer be edited", async () => {
    const r = await approvedInstitution(env);
    expect((await anonymous(env.app).get(`/api/public/institutions/${r.id}`)).statusCode).toBe(200);
    const w = await r.staffSession.post(`/api/institutions/${r.id}/transitions`, { action: "withdraw", reason: "停止办学" });
    expect(w.json()).toMatchObject({ status: "withdrawn", abilities: { edit: false, withdraw: false } });
    expect((await anonymous(env.app).get(`/api/public/institutions/${r.id}`)).statusCode).toBe(404);
    expect((await r.staffSession.post(`/api/institutions/${r.id}/facilities`, { name: "实训车间", type: "workshop", areaM2: 300, capacity: 40, address: "同上" })).json().error.code).toBe("institution.not_editable");
  });
});

describe("public catalogue", () => {
  it("lists approved institutions only, by region, occupation and type, with public fields only", async () => {
    const approved = await approvedInstitution(env, { regionCode: "220104", name: "朝阳区车工培训学校" });
    await approved.staffSession.post(`/api/institutions/${approved.id}/teachers`, { name: "李师傅", idNumber: idNumber(), qualifications: "高级技师", employment: "full_time" });
    for (const name of ["实训车间", "理论教室"]) {
      expect((await approved.staffSession.post(`/api/institutions/${approved.id}/facilities`, { name, type: "workshop", areaM2: 300, capacity: 40, address: "同上" })).statusCode).toBe(201);
    }
    const pending = await register(env, { regionCode: "220104" });
    const pub = anonymous(env.app);

    const city = await pub.get("/api/public/institutions?regionCode=220100&pageSize=50");
    expect(city.statusCode).toBe(200);
    expect(city.headers["cache-control"]).toContain("public");
    const ids = city.json().items.map((i: { id: string }) => i.id);
    expect(ids).toContain(approved.id);
    expect(ids).not.toContain(pending.id);
    expect(city.json().items.find((i: { id: string }) => i.id === approved.id)).toMatchObject({ teacherCount: 1, facilityCount: 2 });
    expect((await pub.get("/api/public/institutions?regionCode=220200")).json().items.map((i: { id: string }) => i.id)).not.toContain(approved.id);
    expect((await pub.get("/api/public/institutions?occupation=6-18-01-01")).json().items.map((i: { id: string }) => i.id)).toContain(approved.id);
    expect((await pub.get("/api/public/institutions?occupation=车工")).json().items.map((i: { id: string }) => i.id)).toContain(approved.id);
    expect((await pub.get("/api/public/institutions?occupation=6-29-01-01")).json().items.map((i: { id: string }) => i.id)).not.toContain(approved.id);
    expect((await pub.get("/api/public/institutions?type=technical_school")).json().items.map((i: { id: string }) => i.id)).not.toContain(approved.id);

    const one = await pub.get(`/api/public/institutions/${approved.id}`);
    expect(one.statusCode).toBe(200);
    expect(one.json()).toMatchObject({ name: "朝阳区车工培训学校", publicPhone: "0431-88886666", teacherCount: 1, facilityCount: 2, qualifications: [{ occupationCode: "6-18-01-01", maxLevel: 3 }] });
    const text = one.body + city.body;
    for (const secret of [approved.body.bankAccountNumber, "3445", approved.body.contactPhone, "220102198506", "李师傅", "bank", "contact"]) expect(text).not.toContain(secret);
    expect((await pub.get(`/api/public/institutions/${pending.id}`)).statusCode).toBe(404);
  });
});

describe("teachers: ID numbers are sensitive", () => {
  it("are stored encrypted, shown masked; the full number needs view_sensitive and is audited", async () => {
    const r = await register(env);
    const staff = await r.staff();
    const bad = await staff.post(`/api/institutions/${r.id}/teachers`, { name: "张三", idNumber: "220102198506151230", employment: "part_time" });
    expect(bad.json().error.details.issues[0]).toMatchObject({ path: "body.idNumber", code: "id_checksum" });
    const id = idNumber("19850615", "457");
    const res = await staff.post(`/api/institutions/${r.id}/teachers`, { name: "张三", idNumber: id.toLowerCase(), qualifications: "车工高级技师", employment: "part_time" });
    expect(res.statusCode).toBe(201);
    const teacher = res.json();
    expect(teacher.idNumberMasked).toBe(`220**************${id.slice(-1)}`);
    expect((await staff.post(`/api/institutions/${r.id}/teachers`, { name: "张三", idNumber: id, employment: "part_time" })).json().error.code).toBe("institution.teacher_duplicate");

    const [row] = await env.deps.db.select().from(institutionTeachers).where(eq(institutionTeachers.id, teacher.id));
    expect(row!.idNumberEncrypted).not.toContain(id);
    expect(row!.idNumberEncrypted.startsWith("v1:")).toBe(true);
    expect(JSON.stringify((await staff.get(`/api/institutions/${r.id}`)).json())).not.toContain(id);

    expect((await staff.get(`/api/institutions/${r.id}/teachers/${teacher.id}/id-number`)).statusCode).toBe(403);
    expect((await kuanchengOfficer.get(`/api/institutions/${r.id}/teachers/${teacher.id}/id-number`)).statusCode).toBe(404);
    const full = await nanguanOfficer.get(`/api/institutions/${r.id}/teachers/${teacher.id}/id-number`);
    expect(full.json().idNumber).toBe(id);
    const viewed = await env.deps.db.select().from(auditLog).where(eq(auditLog.action, "institution.teacher_id_viewed"));
    expect(viewed.some((e) => e.entityId === teacher.id)).toBe(true);
    // the audit log never holds the number either
    expect(JSON.stringify(await env.deps.db.select().from(auditLog).where(eq(auditLog.entityId, teacher.id)))).not.toContain(id);
  });
});

describe("qualification changes after approval", () => {
  it("are proposals until the county approves them; proposals do not count for classes or the portal", async () => {
    const r = await approvedInstitution(env);
    const add = await r.staffSession.post(`/api/institutions/${r.id}/qualifications`, { occupationCode: "6-18-01-01", occupationName: "车工", maxLevel: 2, capacity: 80 });
    expect(add.json().state).toBe("proposed_add");
    const special = await r.staffSession.post(`/api/institutions/${r.id}/qualifications`, { projectName: "电子商务运营", occupationName: "电子商务运营", capacity: 40 });
    expect(special.statusCode).toBe(201);
    const pub = (await anonymous(env.app).get(`/api/public/institutions/${r.id}`)).json();
    expect(pub.qualifications).toEqual([expect.objectContaining({ maxLevel: 3, capacity: 60 })]);
    const level2 = () => assertInstitutionCanOpenClasses(env.deps.db, r.id, "2026-04-01", { occupationCode: "6-18-01-01", level: 2 });
    await expect(level2()).rejects.toMatchObject({ code: "institution.not_qualified" });
    expect((await kuanchengOfficer.post(`/api/institutions/${r.id}/qualification-changes`, { decision: "approve" })).statusCode).toBe(404);
    const view = await r.officer.post(`/api/institutions/${r.id}/qualification-changes`, { decision: "approve" });
    expect(view.statusCode).toBe(200);
    const qs = view.json().qualifications;
    expect(qs.every((q: { state: string }) => q.state === "active")).toBe(true);
    expect(qs.find((q: { occupationCode: string | null }) => q.occupationCode === "6-18-01-01")).toMatchObject({ maxLevel: 2, capacity: 80 });
    await expect(level2()).resolves.toMatchObject({ id: r.id });
    expect((await r.officer.post(`/api/institutions/${r.id}/qualification-changes`, { decision: "approve" })).json().error.code).toBe("institution.no_pending_changes");
  });
});
