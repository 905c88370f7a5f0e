import { type ReactNode, useState } from "react";
import { Alert, App, Button, Descriptions, Form, Input, Modal, Radio, Select, Space, Table, Tag, Typography } from "antd";
import { Link } from "react-router";
import { type ObjectionDecisionBody, objectionStatusValues } from "../../../../shared/src/contracts/subsidies.ts";
import { errorText } from "../../app/error-messages.ts";
import { applyApiErrorToForm } from "../../app/form-errors.ts";
import { formatDateTime } from "../../app/format.ts";
import { useIsPhone } from "../../app/layout/use-phone.ts";
import { formatFen } from "../../app/money.ts";
import { objectionStatus } from "../../app/status.ts";
import { intParam, oneOf, useSearchState } from "../../app/use-search-state.ts";
import { PhoneList } from "../../components/PhoneList.tsx";
import { type ObjectionItem, useDecideObjection, useObjections } from "./notices.api.ts";

const KEYS = ["status", "page"] as const;
const nowrap = (text: ReactNode) => <span style={{ whiteSpace: "nowrap" }}>{text}</span>;

const statusTag = (o: ObjectionItem) => <Tag color={objectionStatus[o.status].color}>{objectionStatus[o.status].text}</Tag>;
const claimLink = (o: ObjectionItem) => <Link to={`/claims/${o.claimId}`}>{o.claimCode}</Link>;
const person = (o: ObjectionItem) => `${o.line.personName}（${o.line.idNumberMasked}）`;
const decision = (o: ObjectionItem) => (o.decisionReason ? <Typography.Text type="secondary">处理意见：{o.decisionReason}</Typography.Text> : null);

/**
 * 异议处理: objections to published lines of claims in the officer's scope. The officer checks the
 * claim and decides: 异议成立 keeps the line held, 异议不成立 releases it — always with a reason.
 * The status filter lives in the address (the home page's to-do opens ?status=open).
 */
export function ObjectionsPage() {
  const [s, setSearch] = useSearchState(KEYS);
  const status = oneOf(s.status, objectionStatusValues);
  const page = intParam(s.page, 1);
  const setPage = (p: number) => setSearch({ page: p === 1 ? undefined : p });
  const list = useObjections({ status, page, pageSize: 20 });
  const [deciding, setDeciding] = useState<ObjectionItem | null>(null);
  const phone = useIsPhone();
  const decideButton = (o: ObjectionItem) =>
    o.abilities.decide ? (
      <Button size="small" type="primary" onClick={() => setDeciding(o)}>
        处理
      </Button>
    ) : null;
  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }}>
      <Typography.Title level={1} style={{ margin: 0 }}>
        异议处理
      </Typography.Title>
      <Space wrap>
        <Select
          allowClear
          placeholder="状态"
          aria-label="异议状态"
          style={{ width: 160 }}
          value={status}
          onChange={(v) => setSearch({ status: v, page: undefined })}
          options={objectionStatusValues.map((v) => ({ value: v, label: objectionStatus[v].text }))}
        />
        <Link to="/notices">公示管理</Link>
      </Space>
      {list.isError && <Alert type="warning" showIcon title={errorText(list.error)} />}
      {phone ? (
        <PhoneList
          label="异议列表"
          items={list.data?.items ?? []}
          rowKey={(o) => o.id}
          loading={list.isPending}
          title={claimLink}
          extra={statusTag}
          body={(o) => (
            <>
              <div>
                {person(o)} · {formatFen(o.line.amountFen)}
              </div>
              <Typography.Text type="secondary">
                {o.notice.code} · {formatDateTime(o.createdAt)}
              </Typography.Text>
              <div>{o.content}</div>
              <div>
                {o.contactName} {o.contactPhone}
              </div>
              {decision(o)}
              {decideButton(o) && <div>{decideButton(o)}</div>}
            </>
          )}
          page={page}
          pageSize={20}
          total={list.data?.total ?? 0}
          totalText={(t) => `共 ${t} 件`}
          onPage={setPage}
        />
      ) : (
        <Table
          rowKey="id"
          size="small"
          loading={list.isPending}
          dataSource={list.data?.items ?? []}
          scroll={{ x: true }}
          pagination={{ current: page, total: list.data?.total ?? 0, pageSize: 20, onChange: setPage, showTotal: (t) => `共 ${t} 件` }}
          columns={[
            { title: "提出时间", dataIndex: "createdAt", render: (v: string) => nowrap(formatDateTime(v)) },
            {
              title: "公示 / 申领",
              render: (_, o) => (
                <>
                  <div title={o.notice.title}>{nowrap(o.notice.code)}</div>
                  <div>{nowrap(claimLink(o))}</div>
                </>
              ),
            },
            {
              title: "学员 / 金额",
              render: (_, o) => (
                <>
                  <div>{nowrap(person(o))}</div>
                  <Typography.Text type="secondary">{`${o.line.payeeName} · ${formatFen(o.line.amountFen)}`}</Typography.Text>
                </>
              ),
            },
            { title: "异议内容", dataIndex: "content", onCell: () => ({ style: { minWidth: 220 } }) },
            {
              title: "联系人",
              render: (_, o) => (
                <>
                  <div>{nowrap(o.contactName)}</div>
                  <div>{nowrap(o.contactPhone)}</div>
                </>
              ),
            },
            {
              title: "状态",
              onCell: () => ({ style: { minWidth: 140 } }),
              render: (_, o) => (
                <Space orientation="vertical" size={0}>
                  {statusTag(o)}
                  {decision(o)}
                </Space>
              ),
            },
            { title: "操作", fixed: "end", render: (_, o) => decideButton(o) },
          ]}
        />
      )}
      {deciding && <DecideDialog objection={deciding} onClose={() => setDeciding(null)} />}
    </Space>
  );
}

/** 处理异议: uphold (the line stays held) or dismiss (released for payment), with the reason on record. */
function DecideDialog({ objection: o, onClose }: { objection: ObjectionItem; onClose: () => void }) {
  const [form] = Form.useForm<ObjectionDecisionBody>();
  const decide = useDecideObjection();
  const [alert, setAlert] = useState<string | null>(null);
  const { message } = App.useApp();
  const submit = async (body: ObjectionDecisionBody) => {
    setAlert(null);
    try {
      await decide.mutateAsync({ id: o.id, body });
      message.success(body.decision === "upheld" ? "已认定异议成立，该明细保持暂停" : "已认定异议不成立，该明细恢复支付");
      onClose();
    } catch (e) {
      const rest = applyApiErrorToForm(form, e);
      if (rest.length) setAlert(rest.join("；"));
    }
  };
  return (
    <Modal open title="处理异议" okText="确认" onOk={() => form.submit()} confirmLoading={decide.isPending} onCancel={onClose} destroyOnHidden>
      <Descriptions size="small" column={1} bordered style={{ marginBottom: 12 }} styles={{ label: { whiteSpace: "nowrap" } }}>
        <Descriptions.Item label="公示">{`${o.notice.code}（${o.notice.title}）`}</Descriptions.Item>
        <Descriptions.Item label="申领">{claimLink(o)}</Descriptions.Item>
        <Descriptions.Item label="学员">{person(o)}</Descriptions.Item>
        <Descriptions.Item label="收款方 / 金额">{`${o.line.payeeName} · ${formatFen(o.line.amountFen)}`}</Descriptions.Item>
        <Descriptions.Item label="异议内容">{o.content}</Descriptions.Item>
        <Descriptions.Item label="联系人">{`${o.contactName} ${o.contactPhone}`}</Descriptions.Item>
      </Descriptions>
      {alert && <Alert type="error" showIcon title={alert} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" name="decide-objection" onFinish={submit}>
        <Form.Item name="decision" label="处理结果" rules={[{ required: true, message: "请选择处理结果" }]}>
          <Radio.Group
            options={[
              { value: "dismissed", label: "异议不成立（恢复支付）" },
              { value: "upheld", label: "异议成立（保持暂停）" },
            ]}
          />
        </Form.Item>
        <Form.Item name="reason" label="处理理由" rules={[{ required: true, whitespace: true, message: "请说明处理理由" }]}>
          <Input.TextArea rows={3} maxLength={500} showCount placeholder="如：考勤与结业考核记录齐全，异议不成立" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
