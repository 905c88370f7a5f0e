import type { Locator } from "playwright-core";
import { describe, expect, it } from "vitest";
import { pickOption, pickTreeNode } from "./antd.ts";
import { ADMIN_PASSWORD, ApiSession, LAPTOP, openPage, PHONE, screenshot, useJourneyEnv } from "./support.ts";

async function fillDate(scope: Locator, label: string, value: string) {
  const input = scope.getByLabel(label);
  await input.click();
  await input.fill(value);
  await input.press("Enter");
}

/**
 * Journey (c): the province publishes a catalogue item and sets 长春市's own standard in the
 * console (typed in 元, stored in fen); an anonymous visitor sees 长春市's amount on the portal.
 */
describe("catalogue item with a city standard on the portal", () => {
  const env = useJourneyEnv();

  it("admin publishes an item and sets 长春市's standard; the portal shows that amount for 长春市", async () => {
    const { platform, browser } = env();
    const admin = await ApiSession.login(platform.baseUrl, "admin", ADMIN_PASSWORD);
    // the draft item and the province default standard are set up through the API
    const item = await admin.call<{ id: string }>("POST", "/api/catalogue/items", {
      code: "E2E-ECOM-01",
      projectName: "农村电商直播带货",
      trainingType: "employment",
      certificateTypes: ["special_ability"],
      skillLevels: [],
      programCodes: ["B4"],
      firstVersion: { effectiveFrom: "2020-01-01", minHours: 40, maxHours: 80, minTheoryPercent: 20, minPracticePercent: 50, modes: ["offline", "blended"] },
    });
    await admin.call("POST", "/api/standards", { itemId: item.id, regionCode: "220000", certificateType: "special_ability", amountFen: 80000, effectiveFrom: "2020-01-01" });

    const { page, problems, context } = await openPage(browser, platform.baseUrl, LAPTOP);
    await page.goto("/login?next=%2Fcatalogue");
    await page.getByLabel("用户名").fill("admin");
    await page.getByLabel("密码").fill(ADMIN_PASSWORD);
    await page.getByRole("button", { name: "登录" }).click();
    await page.waitForURL(/\/catalogue$/);
    const row = page.getByRole("row").filter({ hasText: "E2E-ECOM-01" });
    await row.getByText("草稿").waitFor();
    await screenshot(page, "c1-catalogue-items-laptop");
    await row.getByRole("link", { name: "E2E-ECOM-01" }).click();
    await page.getByRole("heading", { name: "农村电商直播带货" }).waitFor();

    // publish through the console
    await page.getByRole("button", { name: "发布" }).click();
    await page.getByRole("tooltip").getByRole("button", { name: "发布" }).click();
    await page.locator(".ant-tag").getByText("已发布").waitFor();

    // 长春市's own standard: 1234.5 元 becomes exactly 123450 fen
    await page.getByRole("button", { name: "设定补贴标准" }).click();
    const dialog = page.getByRole("dialog", { name: /设定补贴标准/ });
    await pickTreeNode(page, dialog.getByLabel("适用地区"), "长春", "长春市");
    await dialog.getByLabel("补贴标准（元/人）").fill("1234.567");
    await dialog.getByRole("button", { name: "保存" }).click();
    await dialog.getByText("金额须为非负数，最多两位小数").waitFor();
    await dialog.getByLabel("补贴标准（元/人）").fill("1234.5");
    await dialog.getByText("即 ¥1,234.50（123450 分）").waitFor();
    await fillDate(dialog, "生效日期", "2020-01-01");
    await screenshot(page, "c2-standard-form-laptop");
    await dialog.getByRole("button", { name: "保存" }).click();
    await dialog.waitFor({ state: "hidden" });
    const stdRow = page.getByRole("row").filter({ hasText: "长春市" });
    await stdRow.getByText("¥1,234.50").waitFor();
    await page.getByRole("row").filter({ hasText: "吉林省" }).getByText("¥800.00").waitFor();
    // 长春市's 评价补贴 standard: no factors (the inputs lock at 100), its own row beside the training one
    await page.getByRole("button", { name: "设定补贴标准" }).click();
    await dialog.waitFor();
    await pickOption(page, dialog.getByLabel("补贴类型"), "评价补贴");
    await dialog.getByText("评价补贴按证书类型和等级定额，不设系数，不适用于培训合格证书").waitFor();
    expect(await dialog.getByLabel("线上 %").isDisabled()).toBe(true);
    await pickTreeNode(page, dialog.getByLabel("适用地区"), "长春", "长春市");
    await dialog.getByLabel("补贴标准（元/人）").fill("200");
    await fillDate(dialog, "生效日期", "2020-01-01");
    await screenshot(page, "c2b-evaluation-standard-form-laptop");
    await dialog.getByRole("button", { name: "保存" }).click();
    await dialog.waitFor({ state: "hidden" });
    await page.getByRole("row").filter({ hasText: "评价补贴" }).getByText("¥200.00").waitFor();
    await screenshot(page, "c3-catalogue-item-laptop");
    const stored = await admin.call<{ items: { subsidyType: string; regionCode: string; amountFen: number }[] }>("GET", `/api/standards?itemId=${item.id}`);
    expect(stored.items.filter((s) => s.regionCode === "220100").map((s) => [s.subsidyType, s.amountFen])).toEqual([
      ["evaluation", 20000],
      ["training", 123450],
    ]);

    // the lookup form answers for a county of 长春市
    await page.goto("/standards");
    await page.getByRole("row").filter({ hasText: "长春市" }).getByText("¥1,234.50").waitFor();
    await pickOption(page, page.getByLabel("培训项目"), "E2E-ECOM-01 农村电商直播带货");
    await pickTreeNode(page, page.getByLabel("地区（县区按所属市）"), "南关", "南关区");
    await pickOption(page, page.getByLabel("证书类型"), "专项职业能力证书");
    await page.getByRole("button", { name: "查询", exact: true }).click();
    await page.getByText("¥1,234.50/人").waitFor();
    await screenshot(page, "c4-standards-laptop");
    await pickOption(page, page.getByLabel("补贴类型").first(), "评价补贴");
    await page.waitForURL(/subsidyType=evaluation/);
    // the previous answer (both subsidy types) stays on screen until the filtered one arrives: the
    // training row must go, leaving the evaluation row
    await page.getByRole("row").filter({ hasText: "¥1,234.50" }).first().waitFor({ state: "detached" });
    await page.getByRole("row").filter({ hasText: "E2E-ECOM-01" }).getByText("¥200.00").waitFor();
    await context.close();

    // an anonymous visitor on a phone: province default first, then 长春市
    const anon = await openPage(browser, platform.baseUrl, PHONE);
    await anon.page.goto("/portal/catalogue");
    const card = anon.page.locator(".ant-card").filter({ hasText: "农村电商直播带货" });
    await card.getByText("¥800.00/人").waitFor();
    await pickOption(anon.page, anon.page.getByLabel("所在城市"), "长春市");
    await anon.page.getByRole("button", { name: "查询" }).click();
    await anon.page.waitForURL(/regionCode=220100/);
    await card.getByText("¥1,234.50/人").waitFor();
    await screenshot(anon.page, "c5-portal-catalogue-phone");
    await card.getByRole("link", { name: "农村电商直播带货" }).click();
    await anon.page.waitForURL(/\/portal\/catalogue\/[^?]+\?regionCode=220100/);
    await anon.page.getByText("¥1,234.50/人").waitFor();
    await screenshot(anon.page, "c6-portal-item-phone");
    // a stable URL: reloading keeps the city
    await anon.page.reload();
    await anon.page.getByText("¥1,234.50/人").waitFor();
    expect(problems.errors).toEqual([]);
    expect(anon.problems.errors).toEqual([]);
    await anon.context.close();
  });

  it("the other console pages and the portal render at laptop and phone width", async () => {
    const { platform, browser } = env();
    for (const [size, tag] of [
      [LAPTOP, "laptop"],
      [PHONE, "phone"],
    ] as const) {
      const { page, problems, context } = await openPage(browser, platform.baseUrl, size);
      await page.goto("/login?next=%2Foccupations");
      await page.getByLabel("用户名").fill("admin");
      await page.getByLabel("密码").fill(ADMIN_PASSWORD);
      await page.getByRole("button", { name: "登录" }).click();
      await page.waitForURL(/\/occupations$/);
      await page.getByRole("heading", { name: "职业目录" }).waitFor();
      await screenshot(page, `s1-occupations-${tag}`);
      await page.goto("/calendar?year=2026");
      await page.getByText("1 月", { exact: true }).waitFor();
      await screenshot(page, `s2-calendar-${tag}`);
      await page.goto("/institutions?tab=expiring");
      await page.getByRole("tab", { name: "30 天内协议到期" }).waitFor();
      await screenshot(page, `s3-institutions-expiring-${tag}`);
      await page.goto("/catalogue");
      await page.getByRole("heading", { name: "培训项目目录" }).waitFor();
      await screenshot(page, `s4-catalogue-${tag}`);
      await page.goto("/portal/register");
      await page.getByRole("button", { name: "提交注册申请" }).waitFor();
      await screenshot(page, `s5-portal-register-${tag}`);
      await page.goto("/portal");
      await screenshot(page, `s6-portal-home-${tag}`);
      expect(problems.errors).toEqual([]);
      await context.close();
    }
  });
});
