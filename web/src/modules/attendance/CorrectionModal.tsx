import { Alert, App, Form, Input, Modal, Radio, Select } from "antd";
import dayjs from "dayjs";
import { useState } from "react";
import type { ClassAttendanceSummary, CorrectionBody } from "../../../../shared/src/contracts/attendance.ts";
import { applyApiErrorToForm } from "../../app/form-errors.ts";
import { useFileCorrection } from "./attendance.api.ts";

/** File a correction (补正): a second person — the county officer — decides it. */
export function CorrectionModal({ summary, personId, now, onClose }: { summary: ClassAttendanceSummary; personId?: string; now: number; onClose: () => void }) {
  const [form] = Form.useForm<CorrectionBody>();
  const file = useFileCorrection(summary.classId);
  const { message } = App.useApp();
  const [alert, setAlert] = useState<string | null>(null);
  const started = summary.sessions.filter((s) => new Date(s.startsAt).getTime() <= now);

  const submit = async (v: CorrectionBody) => {
    setAlert(null);
    try {
      await file.mutateAsync(v);
      message.success("补正申请已提交，等待人社部门审核");
      onClose();
    } catch (e) {
      const rest = applyApiErrorToForm(form, e, { codeFields: { "attendance.correction_pending": ["personId"], "attendance.session_not_started": ["sessionId"] } });
      if (rest.length) setAlert(rest.join("；"));
    }
  };

  return (
    <Modal open title="提交考勤补正" okText="提交" onOk={() => form.submit()} confirmLoading={file.isPending} onCancel={onClose} destroyOnHidden>
      <Alert type="info" showIcon style={{ marginBottom: 12 }} title="补正须附证明材料，由人社部门审核通过后才计入出勤；提交人不能审核自己的申请。" />
      {alert && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={alert} />}
      <Form form={form} layout="vertical" name="correction" initialValues={{ personId, mark: "present" }} onFinish={submit}>
        <Form.Item name="personId" label="学员" rules={[{ required: true, message: "请选择学员" }]}>
          <Select showSearch={{ optionFilterProp: "label" }} options={summary.trainees.map((t) => ({ value: t.personId, label: `${t.name}（${t.idNumberMasked}）` }))} />
        </Form.Item>
        <Form.Item name="sessionId" label="课次" rules={[{ required: true, message: "请选择课次（已开始的课程）" }]}>
          <Select options={started.map((s) => ({ value: s.sessionId, label: `${dayjs(s.startsAt).format("M月D日 ddd HH:mm")}–${dayjs(s.endsAt).format("HH:mm")}` }))} notFoundContent="还没有已开始的课次" />
        </Form.Item>
        <Form.Item name="mark" label="更正为">
          <Radio.Group options={[{ value: "present", label: "出勤" }, { value: "absent", label: "缺勤" }]} optionType="button" />
        </Form.Item>
        <Form.Item name="reason" label="原因" rules={[{ required: true, whitespace: true, message: "请填写补正原因" }, { min: 2, message: "请填写补正原因" }]}>
          <Input.TextArea rows={3} maxLength={500} showCount placeholder="如：学员手机无法定位，已在现场核实到课" />
        </Form.Item>
        <Form.Item name="evidence" label="证明材料" rules={[{ required: true, whitespace: true, message: "请填写证明材料或编号" }]}>
          <Input.TextArea rows={2} maxLength={1000} placeholder="如：纸质签到表第 3 页、现场照片编号" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
