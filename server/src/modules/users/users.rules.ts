/**
 * Who may act on a user account, declared once (platform/authz/rules.ts): the service asserts it,
 * the presenter's `abilities` come from it, users.rules.test.ts walks it as a table.
 *
 * Seeing an account needs only its home region in the reader's `user.read` scope (repository
 * WHERE). Acting on it needs more: the administrator must cover the home region AND every grant
 * the account holds — otherwise a city administrator could reset a province administrator's
 * password (or that of an officer with a city-wide grant, or of an institution's staff elsewhere)
 * and log in as them.
 */
import type { Actor, Grant } from "../../platform/auth/actor.ts";
import { coversRegion } from "../../platform/auth/scope.ts";
import { defineRules } from "../../platform/authz/rules.ts";
import { grantOutsideActor } from "./users.policy.ts";

export type AccountState = "active" | "disabled";
export const accountStates: readonly AccountState[] = ["active", "disabled"];

/** The account and every grant it holds (the grants decide who may act on it). */
export interface AccountRow {
  id: string;
  status: AccountState;
  regionCode: string;
  lockedUntil: Date | null;
  grants: readonly Grant[];
}

/** Loaded once by the service: where each institution of an institution grant is, and the time. */
export interface AccountFacts {
  institutionRegions: ReadonlyMap<string, string | null>;
  now: Date;
}

/** Covers the account's home region and each of its grants (one it could itself have given). */
export function coversAccount(actor: Actor, row: AccountRow, facts: AccountFacts): boolean {
  if (!coversRegion(actor, "user.manage", row.regionCode)) return false;
  return row.grants.every((g) => !grantOutsideActor(actor, g, g.institutionId ? (facts.institutionRegions.get(g.institutionId) ?? null) : null));
}

const isSelf = (row: AccountRow, _f: AccountFacts, actor: Actor) => actor.userId === row.id;

export const accountRules = defineRules<"coveringAdmin", AccountState, "edit" | "resetPassword" | "disable" | "enable" | "changeGrants" | "unlock", AccountRow, AccountFacts>({
  record: "user",
  parties: { coveringAdmin: coversAccount },
  state: (row) => row.status,
  stateLabels: { active: "启用", disabled: "停用" },
  forbiddenCode: "user.scope_outside",
  refusedCode: "user.invalid_state",
  actions: {
    edit: { by: ["coveringAdmin"], label: "修改姓名或电话" },
    resetPassword: {
      by: ["coveringAdmin"],
      label: "重置密码",
      unless: { self: { when: isSelf, code: "user.self_change", message: "请使用修改密码功能修改自己的密码" } },
    },
    disable: {
      by: ["coveringAdmin"],
      from: ["active"],
      to: "disabled",
      label: "停用",
      unless: { self: { when: isSelf, code: "user.self_change", message: "不能停用自己的账号" } },
    },
    enable: { by: ["coveringAdmin"], from: ["disabled"], to: "active", label: "启用" },
    changeGrants: {
      by: ["coveringAdmin"],
      label: "调整角色",
      unless: { self: { when: isSelf, code: "user.self_change", message: "不能修改自己的角色" } },
    },
    unlock: {
      by: ["coveringAdmin"],
      label: "解锁",
      unless: { notLocked: { when: (row, facts) => !row.lockedUntil || row.lockedUntil <= facts.now, message: "账号未被锁定" } },
    },
  },
});

export type AccountAction = keyof typeof accountRules.definition.actions;
