import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ReportContent, reportDisplayCells, reportHeadings } from "../shared/src/contracts/stats.ts";
import { type ClassWorld, OFFICER, setUpClassWorld, STAFF } from "./class-world.ts";
import { type ShiftedPlatform, startShiftedPlatform } from "./shifted-platform.ts";
import { ADMIN_PASSWORD, ApiSession, createReadyOfficer, LAPTOP, launchBrowser, openPage } from "./support.ts";

/**
 * 统计报表 as a city officer: a class of 南关区 with two trainees is run to 已结业, the statistics are
 * rebuilt, and the annual report page must show, cell for cell, what `GET /api/reports` answers —
 * every row and column, the total row included — with the rate titles explaining their definition.
 */
const DAY = 86_400_000;
const chinaDate = (t: number) => new Date(t + 8 * 3_600_000).toISOString().slice(0, 10);
const TODAY = chinaDate(Date.now());
const D = TODAY.endsWith("-01-01") ? TODAY : chinaDate(Date.now() - DAY);
const YEAR = Number(D.slice(0, 4));
const at = (hhmm: string) => new Date(`${D}T${hhmm}:00+08:00`);
const SHIFT = at("08:00").getTime() - 21 * DAY - Date.now();
const CITY = { username: "cc.reports", password: "City-Rp7#2026", name: "长春市统计员" };

async function login(page: Page, username: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "登录" }).click();
  await page.getByRole("heading", { name: /^您好/ }).waitFor();
}

describe("annual report in the browser agrees with the API", () => {
  let platform: ShiftedPlatform;
  let browser: Browser;
  let world: ClassWorld;
  beforeAll(async () => {
    platform = await startShiftedPlatform(SHIFT);
    browser = await launchBrowser();
    const admin = await ApiSession.login(platform.baseUrl, "admin", ADMIN_PASSWORD);
    world = await setUpClassWorld(platform.baseUrl, admin, chinaDate(Date.now() + SHIFT - DAY));
  }, 300_000);
  afterAll(async () => {
    await browser?.close().catch(() => {});
    await platform?.stop();
  });

  it("shows a city officer every cell of the report the API gives", { timeout: 900_000 }, async () => {
    const base = platform.baseUrl;
    const staff = await ApiSession.login(base, STAFF.username, STAFF.password);
    const officer = await ApiSession.login(base, OFFICER.username, OFFICER.password);
    const session = (start: string, end: string, content: string) => ({
      date: D,
      startTime: start,
      endTime: end,
      teacherId: world.teacherId,
      content,
      theoryMinutes: 60,
      practiceMinutes: 120,
      place: "一号实训车间",
      requireCheckOut: false,
    });
    const cls = await staff.call<{ id: string }>("POST", "/api/classes", {
      catalogueItemId: world.itemId,
      programCode: "K1",
      title: "车工就业技能培训班",
      mode: "offline",
      address: "长春市南关区人民大街 100 号",
      lat: 43.88,
      lng: 125.32,
      startDate: D,
      endDate: D,
      capacity: 30,
      assessmentPlan: "理论笔试 + 实操考核",
      certificateType: "training_completion",
      skillLevel: "4",
      sessions: [session("09:00", "12:00", "车床结构与安全操作"), session("13:00", "16:00", "外圆车削实操")],
      roster: world.persons.map((p) => p.id),
    });
    await staff.call("POST", `/api/classes/${cls.id}/transitions`, { action: "submit" });
    await officer.call("POST", `/api/classes/${cls.id}/transitions`, { action: "approve" });
    await platform.setNow(at("09:10"));
    await (await ApiSession.login(base, STAFF.username, STAFF.password)).call("POST", `/api/classes/${cls.id}/transitions`, { action: "start" });
    await platform.setNow(at("17:10"));
    const later = await ApiSession.login(base, STAFF.username, STAFF.password);
    await later.call("POST", `/api/classes/${cls.id}/transitions`, { action: "finish" });
    await platform.toRealTime();

    const admin = await ApiSession.login(base, "admin", ADMIN_PASSWORD);
    await admin.call("POST", "/api/stats/rebuild");
    await createReadyOfficer(admin, base, CITY.username, CITY.name, "220100", CITY.password);
    const city = await ApiSession.login(base, CITY.username, CITY.password);
    const { content } = await city.call<{ content: ReportContent }>("GET", `/api/reports?kind=annual&period=${YEAR}&layout=region`);
    // both trainees of the finished class completed it (nobody missed an assessment)
    expect(content.total.personTimesCompleted).toBe(world.persons.length);
    expect(content.rows.find((r) => r.name === "南关区")?.personTimesCompleted).toBe(world.persons.length);

    const { page, context, problems } = await openPage(browser, base, LAPTOP);
    context.setDefaultTimeout(60_000);
    await login(page, CITY.username, CITY.password);
    await page.goto(`/reports?kind=annual&period=${YEAR}&layout=region`);
    const table = page.locator(".ant-table").filter({ has: page.locator("tr.report-total") });
    await table.locator("tr.report-total").waitFor();
    const headers = (await table.locator(".ant-table-thead th").allTextContents()).map((h) => h.trim());
    expect(headers).toEqual(reportHeadings(content));
    const shown = await table.locator(".ant-table-tbody tr.ant-table-row").evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll("td")].map((td) => (td.textContent ?? "").trim())));
    const expected = [...content.rows, content.total].map((r) => reportDisplayCells(content, r).map(String));
    expect(shown).toEqual(expected);
    // the rate titles explain themselves
    await table.getByRole("button", { name: /^结业率：/ }).hover();
    await page.getByRole("tooltip").filter({ hasText: "未缺考" }).waitFor();
    expect(problems.errors).toEqual([]);
    await context.close();
  });
});
