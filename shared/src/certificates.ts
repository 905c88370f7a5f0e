import { isProvincePrefix } from "./ids.ts";

/**
 * 职业技能等级证书 number (DOMAIN.md §5): 1 letter (Y employer, S social evaluation body) + 21 digits:
 * body code (4), province (2), site (6), year (2), level (1), sequence (6).
 */
export type SkillCertNumberCheck =
  | { ok: true; issuerKind: "employer" | "social"; bodyCode: string; province: string; site: string; year: string; level: number; sequence: string }
  | { ok: false; message: string };

export function checkSkillCertificateNumber(raw: string, expectedLevel?: number): SkillCertNumberCheck {
  const s = raw.trim().toUpperCase();
  const m = /^([YS])(\d{4})(\d{2})(\d{6})(\d{2})(\d)(\d{6})$/.exec(s);
  if (!m) return { ok: false, message: "职业技能等级证书编号须为 1 位字母（Y 或 S）加 21 位数字" };
  const [, kind, bodyCode, province, site, year, levelDigit, sequence] = m;
  if (!isProvincePrefix(province!)) return { ok: false, message: "证书编号中的省份代码无效" };
  const level = Number(levelDigit);
  if (level < 1 || level > 5) return { ok: false, message: "证书编号中的等级位须为 1–5" };
  if (expectedLevel !== undefined && level !== expectedLevel) return { ok: false, message: `证书编号中的等级（${level}）与证书等级（${expectedLevel}）不一致` };
  return { ok: true, issuerKind: kind === "Y" ? "employer" : "social", bodyCode: bodyCode!, province: province!, site: site!, year: year!, level, sequence: sequence! };
}
