import { Alert, App, Button, Form, Input, Modal, Popconfirm, Space } from "antd";
import { useState } from "react";
import { useNavigate } from "react-router";
import type { ClassAction, ClassView } from "../../../../shared/src/contracts/classes.ts";
import { errorText } from "../../app/error-messages.ts";
import { problemsOf } from "./class-form.ts";
import type { Problem } from "./class-labels.ts";
import { useTransition } from "./classes.api.ts";

const confirmText: Partial<Record<ClassAction, { label: string; title: string; done: string }>> = {
  submit: { label: "提交审核", title: "提交开班申请？", done: "已提交审核" },
  approve: { label: "审核通过", title: "审核通过该开班申请？", done: "已审核通过" },
  start: { label: "开班", title: "确认开班？", done: "已开班" },
  finish: { label: "结业", title: "确认结业？结业后录入考核成绩。", done: "已结业" },
  assess: { label: "完成评价并锁定", title: "完成评价后培训班锁定，学员、成绩和课程都不能再修改。确认？", done: "已完成评价并锁定" },
};

/** The buttons a class offers, exactly as its `abilities` say; return and cancel ask for reasons. */
export function ClassActions({ c, onProblems }: { c: ClassView; onProblems: (p: Problem[]) => void }) {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const t = useTransition(c.id);
  const [asking, setAsking] = useState<"return" | "cancel" | null>(null);
  const run = (action: ClassAction, reasons?: string[]) =>
    t.mutateAsync({ action, ...(reasons ? { reasons } : {}) }).then(
      () => {
        onProblems([]);
        message.success(confirmText[action]?.done ?? (action === "return" ? "已退回" : "已取消"));
        setAsking(null);
      },
      (e: unknown) => {
        const ps = problemsOf(e);
        if (ps.length) onProblems(ps);
        else message.error(errorText(e));
      },
    );
  const a = c.abilities;
  const shown = (["submit", "approve", "start", "finish", "assess"] as const).filter((k) => a[k]);
  return (
    <Space wrap>
      {a.edit && <Button onClick={() => navigate(`/classes/${c.id}/edit`)}>修改</Button>}
      {shown.map((k) => (
        <Popconfirm key={k} title={confirmText[k]!.title} okText="确认" onConfirm={() => run(k)}>
          <Button type={k === "approve" || k === "submit" ? "primary" : "default"} loading={t.isPending}>
            {confirmText[k]!.label}
          </Button>
        </Popconfirm>
      ))}
      {a.return && (
        <Button danger onClick={() => setAsking("return")}>
          退回
        </Button>
      )}
      {a.cancel && (
        <Button danger type="text" onClick={() => setAsking("cancel")}>
          取消开班
        </Button>
      )}
      {asking && <ReasonsModal kind={asking} busy={t.isPending} onClose={() => setAsking(null)} onOk={(r) => run(asking, r)} />}
    </Space>
  );
}

function ReasonsModal({ kind, busy, onClose, onOk }: { kind: "return" | "cancel"; busy: boolean; onClose: () => void; onOk: (reasons: string[]) => void }) {
  const [text, setText] = useState("");
  const reasons = text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  return (
    <Modal
      open
      title={kind === "return" ? "退回开班申请" : "取消开班"}
      okText={kind === "return" ? "退回" : "取消开班"}
      okButtonProps={{ danger: true, disabled: reasons.length === 0 }}
      confirmLoading={busy}
      onOk={() => onOk(kind === "return" ? reasons : [reasons.join("；")])}
      onCancel={onClose}
    >
      {kind === "return" && <Alert type="info" showIcon style={{ marginBottom: 12 }} title="请一次列明全部退回理由，每行一条。" />}
      <Form layout="vertical">
        <Form.Item label={kind === "return" ? "退回理由（每行一条）" : "取消原因"} required>
          <Input.TextArea aria-label="理由" rows={5} value={text} onChange={(e) => setText(e.target.value)} maxLength={5000} />
        </Form.Item>
      </Form>
      {kind === "return" && reasons.length > 0 && <div>共 {reasons.length} 条理由</div>}
    </Modal>
  );
}
