import { expect as expectValue, describe, it } from "vitest";
import { fieldErrors, pickOption, pickTreeNode } from "./antd.ts";
import { ADMIN_PASSWORD, ApiSession, openPage, screenshot, useJourneyEnv } from "./support.ts";

/**
 * Journey (a): the province administrator creates a county officer for 长春市南关区 in the
 * console; the officer must change the temporary password, then sees only 南关区 accounts.
 */
describe("county officer onboarding", () => {
  const env = useJourneyEnv();

  it("admin creates a 南关区 officer, who changes the password and sees only 南关区 users", async () => {
    const { platform, browser } = env();
    const { page, problems, context } = await openPage(browser, platform.baseUrl);

    // a deep link without a session leads to the login page and back after login
    await page.goto("/users");
    await page.waitForURL(/\/login\?next=%2Fusers/);
    await screenshot(page, "a1-login-laptop");
    await page.getByLabel("用户名").fill("admin");
    await page.getByLabel("密码").fill(ADMIN_PASSWORD);
    await page.getByRole("button", { name: "登录" }).click();
    await page.waitForURL(/\/users$/);
    await page.getByRole("heading", { name: "用户管理" }).waitFor();
    await page.getByRole("cell", { name: "admin", exact: true }).waitFor();

    // create the officer through the form; a taken username is marked on its field
    await page.getByRole("button", { name: "新建用户" }).click();
    const dialog = page.getByRole("dialog", { name: "新建用户" });
    await dialog.getByLabel("用户名").fill("admin");
    await dialog.getByLabel("姓名").fill("南关经办员");
    await pickTreeNode(page, dialog.getByLabel("所属地区"), "南关", "南关区");
    await dialog.getByLabel("手机号").fill("13900000001");
    await pickOption(page, dialog.getByLabel("角色", { exact: true }), "人社部门经办人员");
    await pickOption(page, dialog.getByLabel("授权范围"), "行政区划");
    await pickTreeNode(page, dialog.getByLabel("行政区划"), "南关", "南关区");
    await screenshot(page, "a2-create-user-form-laptop");
    await dialog.getByRole("button", { name: "创建" }).click();
    await fieldErrors(dialog, "用户名").getByText("该用户名已被使用").waitFor();
    await dialog.getByLabel("用户名").fill("ng.officer");
    await dialog.getByRole("button", { name: "创建" }).click();

    const secretDialog = page.getByRole("dialog", { name: "用户已创建" });
    await secretDialog.waitFor();
    const temporaryPassword = ((await secretDialog.getByTestId("one-time-secret").textContent()) ?? "").trim();
    expectValue(temporaryPassword.length).toBeGreaterThanOrEqual(10);
    await screenshot(page, "a3-temporary-password-laptop");
    await secretDialog.getByRole("button", { name: "我已记录" }).click();
    await secretDialog.waitFor({ state: "hidden" });
    const row = page.getByRole("row").filter({ hasText: "ng.officer" });
    await row.getByText("人社部门经办人员 · 南关区").waitFor();
    await row.getByText("待改密").waitFor();

    // a colleague in 南关区 and an officer of another county (朝阳区), set up through the API
    const admin = await ApiSession.login(platform.baseUrl, "admin", ADMIN_PASSWORD);
    await admin.createOfficer("ng.clerk", "南关办事员", "220102");
    await admin.createOfficer("cy.officer", "朝阳经办员", "220104");
    await page.reload();
    await page.getByRole("cell", { name: "cy.officer", exact: true }).waitFor();
    await screenshot(page, "a4-users-admin-laptop");

    // log out from the user menu
    await page.getByRole("button", { name: "用户菜单" }).click();
    await page.getByRole("menuitem", { name: "退出登录" }).click();
    await page.waitForURL(/\/login$/);

    // the officer logs in with the temporary password and must set their own first
    await page.getByLabel("用户名").fill("ng.officer");
    await page.getByLabel("密码").fill(temporaryPassword);
    await page.getByRole("button", { name: "登录" }).click();
    await page.waitForURL(/\/change-password/);
    await page.getByLabel("当前密码（初始密码）").fill(temporaryPassword);
    await page.getByLabel("新密码", { exact: true }).fill("ng.officer-2026");
    await page.getByLabel("确认新密码").fill("ng.officer-2026");
    await page.getByRole("button", { name: "确认修改" }).click();
    await fieldErrors(page, "新密码").getByText(/不能包含用户名/).waitFor();
    await screenshot(page, "a5-change-password-laptop");
    await page.getByLabel("新密码", { exact: true }).fill("Nanguan-Kx7#2026");
    await page.getByLabel("确认新密码").fill("Nanguan-Kx7#2026");
    await page.getByRole("button", { name: "确认修改" }).click();
    await page.waitForURL((u) => u.pathname === "/");
    await page.getByText("人社部门经办人员 · 南关区").first().waitFor();
    await screenshot(page, "a6-dashboard-officer-laptop");

    // the menu offers users (and the work pages) but not the audit log; the list holds only 南关区 accounts
    const menu = page.getByRole("menu");
    const items = await menu.getByRole("menuitem").allInnerTexts();
    expectValue(items.slice(0, 2)).toEqual(["首页", "用户管理"]);
    expectValue(items).not.toContain("操作日志");
    await menu.getByRole("menuitem", { name: "用户管理" }).click();
    await page.getByRole("cell", { name: "ng.clerk", exact: true }).waitFor();
    const usernames = await page.locator(".ant-table-tbody tr.ant-table-row td:first-child").allInnerTexts();
    expectValue(usernames.sort()).toEqual(["ng.clerk", "ng.officer"]);
    expectValue(await page.getByText("共 2 人").count()).toBe(1);
    expectValue(await page.getByRole("button", { name: "新建用户" }).count()).toBe(0);
    expectValue(await page.getByRole("button", { name: "重置密码" }).count()).toBe(0);
    await screenshot(page, "a7-users-officer-laptop");

    // the audit log is not theirs to read, even by address
    await page.goto("/audit");
    await page.getByText("无权访问").waitFor();
    await screenshot(page, "a8-forbidden-laptop");

    expectValue(problems.errors).toEqual([]);
    if (problems.console.length) console.log(`[browser console]\n${problems.console.join("\n")}`);
    await context.close();
  });

  it("admin edits, resets and disables accounts; every problem the server finds is marked on its field", async () => {
    const { platform, browser } = env();
    const admin = await ApiSession.login(platform.baseUrl, "admin", ADMIN_PASSWORD);
    await admin.createOfficer("ld.officer", "绿园经办员", "220106");
    const { page, problems, context } = await openPage(browser, platform.baseUrl);
    await page.goto("/login?next=%2Fusers%3Fq%3Dld.officer");
    await page.getByLabel("用户名").fill("admin");
    await page.getByLabel("密码").fill(ADMIN_PASSWORD);
    await page.getByRole("button", { name: "登录" }).click();
    await page.waitForURL(/\/users\?q=ld\.officer$/);
    const row = page.getByRole("row").filter({ hasText: "ld.officer" });
    await row.waitFor();
    expectValue(await page.getByLabel("关键词").inputValue()).toBe("ld.officer");

    // edit: the phone is checked in the page against the shared contract; the institutions only
    // the server can check, and both of its issues land on their rows' fields at once
    await row.getByRole("button", { name: "编辑" }).click();
    const dialog = page.getByRole("dialog", { name: "编辑用户：绿园经办员" });
    await dialog.getByLabel("手机号").fill("12345");
    await dialog.getByRole("button", { name: "保存" }).click();
    await fieldErrors(dialog, "手机号").first().waitFor();
    await dialog.getByLabel("手机号").fill("13900000002");
    await pickOption(page, dialog.getByLabel("角色", { exact: true }), "培训机构人员");
    await dialog.getByLabel("机构编号").fill("0b7f3c9e-8d1a-4c2b-9f6e-5a4d3c2b1a09");
    await dialog.getByRole("button", { name: "添加角色" }).click();
    const second = dialog.getByTestId("grant-row-1");
    await pickOption(page, second.getByLabel("角色", { exact: true }), "评价机构人员");
    await second.getByLabel("机构编号").fill("1c8e4dae-9e2b-4d3c-8a7f-6b5e4d3c2b10");
    await dialog.getByRole("button", { name: "保存" }).click();
    await fieldErrors(dialog.getByTestId("grant-row-0"), "机构编号").getByText("未知的机构").waitFor();
    await fieldErrors(second, "机构编号").getByText("未知的机构").waitFor();
    await screenshot(page, "a9-edit-user-server-issues-laptop");
    await second.getByRole("button", { name: "删除此角色" }).click();
    await pickOption(page, dialog.getByLabel("角色", { exact: true }), "审计监督人员");
    await pickOption(page, dialog.getByLabel("授权范围"), "行政区划");
    await pickTreeNode(page, dialog.getByLabel("行政区划"), "绿园", "绿园区");
    await dialog.getByRole("button", { name: "保存" }).click();
    await dialog.waitFor({ state: "hidden" });
    await row.getByText("审计监督人员 · 绿园区").waitFor();

    // reset the password: a new temporary password, shown once
    await row.getByRole("button", { name: "重置密码" }).click();
    await page.getByRole("tooltip").getByRole("button", { name: "重置" }).click();
    const secret = page.getByRole("dialog", { name: "密码已重置" });
    const temporary = ((await secret.getByTestId("one-time-secret").textContent()) ?? "").trim();
    expectValue(temporary.length).toBeGreaterThanOrEqual(10);
    await secret.getByRole("button", { name: "我已记录" }).click();

    // disable, then enable again
    await row.getByRole("button", { name: "停用" }).click();
    await page.getByRole("tooltip").getByRole("button", { name: "停用" }).click();
    await row.getByText("已停用").waitFor();
    await screenshot(page, "a10-user-disabled-laptop");
    await expectValue(ApiSession.login(platform.baseUrl, "ld.officer", temporary)).rejects.toThrow(/403/);
    await row.getByRole("button", { name: "启用" }).click();
    await page.getByRole("tooltip").getByRole("button", { name: "启用" }).click();
    await row.getByText("正常").waitFor();
    await ApiSession.login(platform.baseUrl, "ld.officer", temporary);

    expectValue(problems.errors).toEqual([]);
    await context.close();
  });
});
