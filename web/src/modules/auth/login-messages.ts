import dayjs from "dayjs";
import { type ApiError, isApiError } from "../../app/api-client.ts";
import { errorText } from "../../app/error-messages.ts";

/**
 * The login page's explanation of a failed attempt. The server does not say how many attempts
 * remain (that would tell which usernames exist), so the rule is stated instead.
 */
export function loginFailureText(e: unknown, now: Date = new Date()): string {
  if (isApiError(e, "auth.locked")) return lockedText(e, now);
  if (isApiError(e, "auth.invalid_credentials")) return "用户名或密码错误（连续错误 5 次账号将被临时锁定）";
  if (isApiError(e, "request.rate_limited")) {
    const wait = e.detail<number>("retryAfterSeconds");
    return typeof wait === "number" ? `登录尝试过于频繁，请 ${wait} 秒后再试` : "登录尝试过于频繁，请稍后再试";
  }
  return errorText(e);
}

function lockedText(e: ApiError, now: Date): string {
  const until = e.detail<string>("lockedUntil");
  if (!until) return "连续登录失败次数过多，账号已临时锁定，请稍后再试或联系管理员解锁";
  const t = dayjs(until);
  const when = t.isSame(now, "day") ? t.format("HH:mm") : t.format("M月D日 HH:mm");
  return `连续登录失败次数过多，账号已锁定，请于 ${when} 后再试，或联系管理员重置密码解锁`;
}
