import fs from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { pickOption } from "./antd.ts";
import { buildMoneyWorld, type MoneyWorld, PASSWORD, WORLD_NOW } from "./money-world.ts";
import { type ShiftedPlatform, startShiftedPlatform } from "./shifted-platform.ts";
import { LAPTOP, launchBrowser, openPage, PHONE } from "./support.ts";

vi.setConfig({ testTimeout: 600_000, hookTimeout: 600_000 });

const SHOTS = "/tmp/shots/money-journey";
async function shot(page: Page, name: string) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.waitForLoadState("networkidle").catch(() => {});
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

async function login(page: Page, username: string, password: string) {
  await page.waitForURL(/\/login\?next=/);
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "登录" }).click();
}

const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/**
 * Journey (issue 8): a claim generated for an assessed class → commitment signed by the enterprise
 * → county and city review → the county publishes the notice on 公示管理 → the portal shows it with
 * masked names → an objection raised there is dismissed by the county on 异议处理 → finance
 * registers the payee account, settles, batches, downloads the
 * bank file and imports the bank's result → the public disclosure shows the money spent → the
 * trainee's phone shows 已支付. Two trainees at the city standard of ¥1,200.00 each.
 */
describe("money path", () => {
  let platform: ShiftedPlatform | undefined;
  let browser: Browser | undefined;
  let world: MoneyWorld | undefined;
  beforeAll(async () => {
    platform = await startShiftedPlatform(Date.parse(WORLD_NOW) - Date.now(), async (dir) => {
      world = await buildMoneyWorld(dir);
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close().catch(() => {});
    await platform?.stop();
  });

  it("claim → reviews → notice and objection → bank payment → disclosure → the trainee's phone", async () => {
    if (!platform || !browser || !world) throw new Error("the journey environment did not start");
    const base = platform.baseUrl;
    const w = world;

    // 1. the enterprise generates the claim of its assessed class, signs the commitment and submits
    const staff = await openPage(browser, base, LAPTOP);
    await staff.page.goto("/claims");
    await login(staff.page, w.staff, PASSWORD);
    await staff.page.getByText("由考核锁定的培训班生成申领").waitFor();
    // the institution picks its assessed class by name: no record number is asked of a person
    await staff.page.getByLabel("培训班", { exact: true }).click();
    await staff.page.locator(".ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option").filter({ hasText: w.classTitle }).click();
    await shot(staff.page, "01-generate-claim");
    await staff.page.getByRole("button", { name: "生成" }).click();
    await staff.page.waitForURL(/\/claims\/[0-9a-f-]{36}$/);
    const claimUrl = new URL(staff.page.url()).pathname;
    const claimId = claimUrl.split("/").pop()!;
    const amount = staff.page.getByRole("row").filter({ hasText: "申领金额" });
    await amount.getByText("¥2,400.00").waitFor();
    for (const t of w.trainees) await staff.page.getByRole("row").filter({ hasText: t.name }).getByText("¥1,200.00").waitFor();
    await staff.page.getByRole("button", { name: "本单位已阅读并签署承诺" }).click();
    await staff.page.getByText(/^已于 .+ 签署（文本/).waitFor();
    await staff.page.getByRole("button", { name: "提交申领" }).click();
    await staff.page.getByRole("button", { name: "提交申领" }).waitFor({ state: "detached" });
    await staff.page.getByRole("heading", { level: 1 }).getByText("待县级初审").waitFor();
    await shot(staff.page, "02-claim-submitted");
    expect(staff.problems.errors).toEqual([]);
    await staff.context.close();

    // 2–3. county first review, city second review, each on the claim's page
    for (const [who, step, name] of [
      [w.countyOfficer, "县级初审", "03-county-review"],
      [w.cityOfficer, "市级复审", "04-city-review"],
    ] as const) {
      const o = await openPage(browser, base, LAPTOP);
      await o.page.goto(claimUrl);
      await login(o.page, who, PASSWORD);
      const card = o.page.locator(".ant-card").filter({ has: o.page.locator(".ant-card-head-title", { hasText: new RegExp(`^${step}$`) }) });
      await card.waitFor();
      await shot(o.page, name);
      await card.getByRole("button", { name: "通过" }).click();
      await card.waitFor({ state: "detached" });
      await o.page.getByRole("row").filter({ hasText: step }).getByText("通过").waitFor();
      expect(o.problems.errors).toEqual([]);
      await o.context.close();
    }

    // 4. the county publishes the notice on 公示管理, after seeing what the notice will take
    const officer = await openPage(browser, base, LAPTOP);
    const op = officer.page;
    await op.goto("/notices");
    await login(op, w.countyOfficer, PASSWORD);
    await op.getByRole("heading", { level: 1, name: "公示管理" }).waitFor();
    await op.getByRole("button", { name: "发布公示" }).click();
    const publish = op.getByRole("dialog", { name: "发布公示" });
    await publish.getByText("将公示 1 件申领、2 人次，合计 ¥2,400.00").waitFor();
    const previewRow = publish.getByRole("row").filter({ hasText: w.institutionName }).filter({ hasText: w.classTitle });
    await previewRow.getByText("2 人次").waitFor();
    await previewRow.locator(`a[href="/claims/${claimId}"]`).waitFor();
    await publish.getByLabel("公示标题").fill("长春市南关区职业技能培训补贴公示（旅程）");
    await shot(op, "04-publish-notice");
    await publish.getByRole("button", { name: "确认发布" }).click();
    await publish.waitFor({ state: "detached" });
    await op.getByText(/^已发布公示 GS-/).waitFor();
    const noticeRow = op.getByRole("row").filter({ hasText: "（旅程）" });
    await noticeRow.getByText("公示中").waitFor();
    await noticeRow.getByText("2 人次").waitFor();
    await shot(op, "04-notices");
    const [, noticeCode, endsOn] = /(GS-[\w-]+).*至 (\d{4}-\d{2}-\d{2})/.exec((await noticeRow.textContent()) ?? "") ?? [];
    expect(noticeCode).toBeTruthy();
    const notice = { code: noticeCode!, endsOn: endsOn! };

    // 5. anyone on the portal sees it, names and ID numbers masked, and objects to one line
    const visitor = await openPage(browser, base, LAPTOP);
    await visitor.page.goto("/portal/notices");
    const row = visitor.page.getByRole("row").filter({ hasText: notice.code });
    await row.getByText("公示中").waitFor();
    await row.getByText("¥2,400.00").waitFor();
    await row.getByRole("button", { name: /旅程/ }).click();
    const detail = visitor.page.locator(".ant-card").filter({ has: visitor.page.getByRole("button", { name: "收起" }) });
    await detail.getByText("¥1,200.00").first().waitFor();
    const detailText = (await detail.textContent()) ?? "";
    for (const t of w.trainees) expect(detailText).not.toContain(t.name);
    expect(detailText).toMatch(/\d{3}\*{6,}[\dX]/);
    expect(detailText).toContain(w.institutionName);
    await shot(visitor.page, "05-portal-notice");
    await detail.getByRole("button", { name: "提出异议" }).first().click();
    const modal = visitor.page.getByRole("dialog");
    await modal.getByLabel("联系人").fill("王先生");
    await modal.getByLabel("联系电话").fill("13912345678");
    await modal.getByLabel("异议内容").fill("该学员培训期间在外地务工，疑似未参加培训。");
    await shot(visitor.page, "06-portal-objection");
    await modal.getByRole("button", { name: "提交" }).click();
    await modal.waitFor({ state: "detached" });
    await detail.getByText("异议核查中").waitFor();
    await shot(visitor.page, "07-portal-objection-open");
    expect(visitor.problems.errors).toEqual([]);

    // 6. the county opens the open objections, checks the claim and dismisses it with a reason
    await op.goto("/notices/objections?status=open");
    const objectionRow = op.getByRole("row").filter({ hasText: notice.code });
    await objectionRow.getByText("待处理").waitFor();
    expect(await objectionRow.count()).toBe(1);
    const objectionText = (await objectionRow.textContent()) ?? "";
    for (const t of w.trainees) expect(objectionText).not.toContain(t.name);
    expect(objectionText).toContain("王先生");
    await shot(op, "07-objections");
    await objectionRow.getByRole("button", { name: "处理" }).click();
    const decide = op.getByRole("dialog", { name: "处理异议" });
    await decide.getByText("该学员培训期间在外地务工").waitFor();
    await decide.getByLabel("异议不成立（恢复支付）").check();
    await decide.getByLabel("处理理由").fill("考勤与结业考核记录齐全，异议不成立");
    await shot(op, "07-decide-objection");
    await decide.getByRole("button", { name: "确认" }).click();
    await decide.waitFor({ state: "detached" });
    await op.getByText("已认定异议不成立，该明细恢复支付").waitFor();
    await op.getByRole("row").filter({ hasText: notice.code }).waitFor({ state: "detached" });
    await op.goto("/notices/objections?status=dismissed");
    await op.getByRole("row").filter({ hasText: notice.code }).getByText("处理意见：考勤与结业考核记录齐全，异议不成立").waitFor();
    expect(officer.problems.errors).toEqual([]);
    await officer.context.close();
    await visitor.page.reload();
    await visitor.page.getByRole("row").filter({ hasText: notice.code }).getByRole("button", { name: /旅程/ }).click();
    await visitor.page.getByText("¥1,200.00").first().waitFor();
    expect(await visitor.page.getByText("异议核查中").count()).toBe(0);
    await visitor.context.close();

    // the notice runs 5 working days: the server's clock moves to the morning after it ends
    await platform.setNow(new Date(`${addDays(notice.endsOn, 1)}T02:00:00Z`));

    // 7. finance: the payee's account, the settlement, a batch, the bank file and the bank's result
    const fin = await openPage(browser, base, LAPTOP);
    const p = fin.page;
    await p.goto("/payments");
    await login(p, w.finance, PASSWORD);
    await p.getByRole("tab", { name: "待拨付申领" }).click();
    const claimRow = p.getByRole("row").filter({ hasText: w.classTitle });
    await claimRow.getByText("2 人 ¥2,400.00").first().waitFor();
    await shot(p, "08-claims-to-pay");
    await claimRow.getByRole("button", { name: "清算" }).click();
    await p.getByText("已生成清算指令").waitFor();
    await shot(p, "09-settlement-made");

    // the order waits for the payee's account: finance registers it, picking the payee by name
    await p.getByRole("tab", { name: "支付指令" }).click();
    const orderRow = p.getByRole("row").filter({ hasText: w.institutionName }).filter({ hasText: "待支付" });
    await orderRow.getByText("未登记").waitFor();
    await p.getByRole("tab", { name: "收款账户" }).click();
    await pickOption(p, p.getByLabel("收款方"), `${w.institutionName}（企业） · 未登记账户`);
    await p.getByLabel("户名").fill(w.institutionName);
    await p.getByLabel("开户银行").fill("中国工商银行长春分行");
    await p.getByLabel("账号", { exact: true }).fill("6222020200112233445");
    await p.getByRole("button", { name: "保存" }).click();
    await p.getByText("收款账户已保存").waitFor();
    await p.getByRole("row").filter({ hasText: w.institutionName }).getByText("第 1 版（在用）").waitFor();
    await shot(p, "10-payee-account");

    await p.getByRole("tab", { name: "支付指令" }).click();
    await orderRow.getByText(/中国工商银行长春分行/).waitFor();
    await orderRow.getByText("¥2,400.00").waitFor();
    await orderRow.getByRole("checkbox").check();
    await p.getByRole("button", { name: "编入支付批次（1）" }).click();
    await p.getByText(/已生成支付批次/).waitFor();
    await shot(p, "11-order-batched");

    await p.getByRole("tab", { name: "支付批次" }).click();
    const batchRow = p.getByRole("row").filter({ hasText: "待回盘" });
    await batchRow.getByText("¥2,400.00").waitFor();
    const [download] = await Promise.all([p.waitForEvent("download"), batchRow.getByRole("link", { name: "下载支付文件" }).or(batchRow.getByRole("button", { name: "下载支付文件" })).click()]);
    const file = await download.path();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.getWorksheet("支付明细")!;
    let rows = 0;
    // the bank fills 处理结果 / 银行流水号 on every data row
    ws.eachRow((r, n) => {
      const no = Number(r.getCell(2).value);
      if (n === 1 || !no) return;
      rows++;
      r.getCell(8).value = "成功";
      r.getCell(9).value = `ICBC2026${String(no).padStart(6, "0")}`;
    });
    expect(rows).toBe(1);
    const resultPath = path.join(SHOTS, "bank-result.xlsx");
    await wb.xlsx.writeFile(resultPath);
    await batchRow.locator("input[type=file]").setInputFiles(resultPath);
    await p.getByText(/回盘已导入/).waitFor();
    const reconciled = p.getByRole("row").filter({ hasText: "已对账" });
    await reconciled.getByText("¥2,400.00 / ¥0.00").waitFor();
    await shot(p, "12-bank-result-imported");
    expect(fin.problems.errors).toEqual([]);
    await fin.context.close();

    // 8. the public disclosure shows the money spent in 长春市
    const pub = await openPage(browser, base, LAPTOP);
    await pub.page.goto("/portal/funds");
    await pub.page.getByRole("row").filter({ hasText: "长春市" }).getByText("¥2,400.00").first().waitFor();
    await shot(pub.page, "13-portal-funds");
    await pub.context.close();

    // 9. the trainee's phone: 我的补贴 reads 已支付
    const t = w.trainees[0]!;
    const phone = await openPage(browser, base, PHONE);
    await phone.page.goto("/m/subsidies");
    await login(phone.page, t.username, t.temporaryPassword);
    await phone.page.waitForURL(/\/change-password\?next=/);
    const newPassword = "Xueyuan-0#Bt2026";
    await phone.page.getByLabel("当前密码（初始密码）").fill(t.temporaryPassword);
    await phone.page.getByLabel("新密码", { exact: true }).fill(newPassword);
    await phone.page.getByLabel("确认新密码").fill(newPassword);
    await phone.page.getByRole("button", { name: "确认修改" }).click();
    await phone.page.waitForURL(/\/m\/subsidies/);
    await phone.page.getByText("我的补贴").first().waitFor();
    const card = phone.page.locator(".ant-card").filter({ hasText: "已支付" });
    await card.getByText("¥1,200.00").waitFor();
    await shot(phone.page, "14-phone-my-subsidies");
    expect(phone.problems.errors).toEqual([]);
    await phone.context.close();
  });
});
