import type { ErrorCode } from "../../../shared/src/errors.ts";
import { isApiError } from "./api-client.ts";

/**
 * What the user reads for each API error code. Typed against shared/src/errors.ts, so adding a
 * code on the server without wording here fails the typecheck.
 */
export const errorMessages: Record<ErrorCode, string> = {
  "request.invalid": "填写的内容有误，请按提示修改",
  "request.malformed_json": "请求格式有误，请刷新页面后重试",
  "request.too_large": "提交的内容过大",
  "request.unsupported_media_type": "不支持的提交格式",
  "request.bad_origin": "请求来源不被允许，请从平台页面操作",
  "route.not_found": "请求的功能不存在，请刷新页面后重试",
  "internal.error": "系统内部错误，请稍后重试；如仍失败请联系管理员",
  "conflict.duplicate": "该值已被使用，请更换",
  "conflict.reference": "相关联的数据不存在或仍被引用，操作未完成",
  "conflict.retry": "数据正被他人同时修改，请重试",
  "db.locked": "数据目录正被另一个进程使用，服务暂不可用",
  "auth.required": "登录已失效，请重新登录",
  "auth.invalid_credentials": "用户名或密码错误",
  "auth.locked": "连续登录失败次数过多，账号已临时锁定",
  "auth.disabled": "账号已停用，请联系管理员",
  "auth.password_change_required": "请先修改初始密码",
  "auth.weak_password": "新密码不符合密码规则",
  "auth.wrong_password": "当前密码不正确",
  "auth.forbidden": "您没有执行此操作的权限",
  "user.not_found": "用户不存在或不在您的管理范围内",
  "user.username_taken": "该用户名已被使用",
  "user.scope_outside": "只能在您本人的管理范围内授权",
  "user.scope_invalid": "角色与授权范围不匹配",
  "user.self_change": "不能停用自己的账号或修改自己的角色",
  "region.not_found": "行政区划不存在",
  "department.not_found": "部门不存在",
  "audit.not_found": "日志记录不存在",
};

/** codes only the web produces */
const clientMessages: Record<string, string> = {
  "network.error": "无法连接服务器，请检查网络后重试",
  "response.invalid": "服务器返回了无法识别的内容，请稍后重试",
};

export function messageForCode(code: string, fallback: string): string {
  return (errorMessages as Record<string, string>)[code] ?? clientMessages[code] ?? fallback;
}

/** One line for a toast or an alert: the Chinese wording for the code, plus the request id for 5xx. */
export function errorText(e: unknown): string {
  if (!isApiError(e)) return e instanceof Error ? `操作失败：${e.message}` : "操作失败";
  let text = messageForCode(e.code, e.message);
  const problems = e.detail<string[]>("problems");
  if (Array.isArray(problems) && problems.length) text += `：${problems.join("；")}`;
  if (e.status >= 500 && e.requestId) text += `（请求编号 ${e.requestId}）`;
  return text;
}
