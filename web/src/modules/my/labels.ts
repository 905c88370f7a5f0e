import type { classStatusValues } from "../../../../shared/src/contracts/classes.ts";
import { classStatus, type StatusLabel } from "../../app/status.ts";

type ClassStatus = (typeof classStatusValues)[number];

/**
 * How a trainee reads the state of their class: the review steps before approval are one
 * "筹备中" and an approved class is "即将开班" to them; from the first session on, the same
 * wording and colour as every other page (app/status.ts).
 */
export const classStatusLabel: Record<ClassStatus, StatusLabel> = {
  ...classStatus,
  draft: { text: "筹备中", color: "default" },
  submitted: { text: "筹备中", color: "default" },
  returned: { text: "筹备中", color: "default" },
  approved: { text: "即将开班", color: "gold" },
};

export const resultLabel = { pass: "合格", fail: "不合格", absent: "缺考" } as const;

export const certificateTypeLabel: Record<string, string> = {
  training_completion: "培训合格证书",
  skill_level: "职业技能等级证书",
  vocational_qualification: "职业资格证书",
  special_ability: "专项职业能力证书",
  special_operation: "特种作业操作证",
};

/** The public page that checks a certificate by its QR token (the portal's verify page). */
export function verifyPath(verifyToken: string): string {
  return `/verify/${verifyToken}`;
}
