import { Alert, Form, Input, InputNumber, Modal } from "antd";
import type { TargetRow, TargetUnit } from "../../../../shared/src/contracts/targets.ts";
import { targetUnitLabels } from "../../../../shared/src/contracts/targets.ts";
import { isApiError } from "../../app/api-client.ts";
import { errorText } from "../../app/error-messages.ts";
import { applyApiErrorToForm } from "../../app/form-errors.ts";
import { formatTarget, periodLabel } from "./target-format.ts";
import { useSetTarget } from "./targets.api.ts";

/** The refusal with the numbers behind it: "下级目标合计将超过上级目标（合计 80,001，上级 80,000）". */
function refusalText(e: unknown, unit: TargetUnit): string {
  const base = errorText(e);
  if (!isApiError(e)) return base;
  const sum = e.detail<number>("childrenSum");
  const parent = e.detail<number>("parentTarget");
  if (e.code === "target.exceeds_parent" && sum !== undefined && parent !== undefined) return `${base}（合计 ${formatTarget(sum, unit)}，上级目标 ${formatTarget(parent, unit)}）`;
  if (e.code === "target.below_children" && sum !== undefined) return `${base}（已分解 ${formatTarget(sum, unit)}）`;
  return base;
}

export function TargetEditModal({ row, unit, lineName, onClose }: { row: TargetRow; unit: TargetUnit; lineName: string; onClose: () => void }) {
  const [form] = Form.useForm<{ target: number; reason: string }>();
  const m = useSetTarget();
  const submit = (v: { target: number; reason: string }) =>
    m.mutate(
      { period: row.period, line: row.line, regionCode: row.regionCode, departmentCode: row.departmentCode, target: v.target, reason: v.reason, baseVersion: row.version },
      { onSuccess: onClose, onError: (e) => applyApiErrorToForm(form, e) },
    );
  return (
    <Modal
      open
      title={`${row.target === null ? "下达" : "调整"}目标：${row.regionName}${row.departmentName ? ` · ${row.departmentName}` : ""}`}
      okText="保存"
      cancelText="取消"
      confirmLoading={m.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <p>
        {periodLabel(row.period)} · {lineName}
        {row.target !== null && `，当前 ${formatTarget(row.target, unit)}`}
      </p>
      {m.isError && <Alert type="error" showIcon title={refusalText(m.error, unit)} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" initialValues={{ target: row.target ?? undefined }} onFinish={submit}>
        <Form.Item name="target" label={`目标（${targetUnitLabels[unit]}）`} rules={[{ required: true, message: "请填写目标" }]}>
          <InputNumber min={0} precision={0} style={{ width: "100%" }} />
        </Form.Item>
        <Form.Item name="reason" label="依据或说明" rules={[{ required: true, min: 2, message: "请填写依据或说明（至少 2 个字）" }]}>
          <Input.TextArea rows={2} maxLength={200} placeholder="如：吉人社函〔2025〕12 号" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
