import { describe, expect, it } from "vitest";
import { actionLabel, actorRoleLabel } from "./audit-labels.ts";

describe("audit wording", () => {
  it("names actions and the actor's roles in Chinese, keeping unknown codes readable", () => {
    expect(actionLabel("user.created")).toBe("创建用户");
    expect(actionLabel("claim.submitted")).toBe("claim.submitted");
    expect(actorRoleLabel("admin,auditor")).toBe("系统管理员、审计监督人员");
    expect(actorRoleLabel("system")).toBe("系统");
    expect(actorRoleLabel(null)).toBe("");
  });
});
