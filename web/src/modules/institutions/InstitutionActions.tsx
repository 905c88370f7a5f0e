import { App, Button, Form, Input, InputNumber, Modal, Popconfirm, Space, Typography } from "antd";
import dayjs from "dayjs";
import { useState } from "react";
import type { InstitutionView } from "../../../../shared/src/contracts/institutions.ts";
import { errorText } from "../../app/error-messages.ts";
import { previewSanctionLevel, sanctionLadder } from "./institution-labels.ts";
import { type TransitionAction, useInstitutionMutations } from "./institutions.api.ts";

const simple: { action: TransitionAction; label: string; confirm: string; primary?: boolean; danger?: boolean }[] = [
  { action: "approve", label: "审核通过", confirm: "通过后机构进入公开目录，协议有效期一年。", primary: true },
  { action: "resubmit", label: "重新提交审核", confirm: "提交后由所在县（市、区）人社部门审核。", primary: true },
  { action: "renew", label: "续签协议", confirm: "协议有效期延长一年。" },
  { action: "reinstate", label: "恢复", confirm: "处理期满，恢复机构的开班资格。" },
  { action: "reapply", label: "重新申请", confirm: "重新进入审核流程。" },
  { action: "withdraw", label: "退出目录", confirm: "退出后机构不再出现在公开目录，信息不能再修改。", danger: true },
];

/** The buttons an officer or the institution may press, as the record's `abilities` say. */
export function InstitutionActions({ inst }: { inst: InstitutionView }) {
  const { message } = App.useApp();
  const m = useInstitutionMutations(inst.id);
  const [dialog, setDialog] = useState<"return" | "sanction" | null>(null);
  const done = (text: string) => ({ onSuccess: () => message.success(text), onError: (e: unknown) => message.error(errorText(e)) });
  const a = inst.abilities;
  return (
    <Space wrap>
      {simple
        .filter((s) => a[s.action])
        .map((s) => (
          <Popconfirm key={s.action} title={`${s.label}：${inst.name}？`} description={s.confirm} okText={s.label} okButtonProps={{ danger: s.danger }} onConfirm={() => m.transition.mutate({ action: s.action }, done(`已${s.label}`))}>
            <Button type={s.primary ? "primary" : "default"} danger={s.danger} loading={m.transition.isPending && m.transition.variables?.action === s.action}>
              {s.label}
            </Button>
          </Popconfirm>
        ))}
      {a.return && <Button onClick={() => setDialog("return")}>退回修改</Button>}
      {a.sanction && (
        <Button danger onClick={() => setDialog("sanction")}>
          作出处理
        </Button>
      )}
      {dialog === "return" && (
        <ReasonModal
          title="退回修改"
          label="退回原因（机构将看到全部原因）"
          loading={m.transition.isPending}
          onCancel={() => setDialog(null)}
          onOk={(reason) => m.transition.mutate({ action: "return", reason }, { ...done("已退回"), onSettled: () => setDialog(null) })}
        />
      )}
      {dialog === "sanction" && <SanctionModal inst={inst} loading={m.sanction.isPending} onCancel={() => setDialog(null)} onOk={(b) => m.sanction.mutate(b, { ...done("已作出处理"), onSettled: () => setDialog(null) })} />}
    </Space>
  );
}

function ReasonModal({ title, label, loading, onCancel, onOk }: { title: string; label: string; loading: boolean; onCancel: () => void; onOk: (reason: string) => void }) {
  const [form] = Form.useForm<{ reason: string }>();
  return (
    <Modal open title={title} okText="确定" confirmLoading={loading} onCancel={onCancel} onOk={() => form.submit()}>
      <Form form={form} layout="vertical" onFinish={(v) => onOk(v.reason)}>
        <Form.Item name="reason" label={label} rules={[{ required: true, whitespace: true, message: "请填写原因" }]}>
          <Input.TextArea rows={4} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function SanctionModal({ inst, loading, onCancel, onOk }: { inst: InstitutionView; loading: boolean; onCancel: () => void; onOk: (b: { reason: string; level?: number }) => void }) {
  const [form] = Form.useForm<{ reason: string; level?: number }>();
  const requested = Form.useWatch("level", form) ?? undefined;
  const level = previewSanctionLevel(inst.sanctions, dayjs().format("YYYY-MM-DD"), requested);
  return (
    <Modal open title={`作出处理：${inst.name}`} okText="确定处理" okButtonProps={{ danger: true }} confirmLoading={loading} onCancel={onCancel} onOk={() => form.submit()}>
      <Form form={form} layout="vertical" onFinish={(v) => onOk({ reason: v.reason, level: v.level ?? undefined })}>
        <Typography.Paragraph>
          本次处理等级：<Typography.Text strong>第 {level} 级 · {sanctionLadder[level]}</Typography.Text>
          <br />
          <Typography.Text type="secondary">一年内再次处理自动升一级；首次严重违规可直接提高等级。</Typography.Text>
        </Typography.Paragraph>
        <Form.Item name="level" label="要求的最低等级（可选）">
          <InputNumber min={1} max={4} precision={0} style={{ width: 120 }} />
        </Form.Item>
        <Form.Item name="reason" label="处理事由" rules={[{ required: true, whitespace: true, message: "请填写处理事由" }]}>
          <Input.TextArea rows={4} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
