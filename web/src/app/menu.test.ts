import { describe, expect, it } from "vitest";
import { roles } from "../../../shared/src/permissions.ts";
import { menuEntries, selectedMenuPath, visibleMenu } from "./menu.ts";

const labelsFor = (role: keyof typeof roles) => visibleMenu(menuEntries, roles[role].permissions).map((e) => e.label);

describe("side menu", () => {
  it("shows each role only the pages its permissions open", () => {
    // each module adds its entries; only the ones named here are checked, so additions do not clash
    const shown = (role: keyof typeof roles, of: string[]) => labelsFor(role).filter((l) => of.includes(l));
    const some = ["首页", "用户管理", "培训机构", "我的机构", "学员管理", "开班管理", "考勤", "操作日志"];
    expect(shown("admin", some)).toEqual(["首页", "用户管理", "培训机构", "学员管理", "开班管理", "考勤", "操作日志"]);
    expect(shown("hrss_officer", some)).toEqual(["首页", "用户管理", "培训机构", "学员管理", "开班管理", "考勤"]);
    expect(shown("auditor", some)).toEqual(["首页", "用户管理", "培训机构", "学员管理", "开班管理", "考勤", "操作日志"]);
    expect(shown("institution_staff", some)).toEqual(["首页", "培训机构", "我的机构", "学员管理", "开班管理", "考勤"]);
    expect(shown("trainee", some)).toEqual(["首页"]);
    // 公示 and objections: the officers who publish, not the institutions whose claims are published
    const notices = ["公示管理", "异议处理"];
    expect(shown("hrss_officer", notices)).toEqual(notices);
    expect(shown("institution_staff", notices)).toEqual([]);
  });

  it("highlights the entry a page belongs to", () => {
    expect(selectedMenuPath(menuEntries, "/")).toBe("/");
    expect(selectedMenuPath(menuEntries, "/users")).toBe("/users");
    expect(selectedMenuPath(menuEntries, "/users/abc")).toBe("/users");
    expect(selectedMenuPath(menuEntries, "/nowhere")).toBe("");
    expect(selectedMenuPath(menuEntries, "/notices")).toBe("/notices");
    expect(selectedMenuPath(menuEntries, "/notices/objections")).toBe("/notices/objections");
  });
});
