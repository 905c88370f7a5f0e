import type { classStatusValues } from "../../../../shared/src/contracts/classes.ts";
import { classStatus, skillLevelLabels } from "../../app/status.ts";

export type ClassStatus = (typeof classStatusValues)[number];

/** The shared wording and colour of each class state (app/status.ts), as this module's pages read it. */
export const classStatusLabels = Object.fromEntries(Object.entries(classStatus).map(([k, v]) => [k, { label: v.text, color: v.color }])) as Record<
  ClassStatus,
  { label: string; color: string }
>;

export const modeLabels = { offline: "线下", online: "线上", blended: "线上线下结合" } as const;
/** 培训组织方式: project-based training (项目制培训) may take the 50% advance */
export const organisationLabel = (projectBased: boolean) => (projectBased ? "项目制" : "普通");
export const organisationOptions = [
  { value: false, label: "普通" },
  { value: true, label: "项目制" },
];
export const resultLabels = { pass: "合格", fail: "不合格", absent: "缺考" } as const;
export const changeKindLabels: Record<string, string> = {
  session_add: "增加课程",
  session_update: "调整课程",
  session_cancel: "取消课程",
  roster_add: "增加学员",
  roster_withdraw: "学员退出",
};

/** "五级/初级工" for "5"; the code lists come from /api/reference, this is the fallback. */
export const levelLabels: Record<string, string> = skillLevelLabels;

/** A problem of class.checks_failed as the user reads it: the server's sentence, which names the numbers. */
export interface Problem {
  code: string;
  message: string;
  path?: string;
}
