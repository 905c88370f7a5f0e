import { describe, expect, it } from "vitest";
import { actionLabel, actorRoleLabel, entityText } from "./audit-labels.ts";

describe("audit wording", () => {
  it("names actions and the actor's roles in Chinese, keeping unknown codes readable", () => {
    expect(actionLabel("user.created")).toBe("创建用户");
    expect(actionLabel("class.created")).toBe("创建开班申请");
    expect(actionLabel("attendance.correction_filed")).toBe("提交考勤补正");
    expect(actionLabel("payment.batched")).toBe("payment.batched");
    expect(actorRoleLabel("admin,auditor")).toBe("系统管理员、审计监督人员");
    expect(actorRoleLabel("system")).toBe("系统");
    expect(actorRoleLabel(null)).toBe("");
  });

  it("shows the object's name, or its Chinese type alone — never a bare UUID", () => {
    const id = "4bdc354d-1111-4222-8333-444455556666";
    expect(entityText({ entityType: "class", entityId: id, entity: { name: "电工班（JL001）" } })).toEqual({ type: "培训班", name: "电工班（JL001）" });
    expect(entityText({ entityType: "class", entityId: id, entity: null })).toEqual({ type: "培训班", name: null });
    expect(entityText({ entityType: "calendar_day", entityId: "2026-10-01", entity: null })).toEqual({ type: "工作日历", name: "2026-10-01" });
  });
});
