import { Table } from "antd";
import { rateDefinitions } from "../../../../shared/src/completion.ts";
import { RateTitle } from "../../components/RateTitle.tsx";
import { type ReportContent, type ReportRow, reportDisplayCells, reportHeadings } from "../../../../shared/src/contracts/stats.ts";

/** The 季报/年报 table with the standard headings (the same list as the .xlsx), the total row last. */
export function ReportTable({ content }: { content: ReportContent }) {
  const headings = reportHeadings(content);
  const data = [...content.rows, content.total].map((r: ReportRow, i) => ({ key: r.code || `total-${i}`, cells: reportDisplayCells(content, r), total: r === content.total }));
  return (
    <Table
      size="small"
      bordered
      pagination={false}
      scroll={{ x: "max-content" }}
      dataSource={data}
      rowClassName={(r) => (r.total ? "report-total" : "")}
      columns={headings.map((h, i) => ({
        title: h === "结业率" ? <RateTitle title={h} definition={rateDefinitions.completion} /> : h === "取证率" ? <RateTitle title={h} definition={rateDefinitions.certification} /> : h,
        key: h,
        fixed: i === 0 ? ("left" as const) : undefined,
        align: i === 0 ? ("left" as const) : ("right" as const),
        render: (_: unknown, r: (typeof data)[number]) => (r.total ? <strong>{r.cells[i]}</strong> : r.cells[i]),
      }))}
    />
  );
}
