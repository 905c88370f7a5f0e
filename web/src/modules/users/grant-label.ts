import type { UserView } from "../../../../shared/src/contracts/users.ts";
import type { ScopeType } from "../../../../shared/src/permissions.ts";

export type GrantView = UserView["grants"][number];

export const scopeTypeLabels: Record<ScopeType, string> = {
  province: "全省",
  region: "行政区划",
  department: "行业部门",
  institution: "机构",
  self: "本人",
};

/** "南关区", "全省", "省教育厅（长春市）", "长春职业培训学校" — where a role assignment applies. */
export function scopeText(g: GrantView, departmentNames: ReadonlyMap<string, string> = new Map()): string {
  switch (g.scopeType) {
    case "province":
      return "全省";
    case "region":
      return g.regionName ?? g.regionCode ?? "未指定地区";
    case "department": {
      const dept = g.departmentCode ? (g.departmentName ?? departmentNames.get(g.departmentCode) ?? g.departmentCode) : "未指定部门";
      return g.regionCode ? `${dept}（${g.regionName ?? g.regionCode}）` : dept;
    }
    case "institution":
      // the server names the institution; an id is never shown to a person
      return g.institutionId ? (g.institutionName ?? "（机构已不存在）") : "未指定机构";
    case "self":
      return "本人";
  }
}

export function grantText(g: GrantView, departmentNames?: ReadonlyMap<string, string>): string {
  return `${g.roleLabel} · ${scopeText(g, departmentNames)}`;
}
