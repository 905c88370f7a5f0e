/**
 * The Chinese name of each state, one map for the server (refusal messages, exports) and the
 * console (tags, filters; web/src/app/status.ts adds the colour). status-labels.test.ts checks
 * that every state has a name and that no two states of a family read the same.
 */
import type { classStatusValues } from "./contracts/classes.ts";
import type { noticeStateValues, objectionStatusValues } from "./contracts/subsidies.ts";

/** 培训班 (class application) states */
export const classStatusNames: Readonly<Record<(typeof classStatusValues)[number], string>> = {
  draft: "草稿",
  submitted: "待审核",
  returned: "已退回",
  approved: "已通过",
  in_progress: "培训中",
  finished: "已结业",
  assessed: "已考核",
  cancelled: "已取消",
};

/** 公示 (public notice): running while its five working days last, then ended (the lines not held proceed) */
export const noticeStateNames: Readonly<Record<(typeof noticeStateValues)[number], string>> = {
  running: "公示中",
  ended: "公示期满",
};

/** 公示异议 (objection to a published line) */
export const objectionStatusNames: Readonly<Record<(typeof objectionStatusValues)[number], string>> = {
  open: "待处理",
  upheld: "异议成立",
  dismissed: "异议不成立",
};

/** 考勤补正 (attendance correction) states */
export const correctionStatusNames: Readonly<Record<"pending" | "approved" | "rejected", string>> = {
  pending: "待审核",
  approved: "已通过",
  rejected: "已退回",
};

/** 人员信息变更申请 (person change request) states */
export const changeRequestStatusNames: Readonly<Record<"pending" | "confirmed" | "rejected", string>> = {
  pending: "待确认",
  confirmed: "已确认",
  rejected: "已驳回",
};

/** 导入任务 (background import job) states */
export const importJobStatusNames: Readonly<Record<"queued" | "running" | "succeeded" | "failed", string>> = {
  queued: "排队中",
  running: "处理中",
  succeeded: "已完成",
  failed: "失败",
};
