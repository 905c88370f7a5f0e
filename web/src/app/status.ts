import type { itemStatuses } from "../../../shared/src/contracts/catalogue.ts";
import type { classStatusValues } from "../../../shared/src/contracts/classes.ts";
import type { InstitutionStatus } from "../../../shared/src/contracts/institutions.ts";
import type { MyLineStatus } from "../../../shared/src/contracts/subsidies.ts";
import type { changeRequestStatusList } from "../../../shared/src/contracts/trainees.ts";
import { changeRequestStatusNames, classStatusNames, correctionStatusNames, importJobStatusNames, noticeStateNames, objectionStatusNames } from "../../../shared/src/status-labels.ts";

/** How a state reads on every page: one wording and one antd tag colour (issue #10). */
export interface StatusLabel {
  text: string;
  color: string;
}

/**
 * The colours carry one meaning across families: gold waits for someone, orange was sent back,
 * green is done/valid, blue is running, red ended badly, default is inactive.
 */
const waiting = "gold";
const sentBack = "orange";
const done = "green";
const running = "blue";
const ended = "red";
const inactive = "default";

export const classStatus: Record<(typeof classStatusValues)[number], StatusLabel> = {
  draft: { text: classStatusNames.draft, color: inactive },
  submitted: { text: classStatusNames.submitted, color: waiting },
  returned: { text: classStatusNames.returned, color: sentBack },
  approved: { text: classStatusNames.approved, color: done },
  in_progress: { text: classStatusNames.in_progress, color: running },
  finished: { text: classStatusNames.finished, color: "cyan" },
  assessed: { text: classStatusNames.assessed, color: "purple" },
  cancelled: { text: classStatusNames.cancelled, color: inactive },
};

export const institutionStatus: Record<InstitutionStatus, StatusLabel> = {
  pending: { text: "待审核", color: waiting },
  returned: { text: "已退回", color: sentBack },
  approved: { text: "已通过", color: done },
  suspended: { text: "暂停开班", color: "volcano" },
  banned: { text: "取消资格", color: ended },
  withdrawn: { text: "已退出", color: inactive },
};

/** 考勤补正 (attendance corrections) */
export const correctionStatus: Record<"pending" | "approved" | "rejected", StatusLabel> = {
  pending: { text: correctionStatusNames.pending, color: waiting },
  approved: { text: correctionStatusNames.approved, color: done },
  rejected: { text: correctionStatusNames.rejected, color: sentBack },
};

/** 人员信息变更申请 */
export const changeRequestStatus: Record<(typeof changeRequestStatusList)[number], StatusLabel> = {
  pending: { text: changeRequestStatusNames.pending, color: waiting },
  confirmed: { text: changeRequestStatusNames.confirmed, color: done },
  rejected: { text: changeRequestStatusNames.rejected, color: sentBack },
};

export const certificateStatus: Record<"valid" | "revoked", StatusLabel> = {
  valid: { text: "有效", color: done },
  revoked: { text: "已撤销", color: ended },
};

export const userStatus: Record<"active" | "disabled" | "locked" | "mustChangePassword", StatusLabel> = {
  active: { text: "正常", color: done },
  disabled: { text: "已停用", color: inactive },
  locked: { text: "已锁定", color: sentBack },
  mustChangePassword: { text: "待改密", color: waiting },
};

export const importJobStatus: Record<"queued" | "running" | "succeeded" | "failed", StatusLabel> = {
  queued: { text: importJobStatusNames.queued, color: waiting },
  running: { text: importJobStatusNames.running, color: running },
  succeeded: { text: importJobStatusNames.succeeded, color: done },
  failed: { text: importJobStatusNames.failed, color: ended },
};

/** a trainee on a class's roster */
export const enrollmentStatus: Record<"enrolled" | "withdrawn", StatusLabel> = {
  enrolled: { text: "在册", color: done },
  withdrawn: { text: "已退出", color: inactive },
};

/** a class session */
export const sessionStatus: Record<"planned" | "cancelled", StatusLabel> = {
  planned: { text: "计划", color: running },
  cancelled: { text: "已取消", color: inactive },
};

export const catalogueItemStatus: Record<(typeof itemStatuses)[number], StatusLabel> = {
  draft: { text: "草稿", color: inactive },
  published: { text: "已发布", color: done },
  withdrawn: { text: "已撤销", color: ended },
};

/** 五级/初级工 … 一级/高级技师: the national skill levels, by code ("5" … "1"). */
export const skillLevelLabels: Readonly<Record<string, string>> = { "5": "五级/初级工", "4": "四级/中级工", "3": "三级/高级工", "2": "二级/技师", "1": "一级/高级技师" };

/** A state as text for selects and exports; unknown codes stay readable. */
export function statusText<K extends string>(family: Record<K, StatusLabel>, code: string): string {
  return (family as Record<string, StatusLabel>)[code]?.text ?? code;
}

/** a target (目标任务) at one level: handed down or not yet */
export const targetStatus: Record<"set" | "unset", StatusLabel> = {
  set: { text: "已下达", color: done },
  unset: { text: "未下达", color: inactive },
};

/** a share against the plan's goal (G2, G3) */
export const goalStatus: Record<"met" | "below" | "unknown", StatusLabel> = {
  met: { text: "已达目标", color: done },
  below: { text: "未达目标", color: waiting },
  unknown: { text: "未录入", color: inactive },
};

/** Progress against the year's target compared with the pace expected by today (home page). */
export const paceStatus: Record<"ahead" | "on_pace" | "behind" | "no_target", StatusLabel> = {
  ahead: { text: "快于进度", color: done },
  on_pace: { text: "符合进度", color: running },
  behind: { text: "落后进度", color: ended },
  no_target: { text: "未下达目标", color: inactive },
};

/** 我的补贴: how a trainee reads one subsidy line (待申领 → 审核中 → 公示中 → 待支付 → 已支付, or 不符合) */
export const mySubsidyStatus: Record<MyLineStatus, StatusLabel> = {
  to_claim: { text: "待申领", color: inactive },
  in_review: { text: "审核中", color: waiting },
  in_notice: { text: "公示中", color: running },
  to_pay: { text: "待支付", color: waiting },
  paid: { text: "已支付", color: done },
  ineligible: { text: "不符合", color: ended },
};

/** a payment order (支付指令) */
export const paymentOrderStatus: Record<"ready" | "in_batch" | "paid" | "returned", StatusLabel> = {
  ready: { text: "待支付", color: waiting },
  in_batch: { text: "已发银行", color: running },
  paid: { text: "已支付", color: done },
  returned: { text: "银行退回", color: sentBack },
};

/** a bank payment batch (支付批次) and its rows */
export const paymentBatchStatus: Record<"sent" | "reconciled" | "paid" | "returned", StatusLabel> = {
  sent: { text: "待回盘", color: running },
  reconciled: { text: "已对账", color: done },
  paid: { text: "支付成功", color: done },
  returned: { text: "银行退回", color: sentBack },
};

/** a public notice (公示) an officer published */
export const noticeState: Record<keyof typeof noticeStateNames, StatusLabel> = {
  running: { text: noticeStateNames.running, color: running },
  ended: { text: noticeStateNames.ended, color: inactive },
};

/** an objection (异议) to a published line */
export const objectionStatus: Record<keyof typeof objectionStatusNames, StatusLabel> = {
  open: { text: objectionStatusNames.open, color: waiting },
  upheld: { text: objectionStatusNames.upheld, color: ended },
  dismissed: { text: objectionStatusNames.dismissed, color: done },
};
