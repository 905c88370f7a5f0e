/**
 * 结业 (completion), 合格 (passed) and the rates built on them: one definition, read by the
 * statistics ledger (server/src/modules/stats/stats.refresh.ts), the institution's home card
 * (server/src/modules/classes/classes.counts.ts) and the console's tooltips on rate titles.
 *
 * A trainee completes (结业) a class when the class has ended (结业 or 已考核), they are still on
 * its roster and did not miss the assessment — whether they passed or not. Passing (合格) is
 * the assessment's verdict: on the roster with the result "pass".
 */

/** class states in which a class has ended, so its trainees can have completed it */
export const COMPLETED_CLASS_STATUSES = ["finished", "assessed"] as const;
/** the assessment result that keeps a trainee from completing (缺考) */
export const ABSENT_RESULT = "absent";
/** the assessment result that counts as passed (合格) */
export const PASS_RESULT = "pass";

export interface EnrollmentFacts {
  classStatus: string;
  /** "enrolled" while on the roster; "withdrawn" after leaving it */
  enrollmentStatus: string;
  /** the assessment result, null before it is entered */
  result: string | null;
}

/** 结业: the class has ended, the trainee is on the roster and did not miss the assessment. */
export function isCompletion(e: EnrollmentFacts): boolean {
  return (COMPLETED_CLASS_STATUSES as readonly string[]).includes(e.classStatus) && e.enrollmentStatus === "enrolled" && e.result !== ABSENT_RESULT;
}

/** 合格: on the roster and assessed "pass" (a subset of 结业 once the class has ended). */
export function isPass(e: EnrollmentFacts): boolean {
  return e.enrollmentStatus === "enrolled" && e.result === PASS_RESULT;
}

/** What each rate title means, as the tooltip shows it (statistics report and home card). */
export const rateDefinitions = {
  completion: "结业率 = 结业人次 ÷ 参训人次。结业：培训班已结业（或已考核），学员仍在册且未缺考，不论考核是否合格。",
  certification: "取证率 = 取证人次 ÷ 结业人次。取证：本班发放的有效证书。",
  completedPersons: "结业人数：培训班已结业（或已考核），仍在册且未缺考的学员，不论考核是否合格。",
  pass: "合格率 = 考核合格的在册学员 ÷ 在册学员。合格是考核结果，结业不要求合格。",
  certificationOfRoster: "取证率 = 持本班有效证书的在册学员 ÷ 在册学员。",
} as const;
