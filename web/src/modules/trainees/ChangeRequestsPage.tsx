import { Alert, App, Button, Descriptions, Input, Modal, Select, Space, Switch, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { errorText } from "../../app/error-messages.ts";
import { formatDateTime } from "../../app/format.ts";
import { useIsPhone } from "../../app/layout/use-phone.ts";
import { can, useMe } from "../../app/session.ts";
import { changeRequestStatus } from "../../app/status.ts";
import { intParam, oneOf, useSearchState } from "../../app/use-search-state.ts";
import { PhoneList } from "../../components/PhoneList.tsx";
import { type ChangeRequest, useChangeRequests, useDecideChangeRequest } from "./trainees.api.ts";

const KEYS = ["status", "awaiting", "page"] as const;
const STATUSES = ["pending", "confirmed", "rejected"] as const;
const PAGE_SIZE = 20;

function StatusTag({ status }: { status: ChangeRequest["status"] }) {
  return <Tag color={changeRequestStatus[status].color}>{changeRequestStatus[status].text}</Tag>;
}

const changesText = (c: ChangeRequest) => c.changes.map((x) => `${x.label}：${x.proposed}`).join("；");
const filer = (c: ChangeRequest) => (c.filedByInstitution ? "培训机构" : "经办人员或本人");

/**
 * 人员信息变更申请: requests in the caller's scope, oldest first; an officer of the person's
 * residence switches to those waiting for them (the home to-do links here) and confirms or rejects
 * each in a dialog that shows current and proposed values.
 */
export function ChangeRequestsPage() {
  const me = useMe();
  const [s, setSearch] = useSearchState(KEYS);
  const status = oneOf(s.status, STATUSES);
  const awaiting = s.awaiting === "true";
  const page = intParam(s.page, 1);
  const setPage = (p: number) => setSearch({ page: p === 1 ? undefined : p });
  const list = useChangeRequests({ status, awaiting: awaiting ? "true" : undefined, page, pageSize: PAGE_SIZE });
  const [deciding, setDeciding] = useState<ChangeRequest | null>(null);
  const phone = useIsPhone();
  const items = list.data?.items ?? [];
  const decideButton = (c: ChangeRequest) =>
    c.abilities.confirm || c.abilities.reject ? (
      <Button size="small" type="primary" onClick={() => setDeciding(c)}>
        处理
      </Button>
    ) : null;
  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }}>
      <Typography.Title level={1} style={{ margin: 0 }}>
        人员信息变更申请
      </Typography.Title>
      <Space wrap>
        <Select
          allowClear
          placeholder="状态"
          style={{ width: 140 }}
          value={status}
          onChange={(v) => setSearch({ status: v, page: undefined })}
          options={STATUSES.map((v) => ({ value: v, label: changeRequestStatus[v].text }))}
        />
        {can(me.data, "person.register") && (
          <Space>
            <Switch checked={awaiting} onChange={(v) => setSearch({ awaiting: v ? "true" : undefined, page: undefined })} aria-label="仅看待我确认" />
            仅看待我确认
          </Space>
        )}
      </Space>
      {list.isError && <Alert type="warning" showIcon title={errorText(list.error)} />}
      {phone ? (
        <PhoneList
          label="变更申请列表"
          items={items}
          rowKey={(c) => c.id}
          loading={list.isPending}
          title={(c) => `${c.personName} · ${c.idNumberMasked}`}
          extra={(c) => <StatusTag status={c.status} />}
          body={(c) => (
            <Space orientation="vertical" size={4} style={{ width: "100%" }}>
              <div>{changesText(c)}</div>
              <Typography.Text type="secondary">
                {filer(c)}提交于 {formatDateTime(c.filedAt)}
              </Typography.Text>
              {decideButton(c)}
            </Space>
          )}
          page={page}
          pageSize={PAGE_SIZE}
          total={list.data?.total ?? 0}
          totalText={(t) => `共 ${t} 件`}
          onPage={setPage}
        />
      ) : (
        <Table<ChangeRequest>
          rowKey="id"
          size="small"
          loading={list.isPending}
          dataSource={items}
          scroll={{ x: "max-content" }}
          pagination={{ current: page, total: list.data?.total ?? 0, pageSize: PAGE_SIZE, onChange: setPage, showSizeChanger: false, showTotal: (t) => `共 ${t} 件` }}
          columns={[
            { title: "姓名", dataIndex: "personName" },
            { title: "身份证号", dataIndex: "idNumberMasked" },
            { title: "变更内容", render: (_, c) => changesText(c) },
            { title: "提交方", render: (_, c) => filer(c) },
            { title: "提交时间", render: (_, c) => formatDateTime(c.filedAt) },
            { title: "状态", render: (_, c) => <StatusTag status={c.status} /> },
            { title: "操作", render: (_, c) => decideButton(c) },
          ]}
        />
      )}
      {deciding && <DecideDialog c={deciding} onClose={() => setDeciding(null)} />}
    </Space>
  );
}

/** Confirm (apply) or reject one request, with an optional note. */
function DecideDialog({ c, onClose }: { c: ChangeRequest; onClose: () => void }) {
  const decide = useDecideChangeRequest();
  const { message } = App.useApp();
  const [note, setNote] = useState("");
  const run = (decision: "confirm" | "reject") =>
    decide.mutate(
      { id: c.id, body: { decision, ...(note.trim() ? { note: note.trim() } : {}) } },
      {
        onSuccess: () => {
          message.success(decision === "confirm" ? "已确认，人员信息已更新" : "已驳回");
          onClose();
        },
      },
    );
  return (
    <Modal
      open
      title={`处理变更申请：${c.personName}`}
      onCancel={onClose}
      footer={[
        c.abilities.reject && (
          <Button key="reject" danger loading={decide.isPending && decide.variables?.body.decision === "reject"} onClick={() => run("reject")}>
            驳回
          </Button>
        ),
        c.abilities.confirm && (
          <Button key="confirm" type="primary" loading={decide.isPending && decide.variables?.body.decision === "confirm"} onClick={() => run("confirm")}>
            确认变更
          </Button>
        ),
      ]}
    >
      <Space orientation="vertical" size={8} style={{ width: "100%" }}>
        {decide.isError && <Alert type="error" showIcon title={errorText(decide.error)} />}
        <Descriptions size="small" column={1} bordered>
          {c.changes.map((x) => (
            <Descriptions.Item key={x.field} label={x.label}>
              {x.current ?? "（空）"} → <strong>{x.proposed}</strong>
            </Descriptions.Item>
          ))}
        </Descriptions>
        <Input.TextArea rows={2} maxLength={200} placeholder="处理说明（可选）" value={note} onChange={(e) => setNote(e.target.value)} aria-label="处理说明" />
      </Space>
    </Modal>
  );
}
