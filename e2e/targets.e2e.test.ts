import { describe, expect, it } from "vitest";
import { ADMIN_PASSWORD, ApiSession, createReadyOfficer, openPage, PHONE, screenshot, useJourneyEnv } from "./support.ts";

/**
 * Journey: the province hands the year's target down to the cities in the console, sees its
 * history, enters the skill-structure figures; 长春市's officer, on a phone, sees only its counties
 * and sets one of them.
 */
describe("targets", () => {
  const env = useJourneyEnv();
  const year = String(new Date().getFullYear());

  it("province splits the year's target to cities, a city to its counties, each within its parent's total", async () => {
    const { platform, browser } = env();
    const admin = await ApiSession.login(platform.baseUrl, "admin", ADMIN_PASSWORD);
    const put = (regionCode: string, target: number, baseVersion = 0) =>
      admin.call("PUT", "/api/targets", { period: year, line: "total", regionCode, departmentCode: null, target, reason: "年度任务分解", baseVersion });
    await put("220000", 240_000);
    for (const [code, t] of [
      ["220100", 70_000],
      ["220200", 40_000],
      ["220300", 25_000],
      ["222400", 22_000],
    ] as const)
      await put(code, t);
    await createReadyOfficer(admin, platform.baseUrl, "cc.officer", "长春市经办员", "220100", "Changchun-Passw0rd!");

    const { page } = await openPage(browser, platform.baseUrl);
    await page.goto("/login?next=%2Ftargets");
    await page.getByLabel("用户名").fill("admin");
    await page.getByLabel("密码").fill(ADMIN_PASSWORD);
    await page.getByRole("button", { name: "登录" }).click();
    await page.getByRole("heading", { name: "目标任务" }).waitFor();
    await page.getByText("各市（州）目标").waitFor();

    // over the province's total: refused with the sums; within it: saved as version 2
    const row = page.getByRole("row").filter({ hasText: "长春市" });
    await row.getByRole("button", { name: "调整" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("目标（人次）").fill("200000");
    await dialog.getByLabel("依据或说明").fill("吉人社函〔2026〕8号 追加任务");
    await dialog.getByRole("button", { name: "保存" }).click();
    await dialog.getByText("下级目标合计将超过上级目标").waitFor();
    await screenshot(page, "targets-1-over-parent-laptop");
    await dialog.getByLabel("目标（人次）").fill("80000");
    await dialog.getByRole("button", { name: "保存" }).click();
    await dialog.waitFor({ state: "hidden" });
    await row.getByText("80,000 人次").waitFor();
    await screenshot(page, "targets-2-cascade-laptop");

    await row.getByRole("button", { name: "历史" }).click();
    const drawer = page.getByRole("dialog").filter({ hasText: "调整历史" });
    await drawer.getByText("第 2 版").waitFor();
    await drawer.getByText("吉人社函〔2026〕8号 追加任务").waitFor();
    await screenshot(page, "targets-3-history-laptop");
    await page.keyboard.press("Escape");

    // skill structure: the province enters the figures; the shares appear against 25% and 30%
    await page.getByRole("tab", { name: "技能人才结构" }).click();
    await page.getByRole("button", { name: "录入统计数" }).click();
    await page.getByLabel("就业人员（人）").fill("12000000");
    await page.getByLabel("技能劳动者（人）").fill("2760000");
    await page.getByLabel("高技能人才（人）").fill("800400");
    await page.getByLabel("数据来源").fill("吉林省统计局 上年统计公报");
    await page.getByRole("button", { name: "保存" }).click();
    await page.getByText("23.0%").first().waitFor();
    await page.getByText("29.0%").first().waitFor();
    await screenshot(page, "targets-4-skills-laptop");

    // 长春市 on a phone: its own target, its counties only, sets one county
    const phone = await openPage(browser, platform.baseUrl, PHONE);
    await phone.page.goto("/login?next=%2Ftargets");
    await phone.page.getByLabel("用户名").fill("cc.officer");
    await phone.page.getByLabel("密码").fill("Changchun-Passw0rd!");
    await phone.page.getByRole("button", { name: "登录" }).click();
    await phone.page.getByText("各县（市、区）目标").waitFor();
    expect(await phone.page.getByText("吉林市").count()).toBe(0);
    const nanguan = phone.page.getByRole("row").filter({ hasText: "南关区" });
    await nanguan.getByRole("button", { name: "下达" }).click();
    const d = phone.page.getByRole("dialog");
    await d.getByLabel("目标（人次）").fill("12000");
    await d.getByLabel("依据或说明").fill("长人社发〔2026〕3号");
    await d.getByRole("button", { name: "保存" }).click();
    await d.waitFor({ state: "hidden" });
    await nanguan.getByText("12,000 人次").waitFor();
    await screenshot(phone.page, "targets-5-city-phone");
    await phone.page.getByRole("tab", { name: "技能人才结构" }).click();
    await phone.page.getByText("23.0%").first().waitFor();
    await screenshot(phone.page, "targets-6-skills-phone");
  });
});
