import { describe, expect, it } from "vitest";
import { pickOption } from "./antd.ts";
import { ADMIN_PASSWORD, ApiSession, createReadyOfficer, LAPTOP, openPage, PHONE, screenshot, useJourneyEnv } from "./support.ts";

/** Journey (c): at phone width the menu folds into a drawer, and the users table scrolls sideways. */
describe("phone width", () => {
  const env = useJourneyEnv();

  it("an officer opens the menu drawer and the users page on a 390×844 screen", async () => {
    const { platform, browser } = env();
    const admin = await ApiSession.login(platform.baseUrl, "admin", ADMIN_PASSWORD);
    await createReadyOfficer(admin, platform.baseUrl, "ng.phone", "南关移动经办", "220102", "Mobile-Kx7#2026");
    await admin.createOfficer("ng.peer", "南关同事", "220102");
    const { page, problems, context } = await openPage(browser, platform.baseUrl, PHONE);

    await page.goto("/");
    await page.waitForURL(/\/login/);
    await screenshot(page, "c1-login-phone");
    await page.getByLabel("用户名").fill("ng.phone");
    await page.getByLabel("密码").fill("Mobile-Kx7#2026");
    await page.getByRole("button", { name: "登录" }).click();
    await page.getByRole("heading", { name: "您好，南关移动经办" }).waitFor();
    await screenshot(page, "c2-dashboard-phone");

    // no side menu on a phone until the menu button opens the drawer
    expect(await page.getByRole("menuitem", { name: "用户管理" }).count()).toBe(0);
    // this phone asks for less motion (support.ts): the drawer neither slides in nor out
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { motionSeen: string[] }).motionSeen = seen;
      const moving = /-(appear|enter|leave)(-active|-start|-prepare)?(\s|$)/;
      const check = (el: Element) => {
        for (const e of [el, ...el.querySelectorAll("*")]) if (typeof e.className === "string" && moving.test(e.className)) seen.push(e.className);
      };
      new MutationObserver((changes) => {
        for (const c of changes) {
          if (c.type === "attributes") check(c.target as Element);
          for (const n of c.addedNodes) if (n instanceof Element) check(n);
        }
      }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ["class"] });
    });
    await page.getByRole("button", { name: "打开菜单" }).click();
    const drawer = page.getByRole("dialog", { name: "功能菜单" });
    await drawer.getByRole("menuitem", { name: "用户管理" }).waitFor();
    await screenshot(page, "c3-menu-drawer-phone");
    await drawer.getByRole("menuitem", { name: "用户管理" }).click();
    await drawer.waitFor({ state: "hidden" });
    await page.getByRole("cell", { name: "ng.peer", exact: true }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { motionSeen: string[] }).motionSeen)).toEqual([]);

    // the table keeps its columns and scrolls inside the page instead of widening it
    const widths = await page.evaluate(() => {
      const body = document.querySelector(".ant-table-content, .ant-table-body") as HTMLElement;
      return { page: document.documentElement.scrollWidth, inner: body.scrollWidth, visible: body.clientWidth };
    });
    expect(widths.page).toBeLessThanOrEqual(390);
    expect(widths.inner).toBeGreaterThan(widths.visible);
    await screenshot(page, "c4-users-phone");

    // filters stack one above the other
    const q = await page.getByLabel("关键词").boundingBox();
    const region = await page.getByLabel("地区").boundingBox();
    expect(region!.y).toBeGreaterThan(q!.y + q!.height);

    expect(problems.errors).toEqual([]);
    await context.close();
  });

  it("the administrator's create-user form stacks its fields on a phone", async () => {
    const { platform, browser } = env();
    const { page, problems, context } = await openPage(browser, platform.baseUrl, PHONE);
    await page.goto("/login?next=%2Fusers");
    await page.getByLabel("用户名").fill("admin");
    await page.getByLabel("密码").fill(ADMIN_PASSWORD);
    await page.getByRole("button", { name: "登录" }).click();
    await page.waitForURL(/\/users$/);
    await page.getByRole("button", { name: "新建用户" }).click();
    const dialog = page.getByRole("dialog", { name: "新建用户" });
    await pickOption(page, dialog.getByLabel("角色", { exact: true }), "人社部门经办人员");
    await screenshot(page, "c5-create-user-phone");
    const name = await dialog.getByLabel("用户名").boundingBox();
    const displayName = await dialog.getByLabel("姓名").boundingBox();
    expect(displayName!.y).toBeGreaterThan(name!.y + name!.height);
    expect(name!.x + name!.width).toBeLessThanOrEqual(390);

    // an unknown page inside the console
    await dialog.getByRole("button", { name: "取消" }).click();
    await page.goto("/no-such-page");
    await page.getByText("页面不存在", { exact: true }).waitFor();
    await screenshot(page, "c6-not-found-phone");

    // the audit log on the phone, then at laptop width with a user's creation opened
    await page.goto("/audit");
    const created = page.getByRole("row").filter({ hasText: "创建用户" }).filter({ hasText: "南关区" }).first();
    await created.waitFor();
    await screenshot(page, "c7-audit-phone");
    await page.setViewportSize(LAPTOP);
    await created.getByRole("button", { name: "展开行" }).click();
    await page.getByTitle("变更后").getByText('"username": "ng.peer"').waitFor();
    await screenshot(page, "c8-audit-laptop");

    expect(problems.errors).toEqual([]);
    await context.close();
  });
});
