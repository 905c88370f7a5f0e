import type { ImportResult } from "../../../../shared/src/contracts/catalogue.ts";
import type { ValidationIssue } from "../../../../shared/src/errors.ts";
import type { Ctx, Deps } from "../../platform/context.ts";
import type { Db } from "../../platform/db/db.ts";
import { AppError, fromDatabaseError } from "../../platform/http/errors.ts";
import { type ColumnSpec, type ReadRow, type RowProblem, readTable, resolveRegionCells, yieldToEventLoop } from "../../platform/spreadsheet/index.ts";
import { loadRegionResolver } from "../reference/index.ts";
import { isValidDate } from "../calendar/index.ts";
import { loadRefs, type Refs } from "./catalogue.refs.ts";
import type { Outcome } from "./occupations.service.ts";

export interface ImportSpec<T> {
  columns: ColumnSpec[];
  maxRows: number;
  /** columns that take a region: a code, or a name the regions table resolves (南关区, 长春市) */
  regionColumns?: string[];
  /** field name in a validation issue path (body.x…) → column key, when they differ */
  fieldColumn?: Record<string, string>;
  /** turns one row's text into a record, or reports every problem of the row */
  parse(row: ReadRow, refs: Refs, p: RowParser): T | null;
  /** natural key, to flag the same record twice in one file */
  key(value: T): string;
  /** inserts, updates or leaves the record; the same service steps the API uses */
  apply(tx: Db, ctx: Ctx, deps: Deps, refs: Refs, value: T): Promise<Outcome>;
}

/** Collects a row's problems while reading its cells as typed values. */
export class RowParser {
  problems: RowProblem[] = [];
  constructor(
    private readonly row: ReadRow,
    private readonly columns: ColumnSpec[],
  ) {}
  label(key: string): string {
    return this.columns.find((c) => c.key === key)?.headers[0] ?? key;
  }
  problem(key: string | null, code: string, message: string): void {
    this.problems.push({ row: this.row.row, column: key ? this.label(key) : null, code, message });
  }
  text(key: string, required = false): string | null {
    const v = this.row.values[key] ?? null;
    if (v === null && required) this.problem(key, "required", "必填");
    return v;
  }
  list(key: string): string[] {
    const v = this.text(key);
    return v ? v.split(/[、,，;；\s]+/).filter(Boolean) : [];
  }
  int(key: string, opts: { required?: boolean; min?: number; max?: number; fallback?: number } = {}): number | null {
    const v = this.text(key, opts.required);
    if (v === null) return opts.fallback ?? null;
    if (!/^\d+$/.test(v)) {
      this.problem(key, "not_integer", "须为非负整数");
      return null;
    }
    const n = Number(v);
    if ((opts.min !== undefined && n < opts.min) || (opts.max !== undefined && n > opts.max)) {
      this.problem(key, "out_of_range", `须在 ${opts.min ?? 0}–${opts.max ?? "∞"} 之间`);
      return null;
    }
    return n;
  }
  /** 2025-01-01, 2025/1/1 or 2025.1.1 → 2025-01-01 */
  date(key: string, required = false): string | null {
    const v = this.text(key, required);
    if (v === null) return null;
    const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(v);
    const iso = m ? `${m[1]}-${m[2]!.padStart(2, "0")}-${m[3]!.padStart(2, "0")}` : "";
    if (!isValidDate(iso)) {
      this.problem(key, "bad_date", "日期格式应为 YYYY-MM-DD，且须是真实日期");
      return null;
    }
    return iso;
  }
  /** yuan with at most two decimals → integer fen, exactly (no floating point) */
  yuanToFen(key: string): number | null {
    const v = this.text(key, true);
    if (v === null) return null;
    const m = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(v.replace(/,/g, ""));
    if (!m) {
      this.problem(key, "bad_amount", "金额须为不小于 0 的数字（元），最多两位小数（即整数分）");
      return null;
    }
    return Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0"));
  }
  bool(key: string, yes: string[] = []): boolean {
    const v = this.text(key);
    if (v === null) return false;
    if (["是", "Y", "y", "true", "TRUE", "1", ...yes].includes(v)) return true;
    if (["否", "N", "n", "false", "FALSE", "0"].includes(v)) return false;
    this.problem(key, "bad_boolean", "请填写“是”或“否”");
    return false;
  }
}

/** Thrown to roll back a dry run after it did exactly what a commit would do. */
class DryRunDone extends Error {
  constructor(readonly result: ImportResult) {
    super("dry run");
  }
}

function issueColumn<T>(spec: ImportSpec<T>, issue: ValidationIssue, p: RowParser): string | null {
  const field = issue.path.replace(/^body\./, "").replace(/^firstVersion\./, "").split(/[.[]/)[0] ?? "";
  const key = spec.fieldColumn?.[field] ?? field;
  return spec.columns.some((c) => c.key === key) ? p.label(key) : null;
}

/**
 * Reads the file, then runs every row through the same service steps as the API inside ONE
 * transaction (each row in a savepoint, so one bad row cannot break the others' checks).
 * Dry run: always rolled back; lists every problem. Commit: any problem ⇒ import.rejected and
 * nothing saved. Re-importing the same file reports every row unchanged.
 * @throws import.bad_file, import.too_large, import.missing_columns, import.rejected
 */
export async function runImport<T>(deps: Deps, ctx: Ctx, spec: ImportSpec<T>, file: { body: Buffer; filename: string; dryRun: boolean }): Promise<ImportResult> {
  const table = await readTable(file.body, file.filename, { columns: spec.columns, maxRows: spec.maxRows });
  if (spec.regionColumns?.length) {
    const label = (key: string) => spec.columns.find((c) => c.key === key)?.headers[0] ?? key;
    resolveRegionCells(table, spec.regionColumns.map((key) => ({ key, label: label(key) })), await loadRegionResolver(deps.db));
  }
  try {
    return await deps.db.transaction(async (tx) => {
      const refs = await loadRefs(tx);
      const problems: RowProblem[] = [...table.problems];
      const counts = { created: 0, updated: 0, unchanged: 0 };
      const seen = new Map<string, number>();
      for (const [n, row] of table.rows.entries()) {
        // checking rows is CPU work between savepoints: let other requests' handlers run now and then
        if (n % 200 === 199) await yieldToEventLoop();
        const p = new RowParser(row, spec.columns);
        const value = spec.parse(row, refs, p);
        // a cell already flagged while reading (formula, merged cell …) reads as empty: one problem is enough
        const flagged = new Set(table.problems.filter((x) => x.row === row.row).map((x) => x.column));
        const rowProblems = p.problems.filter((x) => !flagged.has(x.column));
        if (!value || rowProblems.length || flagged.size) {
          problems.push(...rowProblems);
          continue;
        }
        const k = spec.key(value);
        const first = seen.get(k);
        if (first !== undefined) {
          problems.push({ row: row.row, column: null, code: "duplicate_row", message: `与第 ${first} 行重复` });
          continue;
        }
        seen.set(k, row.row);
        try {
          counts[await tx.transaction((sp) => spec.apply(sp, ctx, deps, refs, value))]++;
        } catch (e) {
          const ae = e instanceof AppError ? e : fromDatabaseError(e);
          if (!ae) throw e;
          const issues = ae.code === "request.invalid" ? ((ae.details as { issues?: ValidationIssue[] })?.issues ?? []) : [];
          if (issues.length) for (const i of issues) problems.push({ row: row.row, column: issueColumn(spec, i, p), code: i.code, message: i.message });
          else problems.push({ row: row.row, column: null, code: ae.code, message: ae.message });
        }
      }
      problems.sort((a, b) => a.row - b.row);
      const result: ImportResult = { dryRun: file.dryRun, rows: table.rows.length, ...counts, problems };
      if (file.dryRun) throw new DryRunDone(result);
      if (problems.length) throw new AppError("import.rejected", `有 ${problems.length} 处问题，未导入任何数据`, { problems });
      return result;
    });
  } catch (e) {
    if (e instanceof DryRunDone) return e.result;
    throw e;
  }
}
