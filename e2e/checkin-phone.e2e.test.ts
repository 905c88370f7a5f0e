import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCheckinWorld, OFFICER, SHIFT_DAYS, SITE, STAFF } from "./checkin-world.ts";
import { type ShiftedPlatform, startShiftedPlatform } from "./shifted-platform.ts";
import { LAPTOP, launchBrowser, openPage, PHONE, screenshot } from "./support.ts";

const NEAR = { latitude: SITE.lat + 0.0004, longitude: SITE.lng + 0.0003, accuracy: 20 };
const FAR = { latitude: SITE.lat + 0.02, longitude: SITE.lng + 0.03, accuracy: 20 };

async function login(page: Page, username: string, password: string) {
  await page.waitForURL(/\/login\?next=/);
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "登录" }).click();
}

/**
 * Journey: the institution projects the rotating code; two trainees on their phones open the QR
 * link, log in (changing the initial password), and check in at the class site; a retry says
 * 已签到, a check-in from 3 km away is refused with a coarse "1 公里以上" (never the exact distance or radius); the county officer sees
 * both check-ins in the class summary.
 */
describe("phone check-in", () => {
  let platform: ShiftedPlatform | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    platform = await startShiftedPlatform(-SHIFT_DAYS * 86_400_000);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close().catch(() => {});
    await platform?.stop();
  });

  it("trainees check in by QR on their phones; the officer sees the summary", async () => {
    if (!platform || !browser) throw new Error("the journey environment did not start");
    const base = platform.baseUrl;
    const world = await buildCheckinWorld(platform);

    // the institution's code screen, projected from a laptop
    const staff = await openPage(browser, base, LAPTOP);
    await staff.page.goto(`/attendance/sessions/${world.sessionId}/code?class=${world.classId}`);
    await login(staff.page, STAFF.username, STAFF.password);
    await staff.page.getByTestId("checkin-code").filter({ hasText: /^\d{6}$/ }).waitFor();
    await staff.page.getByText("电工安全操作专项能力培训班").waitFor();
    await staff.page.getByText("实训楼 201 教室").waitFor();
    await staff.page.getByTestId("checked-in-count").filter({ hasText: "0" }).waitFor();
    await screenshot(staff.page, "k1-code-screen-laptop");
    const qrLink = async () => (await staff.page.locator("img[data-checkin-url]").getAttribute("data-checkin-url")) ?? "";
    const screenCode = async () => ((await staff.page.getByTestId("checkin-code").textContent()) ?? "").trim();

    for (const [i, t] of world.trainees.entries()) {
      const phone = await openPage(browser, base, PHONE);
      await phone.context.grantPermissions(["geolocation"], { origin: base });
      await phone.context.setGeolocation(i === 1 ? FAR : NEAR);
      const link = await qrLink();
      expect(link).toMatch(/^\/m\/checkin\?s=.+&c=\d{6}$/);
      await phone.page.goto(link);
      await login(phone.page, t.username, t.temporaryPassword);
      await phone.page.waitForURL(/\/change-password\?next=/);
      const newPassword = `Xueyuan-${i}#Kq2026`;
      await phone.page.getByLabel("当前密码（初始密码）").fill(t.temporaryPassword);
      await phone.page.getByLabel("新密码", { exact: true }).fill(newPassword);
      await phone.page.getByLabel("确认新密码").fill(newPassword);
      await phone.page.getByRole("button", { name: "确认修改" }).click();
      await phone.page.waitForURL(/\/m\/checkin\?s=/);
      await phone.page.getByText("实训楼 201 教室").waitFor();

      // the code rides along in the QR link; if it rotated meanwhile, type the one on the screen
      const input = phone.page.getByLabel(/签到码（老师屏幕上的 6 位数字）/);
      expect(await input.inputValue()).toBe(new URL(link, base).searchParams.get("c"));
      if (i === 0) await screenshot(phone.page, "k2-checkin-before-phone");
      const typeCurrent = async () => {
        const now = await screenCode();
        if (/^\d{6}$/.test(now) && now !== (await input.inputValue())) await input.fill(now);
      };
      await typeCurrent();
      await phone.page.getByRole("button", { name: "签到", exact: true }).click();

      if (i === 1) {
        // 3 km away: refused with a coarse band only (an exact distance would locate the site)
        const alert = phone.page.getByRole("alert").filter({ hasText: "不在培训地点范围内" });
        await alert.waitFor();
        await alert.getByText(/约 1 公里以上，须在培训地点范围内/).waitFor();
        await screenshot(phone.page, "k4-outside-geofence-phone");
        await phone.context.setGeolocation(NEAR);
        await typeCurrent();
        await phone.page.getByRole("button", { name: "重新签到" }).click();
      }
      await phone.page.getByRole("heading", { name: "签到成功" }).waitFor();
      await screenshot(phone.page, i === 0 ? "k3-checkin-success-phone" : "k5-checkin-success-2-phone");

      if (i === 0) {
        // the same link again (its code long stale): the answer is 已签到, not an error
        await phone.page.goto(link);
        await phone.page.getByRole("button", { name: "签到", exact: true }).click();
        await phone.page.getByRole("heading", { name: "已签到" }).waitFor();
        await screenshot(phone.page, "k3b-checkin-retry-phone");
      } else {
        // the trainee's own pages: the console sends a trainee to /m
        await phone.page.goto("/");
        await phone.page.waitForURL(/\/m$/);
        await phone.page.getByText("电工安全操作专项能力培训班").first().waitFor();
        await screenshot(phone.page, "k6-my-home-phone");
        await phone.page.getByRole("button", { name: "课程表" }).click();
        await phone.page.getByText("安全用电与触电急救").waitFor();
        await screenshot(phone.page, "k7-my-schedule-phone");
        await phone.page.getByRole("button", { name: "考勤" }).click();
        // the session is under way: no rate yet, and no verdict (the gauge comes after the first session ends)
        await phone.page.getByText("第一个课次结束后显示出勤率", { exact: false }).waitFor();
        expect(await phone.page.getByText("不符合补贴条件", { exact: false }).count()).toBe(0);
        await phone.page.getByText("出勤", { exact: true }).first().waitFor();
        await screenshot(phone.page, "k8-my-attendance-phone");
        await phone.page.getByRole("button", { name: "证书" }).click();
        await phone.page.getByText("暂无证书").waitFor();
      }
      expect(phone.problems.errors).toEqual([]);
      await phone.context.close();
    }

    // the projected count follows within a few seconds
    await staff.page.getByTestId("checked-in-count").filter({ hasText: "2" }).waitFor({ timeout: 20_000 });
    await screenshot(staff.page, "k9-code-screen-2-laptop");
    await staff.page.setViewportSize(PHONE);
    await screenshot(staff.page, "k9b-code-screen-phone");
    expect(staff.problems.errors).toEqual([]);

    // the county officer's summary of the class
    const officer = await openPage(browser, base, LAPTOP);
    await officer.page.goto(`/attendance/classes/${world.classId}`);
    await login(officer.page, OFFICER.username, OFFICER.password);
    await officer.page.getByRole("heading", { name: /电工安全操作专项能力培训班 · 考勤/ }).waitFor();
    const sessionRow = officer.page.getByRole("row").filter({ hasText: "2 / 2" });
    await sessionRow.getByRole("cell", { name: "2 人" }).waitFor();
    // both are present, but the only session is still under way: no rate and no verdict yet
    for (const t of world.trainees) await officer.page.getByRole("row").filter({ hasText: t.name }).getByText("待首次课结束", { exact: true }).waitFor();
    await officer.page.getByText("还没有已结束的课次", { exact: false }).waitFor();
    await screenshot(officer.page, "k10-class-summary-laptop");
    await officer.page.setViewportSize(PHONE);
    await screenshot(officer.page, "k11-class-summary-phone");
    expect(officer.problems.errors).toEqual([]);
  });
});
