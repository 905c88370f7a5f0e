/**
 * Which subsidy standard applies, and how much it pays (pure; no I/O). Amounts are integer fen.
 */
import { regionLevel } from "../../../../shared/src/regions.ts";

export type TrainingMode = "offline" | "online" | "blended";
/** 培训补贴 or 鉴定/评价补贴: each has its own standards */
export type StandardSubsidyType = "training" | "evaluation";

export interface StandardRow {
  id: string;
  subsidyType: StandardSubsidyType;
  itemId: string;
  regionCode: string;
  certificateType: string;
  skillLevel: string | null;
  amountFen: number;
  shortageFactorPercent: number;
  onlineFactorPercent: number;
  blendedFactorPercent: number;
  effectiveFrom: string;
  effectiveTo: string | null;
}

export interface StandardQuery {
  subsidyType: StandardSubsidyType;
  itemId: string;
  regionCode: string;
  certificateType: string;
  skillLevel: string | null;
  mode: TrainingMode;
  date: string;
}

export interface StandardAnswer {
  amountFen: number;
  baseAmountFen: number;
  shortageFactorPercent: number;
  modeFactorPercent: number;
  rounding: "half_up_fen";
  resolvedRegionCode: string;
  standardId: string;
  subsidyType: StandardSubsidyType;
  effectiveFrom: string;
  effectiveTo: string | null;
  row: StandardRow;
}

export const PROVINCE = "220000";
/** 省直管 counties act like a city: their own standard first, then the province default */
export const CITY_LIKE_COUNTIES: ReadonlySet<string> = new Set(["220581"]);

/** May a standard be set for this region? The province default, a city, or a city-like county. */
export function isStandardRegion(code: string): boolean {
  const level = regionLevel(code);
  return level === "province" || level === "city" || CITY_LIKE_COUNTIES.has(code);
}

/** Regions to try, most specific first: a county resolves to its city, then the province. */
export function standardRegionChain(code: string): string[] {
  if (!/^22\d{4}$/.test(code)) return [PROVINCE];
  switch (regionLevel(code)) {
    case "province":
      return [PROVINCE];
    case "city":
      return [code, PROVINCE];
    case "county":
      return CITY_LIKE_COUNTIES.has(code) ? [code, PROVINCE] : [`${code.slice(0, 4)}00`, PROVINCE];
  }
}

export function inForce(p: { effectiveFrom: string; effectiveTo: string | null }, date: string): boolean {
  return p.effectiveFrom <= date && (p.effectiveTo === null || date <= p.effectiveTo);
}

/** Do two inclusive periods (null end = open) share a day? */
export function periodsOverlap(a: { effectiveFrom: string; effectiveTo: string | null }, b: { effectiveFrom: string; effectiveTo: string | null }): boolean {
  return (a.effectiveTo === null || b.effectiveFrom <= a.effectiveTo) && (b.effectiveTo === null || a.effectiveFrom <= b.effectiveTo);
}

/**
 * base × shortage% × mode% / 10000, rounded half up to whole fen (1.5 fen → 2 fen), in integer
 * arithmetic so no binary fraction ever touches money.
 */
export function applyFactors(baseFen: number, shortagePercent: number, modePercent: number): number {
  if (!Number.isSafeInteger(baseFen) || baseFen < 0) throw new RangeError("amount must be a non-negative integer fen");
  const n = BigInt(baseFen) * BigInt(shortagePercent) * BigInt(modePercent);
  return Number((n + 5000n) / 10000n);
}

/** The training-mode factor; evaluation standards have none (an evaluation costs the same however the class was taught). */
export function modeFactor(row: StandardRow, mode: TrainingMode): number {
  if (row.subsidyType === "evaluation") return 100;
  return mode === "online" ? row.onlineFactorPercent : mode === "blended" ? row.blendedFactorPercent : 100;
}

/** The row of the type that applies: the most specific region in the chain with a row in force on the date. */
export function pickStandard(rows: readonly StandardRow[], q: Omit<StandardQuery, "mode">): StandardRow | null {
  for (const region of standardRegionChain(q.regionCode)) {
    const hit = rows.find(
      (r) =>
        r.subsidyType === q.subsidyType &&
        r.itemId === q.itemId &&
        r.regionCode === region &&
        r.certificateType === q.certificateType &&
        (r.skillLevel ?? null) === (q.skillLevel ?? null) &&
        inForce(r, q.date),
    );
    if (hit) return hit;
  }
  return null;
}

/** The one answer to "what is the standard of this type for (item, region, level, certificate type, mode, date)". */
export function computeStandard(rows: readonly StandardRow[], q: StandardQuery): StandardAnswer | null {
  const row = pickStandard(rows, q);
  if (!row) return null;
  const m = modeFactor(row, q.mode);
  return {
    amountFen: applyFactors(row.amountFen, row.shortageFactorPercent, m),
    baseAmountFen: row.amountFen,
    shortageFactorPercent: row.shortageFactorPercent,
    modeFactorPercent: m,
    rounding: "half_up_fen",
    resolvedRegionCode: row.regionCode,
    standardId: row.id,
    subsidyType: row.subsidyType,
    effectiveFrom: row.effectiveFrom,
    effectiveTo: row.effectiveTo,
    row,
  };
}
