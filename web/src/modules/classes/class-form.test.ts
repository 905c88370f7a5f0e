import { describe, expect, it } from "vitest";
import { certificateNumberProblem, planHours, problemIssues } from "./class-form.ts";

describe("class form helpers", () => {
  it("sums the plan in 45-minute class hours", () => {
    expect(planHours([{ theoryMinutes: 60, practiceMinutes: 120 }, { theoryMinutes: 60, practiceMinutes: 180 }])).toEqual({ theory: 120, practice: 300, hours: 9.3 });
    expect(planHours(undefined).hours).toBe(0);
  });

  it("marks only the problems that name a field", () => {
    const issues = problemIssues([
      { code: "hours_out_of_range", message: "总课时 4 不在 8–100 之间", path: "sessions" },
      { code: "institution.not_qualified", message: "机构不具备资质" },
      { code: "session_outside_dates", message: "第 1 次课不在开班日期内", path: "sessions[0].date" },
    ]);
    expect(issues.map((i) => i.path)).toEqual(["body.sessions", "body.sessions[0].date"]);
  });

  it("checks skill-level certificate numbers against the class's level", () => {
    expect(certificateNumberProblem("S000122000001264000001", "skill_level", "4")).toBeNull();
    expect(certificateNumberProblem("S000122000001263000001", "skill_level", "4")).toContain("不一致");
    expect(certificateNumberProblem("X1", "skill_level", "4")).toContain("21 位数字");
    expect(certificateNumberProblem("PX-2026-001", "training_completion", null)).toBeNull();
    expect(certificateNumberProblem("合格证", "training_completion", null)).not.toBeNull();
  });
});
