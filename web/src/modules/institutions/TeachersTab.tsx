import { App, Button, Form, Input, Modal, Popconfirm, Select, Space, Table } from "antd";
import { useState } from "react";
import { type InstitutionView, teacherInput } from "../../../../shared/src/contracts/institutions.ts";
import { contractRule } from "../../app/contract-rule.ts";
import { errorText } from "../../app/error-messages.ts";
import { applyApiErrorToForm } from "../../app/form-errors.ts";
import { revealTeacherId, useInstitutionMutations } from "./institutions.api.ts";

type Teacher = InstitutionView["teachers"][number];

/** 师资: ID numbers masked; the full number only on request, with the permission, and audited. */
export function TeachersTab({ inst }: { inst: InstitutionView }) {
  const { message } = App.useApp();
  const m = useInstitutionMutations(inst.id);
  const [revealed, setRevealed] = useState<Record<string, string>>({});
  const [adding, setAdding] = useState(false);
  const reveal = async (t: Teacher) => {
    try {
      const r = await revealTeacherId(inst.id, t.id);
      setRevealed((prev) => ({ ...prev, [t.id]: r.idNumber }));
    } catch (e) {
      message.error(errorText(e));
    }
  };
  return (
    <Space orientation="vertical" style={{ width: "100%" }}>
      {inst.abilities.edit && <Button onClick={() => setAdding(true)}>添加师资</Button>}
      <Table<Teacher>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={inst.teachers}
        scroll={{ x: 720 }}
        locale={{ emptyText: "尚未登记师资" }}
        columns={[
          { title: "姓名", dataIndex: "name", width: 100 },
          {
            title: "身份证号",
            key: "id",
            width: 260,
            render: (_, t) => (
              <Space>
                <span style={{ fontFamily: "monospace" }}>{revealed[t.id] ?? t.idNumberMasked}</span>
                {inst.abilities.viewSensitive && !revealed[t.id] && (
                  <Button size="small" type="link" onClick={() => void reveal(t)}>
                    查看完整证件号
                  </Button>
                )}
              </Space>
            ),
          },
          { title: "资格与专长", dataIndex: "qualifications", render: (v: string) => v || "—" },
          { title: "用工方式", dataIndex: "employment", width: 90, render: (v: string) => (v === "full_time" ? "专职" : "兼职") },
          ...(inst.abilities.edit
            ? [
                {
                  title: "操作",
                  key: "op",
                  width: 80,
                  render: (_: unknown, t: Teacher) => (
                    <Popconfirm title={`删除师资 ${t.name}？`} onConfirm={() => m.removeTeacher.mutate(t.id, { onError: (e) => message.error(errorText(e)) })}>
                      <Button type="link" size="small" danger>
                        删除
                      </Button>
                    </Popconfirm>
                  ),
                },
              ]
            : []),
        ]}
      />
      {adding && <TeacherModal instId={inst.id} onClose={() => setAdding(false)} />}
    </Space>
  );
}

function TeacherModal({ instId, onClose }: { instId: string; onClose: () => void }) {
  const [form] = Form.useForm();
  const m = useInstitutionMutations(instId);
  const [alert, setAlert] = useState<string[]>([]);
  const shape = teacherInput.shape;
  return (
    <Modal open title="添加师资" okText="添加" confirmLoading={m.addTeacher.isPending} onCancel={onClose} onOk={() => form.submit()}>
      {alert.length > 0 && <div style={{ color: "#cf1322", marginBottom: 8 }}>{alert.join("；")}</div>}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ employment: "full_time" }}
        onFinish={(v) => m.addTeacher.mutate(v, { onSuccess: onClose, onError: (e) => setAlert(applyApiErrorToForm(form, e, { codeFields: { "institution.teacher_duplicate": ["idNumber"] } })) })}
      >
        <Form.Item name="name" label="姓名" rules={[{ required: true, message: "请输入姓名" }, contractRule(shape.name)]}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="idNumber" label="身份证号" rules={[{ required: true, message: "请输入身份证号" }]}>
          <Input maxLength={18} autoComplete="off" />
        </Form.Item>
        <Form.Item name="qualifications" label="资格与专长">
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        <Form.Item name="employment" label="用工方式">
          <Select options={[{ value: "full_time", label: "专职" }, { value: "part_time", label: "兼职" }]} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
