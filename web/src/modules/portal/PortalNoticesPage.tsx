import { Alert, Button, Card, Form, Input, Modal, Radio, Space, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { claimSubsidyTypeLabels } from "../../../../shared/src/contracts/subsidies.ts";
import { errorText } from "../../app/error-messages.ts";
import { applyApiErrorToForm } from "../../app/form-errors.ts";
import { formatFen } from "../../app/money.ts";
import { type PublicNotice, useObjection, usePublicNotice, usePublicNotices } from "./notices.api.ts";

type Line = PublicNotice["lines"][number];
const payeeLabels: Record<Line["payeeType"], string> = { institution: "培训机构", enterprise: "企业", person: "个人" };

/**
 * 补贴公示: approved subsidy lines published for 5 working days — payee, masked name and ID number,
 * standard and amount. Anyone may object to a line (with contact details) while the notice runs;
 * ended notices stay here, searchable.
 */
export function PortalNoticesPage() {
  const [q, setQ] = useState("");
  const [state, setState] = useState<"running" | "ended" | "">("");
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<string | null>(null);
  const list = usePublicNotices({ q: q || undefined, state: state || undefined, page, pageSize: 20 });
  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }}>
      <Typography.Title level={1} style={{ margin: 0 }}>
        补贴公示
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        经县级初审、市级复审通过的职业技能培训补贴，公示 5 个工作日（按法定节假日及调休安排计算）。对公示内容有异议的，可在公示期内对具体明细提出，并留下联系方式。
      </Typography.Paragraph>
      <Space wrap>
        <Input.Search allowClear placeholder="标题、编号或领取单位" onSearch={(v) => {
            setQ(v.trim());
            setPage(1);
          }} style={{ width: 260 }} />
        <Radio.Group value={state} onChange={(e) => {
            setState(e.target.value);
            setPage(1);
          }} optionType="button">
          <Radio.Button value="">全部</Radio.Button>
          <Radio.Button value="running">公示中</Radio.Button>
          <Radio.Button value="ended">已结束</Radio.Button>
        </Radio.Group>
      </Space>
      {list.isError && <Alert type="warning" showIcon title={errorText(list.error)} />}
      <Table
        rowKey="id"
        size="small"
        loading={list.isPending}
        dataSource={list.data?.items ?? []}
        scroll={{ x: true }}
        pagination={{ current: page, total: list.data?.total ?? 0, pageSize: 20, onChange: setPage }}
        columns={[
          { title: "公示标题", dataIndex: "title", render: (v: string, n) => <Button type="link" onClick={() => setOpen(n.id)} style={{ padding: 0 }}>{v}</Button> },
          { title: "编号", dataIndex: "code" },
          { title: "公示期", render: (_, n) => `${n.startsOn} 至 ${n.endsOn}` },
          { title: "状态", dataIndex: "running", render: (r: boolean) => (r ? <Tag color="green">公示中</Tag> : <Tag>已结束</Tag>) },
          { title: "人数", dataIndex: "lineCount" },
          { title: "金额合计", dataIndex: "totalFen", render: (v: number) => formatFen(v) },
        ]}
      />
      {open && <NoticeDetail id={open} onClose={() => setOpen(null)} />}
    </Space>
  );
}

function NoticeDetail({ id, onClose }: { id: string; onClose: () => void }) {
  const q = usePublicNotice(id);
  const [objecting, setObjecting] = useState<Line | null>(null);
  const n = q.data;
  return (
    <Card size="small" title={n ? `${n.title}（${n.startsOn} 至 ${n.endsOn}）` : "公示详情"} extra={<Button onClick={onClose}>收起</Button>}>
      {q.isError && <Alert type="warning" showIcon title={errorText(q.error)} />}
      <Table
        rowKey="lineId"
        size="small"
        loading={q.isPending}
        dataSource={n?.lines ?? []}
        scroll={{ x: true }}
        pagination={{ pageSize: 50 }}
        columns={[
          { title: "领取单位/个人", render: (_, l: Line) => `${l.payeeName}（${payeeLabels[l.payeeType]}）` },
          { title: "姓名", dataIndex: "personName" },
          { title: "身份证号", dataIndex: "idNumberMasked" },
          { title: "培训班", dataIndex: "classTitle", render: (t: string | null) => t ?? "—（本人申领）" },
          { title: "补贴类型", dataIndex: "subsidyType", render: (t: Line["subsidyType"]) => claimSubsidyTypeLabels[t] },
          { title: "标准", dataIndex: "standardFen", render: (v: number) => formatFen(v) },
          { title: "金额", dataIndex: "amountFen", render: (v: number) => formatFen(v) },
          {
            title: "",
            render: (_, l: Line) =>
              l.objected ? <Tag color="orange">异议核查中</Tag> : n?.running ? <Button size="small" onClick={() => setObjecting(l)}>提出异议</Button> : null,
          },
        ]}
      />
      {objecting && n && <ObjectionModal noticeId={n.id} line={objecting} onClose={() => setObjecting(null)} />}
    </Card>
  );
}

function ObjectionModal({ noticeId, line, onClose }: { noticeId: string; line: Line; onClose: () => void }) {
  const [form] = Form.useForm();
  const m = useObjection(noticeId);
  const [problems, setProblems] = useState<string[]>([]);
  return (
    <Modal
      open
      title={`对 ${line.personName}（${line.payeeName}）提出异议`}
      okText="提交"
      confirmLoading={m.isPending}
      onCancel={onClose}
      onOk={() =>
        form.validateFields().then((v) =>
          m.mutate(
            { lineId: line.lineId, ...v },
            { onSuccess: onClose, onError: (e) => setProblems(applyApiErrorToForm(form, e)) },
          ),
        )
      }
    >
      {problems.map((p) => (
        <Alert key={p} type="error" showIcon title={p} style={{ marginBottom: 8 }} />
      ))}
      <Form form={form} layout="vertical">
        <Form.Item name="contactName" label="联系人" rules={[{ required: true, message: "请填写联系人" }]}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="contactPhone" label="联系电话" rules={[{ required: true, message: "请填写联系电话" }]}>
          <Input maxLength={20} />
        </Form.Item>
        <Form.Item name="content" label="异议内容" rules={[{ required: true, message: "请说明异议内容" }]}>
          <Input.TextArea rows={4} maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
