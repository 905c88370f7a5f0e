import { type Column, eq, type SQL, sql } from "drizzle-orm";
import { regionLevel, regionPrefix, regionWithin } from "../../../../shared/src/regions.ts";
import { type Actor, grantsFor } from "../../platform/auth/actor.ts";
import { scopeWhere } from "../../platform/auth/scope.ts";
import type { Db } from "../../platform/db/db.ts";
import { AppError } from "../../platform/http/errors.ts";
import { institutions } from "../institutions/index.ts";
import { programLedBy, regions } from "../reference/index.ts";

const PROVINCE = "220000";

/** The calendar day in China (UTC+8, no daylight saving). */
export function chinaDay(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

export interface Period {
  /** as given: 2026, 2026Q1, 2026-03 */
  label: string;
  kind: "year" | "quarter" | "month";
  year: number;
  from: string;
  to: string;
}

const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const pad = (n: number) => String(n).padStart(2, "0");

/**
 * A year (2026), quarter (2026Q1) or month (2026-03) from 2000 to 2100.
 * @throws stats.period_invalid when malformed; stats.period_future when it starts after `today`
 */
export function parsePeriod(raw: string, today: string): Period {
  const s = raw.trim().toUpperCase();
  let p: Period | null = null;
  const year = s.match(/^(\d{4})$/);
  const quarter = s.match(/^(\d{4})Q([1-4])$/);
  const month = s.match(/^(\d{4})-(0[1-9]|1[0-2])$/);
  if (year) {
    const y = Number(year[1]);
    p = { label: s, kind: "year", year: y, from: `${y}-01-01`, to: `${y}-12-31` };
  } else if (quarter) {
    const y = Number(quarter[1]);
    const endMonth = Number(quarter[2]) * 3;
    p = { label: s, kind: "quarter", year: y, from: `${y}-${pad(endMonth - 2)}-01`, to: `${y}-${pad(endMonth)}-${lastDay(y, endMonth)}` };
  } else if (month) {
    const y = Number(month[1]);
    const mo = Number(month[2]);
    p = { label: s, kind: "month", year: y, from: `${y}-${pad(mo)}-01`, to: `${y}-${pad(mo)}-${lastDay(y, mo)}` };
  }
  if (!p || p.year < 2000 || p.year > 2100) throw new AppError("stats.period_invalid", "统计期间格式不正确（年度如 2026，季度如 2026Q1，月份如 2026-03）", { period: raw });
  if (p.from > today) throw new AppError("stats.period_future", `统计期间 ${p.label} 尚未开始`, { period: raw });
  return p;
}

export interface StatsScope {
  /** the region the caller looks at: their scope's region, or a region inside it they asked for */
  regionCode: string;
  regionName: string;
  /** the caller's scope as a WHERE over a rollup's columns */
  where: (cols: { region: Column; institution: Column; program: Column }) => SQL;
  /** department codes when the caller sees only departments' programs; institution id when only their own */
  department: string | null;
  /**
   * the scope is exactly that one department's programs (its only stats.read grant): its unique
   * persons can be read from the precomputed department counts; with further grants the WHERE is
   * their union and persons are counted distinct over it
   */
  singleDepartment: boolean;
  institutionId: string | null;
}

/**
 * The caller's statistics scope (stats.read): province, a region (prefix), a department within a
 * region, or an institution (its own classes). `requested` narrows it to a region inside it.
 * @throws auth.forbidden without stats.read; stats.region_not_found for a region outside the scope or unknown
 */
export async function resolveStatsScope(db: Db, actor: Actor, requested?: string): Promise<StatsScope> {
  const grants = grantsFor(actor, "stats.read");
  if (grants.length === 0) throw new AppError("auth.forbidden", "无权执行此操作");
  let home = PROVINCE;
  let department: string | null = null;
  let institutionId: string | null = null;
  if (!grants.some((g) => g.scopeType === "province")) {
    const regionGrants = grants.filter((g) => g.scopeType === "region" && g.regionCode).map((g) => g.regionCode!);
    const dept = grants.find((g) => g.scopeType === "department" && g.departmentCode);
    const inst = grants.find((g) => g.scopeType === "institution" && g.institutionId);
    if (regionGrants.length) {
      // several region grants: the widest one (a city over its county)
      home = regionGrants.sort((a, b) => regionPrefix(a).length - regionPrefix(b).length)[0]!;
    } else if (dept) {
      department = dept.departmentCode;
      home = dept.regionCode ?? PROVINCE;
    } else if (inst) {
      institutionId = inst.institutionId;
      const [row] = await db.select({ regionCode: institutions.regionCode }).from(institutions).where(eq(institutions.id, inst.institutionId!)).limit(1);
      home = row?.regionCode ?? PROVINCE;
    }
  }
  let regionCode = home;
  if (requested !== undefined && requested !== "") {
    if (!/^\d{6}$/.test(requested) || !regionWithin(requested, home)) throw new AppError("stats.region_not_found", "该地区不存在或不在您的统计范围内");
    regionCode = requested;
  }
  const [region] = await db.select({ name: regions.name }).from(regions).where(eq(regions.code, regionCode)).limit(1);
  if (!region) throw new AppError("stats.region_not_found", "该地区不存在或不在您的统计范围内");
  const prefix = regionPrefix(regionCode);
  return {
    regionCode,
    regionName: region.name,
    department,
    singleDepartment: department !== null && grants.length === 1,
    institutionId,
    where: (cols) => {
      const granted = scopeWhere(actor, "stats.read", {
        region: cols.region,
        institution: cols.institution,
        department: (code) => programLedBy(cols.program, code),
      });
      return sql`(${granted}) and ${cols.region} like ${`${prefix}%`}`;
    },
  };
}

/** The units one level below a region: cities of the province, counties of a city, none below. */
export async function childRegions(db: Db, regionCode: string): Promise<{ code: string; name: string }[]> {
  if (regionLevel(regionCode) === "county") return [];
  return db.select({ code: regions.code, name: regions.name }).from(regions).where(eq(regions.parentCode, regionCode)).orderBy(regions.code);
}

/** The SQL expression that maps a county code column to the child of `regionCode` it lies in. */
export function childKey(regionCode: string, col: Column): SQL {
  return regionLevel(regionCode) === "province" ? sql`substr(${col}, 1, 4) || '00'` : sql`${col}`;
}
