/**
 * Plausible people of Jilin: names, resident ID numbers (GB 11643, valid check character), birth
 * years, categories with their evidence and the planted exclusions (pensioners, students).
 */
import { idCheckChar } from "../../../shared/src/ids.ts";
import type { Prng } from "./prng.ts";

const SURNAMES = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "于", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "田", "董", "潘", "袁", "蔡", "蒋", "金", "崔", "姜", "范", "石", "姚", "谭", "廖", "邹", "朴"] as const;
const MALE = ["伟", "强", "磊", "军", "勇", "杰", "涛", "明", "超", "刚", "平", "辉", "鹏", "华", "飞", "鑫", "波", "斌", "宇", "浩", "凯", "健", "俊", "帅", "东", "林", "海", "峰", "建国", "志强", "永刚", "春雷", "海涛", "立新"] as const;
const FEMALE = ["芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "秀英", "婷", "雪", "慧", "玲", "颖", "红", "梅", "琳", "倩", "丹", "晶", "春梅", "桂兰", "玉兰", "丽华", "淑珍", "秀云", "晓燕", "海燕"] as const;

export type Gender = "male" | "female";

export function personName(r: Prng, gender: Gender): string {
  return r.pick(SURNAMES) + r.pick(gender === "male" ? MALE : FEMALE);
}

/** GB 11643: address code, YYYYMMDD, a 3-digit sequence whose parity is the gender, check character. */
export function idNumber(region: string, birth: string, seq: number, gender: Gender): string {
  let s = seq % 1000;
  if ((s % 2 === 1) !== (gender === "male")) s = (s + 1) % 1000;
  const first17 = `${region}${birth}${String(s).padStart(3, "0")}`;
  return first17 + idCheckChar(first17);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function birthDate(r: Prng, year: number): string {
  const m = r.int(1, 12);
  const d = r.int(1, DAYS_IN_MONTH[m - 1]!);
  return `${year}${String(m).padStart(2, "0")}${String(d).padStart(2, "0")}`;
}

export type CategoryCode = "rural_migrant" | "urban_unemployed" | "new_farmer" | "graduate" | "employee" | "laid_off" | "veteran" | "poor_labor" | "disabled" | "two_after";

/** Weights roughly as the action's target groups: migrant workers and the unemployed first. */
export const CATEGORY_WEIGHTS: readonly (readonly [CategoryCode, number])[] = [
  ["rural_migrant", 24],
  ["urban_unemployed", 18],
  ["new_farmer", 12],
  ["graduate", 10],
  ["employee", 16],
  ["laid_off", 6],
  ["veteran", 4],
  ["poor_labor", 5],
  ["disabled", 2],
  ["two_after", 3],
];

/** The registry an officer would match each category against (名册比对), or a signed 承诺书. */
const REGISTRY: Record<CategoryCode, string | null> = {
  rural_migrant: "农村转移就业劳动者实名制名册",
  urban_unemployed: "城镇登记失业人员名册",
  new_farmer: "新型职业农民培育名录",
  graduate: "高校毕业生就业实名制名册",
  employee: null,
  laid_off: "去产能企业分流职工名册",
  veteran: "退役军人信息采集名册",
  poor_labor: "建档立卡贫困劳动力名册",
  disabled: "残疾人证信息库",
  two_after: "“两后生”摸底名册",
};

export function categoryEvidence(r: Prng, code: CategoryCode, year: number): { evidenceType: "registry_match" | "commitment"; ref: string; date: string } {
  const registry = REGISTRY[code];
  const date = `${year}-${String(r.int(1, 2)).padStart(2, "0")}-${String(r.int(1, 28)).padStart(2, "0")}`;
  if (registry && r.chance(0.8)) return { evidenceType: "registry_match", ref: `${registry}（${year}）`, date };
  return { evidenceType: "commitment", ref: `承诺书 CN-${year}-${String(r.int(1, 99999)).padStart(5, "0")}`, date };
}

export function phone(r: Prng): string {
  return `1${r.pick(["3", "5", "7", "8"])}${String(r.int(0, 999_999_999)).padStart(9, "0")}`;
}
