import type { classStatusValues } from "../../../../shared/src/contracts/classes.ts";

export type ClassStatus = (typeof classStatusValues)[number];

export const classStatusLabels: Record<ClassStatus, { label: string; color: string }> = {
  draft: { label: "草稿", color: "default" },
  submitted: { label: "待审核", color: "processing" },
  returned: { label: "已退回", color: "warning" },
  approved: { label: "已通过", color: "success" },
  in_progress: { label: "培训中", color: "blue" },
  finished: { label: "已结业", color: "purple" },
  assessed: { label: "已评价", color: "geekblue" },
  cancelled: { label: "已取消", color: "default" },
};

export const modeLabels = { offline: "线下", online: "线上", blended: "线上线下结合" } as const;
export const resultLabels = { pass: "合格", fail: "不合格", absent: "缺考" } as const;
export const changeKindLabels: Record<string, string> = {
  session_add: "增加课程",
  session_update: "调整课程",
  session_cancel: "取消课程",
  roster_add: "增加学员",
  roster_withdraw: "学员退出",
};

/** "五级/初级工" for "5"; the code lists come from /api/reference, this is the fallback. */
export const levelLabels: Record<string, string> = { "5": "五级/初级工", "4": "四级/中级工", "3": "三级/高级工", "2": "二级/技师", "1": "一级/高级技师" };

/** A problem of class.checks_failed as the user reads it: the server's sentence, which names the numbers. */
export interface Problem {
  code: string;
  message: string;
  path?: string;
}
