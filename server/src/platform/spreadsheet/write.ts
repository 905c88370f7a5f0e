import ExcelJS from "exceljs";

export interface ExportColumn<T> {
  header: string;
  width?: number;
  value: (row: T) => string | number | null | undefined;
}

/** Builds an .xlsx with a bold, frozen header row. Text cells stay text (ID-like strings keep every digit). */
export async function writeXlsx<T>(sheetName: string, columns: ExportColumn<T>[], rows: Iterable<T>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "吉林省职业技能培训信息管理平台";
  const ws = wb.addWorksheet(sheetName, { views: [{ state: "frozen", ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ header: c.header, width: c.width ?? Math.max(10, c.header.length * 2 + 4) }));
  ws.getRow(1).font = { bold: true };
  for (const r of rows) ws.addRow(columns.map((c) => sanitize(c.value(r))));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Text that starts like a formula is prefixed so Excel never evaluates it (CSV/formula injection). */
function sanitize(v: string | number | null | undefined): string | number | null {
  if (v === undefined || v === null) return null;
  if (typeof v === "string" && /^[=+\-@\t\r]/.test(v)) return `'${v}`;
  return v;
}

export const XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
