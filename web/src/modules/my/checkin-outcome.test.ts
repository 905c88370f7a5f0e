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

  it("shows distance and allowed radius outside the geofence", () => {
    const o = refusalOutcome(new ApiError(409, "attendance.outside_geofence", "x", { distance: 2430, radius: 300 }), "in");
    expect(o).toMatchObject({ kind: "refused", title: "不在培训地点范围内", next: "move" });
    expect(o.kind === "refused" && o.detail).toContain("约 2.4 公里");
    expect(o.kind === "refused" && o.detail).toContain("300 米以内");
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
