import { PrinterOutlined, SendOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Input, Modal, Segmented, Select, Space, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { Link } from "react-router";
import { ExportButton } from "../../components/ExportButton.tsx";
import { errorText } from "../../app/error-messages.ts";
import { formatDateTime } from "../../app/format.ts";
import { can, useMe } from "../../app/session.ts";
import { useSearchState } from "../../app/use-search-state.ts";
import { lastClosedPeriod, reportPeriods } from "./period.ts";
import { ReportTable } from "./ReportTable.tsx";
import { type ReportParams, useReport, useSnapshots, useSubmitReport } from "./stats.api.ts";

const KEYS = ["kind", "period", "layout"] as const;
/** today's calendar date here (a period can be submitted once it has ended; the server checks again) */
const today = () => new Date().toLocaleDateString("sv-SE");

/** Reads kind / period / layout from the address bar (the print page uses the same). */
export function useReportParams(): [ReportParams, (p: Partial<ReportParams>) => void] {
  const [s, set] = useSearchState(KEYS);
  const kind = s.kind === "annual" ? "annual" : "quarterly";
  const params: ReportParams = { kind, period: s.period ?? lastClosedPeriod(kind, new Date()), layout: s.layout === "department" ? "department" : "region" };
  return [params, (p) => set(p)];
}

/** 统计报表: the 季报/年报 of the caller's scope, by region or by department; export, print, submit. */
export function ReportsPage() {
  const me = useMe();
  const [p, setP] = useReportParams();
  const report = useReport(p);
  const snapshots = useSnapshots(p.period);
  const query = { kind: p.kind, period: p.period, layout: p.layout };
  const printHref = `/reports/print?kind=${p.kind}&period=${p.period}&layout=${p.layout}`;
  const mine = (snapshots.data?.items ?? []).filter((s) => s.kind === p.kind && s.layout === p.layout);
  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        统计报表
      </Typography.Title>
      <Space wrap>
        <Segmented
          value={p.kind}
          onChange={(v) => setP({ kind: v as ReportParams["kind"], period: lastClosedPeriod(v as ReportParams["kind"], new Date()) })}
          options={[
            { value: "quarterly", label: "季报" },
            { value: "annual", label: "年报" },
          ]}
        />
        <Select aria-label="报告期" style={{ width: 170 }} value={p.period} onChange={(v) => setP({ period: v })} options={reportPeriods(p.kind, new Date())} />
        <Segmented
          value={p.layout}
          onChange={(v) => setP({ layout: v as ReportParams["layout"] })}
          options={[
            { value: "region", label: "按地区" },
            { value: "department", label: "按部门" },
          ]}
        />
      </Space>
      {report.isError && <Alert type="warning" showIcon title={errorText(report.error)} />}
      {report.data && (
        <Card size="small">
          <Typography.Title level={5} style={{ marginTop: 0 }}>
            {report.data.content.title}
          </Typography.Title>
          <Space wrap style={{ marginBottom: 8 }}>
            <ExportButton path="/api/reports/export" query={query} />
            <Button icon={<PrinterOutlined />} href={printHref}>
              打印
            </Button>
            {can(me.data, "report.submit") && report.data.content.to < today() && <SubmitButton params={p} versions={mine.length} />}
          </Space>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
            统计期间 {report.data.content.from} 至 {report.data.content.to}；数据截至 {formatDateTime(report.data.asOf)}
          </Typography.Paragraph>
          <ReportTable content={report.data.content} />
          <Typography.Paragraph style={{ marginTop: 8, marginBottom: 0 }}>说明：{report.data.content.note}</Typography.Paragraph>
        </Card>
      )}
      <Card size="small" title="已报送版本">
        <Table
          size="small"
          rowKey="id"
          loading={snapshots.isPending}
          pagination={false}
          scroll={{ x: true }}
          dataSource={mine}
          locale={{ emptyText: "本报告期尚未报送" }}
          columns={[
            { title: "版本", dataIndex: "version", render: (v: number) => <Tag color={v > 1 ? "orange" : "blue"}>第 {v} 版{v > 1 ? "（更正）" : ""}</Tag> },
            { title: "报送时间", dataIndex: "submittedAt", render: (v: string) => formatDateTime(v) },
            { title: "更正理由", dataIndex: "reason", render: (v: string | null) => v ?? "—" },
            { title: "校验码", dataIndex: "contentHash", render: (v: string) => <Typography.Text code>{v.slice(0, 12)}</Typography.Text> },
            { title: "", key: "x", render: (_, s) => <ExportButton path={`/api/reports/snapshots/${s.id}/export`} label="下载" /> },
          ]}
        />
      </Card>
      <Typography.Text type="secondary">
        人次按结业日期计入：一名学员结业一个培训班计一人次，几个部门共同牵头的培训班只计一次。<Link to="/">返回首页</Link>
      </Typography.Text>
    </Space>
  );
}

function SubmitButton({ params, versions }: { params: ReportParams; versions: number }) {
  const { message } = App.useApp();
  const submit = useSubmitReport();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const correction = versions > 0;
  const send = async () => {
    try {
      const s = await submit.mutateAsync({ ...params, ...(correction ? { reason } : {}) });
      message.success(`已报送第 ${s.version} 版`);
      setOpen(false);
      setReason("");
    } catch (e) {
      message.error(errorText(e));
    }
  };
  return (
    <>
      <Button type="primary" icon={<SendOutlined />} onClick={() => setOpen(true)}>
        {correction ? "报送更正" : "报送"}
      </Button>
      <Modal title={correction ? "报送更正版本" : "报送报表"} open={open} onCancel={() => setOpen(false)} onOk={send} okText="确认报送" confirmLoading={submit.isPending}>
        <Typography.Paragraph>报送后保存当前数据的快照和校验码，之后可用同样的数据重现；{correction ? "更正为新版本，原版本保留。" : "如需更正，再次报送即为新版本。"}</Typography.Paragraph>
        {correction && <Input.TextArea aria-label="更正理由" placeholder="更正理由（必填）" value={reason} onChange={(e) => setReason(e.target.value)} rows={3} maxLength={500} />}
      </Modal>
    </>
  );
}
