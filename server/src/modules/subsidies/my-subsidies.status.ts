/**
 * How the trainee reads one subsidy line ("我的补贴"): 待申领 (the claim is not yet submitted),
 * 审核中 (in review, held, or approved and waiting for the notice), 公示中, 待支付 (notice ended,
 * approved, not held), 已支付, 不符合 (the decision refused it). Pure, so the wording of each case is
 * tested without a database.
 */
import type { MyLineStatus } from "../../../../shared/src/contracts/subsidies.ts";
import { INSURANCE_PENDING } from "./eligibility.ts";
import type { ClaimStatus } from "./subsidies.table.ts";

export interface LineState {
  eligible: boolean;
  reason: string;
  checks: { code: string; ok: boolean; reason: string }[];
  claimStatus: ClaimStatus;
  returnReasons: string[] | null;
  held: boolean;
  holdReason: string | null;
  approved: boolean;
  paid: boolean;
  notice: { startsOn: string; endsOn: string } | null;
  today: string;
}

export function myLineStatus(l: LineState): { status: MyLineStatus; reason: string } {
  if (l.paid) return { status: "paid", reason: l.reason };
  const failed = l.checks.filter((c) => !c.ok);
  // a skill-upgrading line waiting only for the county's insured months is not refused
  const waitingForCounty = failed.length > 0 && failed.every((c) => c.code === INSURANCE_PENDING);
  if (!l.eligible && !waitingForCounty) return { status: "ineligible", reason: l.reason };
  if (l.claimStatus === "returned") return { status: "to_claim", reason: `申领已退回：${(l.returnReasons ?? []).join("；")}` };
  if (l.claimStatus === "draft") return { status: "to_claim", reason: "培训机构尚未提交申领" };
  if (l.claimStatus !== "approved") return { status: "in_review", reason: waitingForCounty ? l.reason : l.claimStatus === "submitted" ? "待县级初审" : "待市级复审" };
  if (l.held) return { status: "in_review", reason: `暂停发放：${l.holdReason ?? ""}` };
  if (!l.approved || !l.notice) return { status: "in_review", reason: "审核通过，待公示" };
  if (l.today <= l.notice.endsOn) return { status: "in_notice", reason: `公示至 ${l.notice.endsOn}` };
  return { status: "to_pay", reason: "公示期满，待支付" };
}
