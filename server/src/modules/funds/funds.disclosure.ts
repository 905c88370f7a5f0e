/**
 * 资金使用公开: spending by region (city → county), program, subsidy type and period, read from the
 * ledger itself — actual spending is the sum of postings to expense accounts, so a bank return or a
 * reversal (a credit to expense) nets out — and the budgets allocated to each region. The public page
 * and the officers' view run this one query; officers get it inside their fund.read scope.
 */
import { and, eq, inArray, like, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { SpendingQuery, SpendingView } from "../../../../shared/src/contracts/funds.ts";
import { claimSubsidyTypeLabels } from "../../../../shared/src/contracts/subsidies.ts";
import { regionPrefix } from "../../../../shared/src/regions.ts";
import { scopeWhere } from "../../platform/auth/scope.ts";
import type { Ctx, Deps } from "../../platform/context.ts";
import type { Db } from "../../platform/db/db.ts";
import { type ExportColumn, writeXlsx } from "../../platform/spreadsheet/index.ts";
import { readAll } from "../../platform/db/reads.ts";
import { programs, regions } from "../reference/index.ts";
import { fundAccounts, ledgerPostings, ledgerTransactions } from "./funds.table.ts";

const PROVINCE = "220000";

const periodExpr = {
  month: sql<string>`to_char(${ledgerTransactions.valueDate}, 'YYYY-MM')`,
  quarter: sql<string>`to_char(${ledgerTransactions.valueDate}, 'YYYY"Q"Q')`,
  year: sql<string>`to_char(${ledgerTransactions.valueDate}, 'YYYY')`,
} as const;

/** The filters both sums share: the caller's scope, the year, the region asked for, the fund source. */
function commonWhere(q: SpendingQuery, scope: SQL | undefined): SQL[] {
  const w: SQL[] = [];
  if (scope) w.push(scope);
  if (q.year) w.push(sql`${ledgerTransactions.valueDate} >= ${`${q.year}-01-01`}::date and ${ledgerTransactions.valueDate} < ${`${q.year + 1}-01-01`}::date`);
  if (q.regionCode && q.regionCode !== PROVINCE) w.push(like(ledgerTransactions.regionCode, `${regionPrefix(q.regionCode)}%`));
  if (q.fundSource) w.push(eq(ledgerTransactions.fundSource, q.fundSource));
  return w;
}

/**
 * The disclosure numbers. `scope` null: the public page (everything); otherwise the officer's scope.
 * Amounts in fen.
 */
export async function spending(db: Db, q: SpendingQuery, scope: SQL | null): Promise<SpendingView> {
  const level: SpendingView["level"] = q.regionCode && q.regionCode !== PROVINCE ? "county" : "city";
  // city level: every county's spending counts to its city (GB/T 2260: the first four digits)
  const regionExpr = level === "city" ? sql<string>`substr(${ledgerTransactions.regionCode}, 1, 4) || '00'` : sql<string>`${ledgerTransactions.regionCode}`;
  const period = periodExpr[q.period];
  const spentWhere = [...commonWhere(q, scope ?? undefined), eq(fundAccounts.kind, "expense")];
  if (q.programCode) spentWhere.push(eq(ledgerTransactions.programCode, q.programCode));
  if (q.subsidyType) spentWhere.push(eq(ledgerTransactions.subsidyType, q.subsidyType));
  const spent = await db
    .select({
      regionCode: regionExpr,
      programCode: ledgerTransactions.programCode,
      subsidyType: ledgerTransactions.subsidyType,
      period,
      spentFen: sql<string>`sum(${ledgerPostings.amountFen})`.mapWith(Number),
    })
    .from(ledgerPostings)
    .innerJoin(fundAccounts, eq(fundAccounts.id, ledgerPostings.accountId))
    .innerJoin(ledgerTransactions, eq(ledgerTransactions.id, ledgerPostings.transactionId))
    .where(and(...spentWhere))
    .groupBy(regionExpr, ledgerTransactions.programCode, ledgerTransactions.subsidyType, period)
    .orderBy(regionExpr, period, ledgerTransactions.programCode, ledgerTransactions.subsidyType);

  // allocated: what each region's budget received from above (funding, allocations, net of their
  // reversals); at city level only the cities' (and the province's) own receipts, so money passed on
  // to a county is not counted twice
  const orig = alias(ledgerTransactions, "orig");
  const allocWhere = [
    ...commonWhere(q, scope ?? undefined),
    eq(fundAccounts.kind, "budget"),
    sql`${fundAccounts.regionCode} = ${ledgerTransactions.regionCode}`,
    sql`(${ledgerTransactions.kind} in ('funding', 'allocation') or (${ledgerTransactions.kind} = 'reversal' and ${orig.kind} in ('funding', 'allocation')))`,
    level === "city" ? like(ledgerTransactions.regionCode, "____00") : sql`${ledgerTransactions.regionCode} not like '____00'`,
  ];
  const allocated = await db
    .select({ regionCode: ledgerTransactions.regionCode, allocatedFen: sql<string>`sum(${ledgerPostings.amountFen})`.mapWith(Number) })
    .from(ledgerPostings)
    .innerJoin(fundAccounts, eq(fundAccounts.id, ledgerPostings.accountId))
    .innerJoin(ledgerTransactions, eq(ledgerTransactions.id, ledgerPostings.transactionId))
    .leftJoin(orig, eq(orig.id, ledgerTransactions.reversesId))
    .where(and(...allocWhere))
    .groupBy(ledgerTransactions.regionCode);

  const regionCodes = [...new Set([...spent.map((r) => r.regionCode), ...allocated.map((r) => r.regionCode)])];
  const programCodes = [...new Set(spent.flatMap((r) => (r.programCode ? [r.programCode] : [])))];
  const [regionNames, programNames] = await readAll(db, [
    () => regionCodes.length ? db.select({ code: regions.code, name: regions.name }).from(regions).where(inArray(regions.code, regionCodes)) : [],
    () => programCodes.length ? db.select({ code: programs.code, name: programs.name }).from(programs).where(inArray(programs.code, programCodes)) : [],
  ]);
  const regionName = (code: string) => (code === PROVINCE ? "省本级" : (regionNames.find((r) => r.code === code)?.name ?? code));
  const rows = spent
    .filter((r) => r.spentFen !== 0)
    .map((r) => ({ ...r, regionName: regionName(r.regionCode), programName: programNames.find((p) => p.code === r.programCode)?.name ?? null }));

  const sumBy = <K extends string | null>(key: (r: (typeof rows)[number]) => K) => {
    const m = new Map<K, number>();
    for (const r of rows) m.set(key(r), (m.get(key(r)) ?? 0) + r.spentFen);
    return m;
  };
  const spentByRegion = sumBy((r) => r.regionCode);
  const allocByRegion = new Map(allocated.map((a) => [a.regionCode, a.allocatedFen]));
  const byRegion = regionCodes
    .map((code) => ({ regionCode: code, regionName: regionName(code), spentFen: spentByRegion.get(code) ?? 0, allocatedFen: allocByRegion.get(code) ?? 0 }))
    .filter((r) => r.spentFen !== 0 || r.allocatedFen !== 0)
    .sort((a, b) => a.regionCode.localeCompare(b.regionCode));
  const byPeriod = [...sumBy((r) => r.period)].map(([p, spentFen]) => ({ period: p, spentFen })).sort((a, b) => a.period.localeCompare(b.period));
  const bySubsidyType = [...sumBy((r) => r.subsidyType)].map(([subsidyType, spentFen]) => ({ subsidyType, spentFen }));
  return {
    level,
    period: q.period,
    rows,
    byRegion,
    byPeriod,
    bySubsidyType,
    totalSpentFen: rows.reduce((s, r) => s + r.spentFen, 0),
    totalAllocatedFen: byRegion.reduce((s, r) => s + r.allocatedFen, 0),
  };
}

/** The public page's numbers (no scope: fund use is published). */
export const publicSpending = (deps: Deps, q: SpendingQuery) => spending(deps.db, q, null);

/** The officers' view: the same query inside the caller's fund.read scope. @throws auth.forbidden */
export const scopedSpending = (deps: Deps, ctx: Ctx, q: SpendingQuery) => spending(deps.db, q, scopeWhere(ctx.actor, "fund.read", { region: ledgerTransactions.regionCode }));

const yuan = (fen: number) => fen / 100;
const typeLabel = (t: string | null) => (t ? ((claimSubsidyTypeLabels as Record<string, string>)[t] ?? t) : "未分类");

/** The .xlsx of a disclosure: one row per region × program × subsidy type × period, then the regions' totals. */
export async function spendingXlsx(v: SpendingView): Promise<Buffer> {
  type Row = { region: string; program: string; type: string; period: string; spent: number | null; allocated: number | null };
  const cols: ExportColumn<Row>[] = [
    { header: v.level === "city" ? "市（州）" : "县（市、区）", width: 16, value: (r) => r.region },
    { header: "项目", width: 28, value: (r) => r.program },
    { header: "补贴类型", width: 14, value: (r) => r.type },
    { header: "期间", width: 10, value: (r) => r.period },
    { header: "实际支出（元）", width: 16, value: (r) => r.spent },
    { header: "下达资金（元）", width: 16, value: (r) => r.allocated },
  ];
  const detail: Row[] = v.rows.map((r) => ({ region: r.regionName, program: r.programName ?? r.programCode ?? "未分项目", type: typeLabel(r.subsidyType), period: r.period, spent: yuan(r.spentFen), allocated: null }));
  const totals: Row[] = v.byRegion.map((r) => ({ region: r.regionName, program: "合计", type: "", period: "", spent: yuan(r.spentFen), allocated: yuan(r.allocatedFen) }));
  return writeXlsx("资金使用情况", cols, [...detail, ...totals, { region: "总计", program: "", type: "", period: "", spent: yuan(v.totalSpentFen), allocated: yuan(v.totalAllocatedFen) }]);
}
