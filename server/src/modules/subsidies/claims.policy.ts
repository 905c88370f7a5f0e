import { or, type SQL, sql } from "drizzle-orm";
import { regionPrefix } from "../../../../shared/src/regions.ts";
import type { Permission } from "../../../../shared/src/permissions.ts";
import { type Actor, grantsFor } from "../../platform/auth/actor.ts";
import { coversRegion, scopeWhere } from "../../platform/auth/scope.ts";
import { defineRules } from "../../platform/authz/rules.ts";
import { type ClaimStatus, type ReviewStep, subsidyClaims } from "./subsidies.table.ts";

/**
 * Which claims the actor may see with `perm`: province ⇒ all; region ⇒ claims of classes in counties
 * under it; institution ⇒ its own claims. Out of scope ⇒ not found.
 * @throws auth.forbidden when no role grants `perm`
 */
export function claimScope(actor: Actor, perm: Permission): SQL {
  return scopeWhere(actor, perm, { region: subsidyClaims.regionCode, institution: subsidyClaims.institutionId });
}

export interface ClaimForPolicy {
  /** null for a person claim (skill-upgrading): no institution party, no institution to belong to */
  institutionId: string | null;
  regionCode: string;
  status: ClaimStatus;
  commitmentSignedAt: Date | null;
}

/**
 * What the rules need beyond the row, loaded once by the service: the review steps the acting user
 * already took on this claim (any round).
 */
export interface ClaimFacts {
  actedSteps: ReadonlySet<ReviewStep>;
  /** a skill-upgrading claim whose insured months the county has not yet entered from the evidence */
  insurancePending: boolean;
}

export const claimStatusLabels: Record<ClaimStatus, string> = {
  draft: "草稿",
  submitted: "待县级初审",
  county_approved: "待市级复审",
  approved: "审核通过",
  returned: "已退回",
};

/** the city a county belongs to (GB/T 2260: the first four digits) */
export const cityOf = (regionCode: string): string => `${regionCode.slice(0, 4)}00`;

/**
 * Separation of duties: anyone holding any institution grant of the claiming institution (staff,
 * or an officer who also works there) never reviews or holds its claim.
 */
function belongsToInstitution(actor: Actor, institutionId: string | null): boolean {
  return institutionId !== null && actor.grants.some((g) => g.scopeType === "institution" && g.institutionId === institutionId);
}

const member = {
  when: (c: ClaimForPolicy, _f: ClaimFacts, a: Actor) => belongsToInstitution(a, c.institutionId),
  code: "claim.separation_of_duties",
  message: "您属于申领机构，不能审核本机构的申领",
} as const;
const actedAt = (step: ReviewStep, label: string) =>
  ({
    when: (_c: ClaimForPolicy, f: ClaimFacts) => f.actedSteps.has(step),
    code: "claim.separation_of_duties",
    message: `您已办理本申领的${label}，同一人不能办理两个审核环节`,
  }) as const;
const insurancePending = {
  when: (_c: ClaimForPolicy, f: ClaimFacts) => f.insurancePending,
  code: "claim.insurance_unverified",
  message: "请先核验并录入申领人的失业保险参保月数",
} as const;
const notSigned = {
  when: (c: ClaimForPolicy) => c.commitmentSignedAt === null,
  code: "claim.commitment_required",
  message: "请先签署告知承诺书",
} as const;

export type ClaimParty = "institution" | "countyReviewer" | "cityReviewer";
export type ClaimRuleAction = "generate" | "sign" | "submit" | "countyApprove" | "countyReturn" | "cityApprove" | "cityReturn" | "hold" | "release" | "verifyInsurance";

const editable: ClaimStatus[] = ["draft", "returned"];
const underReview: ClaimStatus[] = ["submitted", "county_approved", "approved"];

/**
 * Who may do what to a claim, in which status, unless which facts — the one declaration the services
 * assert, the presenter turns into `abilities`, and the policy table test enumerates.
 * Parties: the claiming institution (claim.apply on it); the county reviewer (a claim.review_county
 * grant for exactly the class's county); the city reviewer (claim.review_city covering the county's
 * city: a city or province grant, never a county one).
 */
export const claimRules = defineRules<ClaimParty, ClaimStatus, ClaimRuleAction, ClaimForPolicy, ClaimFacts>({
  record: "claim",
  parties: {
    institution: (a, c) => c.institutionId !== null && grantsFor(a, "claim.apply").some((g) => g.scopeType === "institution" && g.institutionId === c.institutionId),
    // the county's own officers give the first review; a city or province grant never does, so the
    // two steps are two parties and no grant plays both
    countyReviewer: (a, c) => grantsFor(a, "claim.review_county").some((g) => g.scopeType === "region" && g.regionCode === c.regionCode),
    cityReviewer: (a, c) => coversRegion(a, "claim.review_city", cityOf(c.regionCode)),
  },
  state: (c) => c.status,
  stateLabels: claimStatusLabels,
  refusedCode: "claim.transition_not_allowed",
  actions: {
    generate: { by: ["institution"], from: editable, label: "生成申领明细", refusedCode: "claim.not_editable" },
    sign: { by: ["institution"], from: editable, label: "签署告知承诺书", refusedCode: "claim.not_editable" },
    submit: { by: ["institution"], from: editable, to: "submitted", label: "提交申领", unless: { not_signed: notSigned } },
    countyApprove: {
      by: ["countyReviewer"],
      from: ["submitted"],
      to: "county_approved",
      label: "初审通过",
      unless: { member, acted_city: actedAt("city", "市级复审"), insurance_pending: insurancePending },
    },
    countyReturn: { by: ["countyReviewer"], from: ["submitted"], to: "returned", label: "初审退回", unless: { member, acted_city: actedAt("city", "市级复审") } },
    cityApprove: { by: ["cityReviewer"], from: ["county_approved"], to: "approved", label: "复审通过", unless: { member, acted_county: actedAt("county", "县级初审") } },
    cityReturn: { by: ["cityReviewer"], from: ["county_approved"], to: "returned", label: "复审退回", unless: { member, acted_county: actedAt("county", "县级初审") } },
    // a reviewer of either step holds or releases a line (risk rules will also hold later)
    hold: { by: ["countyReviewer", "cityReviewer"], from: underReview, label: "暂停明细", unless: { member } },
    release: { by: ["countyReviewer", "cityReviewer"], from: underReview, label: "解除暂停", unless: { member } },
    // skill-upgrading: the county enters the insured months it checked against the evidence
    verifyInsurance: { by: ["countyReviewer"], from: ["submitted"], label: "核验参保月数", unless: { member, acted_city: actedAt("city", "市级复审") } },
  },
});

/** The review step an action belongs to (for the record of who acted where). */
export const stepOf: Partial<Record<ClaimRuleAction, ReviewStep>> = { countyApprove: "county", countyReturn: "county", cityApprove: "city", cityReturn: "city" };

/** Claims waiting for a step the actor can take (the same parties as the rules): the reviewer's overdue list. */
export function awaitingWhere(actor: Actor): SQL {
  const parts: SQL[] = [];
  for (const g of grantsFor(actor, "claim.review_county")) {
    if (g.scopeType === "region" && g.regionCode) parts.push(sql`(${subsidyClaims.status} = 'submitted' and ${subsidyClaims.regionCode} = ${g.regionCode})`);
  }
  for (const g of grantsFor(actor, "claim.review_city")) {
    if (g.scopeType === "province") parts.push(sql`${subsidyClaims.status} = 'county_approved'`);
    if (g.scopeType === "region" && g.regionCode && !isCounty(g.regionCode)) {
      parts.push(sql`(${subsidyClaims.status} = 'county_approved' and ${subsidyClaims.regionCode} like ${`${regionPrefix(g.regionCode)}%`})`);
    }
  }
  return parts.length ? (or(...parts) as SQL) : sql`false`;
}

const isCounty = (code: string) => !code.endsWith("00");

