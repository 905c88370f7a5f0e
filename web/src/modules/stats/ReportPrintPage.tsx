import { ArrowLeftOutlined, PrinterOutlined } from "@ant-design/icons";
import { Alert, Button, Space, Spin } from "antd";
import { useEffect } from "react";
import { reportDisplayCells, reportHeadings } from "../../../../shared/src/contracts/stats.ts";
import { errorText } from "../../app/error-messages.ts";
import { formatDateTime } from "../../app/format.ts";
import { can } from "../../app/session.ts";
import { SessionGate } from "../my/SessionGate.tsx";
import { useReportParams } from "./ReportsPage.tsx";
import { useReport } from "./stats.api.ts";
import "./report-print.css";

/** 季报/年报 on A4 landscape: the standard headings, the total, the note, signatures and the content hash. */
export function ReportPrintPage() {
  return <SessionGate>{(me) => (can(me, "stats.read") ? <Sheet /> : <Alert type="error" showIcon title="您没有查看统计报表的权限" />)}</SessionGate>;
}

function Sheet() {
  const [p] = useReportParams();
  const report = useReport(p);
  const c = report.data?.content;
  useEffect(() => {
    if (c) document.title = c.title;
  }, [c]);
  if (report.isError) return <Alert type="error" showIcon title={errorText(report.error)} style={{ margin: 24 }} />;
  if (!c || !report.data) return <Spin size="large" style={{ display: "block", margin: 80 }} />;
  const headings = reportHeadings(c);
  return (
    <div className="report-desk">
      <div className="report-toolbar">
        <Button icon={<ArrowLeftOutlined />} href={`/reports?kind=${p.kind}&period=${p.period}&layout=${p.layout}`}>
          返回报表
        </Button>
        <Space>
          <span>A4 横向；“另存为 PDF”可在打印对话框中选择</span>
          <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()}>
            打印
          </Button>
        </Space>
      </div>
      {/* the subsidy columns by type make the table wide: a smaller type so it still fits A4 landscape */}
      <section className={headings.length > 18 ? "report-sheet wide" : "report-sheet"}>
        <h1>{c.title}</h1>
        <div className="report-meta">
          <span>填报单位：{c.scopeRegionName}</span>
          <span>
            统计期间：{c.from} 至 {c.to}
          </span>
          <span>数据截至：{formatDateTime(report.data.asOf)}</span>
        </div>
        <table>
          <thead>
            <tr>
              {headings.map((h) => (
                <th key={h}>{h}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {c.rows.map((r) => (
              <tr key={r.code}>
                {reportDisplayCells(c, r).map((v, i) => (
                  <td key={headings[i]}>{v}</td>
                ))}
              </tr>
            ))}
            <tr className="total">
              {reportDisplayCells(c, c.total).map((v, i) => (
                <td key={headings[i]}>{v}</td>
              ))}
            </tr>
          </tbody>
        </table>
        <p className="note">说明：{c.note}</p>
        <div className="signatures">
          <div>填报人：__________</div>
          <div>审核人：__________</div>
          <div>单位负责人：__________</div>
          <div className="seal">（盖章处）</div>
        </div>
        <p className="hash">内容校验码（SHA-256）：{report.data.contentHash}</p>
      </section>
    </div>
  );
}
