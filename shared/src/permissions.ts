/**
 * Permissions are `module.action`; roles map to permission sets here, in code, so the server and
 * the console agree. A role is always granted with a scope (see ScopeType).
 *
 * Each module keeps its own block below (its permissions and which roles get them); `roles` is
 * their union. Add a block for a new module instead of editing another module's lines.
 */
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

type Grants<P extends string> = { permissions: readonly P[]; roles: Partial<Record<RoleName, readonly P[]>> };
const block = <const P extends string>(g: Grants<P>) => g;

const platform = block({
  permissions: ["user.read", "user.manage", "audit.read", "reference.read", "reference.manage"],
  roles: {
    admin: ["user.read", "user.manage", "audit.read", "reference.read", "reference.manage"],
    hrss_officer: ["user.read", "reference.read"],
    dept_officer: ["reference.read"],
    finance_officer: ["reference.read"],
    institution_staff: ["reference.read"],
    evaluator_staff: ["reference.read"],
    enterprise_hr: ["reference.read"],
    auditor: ["user.read", "audit.read", "reference.read"],
  },
});

const institutions = block({
  permissions: ["institution.read", "institution.review", "institution.sanction", "institution.edit_own", "institution.view_sensitive", "institution.import"],
  roles: {
    admin: ["institution.read", "institution.review", "institution.sanction", "institution.view_sensitive", "institution.import"],
    hrss_officer: ["institution.read", "institution.review", "institution.sanction", "institution.view_sensitive", "institution.import"],
    dept_officer: ["institution.read"],
    finance_officer: ["institution.read"],
    institution_staff: ["institution.read", "institution.edit_own"],
    evaluator_staff: ["institution.read", "institution.edit_own"],
    auditor: ["institution.read"],
  },
});

const catalogue = block({
  permissions: ["catalogue.read", "catalogue.manage", "occupation.manage", "standard.manage", "calendar.manage"],
  roles: {
    admin: ["catalogue.read", "catalogue.manage", "occupation.manage", "standard.manage", "calendar.manage"],
    // catalogue items and occupations: province grants only (policy); standards: within the region
    hrss_officer: ["catalogue.read", "catalogue.manage", "occupation.manage", "standard.manage"],
    // reads items of the programs the department leads (plus every published item)
    dept_officer: ["catalogue.read"],
    finance_officer: ["catalogue.read"],
    auditor: ["catalogue.read"],
  },
});

const trainees = block({
  permissions: ["person.read", "person.register", "person.import", "person.view_id", "person.view_sensitive"],
  roles: {
    admin: ["person.read", "person.register", "person.import", "person.view_id", "person.view_sensitive"],
    hrss_officer: ["person.read", "person.register", "person.import", "person.view_id", "person.view_sensitive"],
    institution_staff: ["person.read", "person.register", "person.import"],
    enterprise_hr: ["person.read", "person.register", "person.import"],
    auditor: ["person.read"],
  },
});

const classes = block({
  permissions: ["class.read", "class.apply", "class.review", "class.results", "certificate.revoke", "class.read_own"],
  roles: {
    admin: ["class.read", "class.review", "certificate.revoke"],
    hrss_officer: ["class.read", "class.review", "certificate.revoke"],
    // department officers read the classes of programs their department leads
    dept_officer: ["class.read"],
    finance_officer: ["class.read"],
    institution_staff: ["class.read", "class.apply", "class.results"],
    // an evaluation institution sees and assesses the skill-level classes it was named for
    evaluator_staff: ["class.read", "class.results"],
    auditor: ["class.read"],
    // the trainee's own classes, schedule, results and certificates (/api/my/classes)
    trainee: ["class.read_own"],
  },
});

const attendance = block({
  permissions: ["attendance.checkin", "attendance.read_own", "attendance.code", "attendance.read", "attendance.correct", "attendance.approve_correction"],
  roles: {
    admin: ["attendance.code", "attendance.read", "attendance.correct", "attendance.approve_correction"],
    // the county officer shows codes on inspection, reads, files and approves corrections (never their own)
    hrss_officer: ["attendance.code", "attendance.read", "attendance.correct", "attendance.approve_correction"],
    // institutions file corrections but never approve them: they gain from attendance (subsidy)
    institution_staff: ["attendance.code", "attendance.read", "attendance.correct"],
    auditor: ["attendance.read"],
    trainee: ["attendance.checkin", "attendance.read_own"],
  },
});

const funds = block({
  permissions: ["fund.read", "fund.manage"],
  roles: {
    admin: ["fund.read"],
    hrss_officer: ["fund.read"],
    // finance receives money into the province budget and allocates it down the regions
    finance_officer: ["fund.read", "fund.manage"],
    auditor: ["fund.read"],
  },
});

const subsidies = block({
  permissions: ["claim.read", "claim.apply", "claim.review_county", "claim.review_city", "notice.manage", "claim.read_own", "claim.apply_own"],
  roles: {
    admin: ["claim.read"],
    // a county officer gives the first review, a city (or province) officer the second; never both on one claim
    hrss_officer: ["claim.read", "claim.review_county", "claim.review_city", "notice.manage"],
    finance_officer: ["claim.read"],
    // the claiming institution or enterprise generates, signs the commitment and submits
    institution_staff: ["claim.read", "claim.apply"],
    enterprise_hr: ["claim.read", "claim.apply"],
    auditor: ["claim.read"],
    // the trainee's own subsidy lines ("我的补贴") and the skill-upgrading claim filed on the phone
    trainee: ["claim.read_own", "claim.apply_own"],
  },
});

const targets = block({
  permissions: ["target.read", "target.manage"],
  roles: {
    // each level's owner sets its children's targets (province → cities, a city → its counties) and
    // its region's department shares; skill-structure statistics are entered by the province
    admin: ["target.read", "target.manage"],
    hrss_officer: ["target.read", "target.manage"],
    // a department reads its own share within its region
    dept_officer: ["target.read"],
    finance_officer: ["target.read"],
    auditor: ["target.read"],
  },
});

const payments = block({
  permissions: ["payment.read", "payment.manage"],
  roles: {
    admin: ["payment.read"],
    hrss_officer: ["payment.read"],
    // finance pays: advances, settlements, bank batches, payee accounts, recoveries
    finance_officer: ["payment.read", "payment.manage"],
    auditor: ["payment.read"],
  },
});

const stats = block({
  permissions: ["stats.read", "report.submit", "stats.rebuild"],
  roles: {
    admin: ["stats.read", "report.submit", "stats.rebuild"],
    // figures and reports of the officer's region (a department: its programs within its region)
    hrss_officer: ["stats.read", "report.submit"],
    dept_officer: ["stats.read", "report.submit"],
    finance_officer: ["stats.read"],
    // the institution's own classes
    institution_staff: ["stats.read"],
    auditor: ["stats.read"],
  },
});

const system = block({
  permissions: ["system.status"],
  roles: {
    // database kind, replica lag, job queue (GET /api/system/status): province administrators only (checked at the route)
    admin: ["system.status"],
  },
});

const blocks = [platform, institutions, catalogue, trainees, classes, attendance, funds, subsidies, targets, payments, stats, system] as const;

export type Permission = (typeof blocks)[number]["permissions"][number];
export const permissions: readonly Permission[] = blocks.flatMap((b) => b.permissions);

interface RoleDef {
  label: string;
  /** scope types this role may be granted with */
  scopes: readonly ScopeType[];
  permissions: readonly Permission[];
}

const roleMeta: Record<RoleName, Omit<RoleDef, "permissions">> = {
  admin: { label: "系统管理员", scopes: ["province", "region"] },
  hrss_officer: { label: "人社部门经办人员", scopes: ["province", "region"] },
  dept_officer: { label: "行业部门经办人员", scopes: ["department"] },
  finance_officer: { label: "财政部门经办人员", scopes: ["province", "region"] },
  institution_staff: { label: "培训机构人员", scopes: ["institution"] },
  evaluator_staff: { label: "评价机构人员", scopes: ["institution"] },
  enterprise_hr: { label: "企业人力资源人员", scopes: ["institution"] },
  auditor: { label: "审计监督人员", scopes: ["province", "region"] },
  trainee: { label: "学员", scopes: ["self"] },
};

function grantsOf(r: RoleName): Permission[] {
  return blocks.flatMap((b) => (b.roles as Partial<Record<RoleName, readonly Permission[]>>)[r] ?? []);
}

export const roles = Object.fromEntries(roleNames.map((r) => [r, { ...roleMeta[r], permissions: grantsOf(r) }])) as unknown as Record<RoleName, RoleDef>;
