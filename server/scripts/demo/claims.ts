/**
 * Subsidy claims of the demo province, walked through the real services on the timeline with the
 * clock at each step's date: the institution generates the claim from its assessed class (training,
 * and evaluation for 职业技能等级证书 classes), signs the commitment and submits; the county gives the
 * first review (holding a line, or returning with every reason), the city the second; the county
 * publishes the approved lines for five working days (an objection raised on the portal and
 * dismissed, another still open); finance pays: a 50 % advance for enterprise training, settlement
 * after the notice, bank batches whose result files are imported (a row returned by the bank waits
 * for the payee's account to be corrected).
 *
 * Past classes' claims are paid in their year; this year's stand in every state today (the claims
 * showcase classes of classes.ts guarantee each state at every scale).
 */
import ExcelJS from "exceljs";
import { addWorkingDays, type WorkCalendar } from "../../src/modules/calendar/index.ts";
import { batchFile, createAdvance, createBatch, createSettlement, getClaimPayment, importResult, savePayeeAccount } from "../../src/modules/payments/index.ts";
import { currentCommitment, decideObjection, generateClaim, getPublicNotice, objectToLine, publishNotice, reviewClaim, setLineHold, signCommitment, submitClaim } from "../../src/modules/subsidies/index.ts";
import { anonymousActor } from "../../src/platform/auth/actor.ts";
import type { Ctx, Deps } from "../../src/platform/context.ts";
import { AppError } from "../../src/platform/http/errors.ts";
import { type ClassPlan, resultDays } from "./classes.ts";
import { phone } from "./people.ts";
import type { Prng } from "./prng.ts";
import { chinaAt, type Timeline } from "./timeline.ts";
import type { Account, DemoInstitution } from "./world.ts";

/** How far a class's claims have come by today. */
export type ClaimStory = "draft" | "submitted" | "returned" | "county_approved" | "approved" | "in_notice" | "paid";

export interface ClaimPlan {
  story: ClaimStory;
  /** the county holds one eligible line at its review (it is never paid) */
  holdOne?: boolean;
  /** the bank returns the payee's row (账户已销户): the order waits for a corrected account */
  bankReturns?: boolean;
  /** finance advances 50 % on the city's approval (enterprise or project-based training) */
  advance?: boolean;
}

export interface ClaimWorld {
  deps: Deps;
  cal: WorkCalendar;
  today: string;
  now: Date;
  officerOf: (county: string) => Account;
  cityOfficerOf: (city: string) => Account;
  staffOf: (inst: DemoInstitution) => Account;
  finance: Account;
}

/** Working days after the class is assessed that a whole paid story takes (filing → bank result). */
const PAID_STORY_WORKING_DAYS = 26;

/**
 * The claims of the classes outside the showcase: past classes' are paid (an enterprise's with an
 * advance); this year's are paid when there was time, submitted when the class was assessed lately.
 */
export function assignClaims(plans: ClassPlan[], cal: WorkCalendar, today: string): void {
  for (const p of plans) {
    if (p.status !== "assessed" || p.claim) continue;
    const { issueDay } = resultDays(cal, p);
    if (addWorkingDays(cal, issueDay, PAID_STORY_WORKING_DAYS) < today) p.claim = { story: "paid", advance: p.inst.type === "enterprise_center" };
    else if (issueDay < addWorkingDays(cal, today, -4)) p.claim = { story: "submitted" };
  }
}

const RETURN_REASONS = ["第 2 名学员的职业技能等级证书编号与证书查询系统不一致，请核对", "承诺书签署人不是机构法定代表人或其授权人，请补充授权书"];

type Order = Awaited<ReturnType<typeof createSettlement>>["orders"][number];

/** The payment side: payee accounts registered on first use, orders waiting for the next bank batch. */
export class Payments {
  private accounts = new Set<string>();
  private pending: Order[] = [];
  /** order codes whose bank row comes back returned */
  private bankReturns = new Set<string>();
  private batchSeq = 0;
  readonly counts = { batches: 0, paidRows: 0, returnedRows: 0, notices: 0, objections: 0 };

  constructor(
    private readonly t: Timeline,
    private readonly w: ClaimWorld,
    private readonly r: Prng,
  ) {}

  /**
   * Queues ready orders for the next bank batch at 15:00: finance sends one on the first working day
   * from the 1st and from the 16th of each month (with every order ready by then); an advance goes
   * out the same day (`now`), since the settlement waits for it.
   */
  queue(orders: Order[], date: string, o: { bankReturns?: boolean; now?: boolean } = {}): void {
    const ready = orders.filter((x) => x.status === "ready");
    if (!ready.length) return;
    this.pending.push(...ready);
    if (o.bankReturns) for (const x of ready) this.bankReturns.add(x.code);
    const day = o.now ? date : this.nextBatchDay(date);
    // orders made lately wait for the next batch, after today
    if (this.scheduled.has(day) || chinaAt(day, "15:00").getTime() >= this.w.now.getTime()) return;
    this.scheduled.add(day);
    this.t.add(chinaAt(day, "15:00"), `bank batch ${day}`, () => this.batch(day));
  }

  private scheduled = new Set<string>();

  private nextBatchDay(date: string): string {
    const d = Number(date.slice(8, 10));
    const [y, m] = [Number(date.slice(0, 4)), Number(date.slice(5, 7))];
    const from = d <= 1 ? date : d <= 16 ? `${date.slice(0, 8)}16` : m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, "0")}-01`;
    const day = addWorkingDays(this.w.cal, addWorkingDays(this.w.cal, from, -1), 1);
    return day < date ? date : day;
  }

  private async ensureAccounts(orders: Order[]): Promise<void> {
    const { deps, finance } = this.w;
    for (const o of orders) {
      const key = `${o.payeeType}:${o.payeeId}`;
      if (this.accounts.has(key)) continue;
      this.accounts.add(key);
      const number = `62${this.r.pick(["22", "17", "28", "16"])}${String(this.r.int(0, 999_999_999)).padStart(9, "0")}${String(this.r.int(0, 99_999_999)).padStart(8, "0")}`;
      const bank = this.r.pick(["中国工商银行", "中国建设银行", "中国农业银行", "吉林银行", "中国银行"]);
      await savePayeeAccount(deps, finance.ctx, { payeeType: o.payeeType, payeeId: o.payeeId, accountName: o.payeeName, bankName: `${bank}${o.regionCode.startsWith("2201") ? "长春" : "吉林"}分行营业部`, accountNumber: number });
    }
  }

  private async batch(date: string): Promise<void> {
    const orders = this.pending.splice(0);
    if (!orders.length) return;
    const { deps, finance, cal, now } = this.w;
    await this.ensureAccounts(orders);
    const b = await createBatch(deps, finance.ctx, { orderIds: orders.map((o) => o.id) }, `demo-batch-${++this.batchSeq}`);
    this.counts.batches++;
    const resultAt = chinaAt(addWorkingDays(cal, date, 2), "10:00");
    // the bank answers two working days later; a batch sent lately is still at the bank today
    if (resultAt.getTime() >= now.getTime()) return;
    this.t.add(resultAt, `bank result ${b.code}`, async () => {
      const file = await batchFile(deps, finance.ctx, b.id);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(file.buffer as unknown as ArrayBuffer);
      const ws = wb.getWorksheet("支付明细")!;
      ws.eachRow((row, n) => {
        const no = Number(row.getCell(2).value);
        if (n === 1 || !no) return;
        const memo = String(row.getCell(7).value ?? "");
        const returned = [...this.bankReturns].some((code) => memo.includes(code));
        row.getCell(8).value = returned ? "退回" : "成功";
        row.getCell(9).value = returned ? null : `${b.code.slice(-6)}${String(no).padStart(4, "0")}${date.replace(/-/g, "")}`;
        row.getCell(10).value = returned ? "收款账户已销户，请核实后更正账户" : null;
        if (returned) this.counts.returnedRows++;
        else this.counts.paidRows++;
      });
      await importResult(deps, finance.ctx, b.id, Buffer.from(await wb.xlsx.writeBuffer()), `demo-bank-result-${b.code}`);
    });
  }
}

const isSkipped = (e: unknown, ...codes: string[]) => e instanceof AppError && codes.includes(e.code);

/** Puts one class's claims on the timeline (training; evaluation too for a class a body evaluated). */
export function scheduleClaims(t: Timeline, w: ClaimWorld, pay: Payments, r: Prng, p: ClassPlan): void {
  const plan = p.claim;
  if (!plan) return;
  const { deps, cal } = w;
  const wd = (d: string, n: number) => addWorkingDays(cal, d, n);
  const staff = w.staffOf(p.inst);
  const county = w.officerOf(p.inst.regionCode);
  const city = w.cityOfficerOf(`${p.inst.regionCode.slice(0, 4)}00`);
  const types = p.certificateType === "skill_level" && p.evaluator ? (["training", "evaluation"] as const) : (["training"] as const);
  const claims: Awaited<ReturnType<typeof generateClaim>>[] = [];
  const claimIds: string[] = [];
  const { issueDay } = resultDays(cal, p);
  const paid = plan.story === "paid";
  // dates of the steps: a paid story follows the class; the others end near today
  const back = (n: number) => wd(w.today, -n);
  type Steps = { file: string; county: string | null; city: string | null; publish: string | null };
  const steps: Steps = paid
    ? { file: wd(issueDay, 3), county: wd(issueDay, 6), city: wd(issueDay, 9), publish: wd(issueDay, plan.advance ? 14 : 11) }
    : ({

        draft: { file: back(2), county: null, city: null, publish: null },
        submitted: { file: back(3), county: null, city: null, publish: null },
        returned: { file: back(10), county: back(6), city: null, publish: null },
        county_approved: { file: back(9), county: back(5), city: null, publish: null },
        approved: { file: back(14), county: back(10), city: back(6), publish: null },
        in_notice: { file: back(16), county: back(12), city: back(8), publish: back(2) },
      } satisfies Record<Exclude<ClaimStory, "paid">, Steps>)[plan.story as Exclude<ClaimStory, "paid">];

  t.add(chinaAt(steps.file, "10:00"), `class ${p.n} claims filed`, async () => {
    for (const subsidyType of types) {
      const c = await generateClaim(deps, staff.ctx, p.id!, { subsidyType });
      claims.push(c);
      claimIds.push(c.id);
      if (plan.story === "draft") continue;
      await signCommitment(deps, staff.ctx, c.id, { textVersion: currentCommitment.version, textHash: currentCommitment.hash });
      await submitClaim(deps, staff.ctx, c.id);
    }
  });
  if (steps.county) {
    t.add(chinaAt(steps.county, "15:00"), `class ${p.n} claims county review`, async () => {
      for (const [i, id] of claimIds.entries()) {
        if (plan.story === "returned") {
          await reviewClaim(deps, county.ctx, id, { step: "county", decision: "return", reasons: RETURN_REASONS });
          continue;
        }
        if (plan.holdOne && i === 0) {
          const line = claims[0]!.lines.find((l) => l.eligible);
          if (line) await setLineHold(deps, county.ctx, id, line.id, "hold", { reason: "现场核查：该学员 3 次课签到照片与本人不符，待核实后再定" });
        }
        await reviewClaim(deps, county.ctx, id, { step: "county", decision: "approve", note: "出勤、考核、证书与申领明细一致" });
      }
    });
  }
  if (steps.city) {
    t.add(chinaAt(steps.city, "10:00"), `class ${p.n} claims city review`, async () => {
      for (const id of claimIds) await reviewClaim(deps, city.ctx, id, { step: "city", decision: "approve" });
    });
  }
  if (plan.advance && steps.city) {
    const day = wd(steps.city, 1);
    t.add(chinaAt(day, "10:00"), `class ${p.n} advance`, async () => {
      const view = await getClaimPayment(deps, w.finance.ctx, claimIds[0]!);
      if (view.maxAdvanceFen <= 0) return;
      const { orders } = await createAdvance(deps, w.finance.ctx, claimIds[0]!, { amountFen: view.maxAdvanceFen }, `demo-advance-${claimIds[0]}`);
      pay.queue(orders, day, { now: true });
    });
  }
  if (!steps.publish) return;

  t.add(chinaAt(steps.publish, "09:30"), `class ${p.n} notice`, async () => {
    let notice: Awaited<ReturnType<typeof publishNotice>>;
    try {
      notice = await publishNotice(deps, county.ctx, { title: `${steps.publish!.slice(0, 4)} 年职业技能培训补贴公示（${p.inst.name}）`, claimIds });
    } catch (e) {
      // every line ineligible or held: nothing to publish, nothing to pay
      if (isSkipped(e, "notice.nothing_to_publish")) return;
      throw e;
    }
    pay.counts.notices++;
    if (plan.story === "in_notice") {
      const lines = (await getPublicNotice(deps, notice.id)).lines;
      const anyone: Ctx = { actor: anonymousActor, requestId: "demo-portal", clientIp: "203.0.113.24" };
      const first = lines[0]!;
      t.add(chinaAt(steps.publish!, "15:20"), `class ${p.n} objection`, async () => {
        const o = await objectToLine(deps, anyone, notice.id, { lineId: first.lineId, contactName: "王先生", contactPhone: phone(r), content: `公示名单中的 ${first.personName} 培训期间一直在外地务工，怀疑未实际参加培训` });
        pay.counts.objections++;
        t.add(chinaAt(wd(steps.publish!, 1), "10:00"), `class ${p.n} objection decided`, async () => {
          await decideObjection(deps, county.ctx, o.id, { decision: "dismissed", reason: "经调取签到记录、实训照片并电话核实，该学员培训期间在训，异议不成立" });
        });
      });
      const second = lines[1] ?? first;
      t.add(chinaAt(wd(steps.publish!, 1), "16:40"), `class ${p.n} second objection`, async () => {
        await objectToLine(deps, anyone, notice.id, { lineId: second.lineId, contactName: "李女士", contactPhone: phone(r), content: `${second.personName} 是本单位在编职工，不应享受培训补贴，请核查` });
        pay.counts.objections++;
      });
      return;
    }
    // paid: settled the working day after the notice ends, then the bank batch that afternoon
    const day = wd(notice.endsOn, 1);
    t.add(chinaAt(day, "10:00"), `class ${p.n} settlement`, async () => {
      for (const id of claimIds) {
        try {
          const { orders } = await createSettlement(deps, w.finance.ctx, id, `demo-settlement-${id}`);
          pay.queue(orders, day, { bankReturns: plan.bankReturns });
        } catch (e) {
          if (!isSkipped(e, "payment.nothing_to_settle")) throw e;
        }
      }
    });
  });
}
