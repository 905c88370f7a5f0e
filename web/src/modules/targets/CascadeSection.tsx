import { Alert, Button, Card, Col, Descriptions, Row, Select, Space, Statistic, Table, Tag, Typography } from "antd";
import { useState } from "react";
import type { TargetLineView, TargetRow } from "../../../../shared/src/contracts/targets.ts";
import { errorText } from "../../app/error-messages.ts";
import { formatDateTime } from "../../app/format.ts";
import { targetStatus } from "../../app/status.ts";
import type { SearchState } from "../../app/use-search-state.ts";
import { HistoryDrawer } from "./HistoryDrawer.tsx";
import { TargetEditModal } from "./TargetEditModal.tsx";
import { formatTarget, periodLabel } from "./target-format.ts";
import { useCascade } from "./targets.api.ts";

type Keys = "tab" | "period" | "line" | "region" | "year";

/** Default period: this year (the server offers 2019 … next year and the plan's three years). */
const thisYear = String(new Date().getFullYear());

export function CascadeSection({ state, set }: { state: SearchState<Keys>; set: (p: Partial<Record<Keys, string | null>>) => void }) {
  const period = state.period ?? thisYear;
  const line = state.line ?? "total";
  const q = useCascade({ period, line, ...(state.region ? { regionCode: state.region } : {}) });
  const [editing, setEditing] = useState<TargetRow | null>(null);
  const [history, setHistory] = useState<TargetRow | null>(null);
  const v = q.data;
  const unit = v?.line.unit ?? "person_times";
  const lineOf = (l: TargetLineView) => ({ value: l.line, label: l.line === "total" ? l.name : `${l.line} ${l.name}` });

  const actions = (r: TargetRow, drill: boolean) => (
    <Space size={4} wrap>
      {r.abilities.edit && (
        <Button size="small" type="link" onClick={() => setEditing(r)}>
          {r.target === null ? "下达" : "调整"}
        </Button>
      )}
      <Button size="small" type="link" onClick={() => setHistory(r)}>
        历史
      </Button>
      {drill && (
        <Button size="small" type="link" onClick={() => set({ region: r.regionCode })}>
          下级分解
        </Button>
      )}
    </Space>
  );

  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }}>
      <Space wrap>
        <Select
          aria-label="期间"
          style={{ width: 200 }}
          value={period}
          onChange={(p) => set({ period: p })}
          options={(v?.periods ?? [period]).map((p) => ({ value: p, label: periodLabel(p) }))}
        />
        <Select aria-label="目标项目" style={{ width: 300, maxWidth: "100%" }} value={line} onChange={(l) => set({ line: l })} options={(v?.lines ?? []).map(lineOf)} />
      </Space>
      {q.isError && <Alert type="warning" showIcon title={errorText(q.error)} />}
      {v && (
        <>
          <Card
            size="small"
            title={
              <Space wrap>
                <span>
                  {v.node.regionName}
                  {v.node.departmentName ? ` · ${v.node.departmentName}` : ""}
                </span>
                <Tag color={targetStatus[v.node.target === null ? "unset" : "set"].color}>{targetStatus[v.node.target === null ? "unset" : "set"].text}</Tag>
              </Space>
            }
            extra={
              v.parentRegionCode && (
                <Button size="small" onClick={() => set({ region: v.parentRegionCode === "220000" ? null : v.parentRegionCode })}>
                  返回上级
                </Button>
              )
            }
          >
            <Row gutter={[16, 16]}>
              <Col xs={12} md={6}>
                <Statistic title="本级目标" value={formatTarget(v.node.target, unit)} />
              </Col>
              {v.node.childrenSum !== null && (
                <Col xs={12} md={6}>
                  <Statistic title="已分解到下级" value={formatTarget(v.node.childrenSum, unit)} />
                </Col>
              )}
              {v.node.childrenSum !== null && v.node.target !== null && (
                <Col xs={12} md={6}>
                  <Statistic title="尚未分解" value={formatTarget(v.node.target - v.node.childrenSum, unit)} />
                </Col>
              )}
              {v.cycleTarget !== null && (
                <Col xs={12} md={6}>
                  <Statistic title="三年合计目标" value={formatTarget(v.cycleTarget, unit)} />
                </Col>
              )}
            </Row>
            <Descriptions size="small" column={1} style={{ marginTop: 8 }}>
              <Descriptions.Item label="最近调整">{v.node.updatedAt ? `${formatDateTime(v.node.updatedAt)} · ${v.node.updatedByName}（第 ${v.node.version} 版）` : "—"}</Descriptions.Item>
            </Descriptions>
            <div style={{ marginTop: 8 }}>{actions(v.node, false)}</div>
          </Card>
          {v.children.length > 0 && (
            <Card size="small" title={v.node.regionCode === "220000" ? "各市（州）目标" : "各县（市、区）目标"}>
              <Table
                rowKey="key"
                size="small"
                pagination={false}
                scroll={{ x: true }}
                dataSource={v.children}
                columns={[
                  { title: "地区", dataIndex: "regionName", onCell: () => ({ style: { whiteSpace: "nowrap" } }) },
                  { title: "目标", dataIndex: "target", align: "right", onCell: () => ({ style: { whiteSpace: "nowrap" } }), render: (t: number | null) => formatTarget(t, unit) },
                  ...(v.children.some((c) => c.childrenSum !== null)
                    ? [{ title: "已分解到县", dataIndex: "childrenSum", align: "right" as const, responsive: ["md" as const], render: (t: number | null) => formatTarget(t, unit) }]
                    : []),
                  { title: "最近调整", dataIndex: "updatedAt", responsive: ["md"], render: (t: string | null, r) => (t ? `${formatDateTime(t)} ${r.updatedByName}` : "—") },
                  { title: "操作", render: (_, r) => actions(r, r.childrenSum !== null) },
                ]}
              />
              <Typography.Paragraph type="secondary" style={{ margin: "8px 0 0" }}>
                各下级目标合计不得超过本级目标；本级目标不得低于已分解的合计。
              </Typography.Paragraph>
            </Card>
          )}
          {v.departments.length > 0 && (
            <Card size="small" title="各部门分解（本地区内）">
              <Table
                rowKey="key"
                size="small"
                pagination={false}
                scroll={{ x: true }}
                dataSource={v.departments}
                columns={[
                  { title: "部门", dataIndex: "departmentName" },
                  { title: "目标", dataIndex: "target", align: "right", render: (t: number | null) => formatTarget(t, unit) },
                  { title: "最近调整", dataIndex: "updatedAt", responsive: ["md"], render: (t: string | null, r) => (t ? `${formatDateTime(t)} ${r.updatedByName}` : "—") },
                  { title: "操作", render: (_, r) => actions(r, false) },
                ]}
              />
            </Card>
          )}
        </>
      )}
      {editing && v && <TargetEditModal row={editing} unit={unit} lineName={v.line.name} onClose={() => setEditing(null)} />}
      {history && v && <HistoryDrawer row={history} unit={unit} lineName={v.line.name} onClose={() => setHistory(null)} />}
    </Space>
  );
}
