import { describe, expect, it } from "vitest";
import { generateSessions } from "./session-pattern.ts";

describe("generateSessions", () => {
  const slots = [
    { start: "09:00", end: "12:00", kind: "theory" as const, content: "理论" },
    { start: "13:00", end: "17:00", kind: "practice" as const, content: "实操" },
  ];
  it("date range × weekdays × slots, skipping holidays and taking a 调休 Saturday as a working day", () => {
    // 2026-09-28 Mon … 2026-10-10 Sat; 10-01..10-07 National Day holiday; 10-10 (Sat) a make-up working day
    const special = new Map<string, "holiday" | "workday">([
      ...["01", "02", "03", "04", "05", "06", "07"].map((d) => [`2026-10-${d}`, "holiday"] as [string, "holiday"]),
      ["2026-10-10", "workday"],
    ]);
    const r = generateSessions({ from: "2026-09-28", to: "2026-10-10", weekdays: [1, 2, 3, 4, 5], slots, teacherId: "t1", place: "一号车间" }, special);
    const days = [...new Set(r.sessions.map((s) => s.date))];
    expect(days).toEqual(["2026-09-28", "2026-09-29", "2026-09-30", "2026-10-08", "2026-10-09", "2026-10-10"]);
    expect(r.skipped).toEqual(["2026-10-01", "2026-10-02", "2026-10-05", "2026-10-06", "2026-10-07"]);
    expect(r.sessions[0]).toEqual({ date: "2026-09-28", startTime: "09:00", endTime: "12:00", teacherId: "t1", content: "理论", theoryMinutes: 180, practiceMinutes: 0, place: "一号车间" });
    expect(r.sessions[1]).toMatchObject({ theoryMinutes: 0, practiceMinutes: 240 });
  });
  it("weekend-only classes stay on the weekend", () => {
    const r = generateSessions({ from: "2026-03-02", to: "2026-03-08", weekdays: [6, 7], slots: [slots[0]!] }, new Map());
    expect(r.sessions.map((s) => s.date)).toEqual(["2026-03-07", "2026-03-08"]);
  });
});
