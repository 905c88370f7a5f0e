import { Alert, App, Button, Input, Modal, Select, Space, Switch, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { Link } from "react-router";
import { errorText } from "../../app/error-messages.ts";
import { formatDateTime } from "../../app/format.ts";
import { useIsPhone } from "../../app/layout/use-phone.ts";
import { can, useMe } from "../../app/session.ts";
import { correctionStatus } from "../../app/status.ts";
import { intParam, oneOf, useSearchState } from "../../app/use-search-state.ts";
import { PhoneList } from "../../components/PhoneList.tsx";
import { type CorrectionListItem, useCorrectionPage, useDecideListedCorrection } from "./attendance.api.ts";

const KEYS = ["status", "awaiting", "page"] as const;
const STATUSES = ["pending", "approved", "rejected"] as const;
const PAGE_SIZE = 20;
const markText = { present: "补为出勤", absent: "改为缺勤" } as const;

function StatusTag({ status }: { status: CorrectionListItem["status"] }) {
  return <Tag color={correctionStatus[status].color}>{correctionStatus[status].text}</Tag>;
}

/**
 * 考勤补正: the corrections of every class in the caller's scope; a decider switches to the ones
 * waiting for them (the home to-do links here) and approves or returns each in a dialog.
 */
export function CorrectionsPage() {
  const me = useMe();
  const [s, setSearch] = useSearchState(KEYS);
  const status = oneOf(s.status, STATUSES);
  const awaiting = s.awaiting === "true";
  const page = intParam(s.page, 1);
  const setPage = (p: number) => setSearch({ page: p === 1 ? undefined : p });
  const list = useCorrectionPage({ status, awaiting: awaiting ? "true" : undefined, page, pageSize: PAGE_SIZE });
  const [deciding, setDeciding] = useState<CorrectionListItem | null>(null);
  const phone = useIsPhone();
  const items = list.data?.items ?? [];
  const decideButton = (c: CorrectionListItem) =>
    c.abilities.decide ? (
      <Button size="small" type="primary" onClick={() => setDeciding(c)}>
        审核
      </Button>
    ) : null;
  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }}>
      <Typography.Title level={1} style={{ margin: 0 }}>
        考勤补正
      </Typography.Title>
      <Space wrap>
        <Select
          allowClear
          placeholder="状态"
          style={{ width: 140 }}
          value={status}
          onChange={(v) => setSearch({ status: v, page: undefined })}
          options={STATUSES.map((v) => ({ value: v, label: correctionStatus[v].text }))}
        />
        {can(me.data, "attendance.approve_correction") && (
          <Space>
            <Switch checked={awaiting} onChange={(v) => setSearch({ awaiting: v ? "true" : undefined, page: undefined })} aria-label="仅看待我审核" />
            仅看待我审核
          </Space>
        )}
      </Space>
      {list.isError && <Alert type="warning" showIcon title={errorText(list.error)} />}
      {phone ? (
        <PhoneList
          label="考勤补正列表"
          items={items}
          rowKey={(c) => c.id}
          loading={list.isPending}
          title={(c) => `${c.personName} · ${c.sessionDate}`}
          extra={(c) => <StatusTag status={c.status} />}
          body={(c) => (
            <Space orientation="vertical" size={4} style={{ width: "100%" }}>
              <Link to={`/attendance/classes/${c.classId}`}>{c.className}</Link>
              <Typography.Text type="secondary">{c.institutionName}</Typography.Text>
              <div>
                {markText[c.mark]}：{c.reason}
              </div>
              <Typography.Text type="secondary">提交于 {formatDateTime(c.filedAt)}</Typography.Text>
              {decideButton(c)}
            </Space>
          )}
          page={page}
          pageSize={PAGE_SIZE}
          total={list.data?.total ?? 0}
          totalText={(t) => `共 ${t} 条`}
          onPage={setPage}
        />
      ) : (
        <Table<CorrectionListItem>
          rowKey="id"
          size="small"
          loading={list.isPending}
          dataSource={items}
          scroll={{ x: "max-content" }}
          pagination={{ current: page, total: list.data?.total ?? 0, pageSize: PAGE_SIZE, onChange: setPage, showSizeChanger: false, showTotal: (t) => `共 ${t} 条` }}
          columns={[
            { title: "学员", dataIndex: "personName" },
            { title: "课次日期", dataIndex: "sessionDate" },
            { title: "培训班", render: (_, c) => <Link to={`/attendance/classes/${c.classId}`}>{c.className}</Link> },
            { title: "机构", dataIndex: "institutionName" },
            { title: "补正", render: (_, c) => markText[c.mark] },
            {
              title: "原因",
              render: (_, c) => (
                <Typography.Text ellipsis={{ tooltip: c.reason }} style={{ maxWidth: 220 }}>
                  {c.reason}
                </Typography.Text>
              ),
            },
            { title: "提交时间", render: (_, c) => formatDateTime(c.filedAt) },
            { title: "状态", render: (_, c) => <StatusTag status={c.status} /> },
            { title: "操作", render: (_, c) => decideButton(c) ?? (c.status === "pending" ? <Tag>待他人审核</Tag> : null) },
          ]}
        />
      )}
      {deciding && <DecideDialog c={deciding} onClose={() => setDeciding(null)} />}
    </Space>
  );
}

/** Approve or return one correction with an optional note (the existing decide API). */
function DecideDialog({ c, onClose }: { c: CorrectionListItem; onClose: () => void }) {
  const decide = useDecideListedCorrection();
  const { message } = App.useApp();
  const [note, setNote] = useState("");
  const run = (decision: "approve" | "reject") =>
    decide.mutate(
      { id: c.id, body: { decision, ...(note.trim() ? { note: note.trim() } : {}) } },
      {
        onSuccess: () => {
          message.success(decision === "approve" ? "已通过，出勤已更新" : "已退回");
          onClose();
        },
      },
    );
  return (
    <Modal
      open
      title="审核考勤补正"
      onCancel={onClose}
      footer={[
        <Button key="reject" danger loading={decide.isPending && decide.variables?.body.decision === "reject"} onClick={() => run("reject")}>
          退回
        </Button>,
        <Button key="approve" type="primary" loading={decide.isPending && decide.variables?.body.decision === "approve"} onClick={() => run("approve")}>
          通过
        </Button>,
      ]}
    >
      <Space orientation="vertical" size={8} style={{ width: "100%" }}>
        {decide.isError && <Alert type="error" showIcon title={errorText(decide.error)} />}
        <div>
          {c.personName} · {c.className} · {c.sessionDate}
        </div>
        <div>
          {markText[c.mark]}：{c.reason}
        </div>
        <Typography.Text type="secondary">证明材料：{c.evidence}</Typography.Text>
        <Input.TextArea rows={2} maxLength={500} placeholder="审核说明（可选）" value={note} onChange={(e) => setNote(e.target.value)} aria-label="审核说明" />
        <Typography.Text type="secondary">通过后计入该学员本课次的考勤。</Typography.Text>
      </Space>
    </Modal>
  );
}
