import { Alert, Button, Card, Descriptions, Form, Input, InputNumber, Modal, Result, Space, Spin, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { useParams } from "react-router";
import { claimSubsidyTypeLabels, type ClaimView } from "../../../../shared/src/contracts/subsidies.ts";
import { errorText } from "../../app/error-messages.ts";
import { formatDateTime } from "../../app/format.ts";
import { formatFen } from "../../app/money.ts";
import { claimStatusLabels, payeeTypeLabels } from "./claim-labels.ts";
import { applyApiErrorToForm } from "../../app/form-errors.ts";
import { type ClaimLine, useClaim, useInsuredMonths, useLineHold, useReviewClaim, useSignCommitment, useSubmitClaim } from "./subsidies.api.ts";

/** One claim: its lines with every decision and reason, the commitment, the reviews, and the buttons its abilities allow. */
export function ClaimDetailPage() {
  const { id } = useParams();
  const q = useClaim(id);
  if (q.isPending) return <Spin />;
  if (q.isError) return <Result status="warning" title={errorText(q.error)} />;
  const c = q.data;
  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }}>
      <Typography.Title level={1} style={{ margin: 0 }}>
        {c.code} <Tag color={claimStatusLabels[c.status].color}>{claimStatusLabels[c.status].label}</Tag>
      </Typography.Title>
      <Descriptions size="small" bordered column={{ xs: 1, md: 2 }}>
        {c.classId ? (
          <>
            <Descriptions.Item label="培训班">{`${c.classTitle}（${c.classCode}）`}</Descriptions.Item>
            <Descriptions.Item label="机构">{c.institutionName}</Descriptions.Item>
          </>
        ) : (
          <Descriptions.Item label="申领人">{c.personName}（本人申领）</Descriptions.Item>
        )}
        <Descriptions.Item label="补贴类型">{claimSubsidyTypeLabels[c.subsidyType]}</Descriptions.Item>
        <Descriptions.Item label="申领金额">{formatFen(c.totalFen)}</Descriptions.Item>
        <Descriptions.Item label="政策版本">{c.policyVersion}</Descriptions.Item>
        <Descriptions.Item label="审核期限">{c.dueDate ? `${c.dueDate}${c.overdue ? "（已超期）" : ""}` : "—"}</Descriptions.Item>
      </Descriptions>
      {c.returnReasons && c.status === "returned" && <Alert type="warning" showIcon title="退回理由" description={<ul style={{ margin: 0 }}>{c.returnReasons.map((r) => <li key={r}>{r}</li>)}</ul>} />}
      {c.classId ? <CommitmentCard claim={c} /> : <PersonCommitment claim={c} />}
      {c.abilities.verifyInsurance && c.subsidyType === "skill_upgrading" && <InsuredMonthsCard claim={c} />}
      <ReviewActions claim={c} />
      <LinesTable claim={c} />
      {c.reviews.length > 0 && (
        <Card size="small" title="审核记录">
          <Table
            rowKey={(r) => `${r.step}-${r.decidedAt}`}
            size="small"
            pagination={false}
            dataSource={c.reviews}
            columns={[
              { title: "环节", dataIndex: "step", render: (s: string) => (s === "county" ? "县级初审" : "市级复审") },
              { title: "决定", dataIndex: "decision", render: (d: string) => (d === "approve" ? "通过" : "退回") },
              { title: "理由", dataIndex: "reasons", render: (r: string[]) => r.join("；") || "—" },
              { title: "时间", dataIndex: "decidedAt", render: (v: string) => formatDateTime(v) },
            ]}
          />
        </Card>
      )}
    </Space>
  );
}

/** A person claim: the person signed the personal commitment when filing on the phone. */
function PersonCommitment({ claim: c }: { claim: ClaimView }) {
  const signed = c.commitment.signed;
  return signed ? <Alert type="success" showIcon title={`申领人已于 ${formatDateTime(signed.signedAt)} 签署个人承诺（文本 ${signed.textVersion}）`} /> : null;
}

/** Skill-upgrading: the county enters the unemployment-insurance months it checked, and on what. */
function InsuredMonthsCard({ claim: c }: { claim: ClaimView }) {
  const [form] = Form.useForm<{ months: number; evidence: string }>();
  const m = useInsuredMonths(c.id);
  return (
    <Card size="small" title="核验失业保险参保月数">
      <Form form={form} layout="inline" onFinish={(v) => m.mutate(v, { onError: (e) => applyApiErrorToForm(form, e) })}>
        <Form.Item name="months" label="参保月数" rules={[{ required: true, message: "请填写参保月数" }]}>
          <InputNumber min={0} max={600} precision={0} />
        </Form.Item>
        <Form.Item name="evidence" label="核验依据" rules={[{ required: true, message: "请说明核验依据" }]}>
          <Input style={{ width: 320 }} placeholder="如：失业保险缴费记录 2024-03 至 2026-02" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={m.isPending}>
          录入并重新判定
        </Button>
      </Form>
      {m.isError && <Alert type="error" showIcon title={errorText(m.error)} style={{ marginTop: 8 }} />}
    </Card>
  );
}

function CommitmentCard({ claim: c }: { claim: ClaimView }) {
  const sign = useSignCommitment(c.id);
  const submit = useSubmitClaim(c.id);
  const signed = c.commitment.signed;
  return (
    <Card size="small" title={`告知承诺书（${c.commitment.current.version}）`}>
      <Typography.Paragraph style={{ whiteSpace: "pre-wrap" }}>{c.commitment.current.text}</Typography.Paragraph>
      {signed ? <Alert type="success" showIcon title={`已于 ${formatDateTime(signed.signedAt)} 签署（文本 ${signed.textVersion}，摘要 ${signed.textHash.slice(0, 12)}…）`} /> : <Alert type="info" showIcon title="尚未签署：签署后方可提交" />}
      {(sign.isError || submit.isError) && <Alert type="error" showIcon title={errorText(sign.error ?? submit.error)} style={{ marginTop: 8 }} />}
      <Space style={{ marginTop: 8 }}>
        {c.abilities.sign && (
          <Button loading={sign.isPending} onClick={() => sign.mutate({ textVersion: c.commitment.current.version, textHash: c.commitment.current.hash })}>
            本单位已阅读并签署承诺
          </Button>
        )}
        {c.abilities.submit && (
          <Button type="primary" loading={submit.isPending} onClick={() => submit.mutate()}>
            提交申领
          </Button>
        )}
      </Space>
    </Card>
  );
}

function ReviewActions({ claim: c }: { claim: ClaimView }) {
  const review = useReviewClaim(c.id);
  const [returning, setReturning] = useState<"county" | "city" | null>(null);
  const [reasons, setReasons] = useState("");
  const step = c.abilities.countyApprove || c.abilities.countyReturn ? "county" : c.abilities.cityApprove || c.abilities.cityReturn ? "city" : null;
  if (!step) return null;
  const label = step === "county" ? "县级初审" : "市级复审";
  return (
    <Card size="small" title={label}>
      {review.isError && <Alert type="error" showIcon title={errorText(review.error)} style={{ marginBottom: 8 }} />}
      <Space>
        <Button type="primary" loading={review.isPending} onClick={() => review.mutate({ step, decision: "approve" })}>
          通过
        </Button>
        <Button danger onClick={() => setReturning(step)}>
          退回
        </Button>
      </Space>
      <Modal
        open={returning !== null}
        title="退回（每行一条理由，一次列明全部）"
        onCancel={() => setReturning(null)}
        onOk={() => {
          const list = reasons.split("\n").map((r) => r.trim()).filter(Boolean);
          review.mutate({ step, decision: "return", reasons: list }, { onSuccess: () => setReturning(null) });
        }}
        okButtonProps={{ disabled: !reasons.trim(), loading: review.isPending }}
      >
        <Input.TextArea rows={5} value={reasons} onChange={(e) => setReasons(e.target.value)} />
      </Modal>
    </Card>
  );
}

function LinesTable({ claim: c }: { claim: ClaimView }) {
  const hold = useLineHold(c.id);
  const decide = (line: ClaimLine, action: "hold" | "release") => {
    let reason = "";
    Modal.confirm({
      title: action === "hold" ? `暂停 ${line.name} 的明细` : `解除 ${line.name} 的暂停`,
      content: <Input.TextArea rows={3} placeholder="请说明理由" onChange={(e) => (reason = e.target.value)} />,
      onOk: () => hold.mutateAsync({ lineId: line.id, action, body: { reason } }),
    });
  };
  return (
    <Card size="small" title={`申领明细（${c.lines.length} 人）`}>
      {hold.isError && <Alert type="error" showIcon title={errorText(hold.error)} style={{ marginBottom: 8 }} />}
      <Table
        rowKey="id"
        size="small"
        dataSource={c.lines}
        scroll={{ x: true }}
        pagination={{ pageSize: 50 }}
        expandable={{
          expandedRowRender: (l) => (
            <ul style={{ margin: 0 }}>
              {l.checks.map((k) => (
                <li key={k.code} style={{ color: k.ok ? undefined : "#cf1322" }}>
                  {k.ok ? "✓" : "✗"} {k.reason}
                </li>
              ))}
            </ul>
          ),
        }}
        columns={[
          { title: "姓名", dataIndex: "name" },
          { title: "身份证号", dataIndex: "idNumberMasked" },
          { title: "资格", dataIndex: "eligible", render: (e: boolean) => (e ? <Tag color="green">符合</Tag> : <Tag color="red">不符合</Tag>) },
          { title: "理由", dataIndex: "reason" },
          { title: "金额", dataIndex: "amountFen", render: (v: number) => formatFen(v) },
          { title: "领取方", render: (_, l) => `${l.payee.name}（${payeeTypeLabels[l.payee.type]}）` },
          { title: "预警", dataIndex: "warnings", render: (w: ClaimLine["warnings"]) => w.map((x) => <Tag key={x.code} color="orange">{x.message}</Tag>) },
          {
            title: "暂停",
            render: (_, l) => (
              <Space>
                {l.held && <Tag color="red">已暂停：{l.holdReason}</Tag>}
                {l.abilities.hold && <Button size="small" onClick={() => decide(l, "hold")}>暂停</Button>}
                {l.abilities.release && <Button size="small" onClick={() => decide(l, "release")}>解除</Button>}
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}
