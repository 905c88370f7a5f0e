import ExcelJS from "exceljs";
import { type ReportContent, reportCells, reportHeadings } from "../../../../shared/src/contracts/stats.ts";

/**
 * 季报/年报 as .xlsx: the title, the period and scope, the standard headings, one row per region
 * or department, the total, and the counting note. Numbers are numbers (sums work in Excel).
 */
export async function reportXlsx(c: ReportContent, meta: { asOf: string; contentHash: string; version?: number }): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "吉林省职业技能培训信息管理平台";
  const ws = wb.addWorksheet(c.kind === "quarterly" ? "季报" : "年报", { views: [{ state: "frozen", ySplit: 3 }] });
  const headings = reportHeadings(c);
  ws.addRow([c.title]);
  ws.mergeCells(1, 1, 1, headings.length);
  ws.getRow(1).font = { bold: true, size: 14 };
  ws.addRow([`统计期间：${c.from} 至 ${c.to}　数据截至：${meta.asOf}${meta.version ? `　报送版本：第 ${meta.version} 版` : ""}`]);
  ws.mergeCells(2, 1, 2, headings.length);
  ws.addRow(headings).font = { bold: true };
  for (const r of c.rows) ws.addRow(reportCells(c, r));
  ws.addRow(reportCells(c, c.total)).font = { bold: true };
  ws.addRow([]);
  ws.addRow([`说明：${c.note}`]);
  ws.addRow([`内容校验码（SHA-256）：${meta.contentHash}`]);
  ws.columns.forEach((col, i) => {
    col.width = i === 0 ? 20 : Math.max(10, (headings[i]?.length ?? 4) * 2 + 2);
  });
  // the money columns (补贴支付金额(元) and each type's 金额(元)): yuan with two decimals
  headings.forEach((h, i) => {
    if (h.endsWith("(元)")) ws.getColumn(i + 1).numFmt = "0.00";
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
