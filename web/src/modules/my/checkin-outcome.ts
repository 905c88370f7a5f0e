import dayjs from "dayjs";
import type { CheckInResult } from "../../../../shared/src/contracts/attendance.ts";
import { isApiError } from "../../app/api-client.ts";
import { errorText, messageForCode } from "../../app/error-messages.ts";

/** What the trainee can do next after a refusal. */
export type NextStep = "retype" | "move" | "wait" | "none";

export type Outcome =
  | { kind: "success"; title: string; at: string; distance: number; duplicate: boolean }
  | { kind: "refused"; code: string; title: string; detail: string; next: NextStep };

/** "约 120 米" / "约 2.4 公里" */
export function distanceText(m: number): string {
  return m >= 1000 ? `约 ${(m / 1000).toFixed(1)} 公里` : `约 ${Math.round(m)} 米`;
}

/** A successful (or repeated) check-in: a repeat says 已签到, never an error. */
export function successOutcome(r: CheckInResult): Outcome {
  const word = r.checkin.kind === "in" ? "签到" : "签退";
  return { kind: "success", title: r.duplicate ? `已${word}` : `${word}成功`, at: r.checkin.at, distance: r.checkin.distance, duplicate: r.duplicate };
}

const refused = (code: string, title: string, detail: string, next: NextStep = "none"): Outcome => ({ kind: "refused", code, title, detail, next });

/** The specific Chinese reason for each refusal of POST /api/attendance/check-in. */
export function refusalOutcome(e: unknown, kind: "in" | "out"): Outcome {
  const word = kind === "in" ? "签到" : "签退";
  if (!isApiError(e)) return refused("unknown", `${word}失败`, errorText(e));
  switch (e.code) {
    case "attendance.code_stale":
      return refused(e.code, "签到码已过期", "老师屏幕上的签到码每 30 秒更新一次。请重新扫描屏幕上的二维码，或输入当前显示的 6 位签到码。", "retype");
    case "attendance.code_invalid": {
      const left = e.detail<number>("remainingAttempts");
      if (left === 0) {
        return refused(e.code, "签到码不正确", `签到码错误次数已达上限，本次课程的${word}已锁定。请联系老师或培训机构核实，到课的可由他们提交考勤补正。`);
      }
      const warn = left === undefined ? "" : `还可再输入 ${left} 次，错误次数过多将锁定本次课程的${word}。`;
      return refused(e.code, "签到码不正确", `请核对老师屏幕上的 6 位签到码后重新输入。${warn}`, "retype");
    }
    case "attendance.checkin_locked":
      return refused(e.code, `${word}已锁定`, `签到码错误次数过多，本次课程的${word}已锁定。请联系老师或培训机构核实，到课的可由他们提交考勤补正。`);
    case "attendance.outside_geofence": {
      // the server answers only a coarse band, never the exact distance or the allowed radius
      const band = e.detail<string>("band");
      const where = band === "far" ? "您距培训地点约 1 公里以上" : band === "near" ? "您距培训地点还有数百米" : "您当前不在培训地点附近";
      return refused(e.code, "不在培训地点范围内", `${where}，须在培训地点范围内才能${word}。请到达培训地点后重试。`, "move");
    }
    case "attendance.window_not_open": {
      const opensAt = e.detail<string>("opensAt");
      const when = opensAt ? dayjs(opensAt).format("M月D日 HH:mm") : "";
      return refused(e.code, `${word}尚未开始`, when ? `${word}将于 ${when} 开放（课前 30 分钟起可签到），请届时再试。` : messageForCode(e.code, e.message), "wait");
    }
    case "attendance.window_closed":
      return refused(e.code, `${word}已结束`, `本次课程的${word}时间已过。如您确实到课，请联系培训机构提交考勤补正。`);
    case "attendance.not_enrolled":
      return refused(e.code, "不在本班名单中", "您不是本班学员，不能签到。如有疑问请联系培训机构。");
    case "attendance.session_not_found":
      return refused(e.code, "未找到这次课程", "二维码可能不完整或已失效，请重新扫描老师屏幕上的二维码。");
    case "attendance.not_checked_in":
      return refused(e.code, "尚未签到", "请先签到，再签退。");
    default:
      return refused(e.code, `${word}失败`, errorText(e));
  }
}

/** Why the phone gave no position (GeolocationPositionError codes 1–3). */
export function locationProblem(code: number | "unsupported"): { title: string; detail: string } {
  if (code === "unsupported") return { title: "无法获取位置", detail: "当前浏览器不支持定位，请使用手机自带浏览器或微信打开签到链接。" };
  if (code === 1) {
    return {
      title: "未允许获取位置",
      detail: "签到须确认您在培训地点，请在浏览器或系统设置中允许本网站使用位置信息，然后点“重新签到”。",
    };
  }
  if (code === 3) return { title: "定位超时", detail: "暂时没有获取到位置，请到信号较好的地方（如窗边）后重试。" };
  return { title: "无法获取位置", detail: "手机暂时无法定位，请打开定位服务（GPS）后重试。" };
}
