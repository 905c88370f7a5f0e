/**
 * Import templates (one per import: the importer's exact headers, an example row, a notes sheet)
 * and region names in imports (南关区 as well as 220102).
 */
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeInstitution } from "../src/modules/classes/classes.factory.ts";
import { nextIdNumber } from "../src/modules/trainees/trainees.factory.ts";
import { grant, makeUser } from "./factories.ts";
import { createTestEnv, type Session, type TestEnv } from "./harness.ts";

let env: TestEnv;
let staff: Session;
let admin: Session;

beforeAll(async () => {
  env = await createTestEnv();
  const inst = (await makeInstitution(env, { regionCode: "220102" })).id;
  staff = await (await makeUser(env, { regionCode: "220102", grants: [grant.institution(inst)] })).session();
  admin = await (await makeUser(env, { grants: [grant.admin()] })).session();
});
afterAll(() => env?.close());

const HEADER = "身份证号,姓名,居住地区划代码,户籍地区划代码";
const csv = (rows: string[]) => Buffer.from(`${HEADER}\r\n${rows.join("\r\n")}\r\n`, "utf8");
const importRoster = (file: Buffer, mode: "dry-run" | "commit") =>
  staff.request({ method: "POST", url: `/api/trainee-imports?mode=${mode}&filename=r.csv`, payload: file, headers: { "content-type": "text/csv" } });

describe("region names in a roster import", () => {
  it("accepts 南关区 and 长春市南关区 for 220102, and asks for the code when a name is ambiguous", async () => {
    const [a, b, c] = [nextIdNumber(), nextIdNumber(), nextIdNumber()];
    const dry = await importRoster(csv([`${a},名甲,南关区,`, `${b},名乙,长春市南关区,吉林市`, `${c},名丙,吉林,`]), "dry-run");
    expect(dry.statusCode).toBe(200);
    expect(dry.json().problems).toEqual([expect.objectContaining({ row: 4, column: "居住地区划代码", code: "region_ambiguous" })]);
    expect(dry.json().problems[0].message).toContain("吉林市 220200");

    const commit = await importRoster(csv([`${a},名甲,南关区,`, `${b},名乙,长春市南关区,吉林市`]), "commit");
    expect(commit.statusCode, commit.body).toBe(200);
    expect(commit.json()).toMatchObject({ created: 2, problemCount: 0 });
    const listed = (await staff.get(`/api/persons?q=${encodeURIComponent("名乙")}`)).json();
    expect(listed.items[0]).toMatchObject({ residenceRegionCode: "220102", residenceRegionName: "南关区" });
  });
});

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
async function workbook(s: Session, url: string) {
  const res = await s.get(url);
  expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
  expect(res.headers["content-type"]).toBe(XLSX);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  const rows = (i: number) => {
    const out: string[][] = [];
    wb.worksheets[i]!.eachRow((r) => out.push((r.values as unknown[]).slice(1).map((v) => (v == null ? "" : String(v)))));
    return out;
  };
  return { raw: res.rawPayload, names: wb.worksheets.map((w) => w.name), sheet: rows(0), notes: rows(1) };
}

describe("import templates", () => {
  const cases: [string, string, string[]][] = [
    ["/api/trainee-imports/template", "学员花名册", ["身份证号", "姓名", "性别", "出生日期", "手机号", "户籍地区划代码", "居住地区划代码"]],
    ["/api/registry-imports/template", "名册", ["身份证号", "姓名"]],
    ["/api/institutions/import-template", "培训机构", ["统一社会信用代码", "机构名称", "机构类型", "机构角色", "所在县（市、区）代码"]],
    ["/api/occupations/import-template", "职业目录", ["大典版本", "职业编码", "职业名称"]],
    ["/api/catalogue/items/import-template", "培训项目目录", ["项目编号", "职业编码", "大典版本"]],
    ["/api/standards/import-template", "补贴标准", ["项目编号", "补贴类型", "地区代码", "证书类型"]],
  ];
  it.each(cases)("%s: the importer's headers, one example row and a notes sheet", async (url, sheet, firstHeaders) => {
    const wb = await workbook(admin, url);
    expect(wb.names).toEqual([sheet, "填写说明"]);
    expect(wb.sheet[0]!.slice(0, firstHeaders.length)).toEqual(firstHeaders);
    expect(wb.sheet.length).toBe(2);
    // every column of the template is explained on the notes sheet
    expect(wb.notes.slice(1, wb.sheet[0]!.length + 1).map((r) => r[0])).toEqual(wb.sheet[0]);
  });

  it("the roster template's example row passes a dry run as it is (南关区 included)", async () => {
    const wb = await workbook(staff, "/api/trainee-imports/template");
    const res = await staff.request({ method: "POST", url: "/api/trainee-imports?mode=dry-run&filename=t.xlsx", payload: wb.raw, headers: { "content-type": XLSX } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ total: 1, problemCount: 0 });
  });

  it("the institution template's example row passes a dry run as it is", async () => {
    const wb = await workbook(admin, "/api/institutions/import-template");
    const res = await admin.request({ method: "POST", url: "/api/institutions/import?dryRun=true&filename=t.xlsx", payload: wb.raw, headers: { "content-type": XLSX } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().problems).toEqual([]);
  });

  it("a template is refused to a role that may not import", async () => {
    expect((await staff.get("/api/standards/import-template")).statusCode).toBe(403);
  });
});
