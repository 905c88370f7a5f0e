import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grant, makeUser } from "../../../test/factories.ts";
import { createTestEnv, type Session, type TestEnv } from "../../../test/harness.ts";

let env: TestEnv;
let admin: Session;
let changchun: Session;

const CSV = "text/csv";
const upload = (s: Session, url: string, body: string | Buffer, contentType = CSV) =>
  s.request({ method: "POST", url, payload: typeof body === "string" ? Buffer.from(body, "utf8") : body, headers: { "content-type": contentType } });

// clearly fake occupation codes (9-99-…) so no test ever looks like an official 大典 entry
const occupationsCsv = ["大典版本,职业编码,职业名称,数字职业(S),绿色职业(L),工种", "2022,9-99-99-01,测试职业甲,S,否,测试工种一、测试工种二", "2022,9-99-99-02,测试职业乙,否,L,"].join("\n");

const itemHeader = "项目编号,职业编码,大典版本,工种,专项项目名称,培训类型,证书类型,技能等级,行业,服务计划项目,最少课时,最多课时,理论最低占比(%),实操最低占比(%),培训方式,生效日期,失效日期";
const goodItems = [
  itemHeader,
  "IMP-1,9-99-99-01,2022,测试工种一,,就业技能培训,职业技能等级证书,5、4,auto,K1、E1,60,120,20,50,线下、线上线下结合,2026-01-01,",
  "IMP-2,,,,创业培训（测试）,entrepreneurship,培训合格证书,,,K1,40,80,30,30,线下,2026/1/1,",
].join("\n");

beforeAll(async () => {
  env = await createTestEnv();
  admin = await (await makeUser(env, { regionCode: "220000", grants: [grant.admin()] })).session();
  changchun = await (await makeUser(env, { regionCode: "220100", grants: [grant.officer("220100")] })).session();
});
afterAll(() => env?.close());

describe("occupation import", () => {
  it("imports, and importing the same file again changes nothing", async () => {
    const first = await upload(admin, "/api/occupations/import?filename=occ.csv", occupationsCsv);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ dryRun: false, rows: 2, created: 2, updated: 0, unchanged: 0, problems: [] });
    const again = await upload(admin, "/api/occupations/import?filename=occ.csv", occupationsCsv);
    expect(again.json()).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
    const occ = (await admin.get("/api/occupations?q=9-99-99-01")).json().items[0];
    expect(occ).toMatchObject({ name: "测试职业甲", digital: true, green: false, trades: ["测试工种一", "测试工种二"], demo: false });
    const audit = (await admin.get("/api/audit?entityType=occupation")).json();
    expect(audit.items.filter((e: { action: string }) => e.action === "occupation.created")).toHaveLength(2);
    expect(audit.items.some((e: { action: string }) => e.action === "occupation.updated")).toBe(false);
  });

  it("a city officer cannot import occupations", async () => {
    expect((await upload(changchun, "/api/occupations/import?filename=occ.csv", occupationsCsv)).json().error.code).toBe("catalogue.province_only");
  });
});

describe("catalogue item import", () => {
  const badItems = [
    itemHeader,
    "IMP-3,9-99-99-01,2022,,,就业技能培训,职业技能等级证书,4,,K1,60,120,20,50,线下,2026-01-01,",
    "IMP-4,9-99-9,2022,,,就业技能培训,职业技能等级证书,4,,K1,60,120,20,50,线下,2026-01-01,",
    "IMP-5,9-99-99-02,2022,,,不存在的类型,职业技能等级证书,4,,K1,60,120,20,50,线下,2026-01-01,",
    "IMP-6,9-99-99-02,2022,,,就业技能培训,职业技能等级证书,4,,K1,120,60,20,50,线下,2026-02-30,",
    "IMP-7,9-99-99-03,2022,,,就业技能培训,职业技能等级证书,4,,K1,60,120,20,50,线下,2026-01-01,",
  ].join("\n");

  it("dry run lists every bad row with its column and saves nothing", async () => {
    const res = await upload(admin, "/api/catalogue/items/import?filename=items.csv&dryRun=true", badItems);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ dryRun: true, rows: 5, created: 1 });
    const byRow = (row: number) => body.problems.filter((p: { row: number }) => p.row === row);
    expect(byRow(2)).toEqual([]);
    expect(byRow(3)[0]).toMatchObject({ column: "职业编码", code: "bad_code" });
    expect(byRow(4)[0]).toMatchObject({ column: "培训类型", code: "unknown_code" });
    expect(byRow(5).map((p: { column: string }) => p.column)).toEqual(expect.arrayContaining(["生效日期"]));
    expect(byRow(6)[0]).toMatchObject({ code: "occupation.not_found" });
    expect((await admin.get("/api/catalogue/items?q=IMP-")).json().total).toBe(0);
  });

  it("a commit with any problem is refused whole: nothing saved, not even the good row", async () => {
    const res = await upload(admin, "/api/catalogue/items/import?filename=items.csv", badItems);
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe("import.rejected");
    expect(res.json().error.details.problems.length).toBeGreaterThanOrEqual(4);
    expect((await admin.get("/api/catalogue/items?q=IMP-3")).json().total).toBe(0);
  });

  it("commits a clean file; the second import reports everything unchanged", async () => {
    const first = await upload(admin, "/api/catalogue/items/import?filename=items.csv", goodItems);
    expect(first.json()).toMatchObject({ created: 2, updated: 0, unchanged: 0, problems: [] });
    const item = (await admin.get("/api/catalogue/items?q=IMP-1")).json().items[0];
    expect(item).toMatchObject({ status: "draft", tradeName: "测试工种一", trainingType: "employment", skillLevels: ["5", "4"], programCodes: ["K1", "E1"] });
    expect(item.versions[0]).toMatchObject({ minHours: 60, modes: ["offline", "blended"] });
    const again = await upload(admin, "/api/catalogue/items/import?filename=items.csv", goodItems);
    expect(again.json()).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
  });

  it("a CSV cell holding a formula is a row problem", async () => {
    const csv = [itemHeader, "IMP-9,,,,测试项目,创业培训,培训合格证书,,,K1,=1+1,80,30,30,线下,2026-01-01,"].join("\n");
    const res = await upload(admin, "/api/catalogue/items/import?filename=f.csv&dryRun=true", csv);
    expect(res.json().problems).toEqual([expect.objectContaining({ row: 2, column: "最少课时", code: "formula" })]);
  });

  it("a wrong file type is refused before reading", async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
    const res = await upload(admin, "/api/catalogue/items/import?filename=photo.png", png, "application/octet-stream");
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe("import.bad_file");
    const json = await admin.request({ method: "POST", url: "/api/catalogue/items/import?filename=x.csv", payload: { a: 1 } });
    expect(json.json().error.code).toBe("import.bad_file");
    const missing = await upload(admin, "/api/catalogue/items/import?filename=x.csv", "项目编号,培训类型\nX,创业培训");
    expect(missing.json().error.code).toBe("import.missing_columns");
  });

  it("exports a valid .xlsx that imports back unchanged", async () => {
    const res = await admin.get("/api/catalogue/items/export?q=IMP-");
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toContain("spreadsheetml");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).getCell(1).value).toBe("项目编号");
    expect(ws.actualRowCount).toBe(3);
    expect(ws.getRow(2).getCell(1).value).toBe("IMP-1");
    const back = await upload(admin, "/api/catalogue/items/import?filename=export.xlsx", res.rawPayload, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(back.json()).toMatchObject({ created: 0, updated: 0, unchanged: 2, problems: [] });
  });
});

describe("standard import", () => {
  const header = "项目编号,地区代码,证书类型,技能等级,补贴标准(元),紧缺系数(%),线上系数(%),线上线下结合系数(%),生效日期,失效日期";

  it("converts yuan to fen exactly, refuses fractional fen, and keeps a city officer to its city", async () => {
    const csv = [
      header,
      "IMP-1,220100,职业技能等级证书,4,1500.50,90,,70,2026-01-01,",
      "IMP-1,220100,职业技能等级证书,5,1200.555,,,,2026-01-01,",
      "IMP-1,220200,职业技能等级证书,4,1500,,,,2026-01-01,",
      "IMP-1,220100,职业技能等级证书,5,-3,,,,2026-01-01,",
    ].join("\n");
    const res = await upload(changchun, "/api/standards/import?filename=s.csv&dryRun=true", csv);
    const body = res.json();
    expect(body.created).toBe(1);
    expect(body.problems.map((p: { row: number; code: string }) => [p.row, p.code])).toEqual([
      [3, "bad_amount"],
      [4, "standard.scope_outside"],
      [5, "bad_amount"],
    ]);
    expect((await changchun.get("/api/standards")).json().total).toBe(0);

    const ok = [header, "IMP-1,220100,职业技能等级证书,4,1500.50,90,,70,2026-01-01,", "IMP-1,220100,职业技能等级证书,5,1200,,,,2026-01-01,"].join("\n");
    expect((await upload(changchun, "/api/standards/import?filename=s.csv", ok)).json()).toMatchObject({ created: 2, problems: [] });
    expect((await upload(changchun, "/api/standards/import?filename=s.csv", ok)).json()).toMatchObject({ created: 0, unchanged: 2 });
    const list = (await changchun.get("/api/standards")).json().items;
    expect(list.find((s: { skillLevel: string }) => s.skillLevel === "4")).toMatchObject({ amountFen: 150_050, shortageFactorPercent: 90, blendedFactorPercent: 70 });
  });

  it("an optional 补贴类型 column: empty is 培训补贴, 评价补贴 makes an evaluation standard, anything else is a row problem", async () => {
    const typed = "项目编号,补贴类型,地区代码,证书类型,技能等级,补贴标准(元),生效日期";
    const bad = [typed, "IMP-1,评价补贴,220100,职业技能等级证书,4,250,2026-01-01", "IMP-1,鉴定费,220100,职业技能等级证书,5,200,2026-01-01"].join("\n");
    const res = await upload(changchun, "/api/standards/import?filename=s.csv&dryRun=true", bad);
    expect(res.json().problems).toEqual([{ row: 3, column: "补贴类型", code: "unknown_subsidy_type", message: "未知的补贴类型：鉴定费（应为 培训补贴 或 评价补贴）" }]);
    // the empty type is the training standard imported above (unchanged), not a new evaluation one
    const good = [typed, "IMP-1,评价补贴,220100,职业技能等级证书,4,250,2026-01-01", "IMP-1,,220100,职业技能等级证书,5,1200,2026-01-01"].join("\n");
    expect((await upload(changchun, "/api/standards/import?filename=s.csv", good)).json()).toMatchObject({ created: 1, unchanged: 1, problems: [] });
    const evaluation = (await changchun.get("/api/standards?subsidyType=evaluation")).json().items;
    expect(evaluation).toEqual([expect.objectContaining({ subsidyType: "evaluation", skillLevel: "4", amountFen: 25_000 })]);
    expect((await changchun.get("/api/standards?subsidyType=training")).json().total).toBe(2);
  });

  it("an overlapping row in the file is refused with the overlap code", async () => {
    const csv = [header, "IMP-1,220100,职业技能等级证书,4,1600,,,,2026-06-01,"].join("\n");
    const res = await upload(changchun, "/api/standards/import?filename=s.csv", csv);
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details.problems[0]).toMatchObject({ row: 2, code: "standard.overlap" });
  });
});
