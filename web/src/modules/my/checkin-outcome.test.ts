import { describe, expect, it } from "vitest";
import { ApiError } from "../../app/api-client.ts";
import { distanceText, locationProblem, refusalOutcome, successOutcome } from "./checkin-outcome.ts";

const checkin = { id: "c1", sessionId: "s1", kind: "in" as const, at: "2026-03-16T01:05:00.000Z", distance: 35, source: "checkin" as const };

describe("check-in outcome on the phone", () => {
  it("says 签到成功 the first time and 已签到 on a retry, never an error", () => {
    expect(successOutcome({ checkin, duplicate: false })).toMatchObject({ kind: "success", title: "签到成功" });
    expect(successOutcome({ checkin, duplicate: true })).toMatchObject({ kind: "success", title: "已签到" });
    expect(successOutcome({ checkin: { ...checkin, kind: "out" }, duplicate: true }).title).toBe("已签退");
  });

  it("says roughly how far outside the geofence (the server sends only a band)", () => {
    const far = refusalOutcome(new ApiError(422, "attendance.outside_geofence", "x", { band: "far" }), "in");
    expect(far).toMatchObject({ kind: "refused", title: "不在培训地点范围内", next: "move" });
    expect(far.kind === "refused" && far.detail).toContain("约 1 公里以上");
    const near = refusalOutcome(new ApiError(422, "attendance.outside_geofence", "x", { band: "near" }), "in");
    expect(near.kind === "refused" && near.detail).toContain("数百米");
  });

  it("warns how many wrong codes are left, and says whom to ask once check-in is locked", () => {
    const wrong = refusalOutcome(new ApiError(422, "attendance.code_invalid", "x", { remainingAttempts: 2 }), "in");
    expect(wrong).toMatchObject({ title: "签到码不正确", next: "retype" });
    expect(wrong.kind === "refused" && wrong.detail).toContain("还可再输入 2 次");
    const last = refusalOutcome(new ApiError(422, "attendance.code_invalid", "x", { remainingAttempts: 0 }), "in");
    expect(last).toMatchObject({ next: "none" });
    expect(last.kind === "refused" && last.detail).toContain("已锁定");
    const locked = refusalOutcome(new ApiError(423, "attendance.checkin_locked", "x"), "out");
    expect(locked).toMatchObject({ title: "签退已锁定", next: "none" });
    expect(locked.kind === "refused" && locked.detail).toContain("考勤补正");
  });

  it("shows the opening time when the window is not open, and asks to rescan a stale code", () => {
    const o = refusalOutcome(new ApiError(409, "attendance.window_not_open", "x", { opensAt: "2026-03-16T00:30:00.000Z" }), "in");
    expect(o.kind === "refused" && o.detail).toMatch(/签到将于 3月16日 \d\d:30 开放/);
    const stale = refusalOutcome(new ApiError(409, "attendance.code_stale", "x"), "in");
    expect(stale).toMatchObject({ title: "签到码已过期", next: "retype" });
    expect(stale.kind === "refused" && stale.detail).toContain("重新扫描");
  });

  it("falls back to the general wording for other codes", () => {
    const o = refusalOutcome(new ApiError(409, "attendance.session_cancelled", "x"), "in");
    expect(o.kind === "refused" && o.detail).toBe("本次课程已取消");
  });

  it("explains a refused location permission", () => {
    expect(locationProblem(1).detail).toContain("允许本网站使用位置信息");
    expect(distanceText(87.4)).toBe("约 87 米");
  });
});
