import { describe, expect, it } from "vitest";
import { INSURANCE_PENDING } from "./eligibility.ts";
import { type LineState, myLineStatus } from "./my-subsidies.status.ts";

const ok = { code: "category", ok: true, reason: "属于免费培训人员类别" };
const base = (o: Partial<LineState> = {}): LineState => ({
  eligible: true,
  reason: "符合补贴条件",
  checks: [ok],
  claimStatus: "approved",
  returnReasons: null,
  held: false,
  holdReason: null,
  approved: true,
  paid: false,
  notice: { startsOn: "2026-04-01", endsOn: "2026-04-08" },
  today: "2026-04-09",
  ...o,
});

describe("how a trainee reads a subsidy line", () => {
  it("walks 待申领 → 审核中 → 公示中 → 待支付 → 已支付", () => {
    expect(myLineStatus(base({ claimStatus: "draft", approved: false, notice: null }))).toEqual({ status: "to_claim", reason: "培训机构尚未提交申领" });
    expect(myLineStatus(base({ claimStatus: "submitted", approved: false, notice: null }))).toEqual({ status: "in_review", reason: "待县级初审" });
    expect(myLineStatus(base({ claimStatus: "county_approved", approved: false, notice: null }))).toEqual({ status: "in_review", reason: "待市级复审" });
    expect(myLineStatus(base({ notice: null }))).toEqual({ status: "in_review", reason: "审核通过，待公示" });
    expect(myLineStatus(base({ today: "2026-04-08" }))).toEqual({ status: "in_notice", reason: "公示至 2026-04-08" });
    expect(myLineStatus(base())).toEqual({ status: "to_pay", reason: "公示期满，待支付" });
    expect(myLineStatus(base({ paid: true }))).toMatchObject({ status: "paid" });
  });

  it("says why: a refusal, a hold, a return; a line waiting only for the county's insured months is in review, not refused", () => {
    expect(myLineStatus(base({ eligible: false, reason: "出勤率 72%，低于 80%", checks: [{ code: "attendance", ok: false, reason: "出勤率 72%，低于 80%" }] }))).toEqual({ status: "ineligible", reason: "出勤率 72%，低于 80%" });
    expect(myLineStatus(base({ held: true, holdReason: "公示异议待核查", approved: false }))).toEqual({ status: "in_review", reason: "暂停发放：公示异议待核查" });
    expect(myLineStatus(base({ claimStatus: "returned", returnReasons: ["花名册不全", "缺少签到"] }))).toEqual({ status: "to_claim", reason: "申领已退回：花名册不全；缺少签到" });
    const pending = { code: INSURANCE_PENDING, ok: false, reason: "参保月数待县级人社部门核验" };
    expect(myLineStatus(base({ eligible: false, reason: pending.reason, checks: [ok, pending], claimStatus: "submitted", approved: false, notice: null }))).toEqual({ status: "in_review", reason: pending.reason });
  });
});
