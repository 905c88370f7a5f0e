/**
 * Subsidy measures in the statistics: paid claim lines counted as person-times and fen, by the
 * China day they were paid, in the same scope as the training figures (the class's county), in the
 * overview, the breakdowns and the 季报/年报 columns.
 */
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { reportCells, reportDisplayCells, reportHeadings } from "../../../../shared/src/contracts/stats.ts";
import { grant, makeUser } from "../../../test/factories.ts";
import { createTestEnv, type TestEnv } from "../../../test/harness.ts";
import { ctxOf, makeInstitution, makeItem, makePersons } from "../classes/classes.factory.ts";
import { subsidyClaimLines } from "../subsidies/index.ts";
import { refreshStats } from "./stats.refresh.ts";
import { getReport } from "./stats.reports.ts";
import { certify, enroll, insertClaim, insertClass, insertNotice } from "./stats.factory.ts";
import { breakdown, overview } from "./stats.service.ts";

let env: TestEnv;
let unpaidLine: string;
const ctxFor = async (regionCode: string, g: Parameters<typeof ctxOf>[2]) => ctxOf(await makeUser(env, { regionCode, grants: g }), regionCode, g);

beforeAll(async () => {
  env = await createTestEnv({ now: "2026-11-20T02:00:00Z" });
  const nanguan = await makeInstitution(env, { regionCode: "220102" });
  const chuanying = await makeInstitution(env, { regionCode: "220204" });
  const itemId = (await makeItem(env)).id;
  const p = (await makePersons(env, nanguan.id, 4)).map((x) => x.id);
  // 南关区 class: training subsidy paid for two trainees in April, one line approved but not paid,
  // one not eligible (0 fen); an evaluation subsidy paid at 01:00 on 2 July China time
  const a = await insertClass(env, { institutionId: nanguan.id, regionCode: "220102", itemId, status: "assessed", startDate: "2026-03-02", endDate: "2026-03-13" });
  const ea = await enroll(env, a, p[0]!, { result: "pass" });
  for (const x of p.slice(1, 4)) await enroll(env, a, x, { result: "pass" });
  const training = await insertClaim(env, {
    type: "training",
    regionCode: "220102",
    classId: a,
    institutionId: nanguan.id,
    lines: [
      { personId: p[0]!, amountFen: 120_000, paidAt: "2026-04-10T02:00:00Z" },
      { personId: p[1]!, amountFen: 120_000, paidAt: "2026-04-10T02:00:00Z" },
      { personId: p[2]!, amountFen: 120_000 },
      { personId: p[3]!, amountFen: 0, paidAt: "2026-04-10T02:00:00Z" },
    ],
  });
  unpaidLine = training.lineIds[2]!;
  await insertClaim(env, { type: "evaluation", regionCode: "220102", classId: a, institutionId: nanguan.id, lines: [{ personId: p[0]!, amountFen: 50_000, paidAt: "2026-07-01T17:00:00Z" }] });
  // a skill-upgrading claim the trainee filed on the phone for the certificate of that class: paid 1 July (China) 01:30
  const cert = await certify(env, { enrollmentId: ea, classId: a, personId: p[0]!, issuerInstitutionId: nanguan.id, issueDate: "2026-03-20" });
  const skill = await insertClaim(env, { type: "skill_upgrading", regionCode: "220102", personId: p[0]!, certificateId: cert, lines: [{ personId: p[0]!, amountFen: 150_000, paidAt: "2026-06-30T17:30:00Z" }] });
  // 吉林市船营区: a living allowance paid in May, outside every 长春 view
  const b = await insertClass(env, { institutionId: chuanying.id, regionCode: "220204", itemId, status: "finished", startDate: "2026-04-01", endDate: "2026-04-10" });
  await enroll(env, b, p[3]!);
  const living = await insertClaim(env, { type: "living_allowance", regionCode: "220204", classId: b, institutionId: chuanying.id, lines: [{ personId: p[3]!, amountFen: 80_000, paidAt: "2026-05-05T03:00:00Z" }] });
  // 公示: 长春 published the three training lines with p[0]'s not-eligible line left out; one objection
  // upheld, one dismissed. 吉林市 published the living allowance, one objection still open. The
  // skill-upgrading line was published at 00:30 on 1 January 2026 China time (31 Dec UTC): in 2026.
  const [t0, t1, t2] = training.lineIds;
  await insertNotice(env, { regionCode: "220100", publishedAt: "2026-03-25T02:00:00Z", lineIds: [t0!, t1!, t2!], objections: [{ lineId: t2!, status: "upheld" }, { lineId: t1!, status: "dismissed" }] });
  await insertNotice(env, { regionCode: "220200", publishedAt: "2026-04-20T02:00:00Z", lineIds: living.lineIds, objections: [{ lineId: living.lineIds[0]!, status: "open" }] });
  await insertNotice(env, { regionCode: "220100", publishedAt: "2025-12-31T16:30:00Z", lineIds: skill.lineIds });
  // a cancelled class counts nowhere, even with a paid line
  const c = await insertClass(env, { institutionId: nanguan.id, regionCode: "220102", itemId, status: "cancelled", startDate: "2026-04-01", endDate: "2026-04-10" });
  await insertClaim(env, { type: "training", regionCode: "220102", classId: c, institutionId: nanguan.id, lines: [{ personId: p[1]!, amountFen: 99_000, paidAt: "2026-05-01T03:00:00Z" }] });
  await refreshStats(env.deps.db, env.clock);
});
afterAll(() => env.close());

describe("subsidy measures", () => {
  it("counts paid lines as person-times and fen in the overview, within the caller's region", async () => {
    const city = await ctxFor("220100", [grant.officer("220100")]);
    const province = await ctxFor("220000", [grant.admin()]);
    expect((await overview(env.deps, city, { year: "2026" })).subsidies).toMatchObject({ personTimes: 4, amountFen: 440_000 });
    expect((await overview(env.deps, province, { year: "2026" })).subsidies).toMatchObject({ personTimes: 5, amountFen: 520_000 });
    expect((await overview(env.deps, province, { year: "2025" })).subsidies).toMatchObject({ personTimes: 0, amountFen: 0 });
  });

  it("splits the subsidies by type, adding up to the totals", async () => {
    const city = await ctxFor("220100", [grant.officer("220100")]);
    const province = await ctxFor("220000", [grant.admin()]);
    expect((await overview(env.deps, province, { year: "2026" })).subsidies.byType).toEqual([
      { type: "training", name: "培训补贴", personTimes: 2, amountFen: 240_000 },
      { type: "evaluation", name: "鉴定评价补贴", personTimes: 1, amountFen: 50_000 },
      { type: "living_allowance", name: "生活费补贴", personTimes: 1, amountFen: 80_000 },
      { type: "skill_upgrading", name: "技能提升补贴", personTimes: 1, amountFen: 150_000 },
    ]);
    const mine = (await overview(env.deps, city, { year: "2026" })).subsidies;
    expect(mine.byType.map((t) => [t.type, t.personTimes, t.amountFen])).toEqual([
      ["training", 2, 240_000],
      ["evaluation", 1, 50_000],
      ["living_allowance", 0, 0],
      ["skill_upgrading", 1, 150_000],
    ]);
    expect(mine.byType.reduce((n, t) => n + t.amountFen, 0)).toBe(mine.amountFen);
    expect((await overview(env.deps, province, { year: "2025" })).subsidies.byType.every((t) => t.personTimes === 0 && t.amountFen === 0)).toBe(true);
  });

  it("counts the year's notices, their lines and objections within the caller's region", async () => {
    const changchun = await ctxFor("220100", [grant.officer("220100")]);
    const jilin = await ctxFor("220200", [grant.officer("220200")]);
    const province = await ctxFor("220000", [grant.admin()]);
    expect((await overview(env.deps, changchun, { year: "2026" })).notices).toEqual({ published: 2, lines: 4, objections: 2, upheld: 1 });
    expect((await overview(env.deps, jilin, { year: "2026" })).notices).toEqual({ published: 1, lines: 1, objections: 1, upheld: 0 });
    expect((await overview(env.deps, province, { year: "2026" })).notices).toEqual({ published: 3, lines: 5, objections: 3, upheld: 1 });
    expect((await overview(env.deps, province, { year: "2025" })).notices).toEqual({ published: 0, lines: 0, objections: 0, upheld: 0 });
    // a county sees the lines of its classes only
    const chaoyang = await ctxFor("220104", [grant.officer("220104")]);
    expect((await overview(env.deps, chaoyang, { year: "2026" })).notices).toEqual({ published: 0, lines: 0, objections: 0, upheld: 0 });
  });

  it("breaks the subsidies down by region and by the class's dimensions", async () => {
    const province = await ctxFor("220000", [grant.admin()]);
    const byRegion = await breakdown(env.deps, province, { period: "2026", by: "region" });
    expect(byRegion.rows.find((r) => r.code === "220100")).toMatchObject({ subsidyPersonTimes: 4, subsidyFen: 440_000 });
    expect(byRegion.rows.find((r) => r.code === "220200")).toMatchObject({ subsidyPersonTimes: 1, subsidyFen: 80_000 });
    const q2 = await breakdown(env.deps, province, { period: "2026Q2", by: "trainingType" });
    expect(q2.rows).toEqual([expect.objectContaining({ code: "employment", subsidyPersonTimes: 3, subsidyFen: 320_000 })]);
    const byDept = await breakdown(env.deps, province, { period: "2026", by: "department" });
    expect(byDept.rows.find((r) => r.code === "agri")).toMatchObject({ subsidyPersonTimes: 5, subsidyFen: 520_000 });
  });

  it("puts 补贴支付人次 and 补贴支付金额(元) in the quarterly report by the China day paid", async () => {
    const city = await ctxFor("220100", [grant.officer("220100")]);
    const q2 = (await getReport(env.deps, city, { kind: "quarterly", period: "2026Q2", layout: "region" })).content;
    const q3 = (await getReport(env.deps, city, { kind: "quarterly", period: "2026Q3", layout: "region" })).content;
    expect(q2.rows.find((r) => r.code === "220102")).toMatchObject({ subsidyPersonTimes: 2, subsidyFen: 240_000 });
    // 2026-06-30T17:30Z and 2026-07-01T17:00Z are 1 and 2 July in China: the third quarter
    expect(q3.rows.find((r) => r.code === "220102")).toMatchObject({ subsidyPersonTimes: 2, subsidyFen: 200_000 });
    expect(q3.total).toMatchObject({ subsidyPersonTimes: 2, subsidyFen: 200_000 });
    const headings = reportHeadings(q3);
    const cells = reportCells(q3, q3.total);
    expect(cells[headings.indexOf("补贴支付人次")]).toBe(2);
    expect(cells[headings.indexOf("补贴支付金额(元)")]).toBe(2000);
    const annual = (await getReport(env.deps, city, { kind: "annual", period: "2026", layout: "department" })).content;
    expect(annual.total).toMatchObject({ subsidyPersonTimes: 4, subsidyFen: 440_000 });
  });

  it("splits the report's subsidies by type (培训补贴, 鉴定评价补贴, 生活费补贴, 技能提升补贴) in both layouts, fen in the API and yuan on the page", async () => {
    const city = await ctxFor("220100", [grant.officer("220100")]);
    const q3 = (await getReport(env.deps, city, { kind: "quarterly", period: "2026Q3", layout: "region" })).content;
    // the evaluation line and the skill-upgrading line were paid in the third quarter (China days)
    expect(q3.rows.find((r) => r.code === "220102")?.subsidyByType).toEqual({
      training: { personTimes: 0, fen: 0 },
      evaluation: { personTimes: 1, fen: 50_000 },
      living_allowance: { personTimes: 0, fen: 0 },
      skill_upgrading: { personTimes: 1, fen: 150_000 },
    });
    const headings = reportHeadings(q3);
    expect(headings.slice(-8)).toEqual(["培训补贴人次", "培训补贴金额(元)", "鉴定评价补贴人次", "鉴定评价补贴金额(元)", "生活费补贴人次", "生活费补贴金额(元)", "技能提升补贴人次", "技能提升补贴金额(元)"]);
    const shown = reportDisplayCells(q3, q3.total);
    expect(shown[headings.indexOf("鉴定评价补贴人次")]).toBe(1);
    expect(shown[headings.indexOf("鉴定评价补贴金额(元)")]).toBe("500.00");
    expect(shown[headings.indexOf("技能提升补贴金额(元)")]).toBe("1,500.00");
    expect(shown[headings.indexOf("培训补贴金额(元)")]).toBe("0.00");
    // the province's department layout: 吉林市's living allowance counts for every department leading the class's program (K1)
    const province = await ctxFor("220000", [grant.admin("220000")]);
    const byDept = (await getReport(env.deps, province, { kind: "annual", period: "2026", layout: "department" })).content;
    for (const code of ["hrss", "agri"]) {
      expect(byDept.rows.find((r) => r.code === code)?.subsidyByType).toEqual({
        training: { personTimes: 2, fen: 240_000 },
        evaluation: { personTimes: 1, fen: 50_000 },
        living_allowance: { personTimes: 1, fen: 80_000 },
        skill_upgrading: { personTimes: 1, fen: 150_000 },
      });
    }
    // counted once in the total, the types adding up to the total
    const t = byDept.total;
    expect(t).toMatchObject({ subsidyPersonTimes: 5, subsidyFen: 520_000 });
    expect(Object.values(t.subsidyByType!).reduce((n, x) => n + x.fen, 0)).toBe(t.subsidyFen);
  });

  it("exports the subsidies by type in the .xlsx, amounts in yuan with two decimals", async () => {
    const officer = await makeUser(env, { regionCode: "220100", grants: [grant.officer("220100")] });
    const res = await (await officer.session()).get("/api/reports/export?kind=quarterly&period=2026Q2&layout=region");
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const headings = (ws.getRow(3).values as unknown[]).slice(1) as string[];
    const total = [...Array(ws.rowCount).keys()].map((i) => ws.getRow(i + 1)).find((r) => r.getCell(1).value === "合计")!;
    const cell = (h: string) => total.getCell(headings.indexOf(h) + 1);
    expect(cell("培训补贴人次").value).toBe(2);
    expect(cell("培训补贴金额(元)").value).toBe(2400);
    expect(cell("培训补贴金额(元)").numFmt).toBe("0.00");
    expect(cell("生活费补贴人次").value).toBe(0);
    expect(cell("补贴支付金额(元)").value).toBe(2400);
    expect(cell("补贴支付金额(元)").numFmt).toBe("0.00");
  });

  it("counts a line once it is paid, at the next refresh (the line's write marks its class)", async () => {
    const city = await ctxFor("220100", [grant.officer("220100")]);
    await env.deps.db.update(subsidyClaimLines).set({ paidAt: new Date("2026-11-02T02:00:00Z") }).where(eq(subsidyClaimLines.id, unpaidLine));
    const marked = (await env.deps.db.execute(sql`select count(*)::int as n from stats_dirty_classes`)) as unknown as { rows: { n: number }[] };
    expect(marked.rows[0]!.n).toBe(1);
    await refreshStats(env.deps.db, env.clock);
    const after = (await overview(env.deps, city, { year: "2026" })).subsidies;
    expect(after).toMatchObject({ personTimes: 5, amountFen: 560_000 });
    expect(after.byType[0]).toEqual({ type: "training", name: "培训补贴", personTimes: 3, amountFen: 360_000 });
  });
});
