/**
 * Spreadsheet import of institutions (existing catalogues) and export of the scoped list.
 * Import: a dry run lists every row's problems and changes nothing; a commit is all-or-nothing
 * (`import.rejected` when any row has a problem); rows are matched by credit code, so the same
 * file twice changes nothing. New institutions start as pending and go through review. An import
 * never changes an institution that is already registered: its details (bank account above all)
 * belong to the institution and change only through its own edits (reviewed after approval); such
 * rows come back as warnings.
 */
import { eq } from "drizzle-orm";
import { registerInstitutionBody, institutionTypes, type ListInstitutionsQuery } from "../../../../shared/src/contracts/institutions.ts";
import { audit } from "../../platform/audit/audit.ts";
import { coversRegion } from "../../platform/auth/scope.ts";
import type { Ctx, Deps } from "../../platform/context.ts";
import { AppError } from "../../platform/http/errors.ts";
import { type ColumnSpec, type RowProblem, readTable, resolveRegionCells, writeXlsx } from "../../platform/spreadsheet/index.ts";
import { loadRegionResolver, regions } from "../reference/index.ts";
import { institutionScope } from "./institutions.policy.ts";
import * as repo from "./institutions.repo.ts";
import { maskAccountNumber, typeLabel } from "./institutions.rules.ts";
import { newId } from "./institutions.service.ts";
import { institutions } from "./institutions.table.ts";

export const MAX_IMPORT_ROWS = 5000;

/** the importer's columns (also the template's headers) */
export const columns: ColumnSpec[] = [
  { key: "creditCode", headers: ["统一社会信用代码"], required: true },
  { key: "name", headers: ["机构名称"], required: true },
  { key: "type", headers: ["机构类型"], required: true },
  { key: "role", headers: ["机构角色"], required: true },
  { key: "regionCode", headers: ["所在县（市、区）代码", "所在地区代码", "行政区划代码"], required: true },
  { key: "address", headers: ["地址"], required: true },
  { key: "publicPhone", headers: ["咨询电话"] },
  { key: "licenceNo", headers: ["许可证编号", "办学许可证编号"], required: true },
  { key: "licenceValidUntil", headers: ["许可证有效期至"], required: true },
  { key: "contactName", headers: ["联系人"], required: true },
  { key: "contactPhone", headers: ["联系电话"], required: true },
  { key: "bankAccountName", headers: ["开户名"], required: true },
  { key: "bankName", headers: ["开户银行"], required: true },
  { key: "bankAccountNumber", headers: ["银行账号"], required: true },
];
const label = (key: string) => columns.find((c) => c.key === key)?.headers[0] ?? key;

const importRow = registerInstitutionBody.omit({ username: true, password: true, programCodes: true });
const roleLabels: Record<string, string> = { 培训: "training", 培训机构: "training", 评价: "evaluation", 评价机构: "evaluation", 培训和评价: "both", 培训及评价: "both" };
/** compared to tell the importer which cells differ from the register (never the bank account number: no oracle for it) */
const compared = ["name", "type", "role", "address", "publicPhone", "licenceNo", "licenceValidUntil", "contactName", "contactPhone", "bankAccountName", "bankName"] as const;

function normalizeDate(v: string | null): string | null {
  if (!v) return v;
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(v);
  return m ? `${m[1]}-${m[2]!.padStart(2, "0")}-${m[3]!.padStart(2, "0")}` : v;
}

/**
 * @throws import.bad_file, import.too_large, import.missing_columns, import.rejected (commit with problems)
 */
export async function importInstitutions(deps: Deps, ctx: Ctx, file: Buffer, filename: string, dryRun: boolean) {
  const { db, clock, crypto } = deps;
  const table = await readTable(file, filename, { columns, maxRows: MAX_IMPORT_ROWS });
  // 南关区 as well as 220102 (issue #10)
  resolveRegionCells(table, [{ key: "regionCode", label: label("regionCode") }], await loadRegionResolver(db));
  const problems: RowProblem[] = [...table.problems];
  const counties = new Set((await db.select({ code: regions.code }).from(regions).where(eq(regions.level, "county"))).map((r) => r.code));
  const existing = new Map((await repo.findByCreditCode(db, table.rows.flatMap((r) => (r.values.creditCode ? [r.values.creditCode.trim().toUpperCase()] : [])))).map((r) => [r.creditCode, r]));
  const seen = new Set<string>();
  type Parsed = ReturnType<typeof importRow.parse>;
  const creates: Parsed[] = [];
  const warnings: RowProblem[] = [];
  let unchanged = 0;
  for (const { row, values } of table.rows) {
    const raw = {
      ...Object.fromEntries(Object.entries(values).filter(([, v]) => v !== null)),
      type: institutionTypes.find((t) => t.label === values.type)?.code ?? values.type ?? undefined,
      role: (values.role && roleLabels[values.role]) ?? values.role ?? undefined,
      licenceValidUntil: normalizeDate(values.licenceValidUntil ?? null) ?? undefined,
    };
    const parsed = importRow.safeParse(raw);
    if (!parsed.success) {
      // a cell the reader already flagged (formula, merged, too-long number) is reported once, with the reader's reason
      const flagged = new Set(table.problems.filter((x) => x.row === row).map((x) => x.column));
      for (const i of parsed.error.issues) {
        const column = label(String(i.path[0] ?? ""));
        if (!flagged.has(column)) problems.push({ row, column, code: "invalid", message: i.message });
      }
      continue;
    }
    const r = parsed.data;
    const before = problems.length;
    if (seen.has(r.creditCode)) problems.push({ row, column: label("creditCode"), code: "duplicate_in_file", message: "文件中重复的统一社会信用代码" });
    seen.add(r.creditCode);
    if (!counties.has(r.regionCode)) problems.push({ row, column: label("regionCode"), code: "not_county", message: "须为吉林省的县（市、区）代码" });
    else if (!coversRegion(ctx.actor, "institution.import", r.regionCode)) problems.push({ row, column: label("regionCode"), code: "out_of_scope", message: "不在您的管理范围内" });
    const old = existing.get(r.creditCode);
    if (old && !coversRegion(ctx.actor, "institution.import", old.regionCode)) {
      problems.push({ row, column: label("creditCode"), code: "credit_code_taken", message: "该统一社会信用代码已由其他地区登记" });
    } else if (old && old.regionCode !== r.regionCode) {
      problems.push({ row, column: label("regionCode"), code: "region_mismatch", message: `该机构已登记在 ${old.regionCode}，不能通过导入变更所在地` });
    }
    if (problems.length > before) continue;
    if (!old) creates.push(r);
    else {
      unchanged++;
      const differing = compared.filter((k) => (old[k] ?? null) !== (r[k] ?? null)).map(label);
      if (differing.length) {
        warnings.push({ row, column: label("creditCode"), code: "already_registered", message: `该机构已登记，导入不修改已登记机构的信息（与登记不一致：${differing.join("、")}）；如需变更请由机构本人修改` });
      }
    }
  }
  problems.sort((a, b) => a.row - b.row);
  const summary = { dryRun, total: table.rows.length, created: creates.length, updated: 0, unchanged, problems, warnings };
  if (dryRun) return summary;
  if (problems.length) throw new AppError("import.rejected", `有 ${problems.length} 处问题，未导入任何数据`, { problems });
  if (creates.length === 0) return summary;
  await db.transaction(async (tx) => {
    const now = clock.now();
    for (const r of creates) {
      const { bankAccountNumber, publicPhone, ...rest } = r;
      const [row] = await tx
        .insert(institutions)
        .values({ ...rest, id: newId(), publicPhone: publicPhone ?? null, status: "pending", bankAccountEncrypted: crypto.encrypt(bankAccountNumber), bankAccountLast4: bankAccountNumber.slice(-4), createdAt: now, updatedAt: now })
        .returning();
      await audit(tx, ctx, clock, { action: "institution.imported", entityType: "institution", entityId: row!.id, regionCode: row!.regionCode, after: row });
    }
  });
  return summary;
}

const statusLabels: Record<string, string> = { pending: "待审核", returned: "退回修改", approved: "已通过", suspended: "暂停开班", banned: "禁入", withdrawn: "已撤销" };
const roleNames: Record<string, string> = { training: "培训", evaluation: "评价", both: "培训和评价" };

/** The caller's scoped institution list as .xlsx; bank accounts only as their last four digits. */
export async function exportInstitutions(deps: Deps, ctx: Ctx, q: Omit<ListInstitutionsQuery, "page" | "pageSize">): Promise<Buffer> {
  const rows = await repo.listAll(deps.db, repo.listWhere(institutionScope(ctx.actor, "institution.read"), q));
  const names = await repo.regionNames(deps.db, rows.map((r) => r.regionCode));
  const programs = await repo.programCodesOf(deps.db, rows.map((r) => r.id));
  type R = repo.InstitutionRow;
  return writeXlsx<R>(
    "培训评价机构",
    [
      { header: "统一社会信用代码", width: 22, value: (r) => r.creditCode },
      { header: "机构名称", width: 30, value: (r) => r.name },
      { header: "机构类型", value: (r) => typeLabel(r.type) },
      { header: "机构角色", value: (r) => roleNames[r.role] },
      { header: "状态", value: (r) => statusLabels[r.status] },
      { header: "所在县（市、区）代码", value: (r) => r.regionCode },
      { header: "所在地区", value: (r) => names.get(r.regionCode) },
      { header: "地址", width: 30, value: (r) => r.address },
      { header: "咨询电话", value: (r) => r.publicPhone },
      { header: "许可证编号", value: (r) => r.licenceNo },
      { header: "许可证有效期至", value: (r) => r.licenceValidUntil },
      { header: "协议有效期至", value: (r) => r.agreementValidUntil },
      { header: "暂停开班至", value: (r) => r.sanctionedUntil },
      { header: "计划项目", value: (r) => (programs.get(r.id) ?? []).join("、") },
      { header: "联系人", value: (r) => r.contactName },
      { header: "联系电话", value: (r) => r.contactPhone },
      { header: "开户名", value: (r) => r.bankAccountName },
      { header: "开户银行", value: (r) => r.bankName },
      { header: "银行账号", value: (r) => maskAccountNumber(r.bankAccountLast4) },
    ],
    rows,
  );
}
