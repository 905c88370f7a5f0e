/**
 * Who may do what with a registered person and with a change request to one — declared once
 * (platform/authz/rules.ts, decision 0003). Services assert these, presenters derive `abilities`
 * from them, policy tests enumerate them. Scope (which rows are visible at all) stays in
 * `personScope`: out of scope is 404 before a rule is asked.
 */
import type { Actor } from "../../platform/auth/actor.ts";
import { coversRegion } from "../../platform/auth/scope.ts";
import { defineRules } from "../../platform/authz/rules.ts";
import { actorInstitutions, isOfficer } from "./trainees.policy.ts";

export interface PersonRuleRow {
  residenceRegionCode: string;
  /** the person's own login */
  userId: string | null;
  /** institutions linked to the person; `createdRecord` for the one whose registration created it */
  links: readonly { institutionId: string; createdRecord: boolean }[];
}

export interface PersonFacts {
  /** institutions on whose approved class roster the person is (loaded through the enrollments port) */
  enrolledWith: ReadonlySet<string>;
}

const linkedTo = (actor: Actor, row: PersonRuleRow, pick: (l: PersonRuleRow["links"][number]) => boolean) => {
  const own = actorInstitutions(actor, "person.read");
  return row.links.some((l) => own.includes(l.institutionId) && pick(l));
};

export const personRules = defineRules<
  "residenceOfficer" | "officer" | "registrar" | "enrolledInstitution" | "linkedInstitution" | "self",
  "registered",
  "viewFull" | "viewIdNumber" | "viewSensitive" | "edit" | "addCategory" | "setExclusion" | "fileChangeRequest" | "createAccount" | "resetPassword",
  PersonRuleRow,
  PersonFacts
>({
  record: "person",
  parties: {
    /** an HRSS officer whose region covers where the person lives now */
    residenceOfficer: (a, r) => coversRegion(a, "person.register", r.residenceRegionCode),
    /** any officer who sees the row (resident, or trainee of a class held in the region) */
    officer: (a) => isOfficer(a, "person.read"),
    /** the institution whose registration created the record: it entered everything there is */
    registrar: (a, r) => linkedTo(a, r, (l) => l.createdRecord),
    /** an institution with the person on the roster of one of its approved classes */
    enrolledInstitution: (a, r, f) => linkedTo(a, r, (l) => f.enrolledWith.has(l.institutionId)),
    /** any institution that registered, imported or enrolled the person */
    linkedInstitution: (a, r) => linkedTo(a, r, () => true),
    self: (a, r) => a.userId !== null && a.userId === r.userId,
  },
  state: () => "registered",
  actions: {
    /** the stored record rather than only what the caller entered */
    viewFull: { by: ["officer", "registrar", "enrolledInstitution", "self"], label: "查看完整登记信息" },
    viewIdNumber: {
      by: ["officer"],
      label: "查看完整身份证号",
      unless: { noPermission: { when: (_r, _f, a) => !a.permissions.has("person.view_id"), message: "无权查看完整身份证号" } },
    },
    viewSensitive: {
      by: ["officer"],
      label: "查看敏感类别证明",
      unless: { noPermission: { when: (_r, _f, a) => !a.permissions.has("person.view_sensitive"), message: "无权查看敏感类别证明" } },
    },
    /** corrections apply only through a confirmed change request */
    edit: { by: ["residenceOfficer"], label: "修改登记信息" },
    addCategory: { by: ["residenceOfficer"], label: "记录人员类别及证明" },
    setExclusion: { by: ["residenceOfficer"], label: "记录排除情形" },
    fileChangeRequest: { by: ["linkedInstitution", "residenceOfficer", "self"], label: "提交变更申请" },
    /** the account's password goes to the caller: only someone who may see the whole record */
    createAccount: {
      by: ["residenceOfficer", "registrar", "enrolledInstitution"],
      label: "开通学员账号",
      unless: { hasAccount: { when: (r) => r.userId !== null, message: "学员已有账号" } },
    },
    /** a forgotten password: a one-time code goes to the caller, so the same parties as createAccount */
    resetPassword: {
      by: ["residenceOfficer", "registrar", "enrolledInstitution"],
      label: "重置学员密码",
      unless: { noAccount: { when: (r) => r.userId === null, code: "person.no_account", message: "学员尚未开通账号" } },
    },
  },
  refusedCode: "auth.forbidden",
});

export interface ChangeRequestRuleRow {
  status: "pending" | "confirmed" | "rejected";
  filedBy: string | null;
  /** the person's current residence and login: who decides follows the person, not the filer */
  person: { residenceRegionCode: string; userId: string | null };
}

export const changeRequestRules = defineRules<"residenceOfficer" | "self", "pending" | "confirmed" | "rejected", "confirm" | "reject", ChangeRequestRuleRow>({
  record: "person_change_request",
  parties: {
    residenceOfficer: (a, r) => coversRegion(a, "person.register", r.person.residenceRegionCode),
    self: (a, r) => a.userId !== null && a.userId === r.person.userId,
  },
  state: (r) => r.status,
  stateLabels: { pending: "待确认", confirmed: "已确认", rejected: "已驳回" },
  actions: {
    confirm: { by: ["residenceOfficer", "self"], from: ["pending"], to: "confirmed", label: "确认变更", unless: { filedBySelf: { when: (r, _f, a) => r.filedBy !== null && r.filedBy === a.userId, message: "不能确认本人提交的变更申请" } } },
    reject: { by: ["residenceOfficer", "self"], from: ["pending"], to: "rejected", label: "驳回变更", unless: { filedBySelf: { when: (r, _f, a) => r.filedBy !== null && r.filedBy === a.userId, message: "不能处理本人提交的变更申请" } } },
  },
  refusedCode: "person.change_request_decided",
});
