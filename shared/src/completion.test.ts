import { describe, expect, it } from "vitest";
import { isCompletion, isPass } from "./completion.ts";

describe("结业 and 合格", () => {
  it("a failed trainee of an ended class has completed it but not passed; one who missed the assessment has done neither", () => {
    const ended = { classStatus: "assessed", enrollmentStatus: "enrolled" };
    expect([isCompletion({ ...ended, result: "fail" }), isPass({ ...ended, result: "fail" })]).toEqual([true, false]);
    expect([isCompletion({ ...ended, result: "pass" }), isPass({ ...ended, result: "pass" })]).toEqual([true, true]);
    expect([isCompletion({ ...ended, result: "absent" }), isPass({ ...ended, result: "absent" })]).toEqual([false, false]);
    // a finished class before its results are entered: completed
    expect(isCompletion({ classStatus: "finished", enrollmentStatus: "enrolled", result: null })).toBe(true);
  });

  it("nobody completes a class still running, and a withdrawn trainee never completes or passes", () => {
    expect(isCompletion({ classStatus: "in_progress", enrollmentStatus: "enrolled", result: null })).toBe(false);
    expect(isCompletion({ classStatus: "assessed", enrollmentStatus: "withdrawn", result: "pass" })).toBe(false);
    expect(isPass({ classStatus: "assessed", enrollmentStatus: "withdrawn", result: "pass" })).toBe(false);
  });
});
