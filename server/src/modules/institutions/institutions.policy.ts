/**
 * Who may do what to an institution, declared once (decision 0003): the services assert it, the
 * presenter's `abilities` and the policy tests are derived from it. Which institutions an actor
 * sees at all is the repository's scope (`institutionScope`): out of scope is 404 before any rule.
 */
import type { SQL } from "drizzle-orm";
import type { InstitutionView } from "../../../../shared/src/contracts/institutions.ts";
import type { Permission } from "../../../../shared/src/permissions.ts";
import type { Actor } from "../../platform/auth/actor.ts";
import { coversInstitution, scopeWhere } from "../../platform/auth/scope.ts";
import { defineRules, type Guard } from "../../platform/authz/rules.ts";
import { servesDepartment } from "./institutions.repo.ts";
import type { InstitutionAction, InstitutionStatus } from "./institutions.rules.ts";
import { institutions } from "./institutions.table.ts";

/**
 * Which institutions an actor may touch with `perm`: a region covers the counties under it, an
 * institution grant its own institution, a department the institutions serving its programs.
 */
export function institutionScope(actor: Actor, perm: Permission): SQL {
  return scopeWhere(actor, perm, { region: institutions.regionCode, institution: institutions.id, department: servesDepartment });
}

/** What the rules read of an institution row. */
export interface InstitutionTarget {
  id: string;
  regionCode: string;
  status: InstitutionStatus;
  sanctionedUntil: string | null;
}

/** Facts the service loads once before asking. */
export interface InstitutionFacts {
  /** today's calendar date in China (YYYY-MM-DD) */
  today: string;
  /** proposed qualification or detail changes wait for the county's review */
  hasPendingChanges: boolean;
}

/** A running sanction blocks lifting it early (reinstate) and re-applying during a ban. */
export function sanctionRunning(t: Pick<InstitutionTarget, "sanctionedUntil">, today: string): boolean {
  return t.sanctionedUntil !== null && t.sanctionedUntil >= today;
}

export type InstitutionParty = "owner" | "reviewer" | "sanctioner" | "sensitiveReader";
/** the status changes, plus row rules that change no status */
export type InstitutionRuleAction = InstitutionAction | "edit" | "sanction" | "reviewQualifications" | "viewSensitive";

const holds =
  (perm: Permission) =>
  (actor: Actor, t: InstitutionTarget): boolean =>
    coversInstitution(actor, perm, t.id, t.regionCode);

const whileSanctioned: Guard<InstitutionTarget, InstitutionFacts> = {
  when: (t, f) => sanctionRunning(t, f.today),
  code: "institution.sanction_active",
  message: (t) => `处理期限未满（至 ${t.sanctionedUntil}）`,
};

const live = ["approved", "suspended"] as const satisfies readonly InstitutionStatus[];

/**
 * THE institution table: every status change and every row-level permission goes through here.
 * suspend/ban are applied by a sanction (level 2–3 suspend, level 4 ban), never called directly.
 */
export const institutionRules = defineRules<InstitutionParty, InstitutionStatus, InstitutionRuleAction, InstitutionTarget, InstitutionFacts>({
  record: "institution",
  parties: {
    /** the institution's own staff (institution.edit_own on this institution) */
    owner: holds("institution.edit_own"),
    /** the county HRSS reviewing it (institution.review covering its region) */
    reviewer: holds("institution.review"),
    /** whoever may sanction it (institution.sanction covering its region) */
    sanctioner: holds("institution.sanction"),
    /** may read teachers' full ID numbers (audited) */
    sensitiveReader: holds("institution.view_sensitive"),
  },
  state: (t) => t.status,
  stateLabels: { pending: "待审核", returned: "退回修改", approved: "已通过", suspended: "暂停开班", banned: "禁入", withdrawn: "已撤销" },
  refusedCode: "institution.transition_not_allowed",
  actions: {
    approve: { by: ["reviewer"], from: ["pending"], to: "approved", label: "审核通过" },
    return: { by: ["reviewer"], from: ["pending"], to: "returned", label: "退回修改" },
    resubmit: { by: ["owner"], from: ["returned"], to: "pending", label: "重新提交" },
    suspend: { by: ["sanctioner"], from: live, to: "suspended", label: "暂停开班" },
    ban: { by: ["sanctioner"], from: live, to: "banned", label: "解除协议并禁入" },
    reinstate: { by: ["sanctioner"], from: ["suspended"], to: "approved", unless: { sanctionRunning: whileSanctioned }, label: "恢复" },
    renew: { by: ["reviewer"], from: live, label: "续签协议" },
    withdraw: { by: ["owner", "reviewer"], from: ["pending", "returned", "approved", "suspended"], to: "withdrawn", label: "撤销/退出" },
    reapply: { by: ["owner"], from: ["banned"], to: "pending", unless: { sanctionRunning: whileSanctioned }, label: "禁入期满重新申请" },
    /** details, teachers, facilities and qualifications (after approval some become proposals) */
    edit: { by: ["owner"], from: ["pending", "returned", "approved", "suspended"], refusedCode: "institution.not_editable", label: "修改机构信息" },
    /** record a sanction (any level; the ladder decides whether it also suspends or bans) */
    sanction: { by: ["sanctioner"], from: live, label: "作出处理" },
    reviewQualifications: {
      by: ["reviewer"],
      unless: { nothingPending: { when: (_t, f) => !f.hasPendingChanges, code: "institution.no_pending_changes", message: "没有待审核的变更" } },
      label: "审核变更",
    },
    viewSensitive: { by: ["sensitiveReader"], label: "查看完整身份证号" },
  },
});

/** Actions a person may start from the transitions endpoint (suspend/ban come from sanctions). */
export const manualActions = ["approve", "return", "resubmit", "reinstate", "renew", "withdraw", "reapply"] as const satisfies readonly InstitutionRuleAction[];

/** The presenter's `abilities`, in the shape the web reads. */
export function abilities(actor: Actor, t: InstitutionTarget, facts: InstitutionFacts): InstitutionView["abilities"] {
  const a = institutionRules.abilities(actor, t, facts);
  return {
    edit: a.edit,
    approve: a.approve,
    return: a.return,
    resubmit: a.resubmit,
    reinstate: a.reinstate,
    renew: a.renew,
    withdraw: a.withdraw,
    reapply: a.reapply,
    sanction: a.sanction,
    reviewQualifications: a.reviewQualifications,
    viewSensitive: a.viewSensitive,
  };
}
