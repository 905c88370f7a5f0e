import dayjs from "dayjs";
import { type ApiError, isApiError } from "../../app/api-client.ts";
import { errorText } from "../../app/error-messages.ts";

/** The login page's explanation of a failed attempt: remaining attempts, or until when it is locked. */
export function loginFailureText(e: unknown, now: Date = new Date()): string {
  if (isApiError(e, "auth.locked")) return lockedText(e, now);
  if (isApiError(e, "auth.invalid_credentials")) {
    const left = e.detail<number>("remainingAttempts");
    if (typeof left === "number") return `用户名或密码错误，再错 ${left} 次账号将被临时锁定`;
    return "用户名或密码错误";
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
