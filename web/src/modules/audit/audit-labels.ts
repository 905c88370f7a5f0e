import { roles } from "../../../../shared/src/permissions.ts";

/** Chinese names of the audit actions the platform writes; unknown ones show their code. */
export const auditActionLabels: Record<string, string> = {
  "auth.login": "登录",
  "auth.login_failed": "登录失败",
  "auth.locked": "账号锁定",
  "auth.logout": "退出登录",
  "auth.password_changed": "修改密码",
  "user.created": "创建用户",
  "user.updated": "修改用户",
  "user.password_reset": "重置密码",
};

export const entityTypeLabels: Record<string, string> = {
  user: "用户",
};

export function actionLabel(action: string): string {
  return auditActionLabels[action] ?? action;
}

const actorKinds: Record<string, string> = { system: "系统", anonymous: "未登录" };

/** "admin,auditor" (the roles the actor held when acting) → "系统管理员、审计监督人员". */
export function actorRoleLabel(summary: string | null): string {
  if (!summary) return "";
  return summary
    .split(",")
    .map((r) => roles[r as keyof typeof roles]?.label ?? actorKinds[r] ?? r)
    .join("、");
}
