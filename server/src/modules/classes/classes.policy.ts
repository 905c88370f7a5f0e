import { type SQL, sql } from "drizzle-orm";
import type { Permission } from "../../../../shared/src/permissions.ts";
import type { ClassAction } from "../../../../shared/src/contracts/classes.ts";
import type { ErrorCode } from "../../../../shared/src/errors.ts";
import { type Actor, grantsFor } from "../../platform/auth/actor.ts";
import { coversRegion, scopeWhere } from "../../platform/auth/scope.ts";
import { defineRules } from "../../platform/authz/rules.ts";
import { AppError } from "../../platform/http/errors.ts";
import { assessorInstitution, cancelTooLate, changeableStatuses, classStatusLabels, classTransitions, editableStatuses, type Party } from "./classes.rules.ts";
import { programLedBy } from "../reference/index.ts";
import { persons } from "../trainees/index.ts";
import { type ClassStatus, classEnrollments, classes } from "./classes.table.ts";

/**
 * Which classes the actor may see or act on with `perm`: province ⇒ all; region ⇒ classes whose
 * county is under it (a city officer sees its counties); institution ⇒ its own classes, and the
 * skill-level classes it evaluates; department ⇒ classes of programs the department leads;
 * self ⇒ classes the trainee is enrolled in. Out of scope ⇒ not found.
 * @throws auth.forbidden when no role grants `perm`
 */
export function classScope(actor: Actor, perm: Permission): SQL {
  return scopeWhere(actor, perm, {
    region: classes.regionCode,
    institution: (id) => sql`(${classes.institutionId} = ${id} or ${classes.evaluatorInstitutionId} = ${id})`,
    department: (code) => programLedBy(classes.programCode, code),
    selfUser: (userId) =>
      sql`exists (select 1 from ${classEnrollments} join ${persons} on ${persons.id} = ${classEnrollments.personId} where ${classEnrollments.classId} = ${classes.id} and ${persons.userId} = ${userId})`,
  });
}

export interface ClassForPolicy {
  institutionId: string;
  regionCode: string;
  certificateType: string;
  evaluatorInstitutionId: string | null;
  status: ClassStatus;
  startDate: string;
  lockedAt: Date | null;
}

/**
 * What the rules need beyond the row, loaded once by the service (classes.facts.ts): the day in
 * China and the instant, the end of the last planned session, and whether the class's assessor is
 * (still) an approved evaluation institution — true for classes assessed by their own institution.
 */
export interface ClassFacts {
  today: string;
  now: Date;
  lastSessionEnd: Date | null;
  assessorApproved: boolean;
}

function hasInstitutionGrant(actor: Actor, perm: Permission, institutionId: string | null): boolean {
  return institutionId !== null && grantsFor(actor, perm).some((g) => g.scopeType === "institution" && g.institutionId === institutionId);
}

const transition = (action: ClassAction) => ({ by: classTransitions[action].by, from: classTransitions[action].from, to: classTransitions[action].to });
/** an assessed class is final: every refusal then says "locked" rather than "not now" */
const lockedOr =
  (code: ErrorCode) =>
  (s: ClassStatus): ErrorCode =>
    s === "assessed" ? "class.locked" : code;
const locked = { when: (c: ClassForPolicy) => c.lockedAt !== null, code: "class.locked", message: "培训班已考核锁定" } as const;
const assessorNotApproved = {
  when: (_c: ClassForPolicy, f: ClassFacts) => !f.assessorApproved,
  code: "class.results_not_allowed",
  message: "评价机构当前不是已通过审核的评价机构",
} as const;

/**
 * Who may do what to a class, in which status, unless which facts — the one declaration the
 * services assert, the presenter turns into `abilities`, and the policy tests enumerate.
 * Parties: the class's own institution (class.apply), the officer whose region covers it
 * (class.review), the assessor (class.results for assessorInstitution: the evaluation institution of
 * a 职业技能等级证书 class, else the institution itself).
 */
export const classRules = defineRules<Party, ClassStatus, ClassRuleAction, ClassForPolicy, ClassFacts>({
  record: "class",
  parties: {
    institution: (a, c) => hasInstitutionGrant(a, "class.apply", c.institutionId),
    officer: (a, c) => coversRegion(a, "class.review", c.regionCode),
    assessor: (a, c) => hasInstitutionGrant(a, "class.results", assessorInstitution(c)),
  },
  state: (c) => c.status,
  stateLabels: classStatusLabels,
  refusedCode: "class.transition_not_allowed",
  actions: {
    edit: { by: ["institution"], from: editableStatuses, label: "修改开班申请", refusedCode: lockedOr("class.not_editable") },
    submit: { ...transition("submit"), label: "提交", refusedCode: lockedOr("class.transition_not_allowed") },
    approve: { ...transition("approve"), label: "审核通过", refusedCode: lockedOr("class.transition_not_allowed") },
    return: { ...transition("return"), label: "退回", refusedCode: lockedOr("class.transition_not_allowed") },
    start: {
      ...transition("start"),
      label: "开班",
      refusedCode: lockedOr("class.transition_not_allowed"),
      unless: { before_start: { when: (c, f) => f.today < c.startDate, message: (c) => `开班日期（${c.startDate}）前不能开班` } },
    },
    finish: {
      ...transition("finish"),
      label: "结业",
      refusedCode: lockedOr("class.transition_not_allowed"),
      unless: { sessions_remaining: { when: (_c, f) => f.lastSessionEnd !== null && f.now < f.lastSessionEnd, message: "最后一次课结束后才能结业" } },
    },
    cancel: {
      ...transition("cancel"),
      label: "取消",
      refusedCode: lockedOr("class.transition_not_allowed"),
      unless: { started: { when: (c, f) => cancelTooLate(c.status, c.startDate, f.today), message: "培训班已开班，不能取消" } },
    },
    assess: { ...transition("assess"), label: "考核锁定", refusedCode: lockedOr("class.transition_not_allowed") },
    fileChange: { by: ["institution"], from: changeableStatuses, label: "报备变更", refusedCode: lockedOr("class.not_editable"), unless: { locked } },
    enterResults: { by: ["assessor"], from: ["finished"], label: "录入考核结果", refusedCode: lockedOr("class.results_not_allowed"), unless: { locked, evaluator_not_approved: assessorNotApproved } },
    issueCertificates: { by: ["assessor"], from: ["finished", "assessed"], label: "发放证书", refusedCode: "class.results_not_allowed", unless: { evaluator_not_approved: assessorNotApproved } },
    // an officer revokes a wrongly issued certificate in any status, also after the class is locked
    revokeCertificate: { by: ["officer"], label: "撤销证书" },
    traineeAccounts: { by: ["institution"], from: ["approved", "in_progress", "finished"], label: "开通学员账号" },
  },
});

export type ClassRuleAction =
  | ClassAction
  | "edit"
  | "fileChange"
  | "enterResults"
  | "issueCertificates"
  | "revokeCertificate"
  | "traineeAccounts";

/**
 * The institution a new class is applied for: the one asked for (must be the caller's own), else
 * the caller's only institution.
 * @throws auth.forbidden, class.institution_required
 */
export function applyingInstitution(actor: Actor, requested: string | undefined): string {
  const own = [...new Set(grantsFor(actor, "class.apply").flatMap((g) => (g.scopeType === "institution" && g.institutionId ? [g.institutionId] : [])))];
  if (requested !== undefined) {
    if (own.includes(requested)) return requested;
    throw new AppError("auth.forbidden", "只能以本人所在机构的名义申请开班");
  }
  if (own.length === 1) return own[0]!;
  if (own.length > 1) throw new AppError("class.institution_required", "您属于多个机构，请选择申请机构");
  throw new AppError("auth.forbidden", "只有培训机构人员可以申请开班");
}
