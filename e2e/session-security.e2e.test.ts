import { describe, expect, it } from "vitest";
import { ADMIN_PASSWORD, ApiSession, createReadyOfficer, openPage, screenshot, useJourneyEnv } from "./support.ts";

/**
 * Journey (b): five wrong passwords lock the account, and the login page says until when.
 * Journey (d): an idle session is warned about, then ended.
 */
describe("session security", () => {
  const env = useJourneyEnv();

  it("states the lockout rule (no count: it would tell which usernames exist), then shows the lock with its end time", async () => {
    const { platform, browser } = env();
    const admin = await ApiSession.login(platform.baseUrl, "admin", ADMIN_PASSWORD);
    const temporary = await admin.createOfficer("kc.officer", "宽城经办员", "220103");
    const { page, problems, context } = await openPage(browser, platform.baseUrl);

    await page.goto("/login");
    const attempt = async (password: string) => {
      await page.getByLabel("用户名").fill("kc.officer");
      await page.getByLabel("密码").fill(password);
      await page.getByRole("button", { name: "登录" }).click();
    };
    for (let left = 4; left >= 1; left--) {
      await attempt(`Wrong-Passw0rd-${left}`);
      await page.getByRole("alert").getByText("用户名或密码错误（连续错误 5 次账号将被临时锁定）").waitFor();
    }
    await screenshot(page, "b1-one-attempt-left-laptop");

    await attempt("Wrong-Passw0rd-5");
    const lock = page.getByRole("alert").getByText(/账号已锁定，请于 \d{2}:\d{2} 后再试/);
    await lock.waitFor();
    await screenshot(page, "b2-locked-laptop");

    // the right password does not get in while the lock lasts
    await attempt(temporary);
    await lock.waitFor();
    expect(page.url()).toContain("/login");

    // the lock ends about 15 minutes from now, shown in the browser's (Beijing) time
    const text = (await lock.textContent()) ?? "";
    const [hh, mm] = text.match(/(\d{2}):(\d{2})/)!.slice(1).map(Number) as [number, number];
    const beijingNow = new Date(Date.now() + 8 * 3600_000);
    const minutesAhead = (hh * 60 + mm - (beijingNow.getUTCHours() * 60 + beijingNow.getUTCMinutes()) + 1440) % 1440;
    expect(minutesAhead).toBeGreaterThanOrEqual(14);
    expect(minutesAhead).toBeLessThanOrEqual(16);

    expect(problems.errors).toEqual([]);
    await context.close();
  });

  it("warns after nearly 30 idle minutes, can be kept, and logs out when ignored", async () => {
    const { platform, browser } = env();
    const admin = await ApiSession.login(platform.baseUrl, "admin", ADMIN_PASSWORD);
    await createReadyOfficer(admin, platform.baseUrl, "ng.idle", "南关值班员", "220102", "Idle-Kx7#2026x");
    const { page, problems, context } = await openPage(browser, platform.baseUrl);
    // the page's clock is under the test's control; the server keeps real time
    await page.clock.install();
    await page.goto("/login?next=%2Fusers");
    await page.getByLabel("用户名").fill("ng.idle");
    await page.getByLabel("密码").fill("Idle-Kx7#2026x");
    await page.getByRole("button", { name: "登录" }).click();
    await page.getByRole("cell", { name: "ng.idle", exact: true }).waitFor();

    const warning = page.getByRole("dialog", { name: "即将自动退出" });
    await page.clock.fastForward("29:05");
    await warning.waitFor();
    // let the dialog's opening animation run on the paused clock before the picture
    await page.clock.runFor(1_000);
    await screenshot(page, "d1-idle-warning-laptop");
    await warning.getByRole("button", { name: "继续使用" }).click();
    await warning.waitFor({ state: "hidden" });

    await page.clock.fastForward("29:05");
    await warning.waitFor();
    await page.clock.fastForward("01:00");
    await page.waitForURL(/\/login\?reason=idle&next=%2Fusers/);
    await page.getByText("由于长时间未操作，您已自动退出，请重新登录。").waitFor();
    await screenshot(page, "d2-idle-logged-out-laptop");
    // the session ended on the server too, not only in the page
    expect((await page.request.get("/api/me")).status()).toBe(401);

    expect(problems.errors).toEqual([]);
    await context.close();
  });
});
