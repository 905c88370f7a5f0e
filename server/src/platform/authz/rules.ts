/**
 * Row rules, declared once per record type: who (parties) may take which action on a row, from
 * which states, to which state, unless which facts. The service asserts a rule (throwing the
 * declared error code with a reason), the presenter derives the UI's `abilities` from the same
 * declaration, and policy tests enumerate it as a table. Knows no domain; does no I/O — facts that
 * need a read (the evaluator's status, today's working day, who filed a step) are loaded once by
 * the service and passed in. Decision: docs/decisions/0003-row-rules.md.
 */
import type { ErrorCode } from "../../../../shared/src/errors.ts";
import type { Actor } from "../auth/actor.ts";
import { AppError } from "../http/errors.ts";

/** How an actor relates to a row: a pure predicate over the actor, the row and the loaded facts. */
export type PartyTest<Row, Facts> = (actor: Actor, row: Row, facts: Facts) => boolean;

/** A fact that blocks an action, with the reason the caller is told. */
export interface Guard<Row, Facts> {
  /** true ⇒ the action is refused */
  when: (row: Row, facts: Facts, actor: Actor) => boolean;
  /** error code thrown by `assert`; defaults to the declaration's `refusedCode` */
  code?: ErrorCode;
  /** plain Chinese reason shown to the caller (and as the button's tooltip) */
  message: string | ((row: Row, facts: Facts) => string);
}

export interface ActionRule<Party extends string, State extends string, Row, Facts> {
  /** any one of these parties may act */
  by: readonly Party[];
  /** states the row must be in; omitted ⇒ any */
  from?: readonly State[];
  /** state after the action; omitted ⇒ unchanged */
  to?: State;
  /** facts that refuse the action even for a party in an allowed state, keyed by reason */
  unless?: Readonly<Record<string, Guard<Row, Facts>>>;
  /** a one-line Chinese label (audit entries, tooltips) */
  label?: string;
  /**
   * code when the row is not in a `from` state, if it differs from the declaration's `refusedCode`
   * (e.g. "not editable" for edits, "locked" once a record is final); a function picks it by state
   */
  refusedCode?: ErrorCode | ((state: State) => ErrorCode);
}

export interface RulesDefinition<Party extends string, State extends string, Action extends string, Row, Facts> {
  /** record type, e.g. "class" (used in error details and generated tests) */
  record: string;
  parties: Readonly<Record<Party, PartyTest<Row, Facts>>>;
  state: (row: Row) => State;
  actions: Readonly<Record<Action, ActionRule<Party, State, Row, Facts>>>;
  /** Chinese names of the states, for refusal messages */
  stateLabels?: Readonly<Partial<Record<State, string>>>;
  /** code when the actor plays none of the action's parties (default auth.forbidden, 403) */
  forbiddenCode?: ErrorCode;
  /** code when the row is in a state the action does not start from, or a guard has no code */
  refusedCode: ErrorCode;
}

/** Why an action is refused: `party` (not yours), `state` (not now), or the guard's key. */
export type Verdict =
  | { ok: true; parties: string[] }
  | { ok: false; reason: "party" | "state" | (string & {}); code: ErrorCode; message: string; details: Record<string, unknown> };

export interface Rules<Party extends string, State extends string, Action extends string, Row, Facts> {
  readonly definition: RulesDefinition<Party, State, Action, Row, Facts>;
  /** the parties the actor plays for this row (one actor may play several) */
  partiesOf(actor: Actor, row: Row, facts: Facts): Party[];
  check(actor: Actor, action: Action, row: Row, facts: Facts): Verdict;
  may(actor: Actor, action: Action, row: Row, facts: Facts): boolean;
  /** @throws the declared code (403 for not a party, the refused/guard code otherwise) */
  assert(actor: Actor, action: Action, row: Row, facts: Facts): void;
  /** every action → may the actor take it now; the presenter's `abilities` */
  abilities(actor: Actor, row: Row, facts: Facts): Record<Action, boolean>;
  /** the state after `action` from `from` */
  next(action: Action, from: State): State;
}

export function defineRules<Party extends string, State extends string, Action extends string, Row, Facts = Record<string, never>>(
  def: RulesDefinition<Party, State, Action, Row, Facts>,
): Rules<Party, State, Action, Row, Facts> {
  const partiesOf = (actor: Actor, row: Row, facts: Facts): Party[] =>
    (Object.keys(def.parties) as Party[]).filter((p) => def.parties[p](actor, row, facts));

  /** the verdict given the parties the actor plays and the row's state (both pure: computed once per row by `abilities`) */
  const verdict = (actor: Actor, action: Action, row: Row, facts: Facts, parties: Party[], state: State): Verdict => {
    const rule = def.actions[action];
    const details = { record: def.record, action, status: state };
    if (!rule.by.some((p) => parties.includes(p))) {
      return { ok: false, reason: "party", code: def.forbiddenCode ?? "auth.forbidden", message: "无权执行此操作", details: { ...details, reason: "party" } };
    }
    if (rule.from && !rule.from.includes(state)) {
      const message = `当前状态（${def.stateLabels?.[state] ?? state}）不能执行「${rule.label ?? action}」`;
      const code = typeof rule.refusedCode === "function" ? rule.refusedCode(state) : (rule.refusedCode ?? def.refusedCode);
      return { ok: false, reason: "state", code, message, details: { ...details, reason: "state" } };
    }
    for (const [reason, guard] of Object.entries(rule.unless ?? {}) as [string, Guard<Row, Facts>][]) {
      if (guard.when(row, facts, actor)) {
        const message = typeof guard.message === "function" ? guard.message(row, facts) : guard.message;
        return { ok: false, reason, code: guard.code ?? def.refusedCode, message, details: { ...details, reason } };
      }
    }
    return { ok: true, parties };
  };
  const check = (actor: Actor, action: Action, row: Row, facts: Facts): Verdict => verdict(actor, action, row, facts, partiesOf(actor, row, facts), def.state(row));

  return {
    definition: def,
    partiesOf,
    check,
    may: (actor, action, row, facts) => check(actor, action, row, facts).ok,
    assert(actor, action, row, facts) {
      const v = check(actor, action, row, facts);
      if (!v.ok) throw new AppError(v.code, v.message, v.details);
    },
    abilities(actor, row, facts) {
      const out = {} as Record<Action, boolean>;
      const parties = partiesOf(actor, row, facts);
      const state = def.state(row);
      for (const a of Object.keys(def.actions) as Action[]) out[a] = verdict(actor, a, row, facts, parties, state).ok;
      return out;
    },
    next(action, from) {
      return def.actions[action].to ?? from;
    },
  };
}

/**
 * Policy-table rows for tests: for every action × state × party set, the expected verdict reason
 * computed from the declaration's own table (not from `check`), so a test can compare the
 * service's answer with what the declaration says. Guards are left to scenario tests.
 */
export function ruleTable<Party extends string, State extends string, Action extends string, Row, Facts>(
  rules: Rules<Party, State, Action, Row, Facts>,
  states: readonly State[],
): { action: Action; state: State; party: Party | null; expected: "ok" | "party" | "state" }[] {
  const out: { action: Action; state: State; party: Party | null; expected: "ok" | "party" | "state" }[] = [];
  const def = rules.definition;
  for (const action of Object.keys(def.actions) as Action[]) {
    const rule = def.actions[action];
    for (const state of states) {
      for (const party of [...(Object.keys(def.parties) as Party[]), null]) {
        const isParty = party !== null && rule.by.includes(party);
        const inState = !rule.from || rule.from.includes(state);
        out.push({ action, state, party, expected: !isParty ? "party" : inState ? "ok" : "state" });
      }
    }
  }
  return out;
}
