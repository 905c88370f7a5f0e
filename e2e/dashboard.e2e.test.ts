import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OverviewView as StatsOverview } from "../shared/src/contracts/stats.ts";
import type { OverviewView as TargetsOverview } from "../shared/src/contracts/targets.ts";
import { type ClassWorld, OFFICER, setUpClassWorld, STAFF } from "./class-world.ts";
import { type ShiftedPlatform, startShiftedPlatform } from "./shifted-platform.ts";
import { ADMIN_PASSWORD, ApiSession, createReadyOfficer, LAPTOP, launchBrowser, openPage, PHONE, resultsDir, screenshot } from "./support.ts";

/**
 * The home page per role on real figures: a seeded scenario (one class of 南关区 with two trainees,
 * finished; targets set by the province and 长春市 through the API; statistics rebuilt) is read by
 * the province, city and county officers, whose home must show the completed person-times, the
 * target and the attainment the APIs give, and the map must colour 长春市. Institution staff see
 * their own class. The city officer's annual report shows the same count and exports .xlsx.
 */
const DAY = 86_400_000;
const chinaDate = (t: number) => new Date(t + 8 * 3_600_000).toISOString().slice(0, 10);
/** "2026-12-02 23:43": an instant as China's wall clock, to the minute */
const chinaMinute = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace("T", " ");
// the class ran yesterday (China time), or today on the 1st of January, so that it falls in this year
const TODAY = chinaDate(Date.now());
const D = TODAY.endsWith("-01-01") ? TODAY : chinaDate(Date.now() - DAY);
const YEAR = Number(D.slice(0, 4));
const at = (hhmm: string) => new Date(`${D}T${hhmm}:00+08:00`);
// the application is filed 21 days ahead of the class (the rule wants 5 working days)
const SHIFT = at("08:00").getTime() - 21 * DAY - Date.now();

const CITY = { username: "cc.city", password: "City-Kx7#2026", name: "长春市经办员" };
const PROVINCE = { username: "jl.province", password: "Prov-Kx7#2026", name: "省厅经办员" };
/** targets set through PUT /api/targets: small, so that two person-times show as a visible share */
const TARGETS = { province: 400, changchun: 100, jilinCity: 80, nanguan: 20 };

async function login(page: Page, username: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "登录" }).click();
  await page.getByRole("heading", { name: /^您好/ }).waitFor();
}

const statistic = (page: Page, title: string) => page.locator(".ant-statistic").filter({ has: page.getByText(title, { exact: true }) }).locator(".ant-statistic-content-value");
const num = (s: string | null) => Number((s ?? "").replace(/,/g, ""));
const pct = (part: number, whole: number) => `${((part / whole) * 100).toFixed(1)}%`;
/** the map's label gives one decimal without a trailing zero (2%, 12.5%) */
const mapPct = (part: number, whole: number) => `${Math.round((part / whole) * 1000) / 10}%`;

describe("home dashboard per role on a seeded scenario", () => {
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

  /** a class of 南关区 with both persons on its roster, approved, held on D and finished */
  async function finishedClass(): Promise<string> {
    const staff = await ApiSession.login(platform.baseUrl, STAFF.username, STAFF.password);
    const officer = await ApiSession.login(platform.baseUrl, OFFICER.username, OFFICER.password);
    const session = (start: string, end: string, content: string, theory: number, practice: number) => ({
      date: D,
      startTime: start,
      endTime: end,
      teacherId: world.teacherId,
      content,
      theoryMinutes: theory,
      practiceMinutes: practice,
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
      sessions: [session("09:00", "12:00", "车床结构与安全操作", 60, 120), session("13:00", "17:00", "外圆车削实操", 60, 180)],
      roster: world.persons.map((p) => p.id),
    });
    await staff.call("POST", `/api/classes/${cls.id}/transitions`, { action: "submit" });
    await officer.call("POST", `/api/classes/${cls.id}/transitions`, { action: "approve" });
    await platform.setNow(at("09:10"));
    await (await ApiSession.login(platform.baseUrl, STAFF.username, STAFF.password)).call("POST", `/api/classes/${cls.id}/transitions`, { action: "start" });
    await platform.setNow(at("17:10"));
    await (await ApiSession.login(platform.baseUrl, STAFF.username, STAFF.password)).call("POST", `/api/classes/${cls.id}/transitions`, { action: "finish" });
    await platform.toRealTime();
    return cls.id;
  }

  it("shows each role its to-dos, real progress against the targets set, and the map at laptop and phone width", { timeout: 900_000 }, async () => {
    const base = platform.baseUrl;
    await finishedClass();
    const admin = await ApiSession.login(base, "admin", ADMIN_PASSWORD);
    await createReadyOfficer(admin, base, CITY.username, CITY.name, "220100", CITY.password);
    await createReadyOfficer(admin, base, PROVINCE.username, PROVINCE.name, "220000", PROVINCE.password);
    // a change request filed by the institution waits for the officers of the person's residence
    const staff = await ApiSession.login(base, STAFF.username, STAFF.password);
    await staff.call("POST", `/api/persons/${world.persons[0]!.id}/change-requests`, { phone: "13911112222" });

    // targets: the province sets its total and two cities', 长春市 sets 南关区's
    const put = (s: ApiSession, regionCode: string, target: number) =>
      s.call("PUT", "/api/targets", { period: String(YEAR), line: "total", regionCode, departmentCode: null, target, reason: "年度任务分解", baseVersion: 0 });
    const province = await ApiSession.login(base, PROVINCE.username, PROVINCE.password);
    await put(province, "220000", TARGETS.province);
    await put(province, "220100", TARGETS.changchun);
    await put(province, "220200", TARGETS.jilinCity);
    const city = await ApiSession.login(base, CITY.username, CITY.password);
    await put(city, "220102", TARGETS.nanguan);

    // the statistics are brought up to date on demand, then hold the seeded class
    const rebuilt = await admin.call<{ classes: number }>("POST", "/api/stats/rebuild");
    expect(rebuilt.classes).toBeGreaterThanOrEqual(1);
    const seeded = world.persons.length;

    const county = await ApiSession.login(base, OFFICER.username, OFFICER.password);
    const roles = [
      { name: "province", user: PROVINCE, api: province, target: TARGETS.province, expectText: "吉林省", map: true, child: "长春市" },
      { name: "city", user: CITY, api: city, target: TARGETS.changchun, expectText: "长春市", map: true, child: "南关区" },
      { name: "county", user: { username: OFFICER.username, password: OFFICER.password }, api: county, target: TARGETS.nanguan, expectText: "南关区", map: false, child: null },
      { name: "institution", user: STAFF, api: null, target: null, expectText: "本机构培训班结业与取证情况", map: false, child: null },
    ];
    const shots = "/tmp/shots/dashboard-real";
    fs.mkdirSync(shots, { recursive: true });
    for (const role of roles) {
      // what the APIs answer this officer, compared with the seeded counts and then with the page
      const api = role.api && {
        targets: await role.api.call<TargetsOverview>("GET", `/api/targets/overview?year=${YEAR}`),
        stats: await role.api.call<StatsOverview>("GET", `/api/stats/overview?year=${YEAR}`),
      };
      if (api) {
        expect(api.stats.totals.personTimesCompleted).toBe(seeded);
        expect(api.stats.totals.persons).toBe(seeded);
        expect(api.stats.totals.classesCompleted).toBe(1);
        expect(api.targets.total.target).toBe(role.target);
        expect(api.stats.byMonth.find((m) => m.month === D.slice(0, 7))?.personTimesCompleted).toBe(seeded);
      }
      for (const [label, size] of [
        ["1366", LAPTOP],
        ["390", PHONE],
      ] as const) {
        const { page, context, problems } = await openPage(browser, base, size);
        // the first chart of a session waits for ECharts and the map to load
        context.setDefaultTimeout(60_000);
        await login(page, role.user.username, role.user.password);
        await page.getByText(role.expectText).first().waitFor();
        if (api) {
          await page.getByText("我的待办").waitFor();
          const todo = page.locator('[data-todo="change_requests_to_confirm"]');
          expect(await todo.locator(".ant-statistic-content-value").textContent()).toBe("1");
          const completed = statistic(page, "已结业（人次）");
          await completed.waitFor();
          expect(num(await completed.textContent())).toBe(api.stats.totals.personTimesCompleted);
          expect(num(await statistic(page, "年度目标（人次）").textContent())).toBe(api.targets.total.target);
          expect(num(await statistic(page, "培训人数").textContent())).toBe(api.stats.totals.persons);
          await page.getByText(`目标完成率 ${pct(seeded, role.target!)}`).waitFor();
          // the rollups' time, given as an instant, reads in China time; the refresher may move it
          // while the page loads, so it lies between the API's answers before and after
          const asOfText = ((await page.getByText(/^数据截至 /).textContent()) ?? "").replace("数据截至 ", "");
          const after = (await role.api!.call<StatsOverview>("GET", `/api/stats/overview?year=${YEAR}`)).asOf;
          expect(asOfText >= chinaMinute(api.stats.asOf) && asOfText <= chinaMinute(after), `${asOfText} within ${chinaMinute(api.stats.asOf)}…${chinaMinute(after)}`).toBe(true);
          if (role.child) {
            const row = page.getByRole("row").filter({ hasText: role.child });
            const cells = await row.locator("td").allTextContents();
            expect(num(cells[1]!)).toBe(seeded);
          }
          await page.getByText("月度趋势").waitFor();
          await page.locator("canvas").first().waitFor();
        }
        if (role.map) {
          const map = page.getByRole("img", { name: /吉林省地图/ }).and(page.locator('[aria-busy="false"]'));
          await map.waitFor();
          // 长春市 is coloured by its attainment; a city without a target stays grey
          const labelText = (await map.getAttribute("aria-label")) ?? "";
          expect(labelText).toContain(`长春市 ${mapPct(seeded, TARGETS.changchun)}`);
          if (role.name === "province") {
            expect(labelText).toContain("吉林市 0%");
            expect(labelText).toContain("四平市 未下达目标");
          }
        }
        if (role.name === "institution") {
          await page.getByRole("link", { name: "车工就业技能培训班" }).first().waitFor();
          expect(num(await statistic(page, "在册学员").textContent())).toBe(seeded);
        }
        await screenshot(page, `dashboard-${role.name}-${label}`);
        fs.copyFileSync(path.join(resultsDir, `dashboard-${role.name}-${label}.png`), path.join(shots, `${role.name}-${label}.png`));
        expect(problems.errors).toEqual([]);
        await context.close();
      }
    }

    // the city's annual report counts the same person-times, and its .xlsx downloads
    const report = await city.call<{ content: { total: { personTimesCompleted: number } } }>("GET", `/api/reports?kind=annual&period=${YEAR}&layout=region`);
    expect(report.content.total.personTimesCompleted).toBe(seeded);
    const { page, context, problems } = await openPage(browser, base, LAPTOP);
    context.setDefaultTimeout(60_000);
    await login(page, CITY.username, CITY.password);
    await page.goto(`/reports?kind=annual&period=${YEAR}&layout=region`);
    // the report's own table (the submitted versions' table below may render first)
    const table = page.locator(".ant-table").filter({ has: page.locator("tr.report-total") });
    await table.locator("tr.report-total").waitFor();
    const headers = table.locator(".ant-table-thead th");
    const column = (await headers.allTextContents()).indexOf("结业人次");
    expect(column).toBeGreaterThan(0);
    const nanguan = table.getByRole("row").filter({ hasText: "南关区" });
    expect(num(await nanguan.locator("td").nth(column).textContent())).toBe(seeded);
    const total = table.locator("tr.report-total");
    expect(num(await total.locator("td").nth(column).textContent())).toBe(seeded);
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "导出 Excel" }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const file = path.join(shots, download.suggestedFilename());
    await download.saveAs(file);
    expect(fs.readFileSync(file).subarray(0, 2).toString()).toBe("PK");
    await screenshot(page, "dashboard-city-report-1366");
    fs.copyFileSync(path.join(resultsDir, "dashboard-city-report-1366.png"), path.join(shots, "city-report-1366.png"));
    expect(problems.errors).toEqual([]);
    await context.close();
  });
});
