import fs from "node:fs";
import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { OFFICER, setUpClassWorld, STAFF } from "./class-world.ts";
import { ADMIN_PASSWORD, ApiSession, createReadyOfficer, LAPTOP, openPage, PHONE, resultsDir, screenshot, useJourneyEnv } from "./support.ts";

/**
 * The home page per role, on the real server (real /api/home/todos and /api/home/classes). The
 * targets and statistics overviews are built in parallel work, so their answers here are stubbed in
 * the browser (page.route) with fixed figures; the page joins them, draws the map and links the
 * to-dos. Screenshots at laptop and phone width go to test-results/ (dashboard-*.png).
 */
const CITIES: [string, string, number, number][] = [
  ["220100", "长春市", 200_000, 130_000],
  ["220200", "吉林市", 110_000, 60_000],
  ["220300", "四平市", 60_000, 25_000],
  ["220400", "辽源市", 30_000, 16_000],
  ["220500", "通化市", 50_000, 24_000],
  ["220600", "白山市", 30_000, 8_000],
  ["220700", "松原市", 60_000, 33_000],
  ["220800", "白城市", 50_000, 21_000],
  ["222400", "延边朝鲜族自治州", 110_000, 33_000],
];
const COUNTIES: [string, string, number, number][] = [
  ["220102", "南关区", 30_000, 21_000],
  ["220103", "宽城区", 25_000, 15_000],
  ["220104", "朝阳区", 30_000, 24_000],
  ["220105", "二道区", 20_000, 9_000],
];
const YEAR = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();

function overviews(scope: string, target: number, completed: number, children: [string, string, number, number][]) {
  const months = Array.from({ length: 12 }, (_, i) => ({ month: `${YEAR}-${String(i + 1).padStart(2, "0")}`, personTimesCompleted: Math.round((completed / 12) * (0.6 + (i % 4) / 5)), certificates: Math.round((completed / 14) * (0.6 + (i % 4) / 5)) }));
  return {
    targets: { year: YEAR, scopeRegionCode: scope, total: { target }, children: children.map(([regionCode, regionName, t]) => ({ regionCode, regionName, target: t })), programs: [] },
    stats: {
      year: YEAR,
      asOf: `${YEAR}-12-02T09:00:00+08:00`,
      scopeRegionCode: scope,
      totals: { classesOpened: 2300, classesStarted: 2100, classesCompleted: 1900, personTimesStarted: completed + 40_000, personTimesCompleted: completed, persons: Math.round(completed * 0.9), certificates: Math.round(completed * 0.8) },
      children: children.map(([regionCode, regionName, , done]) => ({ regionCode, regionName, personTimesCompleted: done, persons: Math.round(done * 0.9), certificates: Math.round(done * 0.8) })),
      byMonth: months,
      byCategory: [
        { code: "rural_migrant", name: "农民工", personTimesCompleted: Math.round(completed * 0.35) },
        { code: "unemployed", name: "失业人员", personTimesCompleted: Math.round(completed * 0.2) },
        { code: "graduate", name: "高校毕业生", personTimesCompleted: Math.round(completed * 0.15) },
        { code: "poverty", name: "脱贫劳动力", personTimesCompleted: Math.round(completed * 0.12) },
        { code: "employee", name: "企业职工", personTimesCompleted: Math.round(completed * 0.18) },
      ],
      byIndustry: [
        { code: "manufacturing", name: "先进制造业", personTimesCompleted: Math.round(completed * 0.3) },
        { code: "agriculture", name: "现代农业", personTimesCompleted: Math.round(completed * 0.25) },
        { code: "services", name: "现代服务业", personTimesCompleted: Math.round(completed * 0.25) },
        { code: "tourism", name: "冰雪旅游", personTimesCompleted: Math.round(completed * 0.2) },
      ],
    },
  };
}

async function stubOverviews(context: BrowserContext, o: ReturnType<typeof overviews> | null) {
  await context.route("**/api/targets/overview**", (r) => (o ? r.fulfill({ json: o.targets }) : r.fulfill({ status: 404, json: { error: { code: "request.not_found", message: "不存在", requestId: "x" } } })));
  await context.route("**/api/stats/overview**", (r) => (o ? r.fulfill({ json: o.stats }) : r.fulfill({ status: 404, json: { error: { code: "request.not_found", message: "不存在", requestId: "x" } } })));
}

async function login(page: Page, username: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "登录" }).click();
  await page.getByRole("heading", { name: /^您好/ }).waitFor();
}

describe("home dashboard per role", () => {
  const env = useJourneyEnv();
  const CITY = { username: "cc.city", password: "City-Kx7#2026", name: "长春市经办员" };
  const PROVINCE = { username: "jl.province", password: "Prov-Kx7#2026", name: "省厅经办员" };

  it("shows each role its to-dos, progress, trend, breakdowns and map at laptop and phone width", { timeout: 900_000 }, async () => {
    const { platform, browser } = env();
    const admin = await ApiSession.login(platform.baseUrl, "admin", ADMIN_PASSWORD);
    const world = await setUpClassWorld(platform.baseUrl, admin, `${YEAR}-01-01`);
    await createReadyOfficer(admin, platform.baseUrl, CITY.username, CITY.name, "220100", CITY.password);
    await createReadyOfficer(admin, platform.baseUrl, PROVINCE.username, PROVINCE.name, "220000", PROVINCE.password);
    // a change request filed by the institution waits for the officers of the person's residence
    const staff = await ApiSession.login(platform.baseUrl, STAFF.username, STAFF.password);
    await staff.call("POST", `/api/persons/${world.persons[0]!.id}/change-requests`, { phone: "13911112222" });

    const province = overviews("220000", 700_000, CITIES.reduce((s, c) => s + c[3], 0), CITIES);
    const city = overviews("220100", 200_000, 130_000, COUNTIES);
    const county = overviews("220102", 30_000, 21_000, []);
    const roles = [
      { name: "province", user: PROVINCE, o: province, expectText: "吉林省" },
      { name: "city", user: CITY, o: city, expectText: "长春市" },
      { name: "county", user: { username: OFFICER.username, password: OFFICER.password }, o: county, expectText: "南关区" },
      { name: "institution", user: STAFF, o: null, expectText: "本机构培训班结业与取证情况" },
    ];
    const shots = path.join("/tmp/shots/dashboard");
    fs.mkdirSync(shots, { recursive: true });
    for (const role of roles) {
      for (const [label, size] of [
        ["1366", LAPTOP],
        ["390", PHONE],
      ] as const) {
        const { page, context, problems } = await openPage(browser, platform.baseUrl, size);
        // the first chart of a session waits for ECharts and the map to load
        context.setDefaultTimeout(60_000);
        await stubOverviews(context, role.o);
        await login(page, role.user.username, role.user.password);
        await page.getByText(role.expectText).first().waitFor();
        if (role.name !== "institution") {
          await page.getByText("我的待办").waitFor();
          const todo = page.locator('[data-todo="change_requests_to_confirm"]');
          expect(await todo.locator(".ant-statistic-content-value").textContent()).toBe("1");
          await page.getByText("月度趋势").waitFor();
          await page.locator('canvas').first().waitFor();
        }
        if (role.name === "province" || role.name === "city") await page.getByRole("img", { name: /吉林省地图/ }).and(page.locator('[aria-busy="false"]')).waitFor();
        await screenshot(page, `dashboard-${role.name}-${label}`);
        fs.copyFileSync(path.join(resultsDir, `dashboard-${role.name}-${label}.png`), path.join(shots, `${role.name}-${label}.png`));
        expect(problems.errors).toEqual([]);
        await context.close();
      }
    }
  });
});
