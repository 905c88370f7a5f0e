import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pickOption } from "./antd.ts";
import { type ClassWorld, OFFICER, setUpClassWorld, STAFF } from "./class-world.ts";
import { startShiftedPlatform, type ShiftedPlatform } from "./shifted-platform.ts";
import { ADMIN_PASSWORD, ApiSession, LAPTOP, launchBrowser, openPage, PHONE, screenshot } from "./support.ts";

/** the China calendar date of an instant */
const chinaDate = (t: number) => new Date(t + 8 * 3_600_000).toISOString().slice(0, 10);
const DAY = 86_400_000;
// applied 21 days ahead (the rule wants 5 working days); the server clock is moved to that day later
const D = chinaDate(Date.now() + 21 * DAY);
const at = (hhmm: string) => new Date(`${D}T${hhmm}:00+08:00`);
const GOOD_NUMBER = "S000122000001264000001";

const tag = (page: Page, text: string) => page.locator(".ant-tag").filter({ hasText: new RegExp(`^${text}$`) }).first();
const combo = (page: Page, name: string) => page.getByRole("combobox").and(page.getByLabel(name, { exact: true }));

async function login(page: Page, username: string, password: string, next: string) {
  await page.goto(next);
  await page.waitForURL(/\/login/);
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "登录" }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/login"));
}

/** picks the first option whose text starts with `prefix` (multi-selects stay open: Escape closes them) */
async function pickStarting(page: Page, field: Locator, prefix: string) {
  await field.click();
  await page.locator(".ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option").filter({ hasText: new RegExp(`^${prefix}`) }).first().click();
}

/** types into an antd DatePicker/TimePicker and commits the value with Enter */
async function fillPicker(field: Locator, text: string) {
  await field.click();
  await field.fill(text);
  await field.press("Enter");
}

async function fillSession(page: Page, n: number, s: { start: string; end: string; content: string; theory: number; practice: number }, teacher: string) {
  await fillPicker(page.getByLabel(`第${n}次课日期`), D);
  await fillPicker(page.getByLabel(`第${n}次课开始时间`), s.start);
  await fillPicker(page.getByLabel(`第${n}次课结束时间`), s.end);
  await pickOption(page, combo(page, `第${n}次课教师`), teacher);
  await page.getByLabel(`第${n}次课内容`).fill(s.content);
  await page.getByLabel(`第${n}次课理论分钟`).fill(String(s.theory));
  await page.getByLabel(`第${n}次课实操分钟`).fill(String(s.practice));
  await page.getByLabel(`第${n}次课地点`).fill("一号实训车间");
}

async function confirmAction(page: Page, button: string) {
  await page.getByRole("button", { name: button, exact: true }).click();
  await page.locator(".ant-popover:not(.ant-popover-hidden)").getByRole("button", { name: "确认" }).click();
}

describe("class lifecycle in the browser", () => {
  let platform: ShiftedPlatform;
  let browser: Browser;
  let world: ClassWorld;
  beforeAll(async () => {
    platform = await startShiftedPlatform();
    browser = await launchBrowser();
    const admin = await ApiSession.login(platform.baseUrl, "admin", ADMIN_PASSWORD);
    world = await setUpClassWorld(platform.baseUrl, admin, chinaDate(Date.now() - 30 * DAY));
  }, 180_000);
  afterAll(async () => {
    await browser?.close().catch(() => {});
    await platform?.stop();
  });

  it("an institution applies, the county approves, trainees check in, results and a certificate anyone can verify", async () => {
    const staffCtx = await openPage(browser, platform.baseUrl, LAPTOP);
    const page = staffCtx.page;
    // staff standing at the site take its position from the browser
    await staffCtx.context.grantPermissions(["geolocation"], { origin: platform.baseUrl });
    await staffCtx.context.setGeolocation({ latitude: 43.88, longitude: 125.32, accuracy: 15 });
    await login(page, STAFF.username, STAFF.password, "/classes/new");
    await page.getByRole("heading", { name: "新建开班申请" }).waitFor();
    await page.getByLabel("班级名称").fill("车工（四级）就业技能培训班");
    await pickStarting(page, combo(page, "培训项目"), world.itemLabel);
    await pickStarting(page, combo(page, "计划项目"), "K1");
    await pickOption(page, combo(page, "证书类型"), "职业技能等级证书");
    await pickOption(page, combo(page, "技能等级"), "四级/中级工");
    await pickOption(page, combo(page, "评价机构"), world.institutionName);
    await fillPicker(page.getByLabel("开班日期"), D);
    await fillPicker(page.getByLabel("结业日期"), D);
    await page.getByLabel("培训地址").fill("长春市南关区人民大街 100 号");
    await page.getByRole("button", { name: "使用我的当前位置" }).click();
    await page.getByTestId("site-position").getByText("纬度 43.88，经度 125.32").waitFor();
    await page.getByLabel("考核方案").fill("理论笔试 + 实操考核，60 分合格");
    await page.getByRole("button", { name: "添加课程" }).click();
    await fillSession(page, 1, { start: "09:00", end: "12:00", content: "车床结构与安全操作", theory: 60, practice: 120 }, world.teacherName);
    for (const p of world.persons) await pickStarting(page, combo(page, "选择学员"), p.name);
    await page.keyboard.press("Escape");

    // too few hours: the server's problems come back as one list
    await page.getByRole("button", { name: "保存并提交审核" }).click();
    const problems = page.getByRole("alert").filter({ hasText: "开班申请未通过检查" });
    await problems.waitFor();
    // the draft is kept: staff are told so, and what to fix
    await page.getByText("草稿已保存", { exact: true }).waitFor();
    expect(await problems.textContent()).toContain("总课时 4 不在目录规定的 8–100 课时之间");
    await screenshot(page, "L1-class-form-problems");

    await page.getByRole("button", { name: "添加课程" }).click();
    await fillSession(page, 2, { start: "13:00", end: "17:00", content: "外圆车削实操", theory: 60, practice: 180 }, world.teacherName);
    await page.getByRole("button", { name: "保存并提交审核" }).click();
    await page.waitForURL(/\/classes\/[0-9a-f-]{36}$/);
    const classUrl = new URL(page.url()).pathname;
    await tag(page, "待审核").waitFor();
    await screenshot(page, "L2-class-submitted");

    // the county officer reviews and approves
    const officerCtx = await openPage(browser, platform.baseUrl, LAPTOP);
    await login(officerCtx.page, OFFICER.username, OFFICER.password, "/classes");
    await officerCtx.page.getByRole("link", { name: /^KB-/ }).first().click();
    await officerCtx.page.getByRole("tab", { name: /学员名册/ }).click();
    await officerCtx.page.getByRole("cell", { name: world.persons[0]!.name }).waitFor();
    await screenshot(officerCtx.page, "L3-officer-review");
    await confirmAction(officerCtx.page, "审核通过");
    await tag(officerCtx.page, "已通过").waitFor();

    // accounts for the trainees, initial passwords shown once
    await page.reload();
    await page.getByRole("button", { name: "开通学员账号" }).click();
    await page.locator(".ant-popover:not(.ant-popover-hidden)").getByRole("button", { name: "开通" }).click();
    const dialog = page.getByRole("dialog", { name: "学员账号与初始密码" });
    await dialog.getByTestId("initial-password").first().waitFor();
    const rows = await dialog.locator("tbody tr").evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].slice(1).map((td) => td.textContent ?? "")));
    expect(rows).toHaveLength(2);
    await screenshot(page, "L4-trainee-accounts");
    await dialog.getByRole("button", { name: "我已记录" }).click();

    // the class day: start, and both trainees check in (the phone UI is another journey's)
    await platform.setNow(at("09:10"));
    await login(page, STAFF.username, STAFF.password, classUrl);
    await confirmAction(page, "开班");
    await tag(page, "培训中").waitFor();
    const trainees: ApiSession[] = [];
    const ownPassword = (i: number) => `Lathe-${i}-Kx7#2026`;
    for (const [i, [username, password]] of rows.entries()) {
      const s = await ApiSession.login(platform.baseUrl, username!, password!);
      await s.call("POST", "/api/auth/change-password", { currentPassword: password, newPassword: ownPassword(i) });
      trainees.push(await ApiSession.login(platform.baseUrl, username!, ownPassword(i)));
    }
    const checkInAll = async (sessionIndex: number) => {
      const staff = await ApiSession.login(platform.baseUrl, STAFF.username, STAFF.password);
      const c = await staff.call<{ sessions: { id: string }[] }>("GET", `/api/classes${classUrl.slice("/classes".length)}`);
      const sessionId = c.sessions[sessionIndex]!.id;
      for (const t of trainees) {
        const { code } = await staff.call<{ code: string }>("GET", `/api/attendance/sessions/${sessionId}/code`);
        await t.call("POST", "/api/attendance/check-in", { sessionId, code, lat: 43.8801, lng: 125.3201, accuracy: 20 });
      }
    };
    await checkInAll(0);
    await platform.setNow(at("12:50"));
    for (const [i, [username]] of rows.entries()) trainees[i] = await ApiSession.login(platform.baseUrl, username!, ownPassword(i));

    // mid-class: the morning is held, the afternoon to come — rates count the morning only, nobody is judged yet
    const attendanceUrl = `/attendance${classUrl}`;
    await login(page, STAFF.username, STAFF.password, attendanceUrl);
    await page.getByText("出勤率只计已结束的 1/2 个课次", { exact: false }).waitFor();
    expect(await page.locator(".ant-statistic").filter({ hasText: "仍可达到 80%" }).textContent()).toContain("2/ 2 人");
    expect(await page.locator(".ant-table-row").filter({ hasText: world.persons[0]!.name }).textContent()).toContain("进行中·可达标");
    expect(await tag(page, "未达标").count()).toBe(0);
    await screenshot(page, "L4b-attendance-mid-class");
    // the morning's code screen no longer shows a code
    const morning = (await (await ApiSession.login(platform.baseUrl, STAFF.username, STAFF.password)).call<{ sessions: { id: string }[] }>("GET", `/api/classes${classUrl.slice("/classes".length)}`)).sessions[0]!.id;
    await page.goto(`/attendance/sessions/${morning}/code`);
    await page.getByText("本课次签到已结束").waitFor();
    expect(await page.getByTestId("checkin-code").count()).toBe(0);
    await checkInAll(1);

    // after the last session: finish, results, a certificate, assessed (locked)
    await platform.setNow(at("17:10"));
    await login(page, STAFF.username, STAFF.password, classUrl);
    await confirmAction(page, "结业");
    await tag(page, "已结业").waitFor();
    await page.getByRole("tab", { name: "考核成绩" }).click();
    for (const [i, p] of world.persons.entries()) {
      await pickOption(page, combo(page, `${p.name}考核结果`), "合格");
      await page.getByLabel(`${p.name}成绩`).fill(String(90 - i * 5));
    }
    await page.getByRole("button", { name: "保存成绩" }).click();
    await page.getByText("考核成绩已保存").waitFor();
    await page.getByRole("tab", { name: "证书" }).click();
    const first = world.persons[0]!;
    await page.getByLabel(`${first.name}证书编号`).fill("S000122000001263000001");
    await page.getByRole("button", { name: "发放证书" }).click();
    await page.getByText("证书编号中的等级（3）与证书等级（4）不一致").waitFor();
    await page.getByLabel(`${first.name}证书编号`).fill(GOOD_NUMBER);
    await page.getByRole("button", { name: "发放证书" }).click();
    await page.getByText("已发放 1 本证书").waitFor();
    await page.getByRole("cell", { name: GOOD_NUMBER }).waitFor();
    await confirmAction(page, "完成评价并锁定");
    await tag(page, "已锁定").waitFor();
    await page.getByRole("tab", { name: "证书" }).click();
    await screenshot(page, "L5-class-assessed-locked");

    // an anonymous visitor on a phone checks the certificate from the login page's link
    const visitor = await openPage(browser, platform.baseUrl, PHONE);
    await visitor.page.goto("/login");
    await visitor.page.getByRole("link", { name: "证书查询" }).click();
    await visitor.page.getByLabel("证书编号").fill(GOOD_NUMBER);
    await visitor.page.getByLabel("持证人姓名").fill(first.name);
    await visitor.page.getByRole("button", { name: "查询" }).click();
    const result = visitor.page.getByTestId("verify-result");
    await result.getByText("证书有效").waitFor();
    const text = (await result.textContent()) ?? "";
    expect(text).toContain("张*");
    expect(text).not.toContain(first.idNumber);
    expect(text).toContain(`${first.idNumber.slice(0, 3)}${"*".repeat(14)}${first.idNumber.slice(-1)}`);
    expect(text).toContain(world.institutionName);
    await screenshot(visitor.page, "L6-verify-phone");
    const laptopVisitor = await openPage(browser, platform.baseUrl, LAPTOP);
    await laptopVisitor.page.goto("/verify");
    await laptopVisitor.page.getByLabel("证书编号").fill(GOOD_NUMBER);
    await laptopVisitor.page.getByLabel("持证人姓名").fill("李四");
    await laptopVisitor.page.getByRole("button", { name: "查询" }).click();
    await laptopVisitor.page.getByText("未查询到该证书").waitFor();
    await screenshot(laptopVisitor.page, "L7-verify-not-found");

    // the officer's class list on a phone
    const phoneOfficer = await openPage(browser, platform.baseUrl, PHONE);
    await login(phoneOfficer.page, OFFICER.username, OFFICER.password, classUrl);
    await tag(phoneOfficer.page, "已锁定").waitFor();
    await screenshot(phoneOfficer.page, "L8-class-detail-phone");

    for (const c of [staffCtx, officerCtx, visitor, laptopVisitor, phoneOfficer]) expect(c.problems.errors).toEqual([]);
  }, 300_000);
});
