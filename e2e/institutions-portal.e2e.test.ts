import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { creditCheckChar, idCheckChar } from "../shared/src/ids.ts";
import { pickTreeNode } from "./antd.ts";
import { ADMIN_PASSWORD, ApiSession, createReadyOfficer, openPage, PHONE, screenshot, useJourneyEnv } from "./support.ts";

const creditCode = (first17: string) => first17 + creditCheckChar(first17);
/** the same code with a wrong check character */
const badCheck = (code: string) => code.slice(0, 17) + (code[17] === "0" ? "1" : "0");
const BANK = "6222020200001234567";
const TEACHER_ID = `22010219800101123${idCheckChar("22010219800101123")}`;

async function login(page: Page, username: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "登录" }).click();
  await page.waitForURL((u) => u.pathname === "/");
}

async function fillDate(page: Page, label: string, value: string) {
  const input = page.getByLabel(label);
  await input.click();
  await input.fill(value);
  await input.press("Enter");
}

/**
 * Journey (a): an institution registers on the public portal; the 南关区 officer approves it in the
 * console; an anonymous visitor then finds it on the portal, without bank account or teacher IDs.
 * Journey (b): an import with bad rows lists every problem and imports nothing.
 */
describe("institution registration, review and the public portal", () => {
  const env = useJourneyEnv();

  it("registers on /portal/register, is approved by the county officer and appears on the portal", async () => {
    const { platform, browser } = env();
    const code = creditCode("52220102MJ1234567");
    const { page, problems, context } = await openPage(browser, platform.baseUrl);

    // the login page leads the public to the portal
    await page.goto("/login");
    await page.getByRole("link", { name: "公众服务：查询培训机构和培训项目" }).click();
    await page.waitForURL(/\/portal$/);
    await screenshot(page, "p1-portal-home-laptop");
    await page.getByRole("navigation", { name: "公众服务导航" }).getByRole("link", { name: "机构注册" }).click();
    await page.waitForURL(/\/portal\/register$/);

    await page.getByLabel("机构名称").fill("南关区启航职业培训学校");
    await page.getByLabel("统一社会信用代码").fill(badCheck(code));
    await pickTreeNode(page, page.getByLabel("所在县（市、区）"), "南关", "南关区");
    await page.getByLabel("地址", { exact: true }).fill("长春市南关区人民大街 100 号");
    await page.getByLabel("办学许可证（或营业执照）编号").fill("教民122010270000001");
    await fillDate(page, "许可证有效期至", "2030-12-31");
    await page.getByLabel("咨询电话（公开）").fill("0431-88886666");
    await page.getByLabel("联系人").fill("王校长");
    await page.getByLabel("联系电话").fill("13900000011");
    await page.getByLabel("开户名").fill("南关区启航职业培训学校");
    await page.getByLabel("开户银行").fill("中国工商银行长春南关支行");
    await page.getByLabel("银行账号").fill(BANK);
    await page.getByLabel("登录用户名").fill("qihang");
    await page.getByLabel("登录密码").fill("Jilin-Start#2026x");
    // a wrong check character is caught in the page by the shared contract
    await page.getByRole("button", { name: "提交注册申请" }).click();
    await page.getByText("统一社会信用代码校验位错误").waitFor();
    await screenshot(page, "p2-register-error-laptop");
    await page.getByLabel("统一社会信用代码").fill(code);
    await page.getByRole("button", { name: "提交注册申请" }).click();
    await page.getByText("注册申请已提交", { exact: true }).waitFor();
    await screenshot(page, "p3-register-done-laptop");

    // the institution adds a teacher (their own API session); its ID must never reach the portal
    const staff = await ApiSession.login(platform.baseUrl, "qihang", "Jilin-Start#2026x");
    const instId = (await staff.call<{ items: { id: string }[] }>("GET", "/api/institutions")).items[0]!.id;
    await staff.call("POST", `/api/institutions/${instId}/teachers`, { name: "李老师", idNumber: TEACHER_ID, qualifications: "电工技师", employment: "full_time" });
    await staff.call("POST", `/api/institutions/${instId}/qualifications`, { occupationCode: "6-31-01-03", occupationName: "电工", maxLevel: 3, capacity: 60 });

    // the 南关区 officer approves it in the console
    const admin = await ApiSession.login(platform.baseUrl, "admin", ADMIN_PASSWORD);
    await createReadyOfficer(admin, platform.baseUrl, "ng.review", "南关审核员", "220102", "Nanguan-Rv7#2026");
    await login(page, "ng.review", "Nanguan-Rv7#2026");
    await page.getByRole("menu").getByRole("menuitem", { name: "培训机构" }).click();
    await page.waitForURL(/\/institutions$/);
    const row = page.getByRole("row").filter({ hasText: "南关区启航职业培训学校" });
    await row.getByText("待审核").waitFor();
    await screenshot(page, "p4-institutions-officer-laptop");
    await row.getByRole("link", { name: "南关区启航职业培训学校" }).click();
    await page.getByRole("heading", { name: "南关区启航职业培训学校" }).waitFor();
    await page.getByText(/\*+4567/).first().waitFor();
    expect(await page.getByText(BANK, { exact: true }).count()).toBe(0);
    await page.getByRole("tab", { name: /师资/ }).click();
    await page.getByText("李老师").waitFor();
    expect(await page.getByText(TEACHER_ID).count()).toBe(0);
    await screenshot(page, "p5-institution-teachers-officer-laptop");
    // the full ID is shown only on request (audited)
    await page.getByRole("button", { name: "查看完整证件号" }).click();
    await page.getByText(TEACHER_ID).waitFor();
    await page.getByRole("tab", { name: "基本信息" }).click();
    await page.getByRole("button", { name: "审核通过" }).click();
    await page.getByRole("tooltip").getByRole("button", { name: "审核通过" }).click();
    await page.locator(".ant-tag").getByText("已通过").waitFor();
    await page.getByRole("button", { name: "作出处理" }).waitFor();
    await screenshot(page, "p6-institution-approved-laptop");
    await context.close();

    // an anonymous visitor finds it by city and occupation, on a phone
    const anon = await openPage(browser, platform.baseUrl, PHONE);
    await anon.page.goto("/portal/institutions?regionCode=220100&occupation=%E7%94%B5%E5%B7%A5");
    const card = anon.page.locator(".ant-card").filter({ hasText: "南关区启航职业培训学校" });
    await card.waitFor();
    await card.getByText("电工").waitFor();
    await screenshot(anon.page, "p7-portal-institutions-phone");
    await card.getByRole("link", { name: "南关区启航职业培训学校" }).click();
    await anon.page.getByText("0431-88886666").waitFor();
    await anon.page.getByText("1 名教师").waitFor();
    const text = (await anon.page.locator("body").textContent()) ?? "";
    expect(text).not.toContain(BANK);
    expect(text).not.toContain("开户");
    expect(text).not.toContain(TEACHER_ID);
    expect(text).not.toContain("李老师");
    await screenshot(anon.page, "p8-portal-institution-phone");
    expect(anon.page.url()).toContain(`/portal/institutions/${instId}`);
    expect(problems.errors).toEqual([]);
    expect(anon.problems.errors).toEqual([]);
    await anon.context.close();

    // the institution's own staff: 我的机构, with their edit buttons but no officer actions
    const own = await openPage(browser, platform.baseUrl, PHONE);
    await login(own.page, "qihang", "Jilin-Start#2026x");
    // their role is named by the institution, never by its id
    await own.page.getByText("培训机构人员 · 南关区启航职业培训学校").waitFor();
    expect(await own.page.getByText(instId.slice(0, 8)).count()).toBe(0);
    await own.page.getByRole("button", { name: "打开菜单" }).click();
    await own.page.getByRole("menuitem", { name: "我的机构" }).click();
    await own.page.waitForURL(new RegExp(`/institutions/${instId}$`));
    await own.page.getByRole("button", { name: "修改机构信息" }).waitFor();
    expect(await own.page.getByRole("button", { name: "作出处理" }).count()).toBe(0);
    await screenshot(own.page, "p9-my-institution-phone");
    await own.page.getByRole("tab", { name: /培训资质/ }).click();
    await own.page.getByRole("button", { name: "申请增加资质" }).waitFor();
    expect(await own.page.getByRole("button", { name: "批准变更" }).count()).toBe(0);
    await screenshot(own.page, "p10-my-institution-qualifications-phone");
    expect(own.problems.errors).toEqual([]);
    await own.context.close();

    // the operation log names the action and the institution in Chinese, linked to its page
    const audit = await openPage(browser, platform.baseUrl);
    await login(audit.page, "admin", ADMIN_PASSWORD);
    await audit.page.goto("/audit?entityType=institution");
    const approved = audit.page.getByRole("row").filter({ hasText: "通过机构审核" });
    await approved.getByRole("link", { name: "南关区启航职业培训学校" }).waitFor();
    expect(await approved.textContent()).not.toContain(instId);
    await screenshot(audit.page, "p11-audit-institution-laptop");
    await approved.getByRole("link", { name: "南关区启航职业培训学校" }).click();
    await audit.page.waitForURL(new RegExp(`/institutions/${instId}$`));
    expect(audit.problems.errors).toEqual([]);
    await audit.context.close();
  });

  it("an import with bad rows lists every problem and imports nothing", async () => {
    const { platform, browser } = env();
    // one institution already in the list, so the list has something to stay unchanged
    const reg = await fetch(`${platform.baseUrl}/api/public/institutions/register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        creditCode: creditCode("52220104MJ1111111"),
        role: "training",
        regionCode: "220104",
        name: "朝阳区已登记学校",
        type: "private_school",
        address: "朝阳区 1 号",
        licenceNo: "L-000",
        licenceValidUntil: "2030-01-01",
        contactName: "赵六",
        contactPhone: "13900000020",
        bankAccountName: "朝阳区已登记学校",
        bankName: "农业银行",
        bankAccountNumber: "6228000000000000",
        username: "chaoyang.school",
        password: "Chaoyang-School#2026",
      }),
    });
    expect(reg.status).toBe(201);
    const admin = await ApiSession.login(platform.baseUrl, "admin", ADMIN_PASSWORD);
    const before = await admin.call<{ total: number }>("GET", "/api/institutions");
    const good = creditCode("52220102MJ7654321");
    const header = "统一社会信用代码,机构名称,机构类型,机构角色,所在县（市、区）代码,地址,咨询电话,许可证编号,许可证有效期至,联系人,联系电话,开户名,开户银行,银行账号";
    const rows = [
      `${good},绿园区好技能学校,民办职业培训学校,培训,220106,绿园区西环城路 1 号,,L-001,2030-01-01,张三,13900000021,绿园区好技能学校,建设银行,6227000000000001`,
      `${badCheck(creditCode("52220102MJ0000001"))},坏代码学校,民办职业培训学校,培训,220106,地址,,L-002,2030-01-01,李四,13900000022,坏代码学校,建设银行,6227000000000002`,
      `=HYPERLINK("http://x"),公式学校,民办职业培训学校,培训,220106,地址,,L-003,2030-01-01,王五,13900000023,公式学校,建设银行,6227000000000003`,
    ];
    const file = Buffer.from(`\uFEFF${[header, ...rows].join("\n")}\n`, "utf8");

    const { page, problems, context } = await openPage(browser, platform.baseUrl);
    await login(page, "admin", ADMIN_PASSWORD);
    await page.goto("/institutions");
    await page.getByText(`共 ${before.total} 家`).waitFor();
    await page.getByRole("button", { name: "导入机构" }).click();
    const dialog = page.getByRole("dialog", { name: "导入培训评价机构" });
    await dialog.locator("input[type=file]").setInputFiles({ name: "机构.csv", mimeType: "text/csv", buffer: file });
    await dialog.getByRole("button", { name: "检查文件" }).click();
    await dialog.getByText(/发现 \d+ 个问题，涉及 2 行/).waitFor();
    const table = dialog.getByRole("table");
    await table.getByText("统一社会信用代码校验位错误").waitFor();
    const rowNumbers = await dialog.locator(".ant-table-tbody tr.ant-table-row td:first-child").allInnerTexts();
    expect(new Set(rowNumbers)).toEqual(new Set(["3", "4"]));
    expect(await dialog.getByRole("button", { name: "确认导入" }).count()).toBe(0);
    await screenshot(page, "b1-import-problems-laptop");
    await dialog.getByRole("button", { name: "取消" }).click();

    // nothing was imported: the list and the server agree
    await page.getByText(`共 ${before.total} 家`).waitFor();
    const after = await admin.call<{ total: number }>("GET", "/api/institutions");
    expect(after.total).toBe(before.total);
    await screenshot(page, "b2-institutions-unchanged-laptop");
    expect(problems.errors).toEqual([]);
    await context.close();
  });
});
