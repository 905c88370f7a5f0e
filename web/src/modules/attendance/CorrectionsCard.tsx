import { App, Button, Card, Empty, Input, Popconfirm, Space, Table, Tag } from "antd";
import { useState } from "react";
import { errorText } from "../../app/error-messages.ts";
import { formatDateTime } from "../../app/format.ts";
import { correctionStatus } from "../../app/status.ts";
import { type Correction, useCorrections, useDecideCorrection } from "./attendance.api.ts";
import { SECONDARY_TEXT } from "../../app/colors.ts";

function StatusTag({ status }: { status: Correction["status"] }) {
  const s = correctionStatus[status];
  return <Tag color={s.color}>{s.text}</Tag>;
}

function Decide({ c, classId }: { c: Correction; classId: string }) {
  const decide = useDecideCorrection(classId);
  const { message } = App.useApp();
  const [note, setNote] = useState("");
  const run = (decision: "approve" | "reject") =>
    decide.mutate(
      { id: c.id, body: { decision, ...(note.trim() ? { note: note.trim() } : {}) } },
      { onSuccess: () => message.success(decision === "approve" ? "已通过，出勤已更新" : "已退回"), onError: (e) => message.error(errorText(e)) },
    );
  return (
    <Space size={4}>
      <Popconfirm title="通过这条补正？" description="通过后计入该学员本课次的考勤。" okText="通过" onConfirm={() => run("approve")}>
        <Button size="small" type="primary" loading={decide.isPending}>
          通过
        </Button>
      </Popconfirm>
      <Popconfirm
        title="退回这条补正？"
        description={<Input.TextArea rows={2} placeholder="退回说明（可选）" value={note} onChange={(e) => setNote(e.target.value)} />}
        okText="退回"
        okButtonProps={{ danger: true }}
        onConfirm={() => run("reject")}
      >
        <Button size="small" danger loading={decide.isPending}>
          退回
        </Button>
      </Popconfirm>
    </Space>
  );
}

/** Corrections of a class; approve / reject only where the server says this user may (never the filer). */
export function CorrectionsCard({ classId, extra }: { classId: string; extra?: React.ReactNode }) {
  const list = useCorrections(classId);
  const items = list.data?.items ?? [];
  return (
    <Card size="small" title={`考勤补正（${items.filter((c) => c.status === "pending").length} 条待审核）`} extra={extra}>
      {list.isError ? (
        <Empty description={errorText(list.error)} />
      ) : (
        <Table<Correction>
          rowKey="id"
          size="small"
          loading={list.isPending}
          dataSource={items}
          pagination={false}
          scroll={{ x: "max-content" }}
          locale={{ emptyText: "暂无补正申请" }}
          columns={[
            { key: "p", title: "学员", dataIndex: "personName" },
            { key: "d", title: "课次日期", dataIndex: "sessionDate" },
            { key: "m", title: "更正为", render: (_, c) => (c.mark === "present" ? "出勤" : "缺勤") },
            { key: "r", title: "原因", dataIndex: "reason", width: 220 },
            { key: "e", title: "证明材料", dataIndex: "evidence", width: 180 },
            { key: "f", title: "提交时间", render: (_, c) => formatDateTime(c.filedAt) },
            { key: "s", title: "状态", render: (_, c) => <><StatusTag status={c.status} />{c.decisionNote && <div style={{ fontSize: 12, color: SECONDARY_TEXT }}>{c.decisionNote}</div>}</> },
            { key: "a", title: "审核", render: (_, c) => (c.abilities.decide ? <Decide c={c} classId={classId} /> : c.status === "pending" ? <Tag>待他人审核</Tag> : null) },
          ]}
        />
      )}
    </Card>
  );
}
