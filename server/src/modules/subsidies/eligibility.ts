/**
 * 补贴资格: one explainable rule engine for every subsidy decision (DOMAIN.md §3). Pure — the
 * caller loads the facts (the trainee, the class, attendance, the certificate, earlier subsidies)
 * and stores what comes back: the decision, every check with its plain Chinese reason, the inputs
 * and the policy version, so officers, the institution and the trainee see why.
 */
import type { CategoryCode, ExclusionKind } from "../../../../shared/src/contracts/trainees.ts";

export const subsidyTypes = ["training", "evaluation", "living_allowance", "skill_upgrading"] as const;
export type SubsidyType = (typeof subsidyTypes)[number];

/** A versioned policy: provinces differ and rules change; a decision records the version it used. */
export interface SubsidyPolicy {
  version: string;
  effectiveFrom: string;
  /** attendance rate (percent of held sessions) a trainee needs */
  minAttendancePercent: number;
  /** months after the certificate's issue date within which a claim may be made */
  claimDeadlineMonths: number;
  /** subsidized trainings per person per natural year (training subsidies, whoever was paid) */
  maxPerYear: number;
  /** never twice for the same occupation and level */
  oncePerOccupationLevel: boolean;
  /** no subsidy for a lower level after a higher one of the same occupation was subsidized */
  noLowerLevelAfterHigher: boolean;
  /** categories trained free of charge (the plan, M2): the institution is paid in full */
  freeCategories: readonly CategoryCode[];
  /** categories subsidized at the standard (graduates, employees) */
  subsidizedCategories: readonly CategoryCode[];
  /**
   * skill-upgrading subsidy (unemployment insurance) by level, in fen; insured months needed; at most
   * `maxPerYear` per person per natural year (by certificate date), once per occupation and level
   */
  skillUpgrading: { amountFenByLevel: Readonly<Record<string, number>>; minInsuredMonths: number; maxPerYear: number; oncePerOccupationLevel: boolean };
  /** 生活费补贴 (paid to the person): who may have it, a fixed sum in fen, how many per natural year */
  livingAllowance: { categories: readonly CategoryCode[]; amountFen: number; maxPerYear: number };
  // 鉴定评价补贴 amounts are the cities' evaluation standards in the catalogue (subsidy_standards), not policy
}

export const policy2019: SubsidyPolicy = {
  version: "jl-2019-1",
  effectiveFrom: "2019-01-01",
  minAttendancePercent: 80,
  claimDeadlineMonths: 12,
  maxPerYear: 3,
  oncePerOccupationLevel: true,
  noLowerLevelAfterHigher: true,
  freeCategories: ["poor_labor", "poor_family_child", "two_after", "rural_migrant", "urban_unemployed", "laid_off", "veteran", "disabled", "new_farmer", "prisoner"],
  subsidizedCategories: ["graduate", "employee"],
  skillUpgrading: { amountFenByLevel: { "5": 100_000, "4": 150_000, "3": 200_000 }, minInsuredMonths: 12, maxPerYear: 3, oncePerOccupationLevel: true },
  livingAllowance: { categories: ["poor_labor", "poor_family_child"], amountFen: 50_000, maxPerYear: 1 },
};

export interface PriorSubsidy {
  /** the claim line or payment this came from */
  id: string;
  subsidyType: SubsidyType;
  occupationCode: string | null;
  /** 5 … 1 (1 highest); null for certificates without levels */
  level: number | null;
  certificateId: string | null;
  /** the date it counts on (certificate date of the subsidized training) */
  date: string;
}

export interface EligibilityFacts {
  subsidyType: SubsidyType;
  /** the day the decision is made (China date) */
  today: string;
  /**
   * insuredMonths (skill-upgrading only): months of unemployment insurance as the county entered
   * them from the evidence; null until the county has checked them
   */
  person: { categories: CategoryCode[]; exclusions: ExclusionKind[]; inWorkingAge: boolean; insuredMonths?: number | null };
  /** attendance over the held sessions of the class (percent, integer floor) */
  attendancePercent: number | null;
  result: "pass" | "fail" | "absent" | null;
  certificate: { id: string; type: string; issueDate: string; level: number | null; occupationCode: string | null; revoked: boolean } | null;
  /** subsidies already decided or paid for this person (any payee), excluding this claim */
  prior: PriorSubsidy[];
}

export interface Check {
  code: string;
  ok: boolean;
  /** plain Chinese reason, shown as it is */
  reason: string;
}

export interface Decision {
  eligible: boolean;
  /** "free" (free-training group), "subsidized", or null when not eligible / not a training subsidy */
  group: "free" | "subsidized" | null;
  checks: Check[];
  /** the first failed check's reason (a definitive one before a pending one), or a one-line summary */
  reason: string;
  policyVersion: string;
}

/** the check that fails while the county has not yet entered the insured months (skill-upgrading) */
export const INSURANCE_PENDING = "insured_months_pending";

/** The amount of an eligible decision, in fen, where the policy prices it (null: priced by the catalogue standard). */
export function policyAmountFen(type: SubsidyType, certificate: { level: number | null } | null, p: SubsidyPolicy = policy2019): number | null {
  if (type === "living_allowance") return p.livingAllowance.amountFen;
  if (type === "skill_upgrading") return certificate?.level != null ? (p.skillUpgrading.amountFenByLevel[String(certificate.level)] ?? 0) : 0;
  return null;
}

const levelName: Record<number, string> = { 5: "五级", 4: "四级", 3: "三级", 2: "二级", 1: "一级" };

export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 0)).getUTCDate();
  return `${t.getUTCFullYear()}-${String(t.getUTCMonth() + 1).padStart(2, "0")}-${String(Math.min(d, last)).padStart(2, "0")}`;
}

const exclusionReason: Record<ExclusionKind, string> = {
  public_payroll: "在编人员不享受培训补贴",
  pensioner: "已领取养老金，不享受培训补贴",
  student: "非毕业年度全日制在校生不享受培训补贴",
};

/** Every check, in the order a reviewer reads them; a decision is eligible when all pass. */
export function decide(f: EligibilityFacts, p: SubsidyPolicy = policy2019): Decision {
  const checks: Check[] = [];
  const add = (code: string, ok: boolean, reason: string) => checks.push({ code, ok, reason });
  const c = f.certificate;
  const training = f.subsidyType === "training" || f.subsidyType === "evaluation";

  // who: category and exclusions
  let group: Decision["group"] = null;
  if (f.subsidyType !== "skill_upgrading") {
    const free = f.person.categories.some((k) => p.freeCategories.includes(k));
    const sub = f.person.categories.some((k) => p.subsidizedCategories.includes(k));
    group = free ? "free" : sub ? "subsidized" : null;
    add("category", group !== null, group === "free" ? "属于免费培训人员类别" : group === "subsidized" ? "属于补贴培训人员类别" : "未登记可享受补贴的人员类别");
    if (f.subsidyType === "living_allowance") {
      const poor = f.person.categories.some((k) => p.livingAllowance.categories.includes(k));
      add("living_allowance_category", poor, poor ? "属于贫困劳动力或贫困家庭子女" : "生活费补贴仅限贫困劳动力和贫困家庭子女");
    }
  }
  for (const e of f.person.exclusions) add(`exclusion_${e}`, false, exclusionReason[e]);
  add("working_age", f.person.inWorkingAge, f.person.inWorkingAge ? "在劳动年龄内" : "不在劳动年龄内");

  // what happened in the class
  if (f.subsidyType !== "skill_upgrading") {
    const rate = f.attendancePercent;
    add("attendance", rate !== null && rate >= p.minAttendancePercent, rate === null ? "没有出勤记录" : rate >= p.minAttendancePercent ? `出勤率 ${rate}%` : `出勤率 ${rate}%，低于 ${p.minAttendancePercent}%`);
    add("passed", f.result === "pass", f.result === "pass" ? "考核合格" : f.result === null ? "尚无考核结果" : "考核未通过");
  }

  // the certificate
  add("certificate", c !== null && !c.revoked, c === null ? "未取得证书" : c.revoked ? "证书已撤销" : "已取得证书");
  if (c && f.subsidyType === "evaluation") add("evaluation_certificate", c.type !== "training_completion", c.type === "training_completion" ? "培训合格证书不享受鉴定评价补贴" : "证书类型可享受鉴定评价补贴");
  if (c && f.subsidyType === "skill_upgrading") {
    const amount = c.level !== null ? p.skillUpgrading.amountFenByLevel[String(c.level)] : undefined;
    add("skill_upgrading_certificate", (c.type === "skill_level" || c.type === "vocational_qualification") && amount !== undefined, amount !== undefined ? `${levelName[c.level!]}证书可申领技能提升补贴` : "技能提升补贴限五级、四级、三级职业资格或技能等级证书");
    const months = f.person.insuredMonths;
    const min = p.skillUpgrading.minInsuredMonths;
    if (months === null || months === undefined) add(INSURANCE_PENDING, false, "参保月数待县级人社部门核验");
    else add("insured_months", months >= min, months >= min ? `参保 ${months} 个月` : `参保 ${months} 个月，不足 ${min} 个月`);
  }
  if (c) {
    const deadline = addMonths(c.issueDate, p.claimDeadlineMonths);
    add("deadline", f.today <= deadline, f.today <= deadline ? `在申领期限 ${deadline} 内` : `已超过申领期限（证书日期后 ${p.claimDeadlineMonths} 个月，截至 ${deadline}）`);
  }

  // limits against earlier subsidies
  if (c) {
    const combined = f.prior.find((x) => x.certificateId === c.id && ((training && x.subsidyType === "skill_upgrading") || (f.subsidyType === "skill_upgrading" && (x.subsidyType === "training" || x.subsidyType === "evaluation"))));
    add("not_combined", !combined, combined ? "同一证书不能同时享受培训补贴和技能提升补贴" : "同一证书未享受其他补贴");
    const same = f.prior.find((x) => x.certificateId === c.id && x.subsidyType === f.subsidyType);
    add("once_per_certificate", !same, same ? "该证书已享受过此项补贴" : "该证书未享受过此项补贴");
  }
  if (f.subsidyType === "training" && c) {
    const year = c.issueDate.slice(0, 4);
    const thisYear = f.prior.filter((x) => x.subsidyType === "training" && x.date.slice(0, 4) === year).length;
    add("per_year", thisYear < p.maxPerYear, thisYear < p.maxPerYear ? `${year} 年已享受 ${thisYear} 次培训补贴` : `${year} 年已享受 ${thisYear} 次培训补贴，达到每年 ${p.maxPerYear} 次上限`);
    if (p.oncePerOccupationLevel && c.occupationCode) {
      const twice = f.prior.find((x) => x.subsidyType === "training" && x.occupationCode === c.occupationCode && x.level === c.level);
      add("occupation_level_once", !twice, twice ? "同一职业（工种）同一等级已享受过培训补贴" : "同一职业同一等级未享受过培训补贴");
    }
    if (p.noLowerLevelAfterHigher && c.occupationCode && c.level !== null) {
      const higher = f.prior.find((x) => x.subsidyType === "training" && x.occupationCode === c.occupationCode && x.level !== null && x.level < c.level!);
      add("no_lower_level", !higher, higher ? `已享受该职业更高等级（${levelName[higher.level!]}）培训补贴，不再补贴较低等级` : "未享受过该职业更高等级补贴");
    }
  }

  if (f.subsidyType === "skill_upgrading" && c) {
    const year = c.issueDate.slice(0, 4);
    const thisYear = f.prior.filter((x) => x.subsidyType === "skill_upgrading" && x.date.slice(0, 4) === year).length;
    const max = p.skillUpgrading.maxPerYear;
    add("skill_upgrading_per_year", thisYear < max, thisYear < max ? `${year} 年已享受 ${thisYear} 次技能提升补贴` : `${year} 年已享受 ${thisYear} 次技能提升补贴，达到每年 ${max} 次上限`);
    if (p.skillUpgrading.oncePerOccupationLevel && c.occupationCode) {
      const twice = f.prior.find((x) => x.subsidyType === "skill_upgrading" && x.occupationCode === c.occupationCode && x.level === c.level);
      add("skill_upgrading_occupation_level_once", !twice, twice ? "同一职业（工种）同一等级已享受过技能提升补贴" : "同一职业同一等级未享受过技能提升补贴");
    }
  }
  if (f.subsidyType === "living_allowance" && c) {
    const year = c.issueDate.slice(0, 4);
    const thisYear = f.prior.filter((x) => x.subsidyType === "living_allowance" && x.date.slice(0, 4) === year).length;
    const max = p.livingAllowance.maxPerYear;
    add("living_allowance_per_year", thisYear < max, thisYear < max ? `${year} 年已享受 ${thisYear} 次生活费补贴` : `${year} 年已享受 ${thisYear} 次生活费补贴，达到每年 ${max} 次上限`);
  }

  // a refusal names a definitive reason before "still waiting for the county's insured months"
  const failed = checks.find((x) => !x.ok && x.code !== INSURANCE_PENDING) ?? checks.find((x) => !x.ok);
  return {
    eligible: !failed,
    group: failed ? null : group,
    checks,
    reason: failed ? failed.reason : "符合补贴条件",
    policyVersion: p.version,
  };
}
