/**
 * Who may set which target (decision 0003): the owner of its level, and only within the cascade.
 * The cascade's arithmetic is in targets.cascade.ts; the service loads the problems a proposed
 * value would cause and passes them in as facts.
 */
import { type Actor, grantsFor } from "../../platform/auth/actor.ts";
import { defineRules } from "../../platform/authz/rules.ts";
import { type CascadeProblem, PROVINCE, relationLabels, type TargetKey } from "./targets.cascade.ts";

export interface TargetForRules {
  key: TargetKey;
  /** the region whose officer sets this target (ownerRegionOf) */
  ownerRegion: string;
}

export interface TargetFacts {
  /** what the proposed value breaks; empty when asking for abilities */
  problems: readonly CascadeProblem[];
}

/** The regions the actor manages targets for: "220000" for a province grant. */
export function managedRegions(actor: Actor): string[] {
  return grantsFor(actor, "target.manage").flatMap((g) => (g.scopeType === "province" ? [PROVINCE] : g.scopeType === "region" && g.regionCode ? [g.regionCode] : []));
}

const fmt = (n: number) => n.toLocaleString("en-US");

export const targetRules = defineRules<"owner", "open", "edit", TargetForRules, TargetFacts>({
  record: "target",
  parties: { owner: (actor, row) => managedRegions(actor).includes(row.ownerRegion) },
  state: () => "open",
  forbiddenCode: "target.not_owner",
  refusedCode: "target.exceeds_parent",
  actions: {
    edit: {
      by: ["owner"],
      label: "调整目标",
      unless: {
        exceedsParent: {
          when: (_r, f) => f.problems.some((p) => p.kind === "exceeds_parent"),
          code: "target.exceeds_parent",
          message: (_r, f) => {
            const p = f.problems.find((x) => x.kind === "exceeds_parent");
            return p?.kind === "exceeds_parent" ? `${relationLabels[p.relation]}合计 ${fmt(p.childrenSum)} 将超过上级目标 ${fmt(p.parentTarget)}` : "超过上级目标";
          },
        },
        belowChildren: {
          when: (_r, f) => f.problems.some((p) => p.kind === "below_children"),
          code: "target.below_children",
          message: (_r, f) => {
            const p = f.problems.find((x) => x.kind === "below_children");
            return p ? `低于${relationLabels[p.relation]}已分解的合计 ${fmt(p.childrenSum)}` : "低于已分解的合计";
          },
        },
      },
    },
  },
});

/** Skill-structure statistics are the province's: entered by a province-wide grant only. */
export const skillStructureRules = defineRules<"province", "open", "enter", { year: number }, Record<string, never>>({
  record: "skill_structure",
  parties: { province: (actor) => managedRegions(actor).includes(PROVINCE) },
  state: () => "open",
  forbiddenCode: "target.not_owner",
  refusedCode: "target.not_owner",
  actions: { enter: { by: ["province"], label: "录入技能人才统计数" } },
});
