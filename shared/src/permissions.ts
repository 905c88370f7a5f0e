/**
 * Permissions are `module.action`; roles map to permission sets here, in code, so the server and
 * the console agree. A role is always granted with a scope (see ScopeType).
 */
export const permissions = [
  "user.read",
  "user.manage",
  "audit.read",
  "reference.read",
  "reference.manage",
  "person.read",
  "person.register",
  "person.import",
  "person.view_id",
  "person.view_sensitive",
] as const;
export type Permission = (typeof permissions)[number];

export const scopeTypes = ["province", "region", "department", "institution", "self"] as const;
export type ScopeType = (typeof scopeTypes)[number];

export const roleNames = [
  "admin",
  "hrss_officer",
  "dept_officer",
  "finance_officer",
  "institution_staff",
  "evaluator_staff",
  "enterprise_hr",
  "auditor",
  "trainee",
] as const;
export type RoleName = (typeof roleNames)[number];

interface RoleDef {
  label: string;
  /** scope types this role may be granted with */
  scopes: readonly ScopeType[];
  permissions: readonly Permission[];
}

export const roles: Record<RoleName, RoleDef> = {
  admin: {
    label: "系统管理员",
    scopes: ["province", "region"],
    permissions: [
      "user.read",
      "user.manage",
      "audit.read",
      "reference.read",
      "reference.manage",
      "person.read",
      "person.register",
      "person.import",
      "person.view_id",
      "person.view_sensitive",
    ],
  },
  hrss_officer: {
    label: "人社部门经办人员",
    scopes: ["province", "region"],
    permissions: ["user.read", "reference.read", "person.read", "person.register", "person.import", "person.view_id", "person.view_sensitive"],
  },
  dept_officer: {
    label: "行业部门经办人员",
    scopes: ["department"],
    permissions: ["reference.read"],
  },
  finance_officer: {
    label: "财政部门经办人员",
    scopes: ["province", "region"],
    permissions: ["reference.read"],
  },
  institution_staff: {
    label: "培训机构人员",
    scopes: ["institution"],
    permissions: ["reference.read", "person.read", "person.register", "person.import"],
  },
  evaluator_staff: {
    label: "评价机构人员",
    scopes: ["institution"],
    permissions: ["reference.read"],
  },
  enterprise_hr: {
    label: "企业人力资源人员",
    scopes: ["institution"],
    permissions: ["reference.read", "person.read", "person.register", "person.import"],
  },
  auditor: {
    label: "审计监督人员",
    scopes: ["province", "region"],
    permissions: ["user.read", "audit.read", "reference.read", "person.read"],
  },
  trainee: {
    label: "学员",
    scopes: ["self"],
    permissions: [],
  },
};
