import { describe, expect, it } from "vitest";
import { roles } from "../../../shared/src/permissions.ts";
import { menuEntries, selectedMenuPath, visibleMenu } from "./menu.ts";

const labelsFor = (role: keyof typeof roles) => visibleMenu(menuEntries, roles[role].permissions).map((e) => e.label);

describe("side menu", () => {
  it("shows each role only the pages its permissions open", () => {
    const catalogue = ["培训项目目录", "补贴标准", "职业目录", "工作日历", "培训机构"];
    expect(labelsFor("admin")).toEqual(["首页", "用户管理", ...catalogue, "考勤", "操作日志"]);
    expect(labelsFor("hrss_officer")).toEqual(["首页", "用户管理", ...catalogue, "考勤"]);
    expect(labelsFor("auditor")).toEqual(["首页", "用户管理", ...catalogue, "考勤", "操作日志"]);
    expect(labelsFor("institution_staff")).toEqual(["首页", "培训机构", "我的机构", "考勤"]);
    expect(labelsFor("trainee")).toEqual(["首页"]);
  });

  it("highlights the entry a page belongs to", () => {
    expect(selectedMenuPath(menuEntries, "/")).toBe("/");
    expect(selectedMenuPath(menuEntries, "/users")).toBe("/users");
    expect(selectedMenuPath(menuEntries, "/users/abc")).toBe("/users");
    expect(selectedMenuPath(menuEntries, "/nowhere")).toBe("");
  });
});
