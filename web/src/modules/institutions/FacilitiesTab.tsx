import { App, Button, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Table, Typography } from "antd";
import { useState } from "react";
import { facilityTypes, type InstitutionView } from "../../../../shared/src/contracts/institutions.ts";
import { errorText } from "../../app/error-messages.ts";
import { applyApiErrorToForm } from "../../app/form-errors.ts";
import { facilityTypeLabels } from "./institution-labels.ts";
import { useInstitutionMutations } from "./institutions.api.ts";

type Facility = InstitutionView["facilities"][number];
type Sanction = InstitutionView["sanctions"][number];

/** 场地设施 */
export function FacilitiesTab({ inst }: { inst: InstitutionView }) {
  const { message } = App.useApp();
  const m = useInstitutionMutations(inst.id);
  const [adding, setAdding] = useState(false);
  const [form] = Form.useForm();
  const [alert, setAlert] = useState<string[]>([]);
  return (
    <Space orientation="vertical" style={{ width: "100%" }}>
      {inst.abilities.edit && <Button onClick={() => setAdding(true)}>添加场地设施</Button>}
      <Table<Facility>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={inst.facilities}
        scroll={{ x: 640 }}
        locale={{ emptyText: "尚未登记场地设施" }}
        columns={[
          { title: "名称", dataIndex: "name", width: 160 },
          { title: "类型", dataIndex: "type", width: 100, render: (v: string) => facilityTypeLabels[v] ?? v },
          { title: "面积（㎡）", dataIndex: "areaM2", width: 100 },
          { title: "容纳人数", dataIndex: "capacity", width: 100 },
          { title: "地址", dataIndex: "address" },
          ...(inst.abilities.edit
            ? [
                {
                  title: "操作",
                  key: "op",
                  width: 80,
                  render: (_: unknown, f: Facility) => (
                    <Popconfirm title={`删除 ${f.name}？`} onConfirm={() => m.removeFacility.mutate(f.id, { onError: (e) => message.error(errorText(e)) })}>
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
      {adding && (
        <Modal open title="添加场地设施" okText="添加" confirmLoading={m.addFacility.isPending} onCancel={() => setAdding(false)} onOk={() => form.submit()}>
          {alert.length > 0 && <Typography.Text type="danger">{alert.join("；")}</Typography.Text>}
          <Form form={form} layout="vertical" initialValues={{ type: "classroom" }} onFinish={(v) => m.addFacility.mutate(v, { onSuccess: () => setAdding(false), onError: (e) => setAlert(applyApiErrorToForm(form, e)) })}>
            <Form.Item name="name" label="名称" rules={[{ required: true, message: "请输入场地名称" }]}>
              <Input maxLength={100} />
            </Form.Item>
            <Form.Item name="type" label="类型">
              <Select options={facilityTypes.map((t) => ({ value: t, label: facilityTypeLabels[t] }))} />
            </Form.Item>
            <Space wrap>
              <Form.Item name="areaM2" label="面积（㎡）" rules={[{ required: true, message: "请输入面积" }]}>
                <InputNumber min={1} precision={0} />
              </Form.Item>
              <Form.Item name="capacity" label="容纳人数" rules={[{ required: true, message: "请输入人数" }]}>
                <InputNumber min={1} precision={0} />
              </Form.Item>
            </Space>
            <Form.Item name="address" label="地址" rules={[{ required: true, message: "请输入地址" }]}>
              <Input maxLength={200} />
            </Form.Item>
          </Form>
        </Modal>
      )}
    </Space>
  );
}

/** 处理记录: the sanctions history, newest first. */
export function SanctionsTab({ inst }: { inst: InstitutionView }) {
  return (
    <Table<Sanction>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={[...inst.sanctions].sort((a, b) => b.date.localeCompare(a.date))}
      scroll={{ x: 640 }}
      locale={{ emptyText: "没有处理记录" }}
      columns={[
        { title: "日期", dataIndex: "date", width: 110 },
        { title: "等级", key: "level", width: 260, render: (_, s) => `第 ${s.level} 级 · ${s.label}` },
        { title: "不得开班至", dataIndex: "until", width: 120, render: (v: string | null) => v ?? "—" },
        { title: "事由", dataIndex: "reason" },
      ]}
    />
  );
}
