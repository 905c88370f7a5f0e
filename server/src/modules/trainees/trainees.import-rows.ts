import type { CategoryCode } from "../../../../shared/src/contracts/trainees.ts";
import type { ColumnSpec, ReadTable, RowProblem } from "../../platform/spreadsheet/index.ts";
import { type FieldName, type NormalizedPerson, normalizePerson, normDate, parseCategory, parseEvidenceType, type RuleLookups } from "./trainees.rules.ts";

/** The roster template's columns (Chinese headers first; the English keys are accepted too). */
export const rosterColumns: ColumnSpec[] = [
  { key: "idNumber", headers: ["身份证号", "身份证号码", "公民身份号码"], required: true },
  { key: "name", headers: ["姓名"], required: true },
  { key: "gender", headers: ["性别"] },
  { key: "birthDate", headers: ["出生日期"] },
  { key: "phone", headers: ["手机号", "联系电话"] },
  { key: "householdRegionCode", headers: ["户籍地区划代码", "户籍地"] },
  { key: "residenceRegionCode", headers: ["居住地区划代码", "居住地"], required: true },
  { key: "education", headers: ["文化程度"] },
  { key: "employerName", headers: ["工作单位"] },
  { key: "employerCreditCode", headers: ["单位统一社会信用代码", "统一社会信用代码"] },
  { key: "category", headers: ["人员类别"] },
  { key: "evidenceType", headers: ["证明方式"] },
  { key: "evidenceRef", headers: ["名册名称或承诺书编号", "证明编号"] },
  { key: "evidenceDate", headers: ["证明日期"] },
];

const label = (key: string) => rosterColumns.find((c) => c.key === key)?.headers[0] ?? key;

/** the columns that take a region: a code, or a name the regions table resolves (南关区) */
export const rosterRegionColumns = ["residenceRegionCode", "householdRegionCode"].map((key) => ({ key, label: label(key) }));

export interface ParsedRow {
  row: number;
  person: NormalizedPerson;
  hash: string;
  category: { code: CategoryCode; evidenceType: "registry_match" | "commitment"; evidenceRef: string; evidenceDate: string } | null;
}

export interface RowCheckOptions extends RuleLookups {
  lookupHash(idNumber: string): string;
  /** false ⇒ the row's residence is outside what the importer may register */
  mayRegister(residenceRegionCode: string): boolean;
}

/**
 * Checks every row without touching the database: cell problems from reading (merged cells,
 * formulas), field rules, category evidence, the same ID number twice in the file, scope.
 * Every problem of every row is listed.
 */
export function checkRows(table: ReadTable, o: RowCheckOptions): { parsed: ParsedRow[]; problems: RowProblem[] } {
  const problems: RowProblem[] = [...table.problems];
  const badCells = new Set(table.problems.map((p) => `${p.row}:${p.column}`));
  const badRows = new Set(table.problems.map((p) => p.row));
  const parsed: ParsedRow[] = [];
  const firstRowOf = new Map<string, number>();
  for (const r of table.rows) {
    const v = r.values;
    const push = (field: FieldName | string, code: string, message: string) => problems.push({ row: r.row, column: label(field), code, message });
    const categoryCode = v.category ? parseCategory(v.category) : null;
    const { value, problems: fieldProblems } = normalizePerson(
      {
        idNumber: v.idNumber ?? null,
        name: v.name ?? null,
        gender: v.gender,
        birthDate: v.birthDate,
        phone: v.phone,
        householdRegionCode: v.householdRegionCode,
        residenceRegionCode: v.residenceRegionCode ?? null,
        education: v.education,
        employerName: v.employerName,
        employerCreditCode: v.employerCreditCode,
        categories: categoryCode ? [categoryCode] : [],
      },
      o,
    );
    // a cell already reported (formula, merged) reads as empty: do not report it twice
    for (const p of fieldProblems) if (!(p.code === "required" && badCells.has(`${r.row}:${label(p.field)}`))) push(p.field, p.code, p.message);

    let category: ParsedRow["category"] = null;
    if (v.category) {
      const evidenceType = v.evidenceType ? parseEvidenceType(v.evidenceType) : null;
      const evidenceDate = v.evidenceDate ? normDate(v.evidenceDate) : null;
      let ok = true;
      if (!categoryCode) ok = fail(push, "category", "invalid", "人员类别不在规定的类别中");
      if (!v.evidenceType) ok = fail(push, "evidenceType", "required", "填写人员类别时须填写证明方式（名册比对或承诺书）");
      else if (!evidenceType) ok = fail(push, "evidenceType", "invalid", "证明方式须为“名册比对”或“承诺书”");
      if (!v.evidenceRef) ok = fail(push, "evidenceRef", "required", "请填写名册名称或承诺书编号");
      if (!v.evidenceDate) ok = fail(push, "evidenceDate", "required", "请填写证明日期");
      else if (!evidenceDate) ok = fail(push, "evidenceDate", "invalid_date", "证明日期须为 YYYY-MM-DD");
      else if (evidenceDate > o.today) ok = fail(push, "evidenceDate", "future_date", "证明日期不能晚于今天");
      if (ok) category = { code: categoryCode!, evidenceType: evidenceType!, evidenceRef: v.evidenceRef!.slice(0, 100), evidenceDate: evidenceDate! };
    }

    if (!value || badRows.has(r.row)) continue;
    const hash = o.lookupHash(value.idNumber);
    const first = firstRowOf.get(hash);
    if (first !== undefined) {
      push("idNumber", "duplicate_in_file", `与第 ${first} 行的身份证号重复（同一人只能出现一次）`);
      continue;
    }
    firstRowOf.set(hash, r.row);
    if (!o.mayRegister(value.residenceRegionCode)) {
      push("residenceRegionCode", "outside_scope", "居住地不在您的管辖范围内");
      continue;
    }
    if (v.category && !category) continue;
    parsed.push({ row: r.row, person: value, hash, category });
  }
  problems.sort((a, b) => a.row - b.row);
  return { parsed, problems };
}

function fail(push: (f: string, c: string, m: string) => void, field: string, code: string, message: string): false {
  push(field, code, message);
  return false;
}
