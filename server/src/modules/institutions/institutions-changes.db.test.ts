/**
 * Issue #7 "Smaller" findings: an approved institution cannot rename itself (or change what the
 * catalogue shows) without the county, and an import never changes an existing institution.
 */
import ExcelJS from "exceljs";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grant, makeUser } from "../../../test/factories.ts";
import { anonymous, createTestEnv, type TestEnv } from "../../../test/harness.ts";
import { approvedInstitution, register } from "./institutions.factory.ts";
import { institutions } from "./institutions.table.ts";

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(() => env?.close());

describe("identity changes after approval wait for the county", () => {
  it("a rename, a new address and new programs are proposals with before/after until the county approves them", async () => {
    const r = await approvedInstitution(env, { name: "长春启明职业培训学校" });
    const res = await r.staffSession.patch(`/api/institutions/${r.id}`, { name: "长春启明高级技工学校", address: "新地址 9 号", programCodes: ["K1", "K2"], contactName: "李老师" });
    expect(res.statusCode).toBe(200);
    // contact details apply at once; the name, address and programs do not
    expect(res.json()).toMatchObject({ name: "长春启明职业培训学校", address: r.body.address, programCodes: ["K1"], contactName: "李老师" });
    expect((await anonymous(env.app).get(`/api/public/institutions/${r.id}`)).json().name).toBe("长春启明职业培训学校");

    const seen = (await r.officer.get(`/api/institutions/${r.id}`)).json();
    expect(seen.pendingChanges).toEqual([
      { field: "name", label: "机构名称", before: "长春启明职业培训学校", after: "长春启明高级技工学校" },
      { field: "address", label: "地址", before: r.body.address, after: "新地址 9 号" },
      { field: "programCodes", label: "计划项目", before: ["K1"], after: ["K1", "K2"] },
    ]);
    expect(seen.abilities.reviewQualifications).toBe(true);
    expect((await r.staffSession.post(`/api/institutions/${r.id}/qualification-changes`, { decision: "approve" })).statusCode).toBe(403);

    const approved = await r.officer.post(`/api/institutions/${r.id}/qualification-changes`, { decision: "approve" });
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({ name: "长春启明高级技工学校", address: "新地址 9 号", programCodes: ["K1", "K2"], pendingChanges: [] });
    expect(approved.json().abilities.reviewQualifications).toBe(false);
    expect((await anonymous(env.app).get(`/api/public/institutions/${r.id}`)).json().name).toBe("长春启明高级技工学校");
  });

  it("the county may reject a rename; proposing the current name again withdraws it", async () => {
    const r = await approvedInstitution(env);
    await r.staffSession.patch(`/api/institutions/${r.id}`, { name: "改名一" });
    const rejected = await r.officer.post(`/api/institutions/${r.id}/qualification-changes`, { decision: "reject", reason: "名称与许可证不符" });
    expect(rejected.json()).toMatchObject({ name: r.body.name, pendingChanges: [] });
    await r.staffSession.patch(`/api/institutions/${r.id}`, { name: "改名二" });
    const back = await r.staffSession.patch(`/api/institutions/${r.id}`, { name: r.body.name });
    expect(back.json().pendingChanges).toEqual([]);
    expect((await r.officer.post(`/api/institutions/${r.id}/qualification-changes`, { decision: "approve" })).json().error.code).toBe("institution.no_pending_changes");
  });

  it("before approval the application is under review anyway: changes apply at once", async () => {
    const r = await register(env);
    const res = await (await r.staff()).patch(`/api/institutions/${r.id}`, { name: "申请中改名" });
    expect(res.json()).toMatchObject({ name: "申请中改名", pendingChanges: [] });
  });
});

async function xlsx(rows: (string | number | null)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("机构");
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const header = ["统一社会信用代码", "机构名称", "机构类型", "机构角色", "所在县（市、区）代码", "地址", "咨询电话", "许可证编号", "许可证有效期至", "联系人", "联系电话", "开户名", "开户银行", "银行账号"];

describe("an import never changes an existing institution", () => {
  it("a county officer's file with another bank account leaves the institution's account alone and says so", async () => {
    const r = await approvedInstitution(env, { regionCode: "220102" });
    const officer = await (await makeUser(env, { regionCode: "220102", grants: [grant.officer("220102")] })).session();
    const file = await xlsx([
      header,
      [r.body.creditCode, "换了名字的学校", "民办职业培训学校", "培训", "220102", "别处 1 号", "0431-85550000", "教民1", "2028-12-31", "冒名", "13800002222", "冒名收款人", "某银行", "6217999988887777"],
    ]);
    const upload = (dryRun: boolean) =>
      officer.request({
        method: "POST",
        url: `/api/institutions/import?filename=jg.xlsx&dryRun=${dryRun}`,
        headers: { "content-type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
        payload: file,
      });
    const dry = (await upload(true)).json();
    expect(dry).toMatchObject({ created: 0, updated: 0, problems: [] });
    expect(dry.warnings).toEqual([expect.objectContaining({ row: 2, code: "already_registered" })]);
    const committed = await upload(false);
    expect(committed.statusCode).toBe(200);
    expect(committed.json()).toMatchObject({ created: 0, updated: 0 });

    const [row] = await env.deps.db.select().from(institutions).where(eq(institutions.id, r.id));
    expect(env.deps.crypto.decrypt(row!.bankAccountEncrypted)).toBe(r.body.bankAccountNumber);
    expect(row).toMatchObject({ name: r.body.name, bankAccountName: r.body.bankAccountName, contactName: r.body.contactName, address: r.body.address });
  });
});
