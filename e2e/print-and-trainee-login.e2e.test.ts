import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCheckinWorld, type CheckinWorld, OFFICER, SHIFT_DAYS, STAFF } from "./checkin-world.ts";
import { type ShiftedPlatform, startShiftedPlatform } from "./shifted-platform.ts";
import { LAPTOP, launchBrowser, openPage, PHONE, screenshot } from "./support.ts";

const CLASS_TITLE = "电工安全操作专项能力培训班";

async function login(page: Page, username: string, password: string) {
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "登录" }).click();
}

async function changePassword(page: Page, current: string, next: string, currentLabel: string) {
  await page.waitForURL(/\/change-password/);
  await page.getByLabel(currentLabel).fill(current);
  await page.getByLabel("新密码", { exact: true }).fill(next);
  await page.getByLabel("确认新密码").fill(next);
  await page.getByRole("button", { name: "确认修改" }).click();
}

/** What a printed sheet shows, read from the page as text per part. */
async function sheetText(page: Page) {
  const sheet = page.locator("section.sheet").first();
  await sheet.waitFor();
  return {
    sheets: await page.locator("section.sheet").count(),
    heading: (await sheet.locator("h1").textContent()) ?? "",
    meta: (await sheet.locator(".sheet-meta").textContent()) ?? "",
    columns: await sheet.locator("thead th").allTextContents(),
    rows: await sheet.locator("tbody tr").evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent ?? ""))),
    footer: (await sheet.locator(".sheet-footer").textContent()) ?? "",
    seal: await sheet.locator(".seal").count(),
  };
}

/**
 * Journeys: the institution prints a session's sign-in sheet (签到表) and the completion roster
 * (结业花名册) — A4 sheets with the class header, every trainee, signature columns and a seal area,
 * the toolbar gone when printed; a trainee logs in with the ID number, then with the phone; the
 * county officer resets a forgotten password and the trainee logs in with the one-time code and
 * must set a new password at once.
 */
describe("print layouts and trainee login", () => {
  let platform: ShiftedPlatform;
  let browser: Browser;
  let world: CheckinWorld;
  beforeAll(async () => {
    platform = await startShiftedPlatform(-SHIFT_DAYS * 86_400_000);
    browser = await launchBrowser();
    world = await buildCheckinWorld(platform);
  }, 360_000);
  afterAll(async () => {
    await browser?.close().catch(() => {});
    await platform?.stop();
  });

  it("the institution prints the sign-in sheet of a session and the completion roster", async () => {
    const { page, context, problems } = await openPage(browser, platform.baseUrl, LAPTOP);
    await page.goto(`/classes/${world.classId}`);
    await login(page, STAFF.username, STAFF.password);
    await page.getByRole("tab", { name: /课程安排/ }).click();
    const [sheetPage] = await Promise.all([context.waitForEvent("page"), page.getByRole("link", { name: "打印", exact: true }).click()]);
    await sheetPage.getByRole("heading", { name: "培训签到表" }).waitFor();
    const sheet = await sheetText(sheetPage);
    expect(sheet.meta).toContain("培训机构：长春新望职业培训学校");
    expect(sheet.meta).toContain(`班级名称：${CLASS_TITLE}`);
    expect(sheet.meta).toMatch(/班级编号：KB-220102-\d{4}-\d{4}/);
    expect(sheet.meta).toContain("上课地点：实训楼 201 教室");
    expect(sheet.meta).toContain("授课教师：李建国");
    expect(sheet.columns).toEqual(["序号", "姓名", "身份证号", "本人签名", "备注"]);
    // every trainee, numbered, with the ID masked and an empty box to sign in
    // (one roster submitted at once: the trainees share an enrolment time, so their order is the roster's stable tie-break, not the world's)
    expect(sheet.rows.map((r) => r[0])).toEqual(world.trainees.map((_, i) => String(i + 1)));
    expect(sheet.rows.map((r) => r[1]).sort()).toEqual(world.trainees.map((t) => t.name).sort());
    for (const t of world.trainees) {
      const row = sheet.rows.find((r) => r[1] === t.name)!;
      expect(row[2]).not.toContain(t.idNumber);
      expect(row[2]).toMatch(/^\d{3}\*+[\dX]$/);
      expect(row[3]).toBe("");
    }
    expect(sheet.footer).toContain("应到 2 人");
    expect(sheet.footer).toContain("授课教师（签字）");
    expect(sheet.footer).toContain("第 1 页 / 共 1 页");
    expect(sheet.seal).toBe(1);
    expect(await sheetPage.title()).toMatch(/^签到表 KB-220102-/);
    await screenshot(sheetPage, "p1-sign-in-sheet-laptop");
    // printed: only the sheet, no toolbar
    await sheetPage.emulateMedia({ media: "print" });
    expect(await sheetPage.getByRole("button", { name: "打印" }).isVisible()).toBe(false);
    await screenshot(sheetPage, "p2-sign-in-sheet-print");
    await sheetPage.emulateMedia({ media: "screen" });
    await sheetPage.setViewportSize(PHONE);
    await screenshot(sheetPage, "p3-sign-in-sheet-phone");

    // the completion roster of the same class
    await sheetPage.goto(`/classes/${world.classId}/print/roster`);
    await sheetPage.getByRole("heading", { name: "结业花名册" }).waitFor();
    const roster = await sheetText(sheetPage);
    expect(roster.meta).toContain(`班级名称：${CLASS_TITLE}`);
    expect(roster.meta).toContain("证书类型：专项职业能力证书");
    expect(roster.columns).toEqual(["序号", "姓名", "身份证号", "考核结果", "成绩", "证书编号"]);
    expect(roster.rows.map((r) => [r[1], r[3]]).sort()).toEqual(world.trainees.map((t) => [t.name, "未考核"]).sort());
    expect(roster.footer).toContain("在册 2 人，考核合格 0 人，发证 0 人。");
    expect(roster.footer).toContain("经办人（签字）");
    expect(roster.footer).toContain("审核人（签字）");
    expect(roster.seal).toBe(1);
    await screenshot(sheetPage, "p4-roster-phone");
    await sheetPage.setViewportSize(LAPTOP);
    await screenshot(sheetPage, "p5-roster-laptop");

    expect(problems.errors).toEqual([]);
    await context.close();
  });

  it("a trainee logs in with the ID number, then the phone; after a reset by the county, with the one-time code", async () => {
    const t = world.trainees[0]!;
    const trainee = await openPage(browser, platform.baseUrl, PHONE);
    const page = trainee.page;

    // the first login with the ID number and the initial password; the password must be changed
    await page.goto("/login");
    await login(page, t.idNumber, t.temporaryPassword);
    const own = "Dianqi-Anquan#2026";
    await changePassword(page, t.temporaryPassword, own, "当前密码（初始密码）");
    await page.waitForURL(/\/m$/);
    await page.getByText(CLASS_TITLE).first().waitFor();
    await screenshot(page, "p6-trainee-home-after-id-login-phone");
    await page.getByRole("button", { name: "退出登录" }).click();
    await page.waitForURL(/\/login/);

    // the phone number works as well
    await login(page, t.phone, own);
    await page.waitForURL(/\/m$/);
    await page.getByText(CLASS_TITLE).first().waitFor();
    await page.getByRole("button", { name: "退出登录" }).click();
    await page.waitForURL(/\/login/);

    // the trainee forgot the password: the county officer resets it and reads out a one-time code
    const officer = await openPage(browser, platform.baseUrl, LAPTOP);
    await officer.page.goto("/persons");
    await login(officer.page, OFFICER.username, OFFICER.password);
    await officer.page.getByRole("button", { name: t.name, exact: true }).click();
    const drawer = officer.page.getByRole("dialog", { name: `学员：${t.name}` });
    await drawer.getByText("已开通（可用身份证号或手机号登录）").waitFor();
    await drawer.getByRole("button", { name: "重置密码" }).click();
    const code = ((await drawer.getByTestId("one-time-code").textContent()) ?? "").trim();
    expect(code.length).toBeGreaterThanOrEqual(8);
    await drawer.getByText("只显示这一次", { exact: false }).waitFor();
    await screenshot(officer.page, "p7-officer-reset-laptop");
    await officer.page.setViewportSize(PHONE);
    await screenshot(officer.page, "p8-officer-reset-phone");

    // the old password no longer opens the account
    await login(page, t.idNumber, own);
    await page.getByRole("alert").filter({ hasText: /用户名或密码/ }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/login");
    // the one-time code does, and a new password must be chosen before anything else
    await login(page, t.idNumber, code);
    await page.waitForURL(/\/change-password/);
    await screenshot(page, "p9-change-after-reset-phone");
    await page.goto("/m");
    await page.waitForURL(/\/change-password/);
    const renewed = "Dianqi-Xinmima#2026";
    await changePassword(page, code, renewed, "当前密码（初始密码）");
    await page.waitForURL(/\/m$/);
    await page.getByText(CLASS_TITLE).first().waitFor();

    expect(trainee.problems.errors).toEqual([]);
    expect(officer.problems.errors).toEqual([]);
    await trainee.context.close();
    await officer.context.close();
  });

  it("on a phone the class and person lists are cards, not a table that scrolls sideways", async () => {
    const { page, context, problems } = await openPage(browser, platform.baseUrl, PHONE);
    await page.goto("/classes");
    await login(page, OFFICER.username, OFFICER.password);
    const classes = page.getByRole("list", { name: "培训班列表" });
    const card = classes.getByRole("listitem").filter({ hasText: CLASS_TITLE });
    await card.getByRole("link", { name: /^KB-220102-/ }).waitFor();
    expect(await card.textContent()).toContain("长春新望职业培训学校");
    expect(await page.locator(".ant-table").count()).toBe(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, "p10-classes-phone");
    await page.goto("/persons");
    const persons = page.getByRole("list", { name: "学员列表" });
    for (const t of world.trainees) await persons.getByRole("button", { name: t.name, exact: true }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, "p11-persons-phone");
    // at laptop width the same pages are tables again
    await page.setViewportSize(LAPTOP);
    await page.getByRole("cell", { name: world.trainees[0]!.name }).waitFor();
    expect(problems.errors).toEqual([]);
    await context.close();
  });
});
