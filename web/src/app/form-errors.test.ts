import { describe, expect, it } from "vitest";
import { groupIssues, issuePathToName } from "./form-errors.ts";

describe("issue paths to form fields", () => {
  it("turns the server's dotted paths into antd name paths", () => {
    expect(issuePathToName("body.grants[0].regionCode")).toEqual(["grants", 0, "regionCode"]);
    expect(issuePathToName("body.username")).toEqual(["username"]);
    expect(issuePathToName("body.grants[2]")).toEqual(["grants", 2]);
    expect(issuePathToName("query.page", "query")).toEqual(["page"]);
    expect(issuePathToName("query.page")).toBeNull();
    expect(issuePathToName("body")).toBeNull();
  });

  it("marks every issue at once, moves row-level issues to the row's first field, keeps the rest", () => {
    const fields = [["username"], ["phone"], ["grants", 0, "role"], ["grants", 0, "regionCode"]];
    const { byField, unplaced } = groupIssues(
      [
        { path: "body.username", code: "invalid_format", message: "用户名格式不对" },
        { path: "body.phone", code: "invalid_format", message: "须为 11 位手机号" },
        { path: "body.grants[0].regionCode", code: "required", message: "请选择行政区划" },
        { path: "body.grants[0]", code: "scope_outside", message: "超出范围" },
        { path: "body.password", code: "weak_password", message: "密码至少 10 位" },
      ],
      fields,
    );
    expect(byField).toEqual([
      { name: ["username"], errors: ["用户名格式不对"] },
      { name: ["phone"], errors: ["须为 11 位手机号"] },
      { name: ["grants", 0, "regionCode"], errors: ["请选择行政区划"] },
      { name: ["grants", 0, "role"], errors: ["超出范围"] },
    ]);
    expect(unplaced).toEqual(["密码至少 10 位"]);
  });
});
