import ExcelJS from "exceljs";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grant, type MadeUser, makeUser } from "../../../test/factories.ts";
import { anonymous, createTestEnv, type Session, type TestEnv } from "../../../test/harness.ts";
import { auditLog } from "../../platform/audit/audit.table.ts";
import { approvedInstitution, creditCode, register } from "./institutions.factory.ts";
import { assertInstitutionCanOpenClasses } from "./index.ts";

let env: TestEnv;
let kuanchengOfficer: Session;
let kuanchengUser: MadeUser;

beforeAll(async () => {
  env = await createTestEnv(); // today is 2026-03-02 in China
  kuanchengUser = await makeUser(env, { regionCode: "220103", grants: [grant.officer("220103")] });
  kuanchengOfficer = await kuanchengUser.session();
});
afterAll(() => env?.close());

const code = (p: Promise<unknown>) =>
  p.then(
    () => "ok",
    (e: { code?: string }) => e.code,
  );

describe("class eligibility and sanctions", () => {
  it("only an approved institution with running agreement and licence may open classes, and only what it is qualified for", async () => {
    const db = env.deps.db;
    const pending = await register(env);
    expect(await code(assertInstitutionCanOpenClasses(db, pending.id, "2026-04-01"))).toBe("institution.not_approved");
    const r = await approvedInstitution(env, { regionCode: "220102" });
    expect(await code(assertInstitutionCanOpenClasses(db, r.id, "2026-04-01", { occupationCode: "6-18-01-01", level: 4 }))).toBe("ok");
    expect(await code(assertInstitutionCanOpenClasses(db, r.id, "2026-04-01", { occupationCode: "6-18-01-01", level: 2 }))).toBe("institution.not_qualified");
    expect(await code(assertInstitutionCanOpenClasses(db, r.id, "2026-04-01", { occupationCode: "4-10-01-01", level: 5 }))).toBe("institution.not_qualified");
    expect(await code(assertInstitutionCanOpenClasses(db, r.id, "2027-03-02"))).toBe("institution.agreement_expired");
    const lic = await register(env);
    await (await lic.staff()).patch(`/api/institutions/${lic.id}`, { licenceValidUntil: "2026-06-30" });
    await r.officer.post(`/api/institutions/${lic.id}/transitions`, { action: "approve" });
    expect(await code(assertInstitutionCanOpenClasses(db, lic.id, "2026-07-01"))).toBe("institution.licence_expired");
  });

  it("a level-2 sanction blocks classes until its end date, then the officer may reinstate", async () => {
    const r = await approvedInstitution(env);
    expect((await kuanchengOfficer.post(`/api/institutions/${r.id}/sanctions`, { reason: "x" })).statusCode).toBe(404);
    expect((await r.staffSession.post(`/api/institutions/${r.id}/sanctions`, { reason: "x" })).statusCode).toBe(403);
    const s = await r.officer.post(`/api/institutions/${r.id}/sanctions`, { reason: "学员签到记录不实", level: 2 });
    expect(s.statusCode).toBe(201);
    expect(s.json().sanction).toMatchObject({ level: 2, date: "2026-03-02", until: "2026-09-01" });
    expect(s.json().institution).toMatchObject({ status: "suspended", sanctionedUntil: "2026-09-01" });
    expect(await code(assertInstitutionCanOpenClasses(env.deps.db, r.id, "2026-09-01"))).toBe("institution.suspended");
    expect(await code(assertInstitutionCanOpenClasses(env.deps.db, r.id, "2026-09-02"))).toBe("ok");
    // suspended institutions leave the public catalogue
    expect((await anonymous(env.app).get(`/api/public/institutions/${r.id}`)).statusCode).toBe(404);
    const early = await r.officer.post(`/api/institutions/${r.id}/transitions`, { action: "reinstate" });
    expect(early.json().error.code).toBe("institution.sanction_active");
    env.clock.set("2026-09-02T01:00:00Z");
    try {
      // sessions time out when the clock jumps: log in again
      const back = await (await r.officerUser.session()).post(`/api/institutions/${r.id}/transitions`, { action: "reinstate" });
      expect(back.json().status).toBe("approved");
    } finally {
      env.clock.set("2026-03-02T01:00:00Z");
    }
  });

  it("escalates a repeat within a year: interview → rectification → criticism → agreement ended", async () => {
    const r = await approvedInstitution(env);
    const levels: number[] = [];
    for (const date of ["2026-01-10", "2026-02-01", "2026-02-20", "2026-03-01"]) {
      const res = await r.officer.post(`/api/institutions/${r.id}/sanctions`, { reason: "违规", date });
      expect(res.statusCode).toBe(201);
      levels.push(res.json().sanction.level);
    }
    expect(levels).toEqual([1, 2, 3, 4]);
    const view = (await r.officer.get(`/api/institutions/${r.id}`)).json();
    expect(view).toMatchObject({ status: "banned", sanctionedUntil: "2028-02-29", agreementValidUntil: "2026-03-01" });
    expect(view.sanctions.map((s: { level: number }) => s.level)).toEqual([4, 3, 2, 1]);
    expect(await code(assertInstitutionCanOpenClasses(env.deps.db, r.id, "2030-01-01"))).toBe("institution.banned");
    expect((await r.officer.post(`/api/institutions/${r.id}/sanctions`, { reason: "x" })).json().error.code).toBe("institution.transition_not_allowed");
    expect((await r.staffSession.post(`/api/institutions/${r.id}/transitions`, { action: "reapply" })).json().error.code).toBe("institution.sanction_active");
    expect((await r.staffSession.patch(`/api/institutions/${r.id}`, { name: "改名" })).json().error.code).toBe("institution.not_editable");
  });

  it("a sanction more than a year after the previous one starts again at level 1", async () => {
    const r = await approvedInstitution(env);
    await r.officer.post(`/api/institutions/${r.id}/sanctions`, { reason: "a", date: "2025-02-01", level: 3 });
    const res = await r.officer.post(`/api/institutions/${r.id}/sanctions`, { reason: "b", date: "2026-03-01" });
    expect(res.json().sanction.level).toBe(1);
    expect((await r.officer.post(`/api/institutions/${r.id}/sanctions`, { reason: "c", date: "2026-03-03" })).json().error.details.issues[0].code).toBe("future_date");
  });
});

describe("agreement expiry and renewal", () => {
  it("lists agreements expiring within N days in the officer's scope; renewal adds a year", async () => {
    const r = await approvedInstitution(env, { regionCode: "220102" }); // valid until 2027-03-01
    const list = async (s: Session, days?: number) =>
      (await s.get(`/api/institutions/expiring${days ? `?days=${days}` : ""}`)).json().items as { id: string; daysLeft: number }[];
    expect((await list(r.officer)).map((i) => i.id)).not.toContain(r.id);
    env.clock.set("2027-02-10T01:00:00Z");
    try {
      const officer = await r.officerUser.session();
      const soon = (await list(officer)).find((i) => i.id === r.id);
      expect(soon?.daysLeft).toBe(19);
      expect((await list(await kuanchengUser.session(), 60)).map((i) => i.id)).not.toContain(r.id);
      expect((await officer.get(`/api/institutions/${r.id}`)).json().agreementValidUntil).toBe("2027-03-01");
      const renewed = await officer.post(`/api/institutions/${r.id}/transitions`, { action: "renew" });
      expect(renewed.json().agreementValidUntil).toBe("2028-03-01");
      expect((await list(officer)).map((i) => i.id)).not.toContain(r.id);
    } finally {
      env.clock.set("2026-03-02T01:00:00Z");
    }
  });
});

async function xlsx(rows: (string | number | null)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("机构");
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const header = ["统一社会信用代码", "机构名称", "机构类型", "机构角色", "所在县（市、区）代码", "地址", "咨询电话", "许可证编号", "许可证有效期至", "联系人", "联系电话", "开户名", "开户银行", "银行账号"];
const row = (cc: string, name: string, region = "220102") => [cc, name, "民办职业培训学校", "培训", region, "南关区某路 8 号", "0431-85550000", "教民1220102700009", "2028-12-31", "赵老师", "13800002222", name, "吉林银行", "6217000011112222"];

describe("spreadsheet import and export", () => {
  it("dry run lists every problem and changes nothing; a commit with problems is rejected; a clean file twice changes nothing", async () => {
    const admin = await (await makeUser(env, { regionCode: "220102", grants: [grant.officer("220102")] })).session();
    const upload = (buf: Buffer, dryRun: boolean) =>
      admin.request({
        method: "POST",
        url: `/api/institutions/import?filename=jg.xlsx&dryRun=${dryRun}`,
        headers: { "content-type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
        payload: buf,
      });
    const [a, b] = [creditCode(), creditCode()];
    const bad = await xlsx([header, row(a, "导入甲学校"), row("123", "坏代码学校"), row(b, "外县学校", "220103"), row(a, "重复学校")]);
    const dry = await upload(bad, true);
    expect(dry.statusCode).toBe(200);
    expect(dry.json().problems.map((p: { row: number; code: string }) => [p.row, p.code])).toEqual([
      [3, "invalid"],
      [4, "out_of_scope"],
      [5, "duplicate_in_file"],
    ]);
    const commit = await upload(bad, false);
    expect(commit.statusCode).toBe(422);
    expect(commit.json().error.code).toBe("import.rejected");
    expect((await admin.get("/api/institutions?q=导入甲学校")).json().total).toBe(0);

    const good = await xlsx([header, row(a, "导入甲学校"), row(b, "导入乙学校")]);
    expect((await upload(good, false)).json()).toMatchObject({ created: 2, updated: 0, unchanged: 0 });
    const auditCount = (await env.deps.db.select().from(auditLog)).length;
    expect((await upload(good, false)).json()).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    expect((await env.deps.db.select().from(auditLog)).length).toBe(auditCount);
    const changed = await xlsx([header, row(a, "导入甲学校（更名）"), row(b, "导入乙学校")]);
    // an import never changes a registered institution: the difference is a warning
    const again = (await upload(changed, false)).json();
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    expect(again.warnings).toEqual([expect.objectContaining({ row: 2, code: "already_registered", message: expect.stringContaining("机构名称") })]);
    const listed = (await admin.get("/api/institutions?q=导入甲学校")).json().items;
    expect(listed).toEqual([expect.objectContaining({ name: "导入甲学校", status: "pending", regionCode: "220102" })]);
    // an officer of another county may not import over it
    const otherImport = await kuanchengOfficer.request({
      method: "POST",
      url: "/api/institutions/import?filename=jg.xlsx&dryRun=true",
      headers: { "content-type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
      payload: await xlsx([header, row(a, "抢注", "220103")]),
    });
    expect(otherImport.json().problems[0].code).toBe("credit_code_taken");
    // a formula cell is reported once, with the reader's reason, not again as a missing value
    const formulaCsv = `${header.join(",")}\n${row(creditCode(), "公式学校").map((v, i) => (i === 0 ? "=1+1" : v)).join(",")}\n`;
    const formula = await admin.request({ method: "POST", url: "/api/institutions/import?filename=f.csv&dryRun=true", headers: { "content-type": "text/csv" }, payload: formulaCsv });
    expect(formula.json().problems).toEqual([expect.objectContaining({ row: 2, column: "统一社会信用代码", code: "formula" })]);
    const staff = await (await register(env)).staff();
    expect((await staff.request({ method: "POST", url: "/api/institutions/import?filename=a.csv", headers: { "content-type": "text/csv" }, payload: "x" })).statusCode).toBe(403);
  });

  it("exports the caller's scoped list with masked bank accounts", async () => {
    const mine = await register(env, { regionCode: "220102" });
    const theirs = await register(env, { regionCode: "220103" });
    const res = await kuanchengOfficer.get("/api/institutions/export");
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toContain("spreadsheetml");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const codes: string[] = [];
    ws.eachRow((r, n) => {
      if (n > 1) codes.push(String(r.getCell(1).value));
    });
    expect(codes).toContain(theirs.body.creditCode);
    expect(codes).not.toContain(mine.body.creditCode);
    const all = JSON.stringify(ws.getSheetValues());
    expect(all).toContain("****3445");
    expect(all).not.toContain(theirs.body.bankAccountNumber);
    const [entry] = await env.deps.db.select().from(auditLog).where(eq(auditLog.entityId, theirs.id));
    expect(entry?.action).toBe("institution.registered");
  });
});
