import type { SQL } from "drizzle-orm";
import type { Permission } from "../../../../shared/src/permissions.ts";
import type { Actor } from "../../platform/auth/actor.ts";
import { scopeWhere } from "../../platform/auth/scope.ts";
import { defineRules } from "../../platform/authz/rules.ts";
import { classes } from "../classes/index.ts";

/**
 * Which classes the actor may touch with `perm`: an institution its own classes, a county (or
 * city) officer the classes of its region, province grants all. Out of scope ⇒ not found.
 * @throws auth.forbidden when no role grants `perm`
 */
export function classScope(actor: Actor, perm: Permission): SQL {
  return scopeWhere(actor, perm, { region: classes.regionCode, institution: classes.institutionId });
}

/** Class statuses in which trainees check in and codes are shown. */
export const ACTIVE_CLASS_STATUSES = ["approved", "in_progress"] as const;

export type CorrectionState = "new" | "pending" | "approved" | "rejected";

/**
 * A correction as the rules see it: its own status ("new" before it is filed), who filed it, and
 * the class and session it is for.
 */
export interface CorrectionForRules {
  status: CorrectionState;
  filedBy: string | null;
  klass: { status: string; lockedAt: Date | null };
  /** the session, when filing (deciding does not look at it) */
  session?: { status: string; startsAt: Date };
}

/** An assessed class is final (its results are locked): attendance behind them can no longer move. */
const classLocked = {
  when: (c: CorrectionForRules) => c.klass.lockedAt !== null || c.klass.status === "assessed",
  code: "attendance.class_locked",
  message: "培训班已考核锁定，考勤不能再补正",
} as const;

/**
 * Manual attendance corrections (补正): staff of the class (attendance.correct) file one for a session
 * that has started; a second person with attendance.approve_correction decides it — whoever filed
 * it never does (the database refuses it too). Scope (which classes) is the repositories' WHERE.
 */
export const correctionRules = defineRules<"corrector" | "decider", CorrectionState, "file" | "decide", CorrectionForRules, { now: Date }>({
  record: "attendance_correction",
  parties: {
    corrector: (a) => a.permissions.has("attendance.correct"),
    decider: (a) => a.permissions.has("attendance.approve_correction"),
  },
  state: (c) => c.status,
  stateLabels: { new: "未提交", pending: "待审核", approved: "已通过", rejected: "已驳回" },
  refusedCode: "attendance.correction_decided",
  actions: {
    file: {
      by: ["corrector"],
      from: ["new"],
      to: "pending",
      label: "提交补正",
      unless: {
        class_locked: classLocked,
        session_cancelled: { when: (c) => c.session?.status === "cancelled", code: "attendance.session_cancelled", message: "本课次已取消" },
        session_not_started: { when: (c, f) => c.session !== undefined && c.session.startsAt.getTime() > f.now.getTime(), code: "attendance.session_not_started", message: "课次尚未开始，不能补正" },
      },
    },
    decide: {
      by: ["decider"],
      from: ["pending"],
      label: "审核补正",
      unless: {
        filed_by_self: { when: (c, _f, a) => a.userId === c.filedBy, code: "attendance.self_approval", message: "补正须由另一人审核，不能审核自己提交的补正" },
        class_locked: classLocked,
      },
    },
  },
});
