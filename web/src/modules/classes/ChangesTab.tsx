import { App, Button, Col, Form, Input, InputNumber, Modal, Row, Select, Space, Table, Tag } from "antd";
import { useState } from "react";
import type { ChangeBody, ClassView } from "../../../../shared/src/contracts/classes.ts";
import { errorText } from "../../app/error-messages.ts";
import { formatDateTime } from "../../app/format.ts";
import { problemsOf } from "./class-form.ts";
import { changeKindLabels, type Problem } from "./class-labels.ts";
import { useClassChanges, useFileChange } from "./classes.api.ts";
import { useInstitution, useRosterCandidates } from "./pickers.api.ts";
import { ProblemList } from "./ProblemList.tsx";

type Kind = ChangeBody["kind"];

/** 变更报备: the history of filed changes (every version kept) and a form to file a new one. */
export function ChangesTab({ c }: { c: ClassView }) {
  const changes = useClassChanges(c.id);
  const [open, setOpen] = useState(false);
  return (
    <Space orientation="vertical" style={{ width: "100%" }}>
      {c.abilities.fileChange && (
        <Button type="primary" onClick={() => setOpen(true)}>
          报备变更
        </Button>
      )}
      <Table
        size="small"
        rowKey="id"
        loading={changes.isLoading}
        dataSource={changes.data?.items ?? []}
        pagination={false}
        scroll={{ x: 700 }}
        locale={{ emptyText: "暂无变更" }}
        columns={[
          { title: "版本", dataIndex: "revision", width: 70, render: (v: number) => `第 ${v} 版` },
          { title: "变更", dataIndex: "kind", width: 110, render: (v: string) => <Tag>{changeKindLabels[v] ?? v}</Tag> },
          { title: "原因", dataIndex: "reason", width: 240 },
          { title: "报备时间", dataIndex: "filedAt", width: 150, render: (v: string) => formatDateTime(v) },
        ]}
      />
      {open && <ChangeModal c={c} onClose={() => setOpen(false)} />}
    </Space>
  );
}

interface Values {
  kind: Kind;
  sessionId?: string;
  personId?: string;
  reason: string;
  date?: string;
  startTime?: string;
  endTime?: string;
  teacherId?: string;
  content?: string;
  theoryMinutes?: number;
  practiceMinutes?: number;
  place?: string;
}

function toBody(v: Values): ChangeBody {
  const session = { date: v.date ?? "", startTime: v.startTime ?? "", endTime: v.endTime ?? "", teacherId: v.teacherId ?? "", content: v.content ?? "", theoryMinutes: v.theoryMinutes ?? 0, practiceMinutes: v.practiceMinutes ?? 0, place: v.place ?? "", requireCheckOut: false };
  switch (v.kind) {
    case "session_add":
      return { kind: v.kind, session, reason: v.reason };
    case "session_update":
      return { kind: v.kind, sessionId: v.sessionId ?? "", session, reason: v.reason };
    case "session_cancel":
      return { kind: v.kind, sessionId: v.sessionId ?? "", reason: v.reason };
    default:
      return { kind: v.kind, personId: v.personId ?? "", reason: v.reason };
  }
}

function ChangeModal({ c, onClose }: { c: ClassView; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const file = useFileChange(c.id);
  const inst = useInstitution(c.institutionId);
  const persons = useRosterCandidates();
  const kind = Form.useWatch("kind", form);
  const [problems, setProblems] = useState<Problem[]>([]);
  const planned = c.sessions.filter((s) => s.status === "planned");
  const enrolled = c.roster.filter((e) => e.status === "enrolled");
  const withSession = kind === "session_add" || kind === "session_update";
  const submit = (v: Values) =>
    file.mutateAsync(toBody(v)).then(
      () => {
        message.success("变更已报备");
        onClose();
      },
      (e: unknown) => {
        const ps = problemsOf(e);
        setProblems(ps.length ? ps : [{ code: "error", message: errorText(e) }]);
      },
    );
  return (
    <Modal open title="报备变更" okText="报备" width={{ xs: "100%", md: 720 }} onOk={() => form.submit()} confirmLoading={file.isPending} onCancel={onClose}>
      <ProblemList title="变更未通过检查" problems={problems} />
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ kind: "session_add" }} style={{ marginTop: 12 }}>
        <Form.Item name="kind" label="变更类型" rules={[{ required: true }]}>
          <Select options={Object.entries(changeKindLabels).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        {(kind === "session_update" || kind === "session_cancel") && (
          <Form.Item name="sessionId" label="课程" rules={[{ required: true, message: "请选择课程" }]}>
            <Select options={planned.map((s, i) => ({ value: s.id, label: `第 ${i + 1} 次 ${s.date} ${s.content}` }))} />
          </Form.Item>
        )}
        {kind === "roster_withdraw" && (
          <Form.Item name="personId" label="学员" rules={[{ required: true, message: "请选择学员" }]}>
            <Select options={enrolled.map((e) => ({ value: e.personId, label: `${e.name}（${e.idNumberMasked}）` }))} />
          </Form.Item>
        )}
        {kind === "roster_add" && (
          <Form.Item name="personId" label="学员" rules={[{ required: true, message: "请选择学员" }]}>
            <Select showSearch={{ optionFilterProp: "label" }} options={persons.data?.items.filter((p) => !enrolled.some((e) => e.personId === p.id)).map((p) => ({ value: p.id, label: `${p.name}（${p.idNumberMasked}）` }))} />
          </Form.Item>
        )}
        {withSession && (
          <Row gutter={12}>
            <Col xs={24} md={8}>
              <Form.Item name="date" label="日期" rules={[{ required: true, message: "请选择" }]}>
                <Input type="date" />
              </Form.Item>
            </Col>
            <Col xs={12} md={8}>
              <Form.Item name="startTime" label="开始" rules={[{ required: true, message: "请填写" }]}>
                <Input type="time" />
              </Form.Item>
            </Col>
            <Col xs={12} md={8}>
              <Form.Item name="endTime" label="结束" rules={[{ required: true, message: "请填写" }]}>
                <Input type="time" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="teacherId" label="教师" rules={[{ required: true, message: "请选择" }]}>
                <Select options={inst.data?.teachers.map((t) => ({ value: t.id, label: t.name }))} />
              </Form.Item>
            </Col>
            <Col xs={12} md={8}>
              <Form.Item name="theoryMinutes" label="理论(分钟)" rules={[{ required: true, message: "请填写" }]}>
                <InputNumber min={0} max={1440} style={{ width: "100%" }} />
              </Form.Item>
            </Col>
            <Col xs={12} md={8}>
              <Form.Item name="practiceMinutes" label="实操(分钟)" rules={[{ required: true, message: "请填写" }]}>
                <InputNumber min={0} max={1440} style={{ width: "100%" }} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="content" label="内容" rules={[{ required: true, message: "请填写" }]}>
                <Input maxLength={500} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="place" label="地点" rules={[{ required: true, message: "请填写" }]}>
                <Input maxLength={200} />
              </Form.Item>
            </Col>
          </Row>
        )}
        <Form.Item name="reason" label="变更原因" rules={[{ required: true, whitespace: true, message: "请说明变更原因" }]}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
