import { type ReactNode, useState } from "react";
import { Alert, App, Button, Form, Input, Modal, Select, Space, Table, Tag, Typography } from "antd";
import dayjs from "dayjs";
import { Link } from "react-router";
import { claimSubsidyTypeLabels, noticeStateValues, type PublishNoticeBody } from "../../../../shared/src/contracts/subsidies.ts";
import { errorText } from "../../app/error-messages.ts";
import { applyApiErrorToForm } from "../../app/form-errors.ts";
import { formatDateTime } from "../../app/format.ts";
import { useIsPhone } from "../../app/layout/use-phone.ts";
import { formatFen } from "../../app/money.ts";
import { noticeState } from "../../app/status.ts";
import { intParam, oneOf, useSearchState } from "../../app/use-search-state.ts";
import { PhoneList } from "../../components/PhoneList.tsx";
import { type NoticeList, useNoticePreview, useNotices, usePublishNotice } from "./notices.api.ts";

const KEYS = ["state", "page"] as const;
const nowrap = (text: ReactNode) => <span style={{ whiteSpace: "nowrap" }}>{text}</span>;
type Notice = NoticeList["items"][number];

const stateTag = (n: Notice) => <Tag color={noticeState[n.state].color}>{noticeState[n.state].text}</Tag>;
const objections = (n: Notice) =>
  n.objectionCount === 0 ? (
    "无"
  ) : (
    <Link to={n.openObjectionCount ? "/notices/objections?status=open" : "/notices/objections"}>
      {n.objectionCount} 件{n.openObjectionCount ? `（${n.openObjectionCount} 件待处理）` : ""}
    </Link>
  );

/**
 * 公示管理: the notices publishing lines of claims in the officer's scope (公示中 / 公示期满), and
 * 发布公示 — the dialog shows what would be published before the officer confirms.
 */
export function NoticesPage() {
  const [s, setSearch] = useSearchState(KEYS);
  const state = oneOf(s.state, noticeStateValues);
  const page = intParam(s.page, 1);
  const setPage = (p: number) => setSearch({ page: p === 1 ? undefined : p });
  const list = useNotices({ state, page, pageSize: 20 });
  const [publishing, setPublishing] = useState(false);
  const phone = useIsPhone();
  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }}>
      <Typography.Title level={1} style={{ margin: 0 }}>
        公示管理
      </Typography.Title>
      <Space wrap>
        <Select
          allowClear
          placeholder="状态"
          aria-label="公示状态"
          style={{ width: 140 }}
          value={state}
          onChange={(v) => setSearch({ state: v, page: undefined })}
          options={noticeStateValues.map((v) => ({ value: v, label: noticeState[v].text }))}
        />
        <Button type="primary" onClick={() => setPublishing(true)}>
          发布公示
        </Button>
        <Link to="/notices/objections?status=open">待处理异议</Link>
      </Space>
      {list.isError && <Alert type="warning" showIcon title={errorText(list.error)} />}
      {phone ? (
        <PhoneList
          label="公示列表"
          items={list.data?.items ?? []}
          rowKey={(n) => n.id}
          loading={list.isPending}
          title={(n) => n.code}
          extra={stateTag}
          body={(n) => (
            <>
              <div>{n.title}</div>
              <Typography.Text type="secondary">
                公示期 {n.startsOn} 至 {n.endsOn}
              </Typography.Text>
              <div>
                {n.lineCount} 人次 · {formatFen(n.totalFen)}
              </div>
              <div>异议：{objections(n)}</div>
            </>
          )}
          page={page}
          pageSize={20}
          total={list.data?.total ?? 0}
          totalText={(t) => `共 ${t} 期`}
          onPage={setPage}
        />
      ) : (
        <Table
          rowKey="id"
          size="small"
          loading={list.isPending}
          dataSource={list.data?.items ?? []}
          scroll={{ x: true }}
          pagination={{ current: page, total: list.data?.total ?? 0, pageSize: 20, onChange: setPage, showTotal: (t) => `共 ${t} 期` }}
          columns={[
            { title: "公示编号", dataIndex: "code", render: (v: string) => <span style={{ whiteSpace: "nowrap" }}>{v}</span> },
            { title: "标题", dataIndex: "title" },
            { title: "公示期", render: (_, n) => <span style={{ whiteSpace: "nowrap" }}>{`${n.startsOn} 至 ${n.endsOn}`}</span> },
            { title: "明细", dataIndex: "lineCount", render: (v: number) => nowrap(`${v} 人次`) },
            { title: "金额", dataIndex: "totalFen", render: (v: number) => nowrap(formatFen(v)) },
            { title: "异议", render: (_, n) => objections(n) },
            { title: "发布时间", dataIndex: "publishedAt", render: (v: string) => <span style={{ whiteSpace: "nowrap" }}>{formatDateTime(v)}</span> },
            { title: "状态", render: (_, n) => stateTag(n) },
          ]}
        />
      )}
      {publishing && <PublishDialog onClose={() => setPublishing(false)} />}
    </Space>
  );
}

/** 发布公示: the approved claims not yet published in scope, their lines and total, a title, then confirm. */
function PublishDialog({ onClose }: { onClose: () => void }) {
  const preview = useNoticePreview(true);
  const publish = usePublishNotice();
  const [form] = Form.useForm<{ title: string }>();
  const [alert, setAlert] = useState<string | null>(null);
  const { message } = App.useApp();
  const p = preview.data;
  const phone = useIsPhone();
  const empty = p !== undefined && p.claimCount === 0;
  const submit = async ({ title }: { title: string }) => {
    if (!p || empty) return;
    setAlert(null);
    const body: PublishNoticeBody = { title, claimIds: p.claims.map((c) => c.claimId) };
    try {
      const n = await publish.mutateAsync(body);
      message.success(`已发布公示 ${n.code}，公示期 ${n.startsOn} 至 ${n.endsOn}`);
      onClose();
    } catch (e) {
      const rest = applyApiErrorToForm(form, e);
      if (rest.length) setAlert(rest.join("；"));
      void preview.refetch();
    }
  };
  return (
    <Modal
      open
      title="发布公示"
      okText="确认发布"
      okButtonProps={{ disabled: !p || empty }}
      onOk={() => form.submit()}
      confirmLoading={publish.isPending}
      onCancel={onClose}
      destroyOnHidden
      width={720}
    >
      <Typography.Paragraph type="secondary">复审通过、尚未公示且未暂停的明细将在门户网站公示 5 个工作日；公示期内任何人可提出异议，异议明细暂停支付直至处理。</Typography.Paragraph>
      {preview.isError && <Alert type="warning" showIcon title={errorText(preview.error)} style={{ marginBottom: 12 }} />}
      {alert && <Alert type="error" showIcon title={alert} style={{ marginBottom: 12 }} />}
      {empty && <Alert type="info" showIcon title="没有待公示的申领：复审通过后再来发布" style={{ marginBottom: 12 }} />}
      {p && !empty && (
        <>
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 12 }}
            title={`将公示 ${p.claimCount} 件申领、${p.lineCount} 人次，合计 ${formatFen(p.totalFen)}`}
            description={p.truncated ? "待公示的申领超过 200 件：本次公示最早通过的 200 件，其余请再次发布。" : undefined}
          />
          {phone ? (
            <ul className="phone-list" aria-label="待公示申领">
              {p.claims.map((c) => (
                <li key={c.claimId}>
                  <Link to={`/claims/${c.claimId}`}>{c.code}</Link>
                  <div>{`${c.claimant}${c.classTitle ? ` · ${c.classTitle}` : ""}`}</div>
                  <Typography.Text type="secondary">{`${claimSubsidyTypeLabels[c.subsidyType]} · ${c.lineCount} 人次 · ${formatFen(c.totalFen)}`}</Typography.Text>
                </li>
              ))}
            </ul>
          ) : (
          <Table
            rowKey="claimId"
            size="small"
            pagination={false}
            scroll={{ x: true, y: 240 }}
            dataSource={p.claims}
            aria-label="待公示申领"
            columns={[
              { title: "申领编号", dataIndex: "code", render: (v: string, c) => <Link to={`/claims/${c.claimId}`}>{v}</Link> },
              { title: "机构 / 培训班", render: (_, c) => `${c.claimant}${c.classTitle ? ` · ${c.classTitle}` : ""}` },
              { title: "类型", dataIndex: "subsidyType", render: (t: keyof typeof claimSubsidyTypeLabels) => claimSubsidyTypeLabels[t] },
              { title: "明细", dataIndex: "lineCount", render: (v: number) => nowrap(`${v} 人次`) },
              { title: "金额", dataIndex: "totalFen", render: (v: number) => nowrap(formatFen(v)) },
            ]}
          />
          )}
        </>
      )}
      <Form form={form} layout="vertical" name="publish-notice" style={{ marginTop: 12 }} initialValues={{ title: `${dayjs().format("YYYY年M月")}职业技能培训补贴公示` }} onFinish={submit}>
        <Form.Item name="title" label="公示标题" rules={[{ required: true, whitespace: true, message: "请填写公示标题" }, { max: 100, message: "最多 100 字" }]}>
          <Input maxLength={100} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
