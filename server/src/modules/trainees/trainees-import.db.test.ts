import { type SQL, sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grant, makeUser } from "../../../test/factories.ts";
import { createTestEnv, type Session, type TestEnv } from "../../../test/harness.ts";
import { makeInstitution } from "../classes/classes.factory.ts";
import { badChecksum, nextIdNumber } from "./trainees.factory.ts";

let env: TestEnv;
/** raw SQL, to look at what is really stored */
const q = async (query: SQL) => ((await env.deps.db.execute(query)) as unknown as { rows: Record<string, unknown>[] }).rows;
let instA: string;
let instB: string;
let staffA: Session;
let staffB: Session;

const HEADER = "身份证号,姓名,性别,手机号,居住地区划代码,文化程度,人员类别,证明方式,名册名称或承诺书编号,证明日期";
const row = (id: string, name: string, o: { phone?: string; region?: string } = {}) =>
  `${id},${name},,${o.phone ?? ""},${o.region ?? "220102"},初中,农村转移就业劳动者,承诺书,CN-${name},2026-02-01`;
const csv = (rows: string[]) => Buffer.from(`\uFEFF${HEADER}\r\n${rows.join("\r\n")}\r\n`, "utf8");

function upload(s: Session, file: Buffer, q: string, type = "text/csv", path = "/api/trainee-imports") {
  return s.request({ method: "POST", url: `${path}?${q}`, payload: file, headers: { "content-type": type } });
}
const uploadList = (s: Session, file: Buffer, q: string) => upload(s, file, q, "text/csv", "/api/registry-imports");
const personCount = async () => Number((await q(sql`select count(*)::int as n from persons`))[0]!.n);

async function waitForJob(s: Session, id: string) {
  for (let i = 0; i < 200; i++) {
    const j = (await s.get(`/api/trainee-imports/${id}`)).json();
    if (j.status === "succeeded" || j.status === "failed") return j;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("job did not finish");
}

beforeAll(async () => {
  env = await createTestEnv();
  // real institutions, so admins' institution grants resolve through the institutions module
  instA = (await makeInstitution(env, { regionCode: "220102" })).id;
  instB = (await makeInstitution(env, { regionCode: "220103" })).id;
  staffA = await (await makeUser(env, { regionCode: "220102", grants: [grant.institution(instA)] })).session();
  staffB = await (await makeUser(env, { regionCode: "220103", grants: [grant.institution(instB)] })).session();
});
afterAll(() => env?.close());

describe("roster import", () => {
  it("a dry run lists every row's problem and saves nothing; a commit with problems is refused whole", async () => {
    const dup = nextIdNumber();
    const file = csv([
      row(nextIdNumber(), "甲"),
      row(badChecksum(nextIdNumber()), "乙"),
      row(dup, "丙"),
      row(dup, "丙"),
      `,丁,,,,,,,,`,
      row(nextIdNumber(), "戊", { region: "229999" }),
    ]);
    const before = await personCount();
    const dry = await upload(staffA, file, "mode=dry-run&filename=roster.csv");
    expect(dry.statusCode).toBe(200);
    const report = dry.json();
    expect(report).toMatchObject({ mode: "dry-run", total: 6, created: 2 });
    expect(report.problems.map((p: { row: number; code: string }) => `${p.row}:${p.code}`)).toEqual([
      "3:id_checksum",
      "5:duplicate_in_file",
      "6:required",
      "6:required",
      "7:unknown_region",
    ]);
    expect(await personCount()).toBe(before);

    const commit = await upload(staffA, file, "mode=commit&filename=roster.csv");
    expect(commit.statusCode).toBe(422);
    expect(commit.json().error).toMatchObject({ code: "import.rejected", details: { problemCount: 5 } });
    expect(await personCount()).toBe(before);
  });

  it("reports merged cells and formulas in an .xlsx", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("花名册");
    ws.addRow(HEADER.split(","));
    ws.addRow([nextIdNumber(), "合并", "", "", "220102"]);
    ws.addRow([nextIdNumber(), "合并", "", "", "220102"]);
    ws.mergeCells("B2:B3");
    ws.addRow([nextIdNumber(), { formula: "CONCAT(\"公\",\"式\")" }, "", "", "220102"]);
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const res = await upload(staffA, buf, "mode=dry-run&filename=roster.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(res.statusCode).toBe(200);
    expect(res.json().problems.map((p: { row: number; column: string; code: string }) => `${p.row}:${p.column}:${p.code}`)).toEqual(["3:姓名:merged_cell", "4:姓名:formula"]);
  });

  it("commits all rows in one go, links them to the institution, and a second import is all unchanged", async () => {
    const ids = [nextIdNumber(), nextIdNumber(), nextIdNumber()];
    const file = csv([row(ids[0]!, "张一"), row(ids[1]!, "张二"), row(ids[2]!, "张三")]);
    const first = await upload(staffA, file, "mode=commit&filename=a.csv");
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ total: 3, created: 3, updated: 0, unchanged: 0, problemCount: 0 });
    const listed = (await staffA.get("/api/persons?q=张&pageSize=50")).json();
    expect(listed.items.map((p: { name: string }) => p.name).sort()).toEqual(["张一", "张三", "张二"]);
    expect(listed.items[0]).toMatchObject({ primaryCategory: "rural_migrant", education: "junior_high", institutionIds: [instA] });
    expect((await staffB.get("/api/persons?q=张&pageSize=50")).json().total).toBe(0);

    const again = await upload(staffA, file, "mode=commit&filename=a.csv");
    expect(again.json()).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
    expect((await upload(staffA, file, "mode=dry-run&filename=a.csv")).json()).toMatchObject({ unchanged: 3 });

    // another institution importing the same people links them (one person each); a new phone is
    // only a warning — the record keeps A's entry, and B sees what it entered itself
    const b = await upload(staffB, csv([row(ids[0]!, "张一", { phone: "13900000001" }), row(ids[1]!, "张二")]), "mode=commit&filename=b.csv");
    expect(b.json()).toMatchObject({ created: 0, updated: 2, unchanged: 0, warningCount: 1, warnings: [{ row: 2, column: "手机号", code: "differs_from_registered" }] });
    const zhang1 = (await staffB.post("/api/persons/find-by-id-number", { idNumber: ids[0] })).json().items[0];
    expect(zhang1).toMatchObject({ phone: "13900000001", fullView: false, institutionIds: [instB] });
    expect((await staffA.post("/api/persons/find-by-id-number", { idNumber: ids[0] })).json().items[0]).toMatchObject({ phone: null, fullView: true });
    const links = await q(sql`select institution_id from person_institutions where person_id = ${zhang1.id}`);
    expect(links.map((l) => l.institution_id).sort()).toEqual([instA, instB].sort());
    // same ID, another name: a problem, nothing saved
    const clash = await upload(staffB, csv([row(nextIdNumber(), "新人"), row(ids[2]!, "李三")]), "mode=commit&filename=c.csv");
    expect(clash.statusCode).toBe(422);
    expect(clash.json().error.details.problems[0]).toMatchObject({ row: 3, code: "name_mismatch" });
    expect((await staffB.get("/api/persons?q=新人")).json().total).toBe(0);

    const audits = await q(sql`select count(*)::int as n from audit_log where action = 'person.imported'`);
    expect(audits[0]).toEqual({ n: 3 });
  });

  it("runs a background job that reports progress and final counts, visible only to its owner", async () => {
    const rows = Array.from({ length: 2500 }, (_, i) => row(nextIdNumber({ birthYear: 1970 + (i % 30) }), `批量${i}`));
    const file = csv(rows);
    const started = await upload(staffA, file, "mode=commit&filename=big.csv");
    expect(started.statusCode).toBe(202);
    const { jobId } = started.json();
    const early = (await staffA.get(`/api/trainee-imports/${jobId}`)).json();
    expect(["queued", "running", "succeeded"]).toContain(early.status);
    expect((await staffB.get(`/api/trainee-imports/${jobId}`)).statusCode).toBe(404);
    const done = await waitForJob(staffA, jobId);
    expect(done).toMatchObject({ status: "succeeded", total: 2500, processed: 2500, created: 2500, updated: 0, unchanged: 0, problemCount: 0, error: null });
    expect((await staffA.get("/api/persons?q=批量&pageSize=1")).json().total).toBe(2500);

    // the same file again as a job: all unchanged
    const second = await waitForJob(staffA, (await upload(staffA, file, "mode=commit&filename=big.csv")).json().jobId);
    expect(second).toMatchObject({ status: "succeeded", created: 0, unchanged: 2500 });

    // a failing job keeps its problems
    const bad = await upload(staffA, csv([row(badChecksum(nextIdNumber()), "坏")]), "mode=commit&filename=bad.csv&background=true");
    const failed = await waitForJob(staffA, bad.json().jobId);
    expect(failed).toMatchObject({ status: "failed", error: { code: "import.rejected" }, problemCount: 1 });
    expect(failed.problems[0]).toMatchObject({ row: 2, code: "id_checksum" });

    // the console's list: the owner's jobs with the uploaded file's name, paged; nobody else's
    const list = (await staffA.get("/api/trainee-imports?pageSize=2")).json();
    expect(list).toMatchObject({ total: 3, page: 1, pageSize: 2 });
    expect(list.items).toHaveLength(2);
    const all = (await staffA.get("/api/trainee-imports")).json().items;
    expect(all.map((j: { filename: string; status: string }) => `${j.filename} ${j.status}`).sort()).toEqual(["bad.csv failed", "big.csv succeeded", "big.csv succeeded"]);
    expect((await staffA.get("/api/trainee-imports?status=failed")).json().items.map((j: { id: string }) => j.id)).toEqual([bad.json().jobId]);
    expect((await staffB.get("/api/trainee-imports")).json().total).toBe(0);
  });

  it("a registry list sets registry_match evidence for matching persons in the officer's county", async () => {
    const officer = await (await makeUser(env, { regionCode: "220102", grants: [grant.officer("220102")] })).session();
    const [here, there, unknown] = [nextIdNumber(), nextIdNumber(), nextIdNumber()];
    await upload(staffA, csv([row(here, "名册甲"), row(there, "名册乙", { region: "220103" })]), "mode=commit&filename=r.csv");
    const list = Buffer.from(`身份证号,姓名\n${here},名册甲\n${there},名册乙\n${unknown},无此人\n`);
    const q = `filename=list.csv&listName=${encodeURIComponent("南关区失业登记名册")}&category=rural_migrant`;
    const refused = await uploadList(staffA, list, `mode=dry-run&${q}`);
    expect(refused.statusCode, refused.body).toBe(403);
    const dry = await uploadList(officer, list, `mode=dry-run&${q}`);
    // 名册乙 lives in 宽城区: outside this officer's scope, so simply unmatched
    expect(dry.json()).toMatchObject({ total: 3, matched: 1, unmatched: 2, problemCount: 0 });
    const commit = await uploadList(officer, list, `mode=commit&${q}`);
    expect(commit.statusCode).toBe(200);
    const p = (await officer.post("/api/persons/find-by-id-number", { idNumber: here })).json().items[0];
    expect(p.categories).toEqual([{ code: "rural_migrant", evidenceType: "registry_match", evidenceRef: "南关区失业登记名册", evidenceDate: "2026-03-02", sensitive: false }]);
    const bad = await uploadList(officer, Buffer.from(`身份证号,姓名\n${badChecksum(here)},名册甲\n${here},别名\n`), `mode=commit&${q}`);
    expect(bad.json().error.details.problems.map((x: { code: string }) => x.code)).toEqual(["id_checksum", "name_mismatch"]);
  });

  it("refuses files that are not rosters", async () => {
    expect((await upload(staffA, Buffer.from("a,b\n1,2\n"), "mode=dry-run&filename=x.csv")).json().error.code).toBe("import.missing_columns");
    expect((await upload(staffA, Buffer.from("hello"), "mode=dry-run&filename=x.pdf")).json().error.code).toBe("import.bad_file");
    expect((await upload(staffA, csv([]), "mode=nope&filename=x.csv")).statusCode).toBe(400);
  });
});
