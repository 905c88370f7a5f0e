import ExcelJS from "exceljs";
import type { ReportContent, ReportRow } from "../../../../shared/src/contracts/stats.ts";

/** 结业率 87.5% from per mille; "—" when there is nothing to divide by */
export const rateText = (permille: number | null) => (permille === null ? "—" : `${(permille / 10).toFixed(1)}%`);

/** The report's column headings, in order (the console's print page uses the same list). */
export function reportHeadings(c: ReportContent): string[] {
  return [
    c.layout === "region" ? "地区" : "部门",
    "开班数（期）",
    "结业班数（期）",
    "参训人次",
    "结业人次",
    ...c.trainingTypes.map((t) => `其中：${t.name}`),
    "结业人数（去重）",
    "取证人次",
    "结业率",
    "取证率",
  ];
}

export function reportCells(c: ReportContent, r: ReportRow): (string | number)[] {
  return [
    r.name,
    r.classesOpened,
    r.classesCompleted,
    r.personTimesStarted,
    r.personTimesCompleted,
    ...c.trainingTypes.map((t) => r.byTrainingType[t.code] ?? 0),
    r.persons,
    r.certificates,
    rateText(r.completionRatePermille),
    rateText(r.certificationRatePermille),
  ];
}

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
  return Buffer.from(await wb.xlsx.writeBuffer());
}
