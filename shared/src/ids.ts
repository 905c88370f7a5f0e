/**
 * Identity codes: resident ID numbers (GB 11643) and unified social credit codes (GB 32100).
 * Pure functions shared by server validation and the console's form hints.
 */

/** Province-level prefixes that appear on real ID numbers (GB/T 2260 first two digits). */
const PROVINCE_PREFIXES = new Set([
  "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
  "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
  "71", "81", "82",
]);
/** Is this a real province-level code (first two digits of a GB/T 2260 code)? */
export function isProvincePrefix(p: string): boolean {
  return PROVINCE_PREFIXES.has(p);
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = "10X98765432";

export type IdProblem = "format" | "province" | "birth_date" | "future_birth_date" | "checksum";

export type IdCheck =
  | { ok: true; normalized: string; birthDate: string; gender: "male" | "female"; regionCode: string }
  | { ok: false; problem: IdProblem; message: string };

export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11]!;
}

/**
 * Validates an 18-character resident ID number; lowercase x is accepted and normalised to X.
 * Old county codes (e.g. 220381) are not rejected: only the province prefix must be real.
 * @param today YYYY-MM-DD, to refuse birth dates in the future
 */
export function checkIdNumber(raw: string, today: string): IdCheck {
  const s = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(s)) return { ok: false, problem: "format", message: "身份证号须为 18 位（17 位数字加 1 位数字或 X）" };
  if (!PROVINCE_PREFIXES.has(s.slice(0, 2))) return { ok: false, problem: "province", message: "身份证号前两位不是有效的省级行政区划代码" };
  const y = Number(s.slice(6, 10));
  const m = Number(s.slice(10, 12));
  const d = Number(s.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    return { ok: false, problem: "birth_date", message: "身份证号中的出生日期无效" };
  }
  const birthDate = `${s.slice(6, 10)}-${s.slice(10, 12)}-${s.slice(12, 14)}`;
  if (birthDate > today) return { ok: false, problem: "future_birth_date", message: "身份证号中的出生日期晚于今天" };
  if (idCheckChar(s.slice(0, 17)) !== s[17]) return { ok: false, problem: "checksum", message: "身份证号校验位错误" };
  return { ok: true, normalized: s, birthDate, gender: Number(s[16]) % 2 === 1 ? "male" : "female", regionCode: s.slice(0, 6) };
}

/**
 * 220**************X — the first three characters and the check character, the one mask every
 * screen, export, audit entry and public page uses (issue #7 "masks that reconstruct").
 *
 * Why so little: the address code (positions 1–6) is as good as known to anyone who sees where a
 * person lives, and the check character is a function of the other 17. The old 4+4 mask showed the
 * sequence number too, so a full birth date next to it left a single candidate. Positions 4–17
 * must stay hidden; what else may be shown next to the mask is fixed by `shownIdentity`, and the
 * property test in ids.test.ts counts what remains (≥ 10,000 candidates even with the address
 * code known). Applying it to an already masked 18-character value gives the same result, so old
 * stored masks are coarsened by calling it again.
 */
export function maskIdNumber(id: string): string {
  if (id.length <= 4) return "*".repeat(id.length);
  return `${id.slice(0, 3)}${"*".repeat(id.length - 4)}${id.slice(-1)}`;
}

/**
 * A copy of a JSON value with every `idNumberMasked` string passed through `maskIdNumber` again:
 * audit entries are append-only and hash-chained, so entries written with the old 4+4 mask are
 * coarsened when read instead of rewritten.
 */
export function remaskIdFields(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(remaskIdFields);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, k === "idNumberMasked" && typeof v === "string" ? maskIdNumber(v) : remaskIdFields(v)]),
  );
}

/** What is stored in plain next to the encrypted ID number, and what screens may derive from. */
export interface IdentityFacts {
  idNumberMasked: string;
  /** the year only: an exact birth date next to the mask narrows 365-fold */
  birthYear: number;
  gender: "male" | "female";
  /** 户籍地; null when not recorded */
  householdRegionCode: string | null;
}

/** The plain facts a resident ID number yields (for storage and for the candidate count). */
export function identityFacts(normalizedId: string, householdRegionCode: string | null): IdentityFacts {
  return {
    idNumberMasked: maskIdNumber(normalizedId),
    birthYear: Number(normalizedId.slice(6, 10)),
    gender: Number(normalizedId[16]) % 2 === 1 ? "male" : "female",
    householdRegionCode,
  };
}

/**
 * Everything about a person's identity that a screen shows together with the mask. Every person
 * view goes through this one function so presenters cannot drift. The household region (the
 * usual source of the address code) only goes to roles that may reveal the full number anyway;
 * the exact birth date goes to nobody — it is part of the full number, whose reveal is audited.
 */
export function shownIdentity(f: IdentityFacts, mayViewFullId: boolean): IdentityFacts {
  return {
    idNumberMasked: maskIdNumber(f.idNumberMasked),
    birthYear: f.birthYear,
    gender: f.gender,
    householdRegionCode: mayViewFullId ? f.householdRegionCode : null,
  };
}

/**
 * How many valid ID numbers agree with what was seen: a lower bound, because the attacker is given
 * the address code (`addressCode`) and the birth year for free. `seen(candidate)` says whether a
 * candidate number would have produced the same screens; the candidates are every date of
 * `birthYear` up to `today` × every sequence number, with the check character computed.
 */
export function countIdCandidates(addressCode: string, birthYear: number, today: string, seen: (candidate: string) => boolean): number {
  let n = 0;
  const day = new Date(Date.UTC(birthYear, 0, 1));
  for (; day.getUTCFullYear() === birthYear; day.setUTCDate(day.getUTCDate() + 1)) {
    const date = day.toISOString().slice(0, 10);
    if (date > today) break;
    const prefix = `${addressCode}${date.replace(/-/g, "")}`;
    let base = 0;
    for (let i = 0; i < 14; i++) base += Number(prefix[i]) * ID_WEIGHTS[i]!;
    for (let seq = 0; seq < 1000; seq++) {
      // the check character from the prefix's weighted sum plus the sequence digits (weights 8, 4, 2)
      const sum = base + Math.floor(seq / 100) * 8 + (Math.floor(seq / 10) % 10) * 4 + (seq % 10) * 2;
      if (seen(`${prefix}${String(seq).padStart(3, "0")}${ID_CHECK[sum % 11]}`)) n++;
    }
  }
  return n;
}

/** 张*、欧阳** — the family name's first character and stars, for public pages. */
export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return name;
  return chars[0] + "*".repeat(chars.length - 1);
}

const CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function creditCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CREDIT_ALPHABET.indexOf(first17[i]!) * CREDIT_WEIGHTS[i]!;
  return CREDIT_ALPHABET[(31 - (sum % 31)) % 31]!;
}

export type CreditCheck = { ok: true; normalized: string } | { ok: false; problem: "format" | "checksum"; message: string };

/** Unified social credit code (GB 32100): 18 characters of 0-9 and A–Y without I, O, S, V, Z. */
export function checkCreditCode(raw: string): CreditCheck {
  const s = raw.trim().toUpperCase();
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(s)) return { ok: false, problem: "format", message: "统一社会信用代码须为 18 位数字或大写字母（不含 I、O、S、V、Z）" };
  if (creditCheckChar(s.slice(0, 17)) !== s[17]) return { ok: false, problem: "checksum", message: "统一社会信用代码校验位错误" };
  return { ok: true, normalized: s };
}
