import ExcelJS from "exceljs";
import type { ColumnSpec } from "./read.ts";

export interface TemplateSpec {
  sheetName: string;
  /** the importer's own column list: the template's headers are each column's first header */
  columns: ColumnSpec[];
  /** one example row, by column key; a column without an example is left empty */
  example: Record<string, string>;
  /** what to write in each column, by key (shown on the notes sheet) */
  hints?: Record<string, string>;
  /** general rules (row limit, dry run first…) */
  notes: string[];
}

/**
 * An import template: the exact headers the importer reads, one example row, and a 填写说明 sheet
 * listing every column (required or not, what it takes). Cells are text so codes keep their digits.
 */
export async function writeTemplate(spec: TemplateSpec): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "吉林省职业技能培训信息管理平台";
  const ws = wb.addWorksheet(spec.sheetName, { views: [{ state: "frozen", ySplit: 1 }] });
  ws.columns = spec.columns.map((c) => ({ header: c.headers[0]!, width: Math.max(12, c.headers[0]!.length * 2 + 4), style: { numFmt: "@" } }));
  ws.getRow(1).font = { bold: true };
  spec.columns.forEach((c, i) => {
    if (c.required) ws.getRow(1).getCell(i + 1).font = { bold: true, color: { argb: "FFC00000" } };
  });
  ws.addRow(spec.columns.map((c) => spec.example[c.key] ?? null));

  const notes = wb.addWorksheet("填写说明");
  notes.columns = [
    { header: "列名", width: 26 },
    { header: "是否必填", width: 10 },
    { header: "也可用的列名", width: 30 },
    { header: "填写说明", width: 70 },
  ];
  notes.getRow(1).font = { bold: true };
  for (const c of spec.columns) notes.addRow([c.headers[0]!, c.required ? "必填" : "选填", c.headers.slice(1).join("、"), spec.hints?.[c.key] ?? ""]);
  notes.addRow([]);
  for (const n of spec.notes) notes.addRow([n]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
