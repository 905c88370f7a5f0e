import {
  type CategoryCode,
  categoryCodes,
  type EducationCode,
  educationCodeList,
  educationCodes,
  type ExclusionKind,
} from "../../../../shared/src/contracts/trainees.ts";
import { checkCreditCode, checkIdNumber, type IdProblem } from "../../../../shared/src/ids.ts";
import { dateInChina } from "../../../../shared/src/china-date.ts";

/**
 * Working age for the exclusion screen: from the 16th birthday up to the day before the
 * retirement birthday. Men 60, women 55 — the lenient one of the two statutory ages for women
 * (50 for workers, 55 for cadres), because the platform cannot tell which applies and this is only
 * a warning. The 2025 gradual raise of retirement ages is not modelled: change these numbers.
 */
export const WORKING_AGE = { min: 16, retirement: { male: 60, female: 55 } } as const;

export type Gender = "male" | "female";

/** The calendar date in China (UTC+8, no DST) at instant `now`. */
export const chinaDate: (at: Date) => string = dateInChina;

/** Completed years between two YYYY-MM-DD dates; a 29 February birthday comes on 1 March. */
export function ageOn(birthDate: string, on: string): number {
  const years = Number(on.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return on.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

export interface Warning {
  code: string;
  message: string;
}

const exclusionMessages: Record<ExclusionKind, string> = {
  public_payroll: "该人员为在编人员（财政供养），一般不得享受培训补贴",
  pensioner: "该人员已领取养老金，一般不得享受培训补贴",
  student: "该人员为非毕业年度全日制在校学生，一般不得享受培训补贴",
};

/**
 * Exclusion warnings: the recorded facts, plus working age in the calendar year of `on`
 * (YYYY-MM-DD) — by birth year, not birthday. A warning that flipped on the birthday would tell
 * anyone who can see it (institution staff on a roster, a class check they can rerun with other
 * start dates) the exact birth date, and that date next to the mask narrows the ID number 365-fold
 * (issue #7). So: under working age when the person is still under 16 at the end of that year;
 * over it when they reach the retirement age within that year. These are warnings, not refusals.
 */
export function personWarnings(p: { birthYear: number; gender: Gender; exclusions: { kind: ExclusionKind }[] }, on: string): Warning[] {
  const out: Warning[] = p.exclusions.map((e) => ({ code: e.kind, message: exclusionMessages[e.kind] }));
  const year = Number(on.slice(0, 4));
  const ageInYear = year - p.birthYear;
  if (ageInYear < WORKING_AGE.min) out.push({ code: "under_working_age", message: `${year} 年内未满 ${WORKING_AGE.min} 周岁，不在劳动年龄内` });
  const retire = WORKING_AGE.retirement[p.gender];
  if (ageInYear >= retire) out.push({ code: "over_working_age", message: `${year} 年内已满 ${retire} 周岁退休年龄，请核对是否仍在劳动年龄内` });
  return out;
}

/** One person's fields as text, from a form or a spreadsheet row. */
export interface PersonFields {
  idNumber: string | null;
  name: string | null;
  gender?: string | null;
  birthDate?: string | null;
  phone?: string | null;
  householdRegionCode?: string | null;
  residenceRegionCode: string | null;
  education?: string | null;
  employerName?: string | null;
  employerCreditCode?: string | null;
  /** categories the person claims (to require an employer for employees) */
  categories?: string[];
}

export interface NormalizedPerson {
  idNumber: string;
  name: string;
  gender: Gender;
  birthDate: string;
  phone: string | null;
  householdRegionCode: string | null;
  residenceRegionCode: string;
  education: EducationCode | null;
  employerName: string | null;
  employerCreditCode: string | null;
}

export type FieldName = keyof PersonFields;

/** `code` is specific: id_format, id_checksum, gender_mismatch, unknown_region … */
export interface FieldProblem {
  field: FieldName;
  code: string;
  message: string;
}

export interface RuleLookups {
  /** today's date (YYYY-MM-DD) in China */
  today: string;
  /** Jilin region codes with their level */
  regions: ReadonlyMap<string, "province" | "city" | "county">;
}

const genderWords: Record<string, Gender> = { male: "male", female: "female", 男: "male", 女: "female", m: "male", f: "female" };

function normDate(s: string): string | null {
  const t = s.trim();
  const m = /^(\d{4})[-/.]?(\d{1,2})[-/.]?(\d{1,2})$/.exec(t);
  if (!m) return null;
  const iso = `${m[1]}-${m[2]!.padStart(2, "0")}-${m[3]!.padStart(2, "0")}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso ? null : iso;
}

const idCodes: Record<IdProblem, string> = {
  format: "id_format",
  province: "id_province",
  birth_date: "id_birth_date",
  future_birth_date: "id_birth_date",
  checksum: "id_checksum",
};

/**
 * Validates and normalizes one person. Every problem is listed; gender and birth date are
 * derived from the ID number and, when also given, must agree with it.
 */
export function normalizePerson(f: PersonFields, lk: RuleLookups): { value?: NormalizedPerson; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const req = (field: FieldName, v: string | null | undefined, label: string): string | null => {
    const t = v?.trim() ?? "";
    if (t === "") problems.push({ field, code: "required", message: `请填写${label}` });
    return t === "" ? null : t;
  };
  const idRaw = req("idNumber", f.idNumber, "身份证号");
  const name = req("name", f.name, "姓名");
  const residence = req("residenceRegionCode", f.residenceRegionCode, "居住地行政区划代码");

  let id: ReturnType<typeof checkIdNumber> | null = null;
  if (idRaw) {
    id = checkIdNumber(idRaw, lk.today);
    if (!id.ok) problems.push({ field: "idNumber", code: idCodes[id.problem], message: id.message });
  }
  if (name && name.length > 50) problems.push({ field: "name", code: "too_long", message: "姓名过长" });

  const genderRaw = f.gender?.trim();
  if (genderRaw) {
    const g = genderWords[genderRaw.toLowerCase()];
    if (!g) problems.push({ field: "gender", code: "invalid", message: "性别须为“男”或“女”" });
    else if (id?.ok && g !== id.gender) problems.push({ field: "gender", code: "gender_mismatch", message: "性别与身份证号不一致" });
  }
  const birthRaw = f.birthDate?.trim();
  if (birthRaw) {
    const b = normDate(birthRaw);
    if (!b) problems.push({ field: "birthDate", code: "invalid_date", message: "出生日期须为 YYYY-MM-DD" });
    else if (id?.ok && b !== id.birthDate) problems.push({ field: "birthDate", code: "birth_date_mismatch", message: "出生日期与身份证号不一致" });
  }

  const phone = f.phone?.trim() || null;
  if (phone && !/^1\d{10}$/.test(phone)) problems.push({ field: "phone", code: "invalid_phone", message: "手机号须为 11 位数字" });

  if (residence) {
    const level = lk.regions.get(residence);
    if (!level) problems.push({ field: "residenceRegionCode", code: "unknown_region", message: `居住地行政区划代码 ${residence} 不是吉林省的区划` });
    else if (level === "province") problems.push({ field: "residenceRegionCode", code: "region_too_broad", message: "居住地须填写到市或县（区）" });
  }
  const household = f.householdRegionCode?.trim() || null;
  if (household) {
    if (!/^\d{6}$/.test(household)) problems.push({ field: "householdRegionCode", code: "invalid_region", message: "户籍地行政区划代码须为 6 位数字" });
    // inside Jilin the code must exist; outside it is kept as given (other provinces' lists are not loaded)
    else if (household.startsWith("22") && !lk.regions.has(household)) {
      problems.push({ field: "householdRegionCode", code: "unknown_region", message: `户籍地行政区划代码 ${household} 不是吉林省的区划` });
    }
  }

  let education: EducationCode | null = null;
  const eduRaw = f.education?.trim();
  if (eduRaw) {
    const byLabel = educationCodeList.find((c) => c === eduRaw || educationCodes[c] === eduRaw);
    if (!byLabel) problems.push({ field: "education", code: "invalid", message: `文化程度须为：${Object.values(educationCodes).join("、")}` });
    else education = byLabel;
  }

  const employerName = f.employerName?.trim() || null;
  let credit: string | null = null;
  const creditRaw = f.employerCreditCode?.trim();
  if (creditRaw) {
    const c = checkCreditCode(creditRaw);
    if (!c.ok) problems.push({ field: "employerCreditCode", code: `credit_${c.problem}`, message: c.message });
    else credit = c.normalized;
  }
  if (f.categories?.includes("employee")) {
    if (!employerName) problems.push({ field: "employerName", code: "required", message: "企业职工须填写工作单位" });
    if (!creditRaw) problems.push({ field: "employerCreditCode", code: "required", message: "企业职工须填写单位统一社会信用代码" });
  }

  if (problems.length || !id?.ok || !name || !residence) return { problems };
  return {
    problems,
    value: {
      idNumber: id.normalized,
      name,
      gender: id.gender,
      birthDate: id.birthDate,
      phone,
      householdRegionCode: household,
      residenceRegionCode: residence,
      education,
      employerName,
      employerCreditCode: credit,
    },
  };
}

export const categoryNames: Record<string, CategoryCode> = {
  贫困劳动力: "poor_labor",
  贫困家庭子女: "poor_family_child",
  两后生: "two_after",
  农村转移就业劳动者: "rural_migrant",
  城镇登记失业人员: "urban_unemployed",
  下岗失业人员和转岗职工: "laid_off",
  退役军人: "veteran",
  残疾人: "disabled",
  新型职业农民: "new_farmer",
  高校毕业生: "graduate",
  企业职工: "employee",
  罪犯和刑满释放人员: "prisoner",
};

/** A category from its code or its Chinese name, as typed in a roster. */
export function parseCategory(s: string): CategoryCode | null {
  const t = s.trim();
  if ((categoryCodes as readonly string[]).includes(t)) return t as CategoryCode;
  return categoryNames[t] ?? null;
}

export function parseEvidenceType(s: string): "registry_match" | "commitment" | null {
  const t = s.trim();
  if (t === "registry_match" || t === "名册比对" || t === "名册") return "registry_match";
  if (t === "commitment" || t === "承诺书" || t === "个人承诺") return "commitment";
  return null;
}

export { normDate };
