import { eq, sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grant, makeUser } from "../../../test/factories.ts";
import { createTestEnv, type TestEnv } from "../../../test/harness.ts";
import { ctxOf, makeInstitution, makeItem, makePersons } from "../classes/classes.factory.ts";
import { persons } from "../trainees/index.ts";
import { refreshStats } from "./stats.refresh.ts";
import { contentHash, getReport, getSnapshot, listSnapshots, submitReport } from "./stats.reports.ts";
import { statsReportSnapshots } from "./stats.table.ts";
import { type ReportContent, type ReportRow, reportCells, reportHeadings } from "../../../../shared/src/contracts/stats.ts";
import { certify, enroll, insertClass } from "./stats.factory.ts";
import { breakdown, listRecords, overview } from "./stats.service.ts";
import { classes } from "../classes/index.ts";

let env: TestEnv;
type Inst = Awaited<ReturnType<typeof makeInstitution>>;
let nanguan: Inst; // 220102 长春市南关区
let chaoyang: Inst; // 220104 长春市朝阳区
let chuanying: Inst; // 220204 吉林市船营区
let itemId: string;
let people: { id: string; name: string }[];

const ctxFor = async (regionCode: string, g: Parameters<typeof ctxOf>[2]) => ctxOf(await makeUser(env, { regionCode, grants: g }), regionCode, g);

beforeAll(async () => {
  env = await createTestEnv({ now: "2026-07-15T02:00:00Z" });
  nanguan = await makeInstitution(env, { regionCode: "220102" });
  chaoyang = await makeInstitution(env, { regionCode: "220104" });
  chuanying = await makeInstitution(env, { regionCode: "220204" });
  itemId = (await makeItem(env)).id;
  people = await makePersons(env, nanguan.id, 4);
  await env.deps.db.update(persons).set({ primaryCategory: "rural_migrant" }).where(eq(persons.id, people[0]!.id));
  // person 0 completes two classes (南关 in March, 朝阳 in May): two person-times, one person
  const a = await insertClass(env, { institutionId: nanguan.id, regionCode: "220102", itemId, status: "assessed", startDate: "2026-03-02", endDate: "2026-03-13" });
  const b = await insertClass(env, { institutionId: chaoyang.id, regionCode: "220104", itemId, status: "finished", startDate: "2026-05-04", endDate: "2026-05-15", trainingType: "upgrading" });
  const ea = await enroll(env, a, people[0]!.id, { result: "pass" });
  await enroll(env, a, people[1]!.id, { result: "absent" }); // on the roster, absent from the assessment: started, not completed
  await enroll(env, b, people[0]!.id);
  await certify(env, { enrollmentId: ea, classId: a, personId: people[0]!.id, issuerInstitutionId: nanguan.id, issueDate: "2026-03-20" });
  // 吉林市: one completion that no 长春 viewer may see
  const c = await insertClass(env, { institutionId: chuanying.id, regionCode: "220204", itemId, status: "finished", startDate: "2026-04-01", endDate: "2026-04-10" });
  await enroll(env, c, people[2]!.id);
  // a cancelled class and a draft count nowhere
  const d = await insertClass(env, { institutionId: nanguan.id, regionCode: "220102", itemId, status: "cancelled", startDate: "2026-04-01", endDate: "2026-04-10" });
  await enroll(env, d, people[3]!.id);
  await insertClass(env, { institutionId: nanguan.id, regionCode: "220102", itemId, status: "draft", startDate: "2026-04-01", endDate: "2026-04-10" });
  await refreshStats(env.deps.db, env.clock);
});
afterAll(() => env.close());

describe("one statistical scope (DOMAIN §6)", () => {
  it("counts a trainee in two classes as two person-times and one person; an absent trainee started but did not complete", async () => {
    const city = await ctxFor("220100", [grant.officer("220100")]);
    const o = await overview(env.deps, city, { year: "2026" });
    expect(o.totals).toEqual({ classesOpened: 2, classesStarted: 2, classesCompleted: 2, personTimesStarted: 3, personTimesCompleted: 2, persons: 1, certificates: 1 });
    expect(o.byMonth.find((m) => m.month === "2026-03")).toEqual({ month: "2026-03", personTimesCompleted: 1, certificates: 1 });
    expect(o.byMonth.find((m) => m.month === "2026-05")?.personTimesCompleted).toBe(1);
    expect(o.byCategory).toEqual([{ code: "rural_migrant", name: "农村转移就业劳动者", personTimesCompleted: 2 }]);
  });

  it("counts a class two departments lead once in the total, and once in each department's own figures", async () => {
    const province = await ctxFor("220000", [grant.admin()]);
    const agri = await ctxFor("220000", [grant.dept("agri")]);
    const women = await ctxFor("220000", [grant.dept("women")]);
    const total = await overview(env.deps, province, { year: "2026" });
    expect(total.totals.classesCompleted).toBe(3);
    expect(total.totals.personTimesCompleted).toBe(3);
    expect(total.totals.persons).toBe(2);
    for (const d of [agri, women]) expect((await overview(env.deps, d, { year: "2026" })).totals.personTimesCompleted).toBe(3);
    const byDept = await breakdown(env.deps, province, { period: "2026", by: "department" });
    expect(byDept.rows.find((r) => r.code === "agri")?.classesCompleted).toBe(3);
    expect(byDept.rows.find((r) => r.code === "women")?.classesCompleted).toBe(3);
    // unique persons: both trainees in each department leading K1, and once in the total
    for (const d of [agri, women]) expect((await overview(env.deps, d, { year: "2026" })).totals.persons).toBe(2);
    const report = (await getReport(env.deps, province, { kind: "annual", period: "2026", layout: "department" })).content;
    expect(report.rows.find((r) => r.code === "agri")).toMatchObject({ personTimesCompleted: 3, persons: 2 });
    expect(report.rows.find((r) => r.code === "women")).toMatchObject({ personTimesCompleted: 3, persons: 2 });
    expect(report.rows.find((r) => r.code === "veterans")).toMatchObject({ personTimesCompleted: 0, persons: 0 });
    expect(report.total).toMatchObject({ personTimesCompleted: 3, persons: 2 });
    const q1 = (await getReport(env.deps, agri, { kind: "quarterly", period: "2026Q1", layout: "department" })).content;
    expect(q1.rows.map((r) => [r.code, r.persons])).toEqual([["agri", 1]]);
    expect(q1.total.persons).toBe(1);
    // a department may not compare departments
    await expect(breakdown(env.deps, agri, { period: "2026", by: "department" })).rejects.toMatchObject({ code: "stats.dimension_forbidden" });
  });

  it("shows a city only its counties, the province its cities, a county no children", async () => {
    const city = await ctxFor("220100", [grant.officer("220100")]);
    const o = await overview(env.deps, city, { year: "2026" });
    expect(o.scopeRegionCode).toBe("220100");
    expect(o.children.every((c) => c.regionCode.startsWith("2201"))).toBe(true);
    expect(o.children.find((c) => c.regionCode === "220102")).toMatchObject({ regionName: "南关区", personTimesCompleted: 1, persons: 1, certificates: 1 });
    expect(o.children.find((c) => c.regionCode === "220104")).toMatchObject({ personTimesCompleted: 1, persons: 1 });
    await expect(overview(env.deps, city, { year: "2026", regionCode: "220200" })).rejects.toMatchObject({ code: "stats.region_not_found" });
    const province = await overview(env.deps, await ctxFor("220000", [grant.admin()]), { year: "2026" });
    expect(province.children).toHaveLength(9);
    expect(province.children.find((c) => c.regionCode === "220200")?.personTimesCompleted).toBe(1);
    const county = await overview(env.deps, city, { year: "2026", regionCode: "220102" });
    expect(county.children).toEqual([]);
    expect(county.totals.personTimesCompleted).toBe(1);
  });

  it("shows institution staff their own institution's classes only", async () => {
    const staff = await ctxFor("220104", [grant.institution(chaoyang.id)]);
    const o = await overview(env.deps, staff, { year: "2026" });
    expect(o.totals.personTimesCompleted).toBe(1);
    expect(o.totals.certificates).toBe(0);
  });

  it("gives zeros for an empty year and clear codes for bad periods", async () => {
    const city = await ctxFor("220100", [grant.officer("220100")]);
    const empty = await overview(env.deps, city, { year: "2019" });
    expect(empty.totals.personTimesCompleted).toBe(0);
    expect(empty.byMonth).toHaveLength(12);
    await expect(overview(env.deps, city, { year: "2027" })).rejects.toMatchObject({ code: "stats.period_future" });
    await expect(overview(env.deps, city, { year: "20x6" })).rejects.toMatchObject({ code: "stats.period_invalid" });
    await expect(breakdown(env.deps, city, { period: "2026", by: "colour" })).rejects.toMatchObject({ code: "stats.dimension_unknown" });
  });

  it("drills down to the records behind a figure, masked, within scope", async () => {
    const dept = await ctxFor("220000", [grant.dept("agri")]);
    const r = await listRecords(env.deps, dept, { measure: "personTimesCompleted", period: "2026", page: 1, pageSize: 20 });
    expect(r.total).toBe(3);
    expect(r.items.every((i) => /^\d{3}\*{14}[\dX]$/.test(i.idNumberMasked))).toBe(true);
    expect(r.items.every((i) => i.personName.includes("*"))).toBe(true);
    const city = await ctxFor("220100", [grant.officer("220100")]);
    const mine = await listRecords(env.deps, city, { measure: "personTimesCompleted", period: "2026Q2", page: 1, pageSize: 20 });
    expect(mine.items.map((i) => i.regionCode)).toEqual(["220104"]);
  });

  it("follows corrections: a withdrawal, a revoked certificate and a cancelled class leave the figures at the next refresh", async () => {
    const province = await ctxFor("220000", [grant.admin()]);
    const before = (await overview(env.deps, province, { year: "2026" })).totals;
    const [c] = await env.deps.db.select({ id: classes.id }).from(classes).where(eq(classes.regionCode, "220204"));
    await env.deps.db.update(classes).set({ status: "cancelled" }).where(eq(classes.id, c!.id));
    await env.deps.db.execute(sql`update certificates set status = 'revoked', revoked_reason = '测试'`);
    await refreshStats(env.deps.db, env.clock);
    const after = (await overview(env.deps, province, { year: "2026" })).totals;
    expect(after.personTimesCompleted).toBe(before.personTimesCompleted - 1);
    expect(after.certificates).toBe(0);
    expect(after.persons).toBe(1);
    await env.deps.db.update(classes).set({ status: "finished" }).where(eq(classes.id, c!.id));
    await env.deps.db.execute(sql`update certificates set status = 'valid', revoked_reason = null`);
    await refreshStats(env.deps.db, env.clock);
    expect((await overview(env.deps, province, { year: "2026" })).totals).toEqual(before);
  });
});

describe("quarterly and annual reports", () => {
  it("stores a submitted report with its hash, reproduces it from the same data, and keeps corrections as new versions", async () => {
    const city = await ctxFor("220100", [grant.officer("220100")]);
    await expect(submitReport(env.deps, city, { kind: "quarterly", period: "2026Q3", layout: "region" })).rejects.toMatchObject({ code: "report.period_open" });
    await expect(submitReport(env.deps, city, { kind: "quarterly", period: "2026", layout: "region" })).rejects.toMatchObject({ code: "stats.period_invalid" });
    const v1 = await submitReport(env.deps, city, { kind: "quarterly", period: "2026Q1", layout: "region" });
    expect(v1.version).toBe(1);
    expect(v1.content.total.personTimesCompleted).toBe(1);
    expect(v1.content.rows.find((r) => r.code === "220102")).toMatchObject({ personTimesCompleted: 1, persons: 1, certificates: 1, completionRatePermille: 500 });
    expect((await getSnapshot(env.deps, city, v1.id)).reproducible).toBe(true);
    // a late completion in Q1 changes the data: the stored snapshot no longer matches today's figures
    const late = await insertClass(env, { institutionId: nanguan.id, regionCode: "220102", itemId, status: "finished", startDate: "2026-03-23", endDate: "2026-03-27" });
    await enroll(env, late, people[3]!.id);
    await refreshStats(env.deps.db, env.clock);
    const again = await getSnapshot(env.deps, city, v1.id);
    expect(again.reproducible).toBe(false);
    expect(again.content.total.personTimesCompleted).toBe(1);
    await expect(submitReport(env.deps, city, { kind: "quarterly", period: "2026Q1", layout: "region" })).rejects.toMatchObject({ code: "report.reason_required" });
    const v2 = await submitReport(env.deps, city, { kind: "quarterly", period: "2026Q1", layout: "region", reason: "补录 3 月结业班级" });
    expect(v2.version).toBe(2);
    expect(v2.content.total.personTimesCompleted).toBe(2);
    expect(v2.contentHash).not.toBe(v1.contentHash);
    const list = await listSnapshots(env.deps, city, { period: "2026Q1" });
    expect(list.items.map((s) => s.version).sort()).toEqual([1, 2]);
    // 吉林市 does not see 长春市's reports
    const jilin = await ctxFor("220200", [grant.officer("220200")]);
    await expect(getSnapshot(env.deps, jilin, v1.id)).rejects.toMatchObject({ code: "report.not_found" });
    const staff = await ctxFor("220102", [grant.institution(nanguan.id)]);
    await expect(listSnapshots(env.deps, staff, {})).rejects.toMatchObject({ code: "report.layout_forbidden" });
  });

  it("keeps a snapshot submitted before the subsidy columns reproducible, and shows it without those columns", async () => {
    const city = await ctxFor("220100", [grant.officer("220100")]);
    const v1 = await submitReport(env.deps, city, { kind: "quarterly", period: "2026Q2", layout: "region" });
    expect(reportHeadings(v1.content)).toContain("补贴支付人次");
    // what the platform stored before the statistics counted subsidies: no subsidy figures, hashed as such
    const strip = ({ subsidyPersonTimes: _p, subsidyFen: _f, subsidyByType: _t, ...r }: ReportRow) => r;
    const old: ReportContent = { ...v1.content, rows: v1.content.rows.map(strip), total: strip(v1.content.total) };
    await env.deps.db.update(statsReportSnapshots).set({ content: old, contentHash: contentHash(old) }).where(eq(statsReportSnapshots.id, v1.id));
    const read = await getSnapshot(env.deps, city, v1.id);
    expect(read.reproducible).toBe(true);
    expect(reportHeadings(read.content)).not.toContain("补贴支付人次");
    expect(reportCells(read.content, read.content.total)).toHaveLength(reportHeadings(read.content).length);
    // through the route too (the response contract accepts the older shape)
    const officer = await makeUser(env, { regionCode: "220100", grants: [grant.officer("220100")] });
    const res = await (await officer.session()).get(`/api/reports/snapshots/${v1.id}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ reproducible: true });
    // an old snapshot whose training figures no longer hold still reads as not reproducible
    const changed = { ...old, total: { ...old.total, personTimesCompleted: old.total.personTimesCompleted + 1 } };
    await env.deps.db.update(statsReportSnapshots).set({ content: changed, contentHash: contentHash(changed) }).where(eq(statsReportSnapshots.id, v1.id));
    expect((await getSnapshot(env.deps, city, v1.id)).reproducible).toBe(false);
  });

  it("keeps a snapshot submitted with the subsidy totals but before their split by type reproducible, showing the totals only", async () => {
    const city = await ctxFor("220100", [grant.officer("220100")]);
    const v1 = await submitReport(env.deps, city, { kind: "annual", period: "2025", layout: "department" });
    expect(reportHeadings(v1.content)).toContain("培训补贴金额(元)");
    const strip = ({ subsidyByType: _t, ...r }: ReportRow) => r;
    const old: ReportContent = { ...v1.content, rows: v1.content.rows.map(strip), total: strip(v1.content.total) };
    await env.deps.db.update(statsReportSnapshots).set({ content: old, contentHash: contentHash(old) }).where(eq(statsReportSnapshots.id, v1.id));
    const read = await getSnapshot(env.deps, city, v1.id);
    expect(read.reproducible).toBe(true);
    expect(reportHeadings(read.content)).toContain("补贴支付金额(元)");
    expect(reportHeadings(read.content)).not.toContain("培训补贴金额(元)");
    expect(reportCells(read.content, read.content.total)).toHaveLength(reportHeadings(read.content).length);
    const officer = await makeUser(env, { regionCode: "220100", grants: [grant.officer("220100")] });
    const session = await officer.session();
    const res = await session.get(`/api/reports/snapshots/${v1.id}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ reproducible: true });
    // its export has the columns it was submitted with
    const xlsx = await session.get(`/api/reports/snapshots/${v1.id}/export`);
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const headings = (wb.worksheets[0]!.getRow(3).values as unknown[]).slice(1);
    expect(headings.at(-1)).toBe("补贴支付金额(元)");
  });

  it("exports the annual report as an .xlsx that opens with the right numbers", async () => {
    const admin = await makeUser(env, { regionCode: "220100", grants: [grant.admin("220100")] });
    const s = await admin.session();
    const res = await s.get("/api/reports/export?kind=annual&period=2026&layout=region");
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(String(ws.getCell(1, 1).value)).toContain("长春市职业技能培训2026年度统计表");
    const headings = (ws.getRow(3).values as unknown[]).slice(1);
    expect(headings.slice(0, 5)).toEqual(["地区", "开班数（期）", "结业班数（期）", "参训人次", "结业人次"]);
    const find = (name: string) => {
      for (let i = 4; i <= ws.rowCount; i++) if (ws.getCell(i, 1).value === name) return (ws.getRow(i).values as unknown[]).slice(1);
      return null;
    };
    const col = (h: string) => headings.indexOf(h);
    expect(find("南关区")![col("结业人次")]).toBe(2);
    expect(find("朝阳区")![col("结业人次")]).toBe(1);
    expect(find("朝阳区")![col("其中：岗位技能提升培训")]).toBe(1);
    expect(find("合计")![col("结业人次")]).toBe(3);
    expect(find("合计")![col("结业人数（去重）")]).toBe(2);
    expect(find("船营区")).toBeNull();
  });

  it("answers the overview contract over HTTP with scope errors as codes", async () => {
    const officer = await makeUser(env, { regionCode: "220100", grants: [grant.officer("220100")] });
    const s = await officer.session();
    const ok = await s.get("/api/stats/overview?year=2026");
    expect(ok.statusCode).toBe(200);
    expect(Object.keys(ok.json()).sort()).toEqual(["asOf", "byCategory", "byIndustry", "byMonth", "children", "notices", "scopeRegionCode", "subsidies", "totals", "year"]);
    expect(new Date(ok.json().asOf).getTime()).toBeGreaterThan(0);
    expect((await s.get("/api/stats/overview?year=2026&regionCode=220204")).json().error.code).toBe("stats.region_not_found");
    expect((await s.get("/api/stats/overview?year=2099")).json().error.code).toBe("stats.period_future");
    expect((await s.get("/api/stats/overview?year=abc")).statusCode).toBe(400);
  });
});
