import { Col, Descriptions, Grid, Row, Table, type TableProps, Tag, Typography } from "antd";
import { Link } from "react-router";
import { formatDateTime } from "../../app/format.ts";
import { JsonView } from "../../components/JsonView.tsx";
import type { AuditEntry } from "./audit.api.ts";
import { actionLabel, actorRoleLabel, entityText } from "./audit-labels.ts";

function EntryDetail({ e }: { e: AuditEntry }) {
  return (
    <div style={{ maxWidth: 1100 }}>
      <Row gutter={[16, 8]}>
        <Col xs={24} md={12}>
          <Typography.Text strong>变更前</Typography.Text>
          <JsonView value={e.before} label="变更前" />
        </Col>
        <Col xs={24} md={12}>
          <Typography.Text strong>变更后</Typography.Text>
          <JsonView value={e.after} label="变更后" />
        </Col>
      </Row>
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2 }}
        style={{ marginTop: 8 }}
        items={[
          { key: "req", label: "请求编号", children: e.requestId ?? "—" },
          { key: "ip", label: "来源 IP", children: e.clientIp ?? "—" },
          { key: "entity", label: "对象编号", children: e.entityId ?? "—" },
          { key: "hash", label: "校验值", children: <Typography.Text code style={{ fontSize: 12, wordBreak: "break-all" }}>{e.hash}</Typography.Text> },
        ]}
      />
    </div>
  );
}

interface Props {
  data: AuditEntry[];
  total: number;
  page: number;
  pageSize: number;
  loading: boolean;
  regionNames: ReadonlyMap<string, string>;
  onPage: (page: number, pageSize: number) => void;
}

export function AuditTable({ data, total, page, pageSize, loading, regionNames, onPage }: Props) {
  const screens = Grid.useBreakpoint();
  const objectCell = (e: AuditEntry) => {
    const t = entityText(e);
    return (
      <>
        {t.name ? e.entity?.href ? <Link to={e.entity.href}>{t.name}</Link> : t.name : t.type}
        {t.name && <div style={{ color: "#666", fontSize: 12 }}>{t.type}</div>}
      </>
    );
  };
  const actionTag = (a: string) => <Tag color={a === "auth.locked" || a === "auth.login_failed" ? "orange" : "blue"}>{actionLabel(a)}</Tag>;
  const wide: ("sm" | "xs")[] = ["sm"];
  const columns: TableProps<AuditEntry>["columns"] = [
    {
      // a phone gets one column per entry instead of a sideways-scrolling table
      title: "记录",
      key: "phone",
      responsive: ["xs"],
      render: (_, e) => (
        <div>
          <div style={{ color: "#666", fontSize: 12 }}>
            {formatDateTime(e.at, true)} · {e.actorUsername}
            {e.actorRole ? `（${actorRoleLabel(e.actorRole)}）` : ""}
            {e.regionCode ? ` · ${regionNames.get(e.regionCode) ?? e.regionCode}` : ""}
          </div>
          <div style={{ marginTop: 4 }}>{actionTag(e.action)}</div>
          <div style={{ marginTop: 4 }}>{objectCell(e)}</div>
        </div>
      ),
    },
    { title: "序号", dataIndex: "seq", width: 80, responsive: wide },
    { title: "时间", dataIndex: "at", width: 170, responsive: wide, render: (v: string) => formatDateTime(v, true) },
    {
      title: "操作人",
      key: "actor",
      width: 170,
      responsive: wide,
      render: (_, e) => (
        <>
          {e.actorUsername}
          {e.actorRole && <div style={{ color: "#666", fontSize: 12 }}>{actorRoleLabel(e.actorRole)}</div>}
        </>
      ),
    },
    { title: "动作", dataIndex: "action", width: 150, responsive: wide, render: actionTag },
    { title: "对象", key: "entity", width: 220, responsive: wide, render: (_, e) => objectCell(e) },
    { title: "地区", dataIndex: "regionCode", width: 120, responsive: wide, render: (c: string | null) => (c ? (regionNames.get(c) ?? c) : "—") },
  ];
  return (
    <Table<AuditEntry>
      rowKey="seq"
      size="middle"
      columns={columns}
      dataSource={data}
      loading={loading}
      scroll={screens.sm ? { x: 960 } : undefined}
      expandable={{ expandedRowRender: (e) => <EntryDetail e={e} />, columnTitle: "" }}
      pagination={{ current: page, pageSize, total, showSizeChanger: true, showTotal: (t) => `共 ${t} 条`, onChange: onPage }}
    />
  );
}
