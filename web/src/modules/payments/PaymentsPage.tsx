import { Alert, App, Button, Card, Checkbox, DatePicker, Form, Input, Select, Space, Table, Tabs, Tag, Typography, Upload } from "antd";
import dayjs from "dayjs";
import { useState } from "react";
import { orderKindLabels, payeeTypeLabels } from "../../../../shared/src/contracts/payments.ts";
import { errorText } from "../../app/error-messages.ts";
import { formatFen, yuanToFen } from "../../app/money.ts";
import { can, useMe } from "../../app/session.ts";
import { paymentBatchStatus, paymentOrderStatus } from "../../app/status.ts";
import { useIsPhone } from "../../app/layout/use-phone.ts";
import { PhoneList } from "../../components/PhoneList.tsx";
import { type Batches, type ClaimPayments, type Order, useAccounts, useAdvance, useBatch, useBatches, useClaimPayments, useCreateBatch, useImportResult, useOrders, useReceivables, useRecover, useSaveAccount, useSettle } from "./payments.api.ts";

const tag = (s: { text: string; color: string }) => <Tag color={s.color}>{s.text}</Tag>;

/** 补贴拨付: finance pays approved claims — advances, settlements, bank batches, receivables, payee accounts. */
export function PaymentsPage() {
  const me = useMe();
  const manage = can(me.data, "payment.manage");
  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        补贴拨付
      </Typography.Title>
      <Tabs
        items={[
          { key: "claims", label: "待拨付申领", children: <ClaimsTab manage={manage} /> },
          { key: "orders", label: "支付指令", children: <OrdersTab manage={manage} /> },
          { key: "batches", label: "支付批次", children: <BatchesTab manage={manage} /> },
          { key: "receivables", label: "应收款", children: <ReceivablesTab manage={manage} /> },
          { key: "accounts", label: "收款账户", children: <AccountsTab manage={manage} /> },
        ]}
      />
    </Space>
  );
}

function ClaimsTab({ manage }: { manage: boolean }) {
  const [page, setPage] = useState(1);
  const list = useClaimPayments({ page, pageSize: 20 });
  const advance = useAdvance();
  const settle = useSettle();
  const { message } = App.useApp();
  const [amounts, setAmounts] = useState<Record<string, string>>({});
  const failed = advance.error ?? settle.error;
  const phone = useIsPhone();
  type Row = ClaimPayments["items"][number];
  const actions = (r: Row) =>
    manage && (
      <Space wrap>
        {r.advanceAllowed ? (
          <Space.Compact>
            <Input
              aria-label="预拨金额（元）"
              style={{ width: 120 }}
              placeholder={`≤ ${(r.maxAdvanceFen / 100).toFixed(2)} 元`}
              value={amounts[r.claimId] ?? ""}
              onChange={(e) => setAmounts({ ...amounts, [r.claimId]: e.target.value })}
            />
            <Button
              loading={advance.isPending}
              onClick={() => {
                const fen = yuanToFen(amounts[r.claimId]);
                if (!fen) return message.warning("请填写预拨金额（元，最多两位小数）");
                advance.mutate({ claimId: r.claimId, amountFen: fen }, { onSuccess: () => message.success("已生成预拨指令，待编入支付批次") });
              }}
            >
              预拨
            </Button>
          </Space.Compact>
        ) : (
          <Typography.Text type="secondary">不预拨</Typography.Text>
        )}
        <Button disabled={!r.clearedUnsettledLines} loading={settle.isPending} onClick={() => settle.mutate(r.claimId, { onSuccess: () => message.success("已生成清算指令") })}>
          清算
        </Button>
      </Space>
    );
  return (
    <Space orientation="vertical" style={{ width: "100%" }}>
      {list.isError && <Alert type="warning" showIcon title={errorText(list.error)} />}
      {failed && <Alert type="error" showIcon title={errorText(failed)} />}
      {phone ? (
        <PhoneList
          label="待拨付申领"
          items={list.data?.items ?? []}
          rowKey={(r) => r.claimId}
          loading={list.isFetching}
          title={(r) => r.claimCode}
          body={(r) => (
            <>
              <div>{`${r.classTitle} · ${r.institutionName}`}</div>
              <div>审核通过 {`${r.approvedLines} 人 ${formatFen(r.approvedFen)}`}</div>
              <div>公示期满待清算 {r.clearedUnsettledLines ? `${r.clearedUnsettledLines} 人 ${formatFen(r.clearedUnsettledFen)}` : "—"}</div>
              <div>已支付 {formatFen(r.paidFen)}</div>
              {manage && <div>{actions(r)}</div>}
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
        rowKey="claimId"
        size="small"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 900 }}
        pagination={{ current: page, total: list.data?.total ?? 0, pageSize: 20, onChange: setPage }}
        columns={[
          { title: "申领编号", dataIndex: "claimCode", width: 200 },
          { title: "培训班 / 机构", key: "c", render: (_, r) => `${r.classTitle} · ${r.institutionName}` },
          { title: "审核通过", key: "a", render: (_, r) => `${r.approvedLines} 人 ${formatFen(r.approvedFen)}` },
          { title: "公示期满待清算", key: "s", render: (_, r) => (r.clearedUnsettledLines ? `${r.clearedUnsettledLines} 人 ${formatFen(r.clearedUnsettledFen)}` : "—") },
          { title: "已支付", dataIndex: "paidFen", render: (v: number) => formatFen(v) },
          {
            title: "操作",
            key: "op",
            width: 300,
            render: (_, r) => actions(r),
          },
        ]}
      />
      )}
    </Space>
  );
}

function account(o: Order) {
  return o.account ? (
    <span>
      {o.account.bankName} {o.account.accountNumberMasked}
      {o.status === "returned" && !o.accountCorrected && <Typography.Text type="danger">（待更正）</Typography.Text>}
    </span>
  ) : (
    <Typography.Text type="danger">未登记</Typography.Text>
  );
}

function OrdersTab({ manage }: { manage: boolean }) {
  const [status, setStatus] = useState<string | undefined>("ready");
  const [page, setPage] = useState(1);
  const list = useOrders({ status, page, pageSize: 50 });
  const [selected, setSelected] = useState<string[]>([]);
  const create = useCreateBatch();
  const { message } = App.useApp();
  const phone = useIsPhone();
  const selectable = (o: Order) => manage && (o.status === "ready" || (o.status === "returned" && o.accountCorrected)) && !!o.account;
  return (
    <Space orientation="vertical" style={{ width: "100%" }}>
      <Space wrap>
        <Select
          allowClear
          placeholder="状态"
          style={{ width: 140 }}
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
            setSelected([]);
          }}
          options={Object.entries(paymentOrderStatus).map(([value, s]) => ({ value, label: s.text }))}
        />
        {manage && (
          <Button type="primary" disabled={!selected.length} loading={create.isPending} onClick={() => create.mutate(selected, { onSuccess: (b) => {
                setSelected([]);
                message.success(`已生成支付批次 ${b.code}`);
              } })}>
            编入支付批次（{selected.length}）
          </Button>
        )}
      </Space>
      {create.error && <Alert type="error" showIcon title={errorText(create.error)} />}
      {list.isError && <Alert type="warning" showIcon title={errorText(list.error)} />}
      {phone ? (
        <PhoneList
          label="支付指令"
          items={list.data?.items ?? []}
          rowKey={(o) => o.id}
          loading={list.isFetching}
          title={(o) =>
            manage ? (
              <Checkbox
                disabled={!selectable(o)}
                checked={selected.includes(o.id)}
                onChange={(e) => setSelected(e.target.checked ? [...selected, o.id] : selected.filter((id) => id !== o.id))}
              >
                {o.code}
              </Checkbox>
            ) : (
              o.code
            )
          }
          extra={(o) => tag(paymentOrderStatus[o.status])}
          body={(o) => (
            <>
              <div>{`${orderKindLabels[o.kind]} · ${o.payeeName}（${payeeTypeLabels[o.payeeType]}）`}</div>
              <div>实付 {formatFen(o.amountFen)}</div>
              <div>{account(o)}</div>
              {o.bankReference && <div>流水号 {o.bankReference}</div>}
              <Typography.Text type="secondary">{o.explanation}</Typography.Text>
            </>
          )}
          page={page}
          pageSize={50}
          total={list.data?.total ?? 0}
          totalText={(t) => `共 ${t} 笔`}
          onPage={setPage}
        />
      ) : (
      <Table
        rowKey="id"
        size="small"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 1000 }}
        pagination={{ current: page, total: list.data?.total ?? 0, pageSize: 50, onChange: setPage }}
        rowSelection={manage ? { selectedRowKeys: selected, onChange: (k) => setSelected(k as string[]), getCheckboxProps: (o) => ({ disabled: !selectable(o) }) } : undefined}
        expandable={{ expandedRowRender: (o) => <Typography.Text>{o.explanation}</Typography.Text> }}
        columns={[
          { title: "指令号", dataIndex: "code", width: 210 },
          { title: "类型", dataIndex: "kind", width: 70, render: (k: Order["kind"]) => orderKindLabels[k] },
          { title: "收款方", key: "p", render: (_, o) => `${o.payeeName}（${payeeTypeLabels[o.payeeType]}）` },
          { title: "实付金额", dataIndex: "amountFen", render: (v: number) => formatFen(v) },
          { title: "状态", dataIndex: "status", render: (s: Order["status"]) => tag(paymentOrderStatus[s]) },
          { title: "收款账户", key: "acct", render: (_, o) => account(o) },
          { title: "银行流水号", dataIndex: "bankReference", render: (v: string | null) => v ?? "—" },
        ]}
      />
      )}
    </Space>
  );
}

function BatchesTab({ manage }: { manage: boolean }) {
  const [page, setPage] = useState(1);
  const list = useBatches({ page, pageSize: 20 });
  const [open, setOpen] = useState<string | null>(null);
  const detail = useBatch(open);
  const upload = useImportResult();
  const { message } = App.useApp();
  const phone = useIsPhone();
  const actions = (b: Batches["items"][number]) => (
    <Space wrap>
      <Button size="small" onClick={() => setOpen(open === b.id ? null : b.id)}>
        {open === b.id ? "收起" : "明细"}
      </Button>
      {manage && (
        <Button size="small" href={`/api/payments/batches/${b.id}/file`}>
          下载支付文件
        </Button>
      )}
      {manage && b.status === "sent" && (
        <Upload
          accept=".xlsx"
          showUploadList={false}
          beforeUpload={(file) => {
            upload.mutate({ batchId: b.id, file }, { onSuccess: () => message.success("回盘已导入：成功的已入账，退回的待更正账户后重发") });
            return false;
          }}
        >
          <Button size="small" type="primary" loading={upload.isPending}>
            导入银行回盘
          </Button>
        </Upload>
      )}
    </Space>
  );
  return (
    <Space orientation="vertical" style={{ width: "100%" }}>
      {upload.error && <Alert type="error" showIcon title={errorText(upload.error)} />}
      {phone ? (
        <PhoneList
          label="支付批次"
          items={list.data?.items ?? []}
          rowKey={(b) => b.id}
          loading={list.isFetching}
          title={(b) => b.code}
          extra={(b) => tag(paymentBatchStatus[b.status])}
          body={(b) => (
            <>
              <div>{`${b.rowCount} 笔 · 合计 ${formatFen(b.totalFen)}`}</div>
              {b.status === "reconciled" && <div>{`成功 ${formatFen(b.paidFen)} / 退回 ${formatFen(b.returnedFen)}`}</div>}
              <div>{actions(b)}</div>
            </>
          )}
          page={page}
          pageSize={20}
          total={list.data?.total ?? 0}
          totalText={(t) => `共 ${t} 批`}
          onPage={setPage}
        />
      ) : (
      <Table
        rowKey="id"
        size="small"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 900 }}
        pagination={{ current: page, total: list.data?.total ?? 0, pageSize: 20, onChange: setPage }}
        columns={[
          { title: "批次号", dataIndex: "code", width: 220 },
          { title: "笔数", dataIndex: "rowCount", width: 60 },
          { title: "合计", dataIndex: "totalFen", render: (v: number) => formatFen(v) },
          { title: "状态", dataIndex: "status", render: (s: "sent" | "reconciled") => tag(paymentBatchStatus[s]) },
          { title: "成功 / 退回", key: "r", render: (_, b) => (b.status === "reconciled" ? `${formatFen(b.paidFen)} / ${formatFen(b.returnedFen)}` : "—") },
          {
            title: "操作",
            key: "op",
            width: 320,
            render: (_, b) => actions(b),
          },
        ]}
      />
      )}
      {open && detail.data && (
        <Card size="small" title={`${detail.data.code} 校验值 ${detail.data.controlHash.slice(0, 16)}…`}>
          <Table
            rowKey="rowNo"
            size="small"
            pagination={false}
            scroll={{ x: 700 }}
            dataSource={detail.data.rows ?? []}
            columns={[
              { title: "序号", dataIndex: "rowNo", width: 60 },
              { title: "收款户名", dataIndex: "accountName" },
              { title: "账号", dataIndex: "accountNumberMasked" },
              { title: "金额", dataIndex: "amountFen", render: (v: number) => formatFen(v) },
              { title: "结果", dataIndex: "status", render: (s: "sent" | "paid" | "returned") => tag(paymentBatchStatus[s]) },
              { title: "流水号 / 退回原因", key: "x", render: (_, r) => r.bankReference ?? r.returnReason ?? "—" },
            ]}
          />
        </Card>
      )}
    </Space>
  );
}

function ReceivablesTab({ manage }: { manage: boolean }) {
  const [page, setPage] = useState(1);
  const list = useReceivables({ open: "true", page, pageSize: 50 });
  const recover = useRecover();
  const [form] = Form.useForm();
  const [target, setTarget] = useState<string | null>(null);
  const { message } = App.useApp();
  const phone = useIsPhone();
  const items = list.data?.items ?? [];
  return (
    <Space orientation="vertical" style={{ width: "100%" }}>
      <Typography.Text type="secondary">预拨多于清算金额的部分：在该收款方下次支付时自动抵扣，或登记追回。</Typography.Text>
      {recover.error && <Alert type="error" showIcon title={errorText(recover.error)} />}
      {phone ? (
        <PhoneList
          label="应收款"
          items={items}
          rowKey={(r) => r.id}
          loading={list.isFetching}
          title={(r) => r.payeeName}
          extra={(r) => `未收回 ${formatFen(r.outstandingFen)}`}
          body={(r) => (
            <>
              <div>{`来源指令 ${r.originOrderCode} · 应收 ${formatFen(r.amountFen)}`}</div>
              {manage && (
                <Button size="small" style={{ marginTop: 6 }} onClick={() => setTarget(r.id)}>
                  登记追回
                </Button>
              )}
            </>
          )}
          page={page}
          pageSize={50}
          total={list.data?.total ?? 0}
          totalText={(t) => `共 ${t} 笔`}
          onPage={setPage}
        />
      ) : (
      <Table
        rowKey="id"
        size="small"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 700 }}
        pagination={{ current: page, total: list.data?.total ?? 0, pageSize: 50, onChange: setPage }}
        columns={[
          { title: "收款方", dataIndex: "payeeName" },
          { title: "来源指令", dataIndex: "originOrderCode" },
          { title: "应收", dataIndex: "amountFen", render: (v: number) => formatFen(v) },
          { title: "未收回", dataIndex: "outstandingFen", render: (v: number) => formatFen(v) },
          { title: "操作", key: "op", render: (_, r) => manage && <Button size="small" onClick={() => setTarget(r.id)}>登记追回</Button> },
        ]}
      />
      )}
      {target && (
        <Card size="small" title="登记追回">
          <Form
            form={form}
            layout="inline"
            onFinish={(v: { yuan: string; bankReference: string; valueDate: dayjs.Dayjs }) => {
              const fen = yuanToFen(v.yuan);
              if (!fen) return message.warning("金额须为元，最多两位小数");
              recover.mutate({ id: target, amountFen: fen, bankReference: v.bankReference, valueDate: v.valueDate.format("YYYY-MM-DD") }, { onSuccess: () => {
                setTarget(null);
                form.resetFields();
                message.success("已登记追回并入账");
              } });
            }}
          >
            <Form.Item name="yuan" label="金额（元）" rules={[{ required: true }]}>
              <Input style={{ width: 120 }} />
            </Form.Item>
            <Form.Item name="bankReference" label="银行流水号" rules={[{ required: true }]}>
              <Input style={{ width: 160 }} />
            </Form.Item>
            <Form.Item name="valueDate" label="到账日期" initialValue={dayjs()} rules={[{ required: true }]}>
              <DatePicker />
            </Form.Item>
            <Button htmlType="submit" type="primary" loading={recover.isPending}>
              确认
            </Button>
          </Form>
        </Card>
      )}
    </Space>
  );
}

function AccountsTab({ manage }: { manage: boolean }) {
  const [page, setPage] = useState(1);
  const list = useAccounts({ page, pageSize: 50 });
  // the payees to pick from, by name: those of payment orders (a new account) and of accounts on file (a correction)
  const orders = useOrders({ page: 1, pageSize: 200 });
  const payees = new Map<string, string>();
  for (const o of orders.data?.items ?? []) payees.set(`${o.payeeType}:${o.payeeId}`, `${o.payeeName}（${payeeTypeLabels[o.payeeType]}）${o.account ? "" : " · 未登记账户"}`);
  for (const a of list.data?.items ?? []) if (!payees.has(`${a.payeeType}:${a.payeeId}`)) payees.set(`${a.payeeType}:${a.payeeId}`, `${a.payeeName}（${payeeTypeLabels[a.payeeType]}）`);
  const save = useSaveAccount();
  const [form] = Form.useForm();
  const { message } = App.useApp();
  const phone = useIsPhone();
  const items = list.data?.items ?? [];
  const versionText = (a: (typeof items)[number]) => (a.status === "active" ? `第 ${a.version} 版（在用）` : `第 ${a.version} 版（已更正）`);
  return (
    <Space orientation="vertical" style={{ width: "100%" }}>
      {manage && (
        <Card size="small" title="登记或更正收款账户（账号加密保存，更正须说明理由）">
          <Form form={form} layout="vertical" onFinish={({ payee, ...v }) => save.mutate({ ...v, payeeType: String(payee).split(":")[0] ?? "", payeeId: String(payee).split(":")[1] ?? "" }, { onSuccess: () => {
                form.resetFields();
                message.success("收款账户已保存");
              } })}>
            <Space wrap align="start">
              <Form.Item name="payee" label="收款方" rules={[{ required: true, message: "请选择收款方" }]} tooltip="支付指令中的收款方，或已登记账户的收款方（更正）">
                <Select style={{ width: 320 }} showSearch optionFilterProp="label" loading={orders.isPending} options={[...payees].map(([value, label]) => ({ value, label }))} />
              </Form.Item>
              <Form.Item name="accountName" label="户名" rules={[{ required: true }]}>
                <Input style={{ width: 200 }} />
              </Form.Item>
              <Form.Item name="bankName" label="开户银行" rules={[{ required: true }]}>
                <Input style={{ width: 200 }} />
              </Form.Item>
              <Form.Item name="accountNumber" label="账号" rules={[{ required: true }]}>
                <Input style={{ width: 220 }} />
              </Form.Item>
              <Form.Item name="reason" label="更正理由">
                <Input style={{ width: 240 }} />
              </Form.Item>
            </Space>
            <Button htmlType="submit" type="primary" loading={save.isPending}>
              保存
            </Button>
          </Form>
          {save.error && <Alert style={{ marginTop: 8 }} type="error" showIcon title={errorText(save.error)} />}
        </Card>
      )}
      {phone ? (
        <PhoneList
          label="收款账户"
          items={items}
          rowKey={(a) => a.id}
          loading={list.isFetching}
          title={(a) => `${a.payeeName}（${payeeTypeLabels[a.payeeType]}）`}
          extra={versionText}
          body={(a) => (
            <>
              <div>{`${a.accountName} · ${a.bankName}`}</div>
              <div>{a.accountNumberMasked}</div>
              {a.reason && <div>{`更正理由：${a.reason}`}</div>}
            </>
          )}
          page={page}
          pageSize={50}
          total={list.data?.total ?? 0}
          totalText={(t) => `共 ${t} 个账户版本`}
          onPage={setPage}
        />
      ) : (
      <Table
        rowKey="id"
        size="small"
        loading={list.isFetching}
        dataSource={items}
        scroll={{ x: 700 }}
        pagination={{ current: page, total: list.data?.total ?? 0, pageSize: 50, onChange: setPage }}
        columns={[
          { title: "收款方", key: "p", render: (_, a) => `${a.payeeName}（${payeeTypeLabels[a.payeeType]}）` },
          { title: "户名", dataIndex: "accountName" },
          { title: "开户银行", dataIndex: "bankName" },
          { title: "账号", dataIndex: "accountNumberMasked" },
          { title: "版本", key: "v", render: (_, a) => versionText(a) },
          { title: "更正理由", dataIndex: "reason", render: (v: string | null) => v ?? "—" },
        ]}
      />
      )}
    </Space>
  );
}


