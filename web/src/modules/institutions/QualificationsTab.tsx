import { App, Button, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Table, Tag } from "antd";
import { type ReactNode, useState } from "react";
import type { InstitutionView } from "../../../../shared/src/contracts/institutions.ts";
import { errorText } from "../../app/error-messages.ts";
import { applyApiErrorToForm } from "../../app/form-errors.ts";
import { levelLabels } from "./institution-labels.ts";
import { useInstitutionMutations } from "./institutions.api.ts";

type Qualification = InstitutionView["qualifications"][number];

const stateTags: Record<Qualification["state"], ReactNode> = {
  active: <Tag color="green">已核准</Tag>,
  proposed_add: <Tag color="gold">申请增加</Tag>,
  proposed_remove: <Tag color="orange">申请删除</Tag>,
};

type PendingChange = InstitutionView["pendingChanges"][number];
const shown = (v: PendingChange["before"]) => (Array.isArray(v) ? v.join("、") || "（无）" : v);

/**
 * 培训资质: approved ones, and proposed changes the county approves or rejects together — with the
 * name, type, address and program changes an approved institution made (before → after).
 */
export function QualificationsTab({ inst }: { inst: InstitutionView }) {
  const { message } = App.useApp();
  const m = useInstitutionMutations(inst.id);
  const [adding, setAdding] = useState(false);
  const pending = inst.qualifications.some((q) => q.state !== "active") || inst.pendingChanges.length > 0;
  const review = (decision: "approve" | "reject") =>
    m.reviewQualifications.mutate({ decision }, { onSuccess: () => message.success(decision === "approve" ? "已批准变更" : "已驳回变更"), onError: (e) => message.error(errorText(e)) });
  return (
    <Space orientation="vertical" style={{ width: "100%" }}>
      <Space wrap>
        {inst.abilities.edit && <Button onClick={() => setAdding(true)}>{inst.status === "approved" ? "申请增加资质" : "添加资质"}</Button>}
        {inst.abilities.reviewQualifications && pending && (
          <>
            <Button type="primary" onClick={() => review("approve")}>
              批准变更
            </Button>
            <Button onClick={() => review("reject")}>驳回变更</Button>
          </>
        )}
      </Space>
      {inst.pendingChanges.length > 0 && (
        <Table<PendingChange>
          rowKey="field"
          size="small"
          pagination={false}
          title={() => "待审核的机构信息变更"}
          dataSource={inst.pendingChanges}
          columns={[
            { title: "项目", dataIndex: "label", width: 120 },
            { title: "变更前", key: "before", render: (_, c) => shown(c.before) },
            { title: "变更后", key: "after", render: (_, c) => shown(c.after) },
          ]}
        />
      )}
      <Table<Qualification>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={inst.qualifications}
        scroll={{ x: 640 }}
        locale={{ emptyText: "尚未登记培训资质" }}
        columns={[
          { title: "职业编码 / 项目", key: "code", width: 130, render: (_, q) => q.occupationCode ?? q.projectName },
          { title: "职业（工种）", dataIndex: "occupationName", width: 140 },
          { title: "最高等级", dataIndex: "maxLevel", width: 130, render: (v: number | null) => (v ? levelLabels[v] : "不分等级") },
          { title: "同时在训容量", dataIndex: "capacity", width: 110 },
          { title: "状态", dataIndex: "state", width: 100, render: (s: Qualification["state"]) => stateTags[s] },
          ...(inst.abilities.edit
            ? [
                {
                  title: "操作",
                  key: "op",
                  width: 80,
                  render: (_: unknown, q: Qualification) =>
                    q.state === "active" || q.state === "proposed_add" ? (
                      <Popconfirm title="删除该资质？" description={inst.status === "approved" ? "将提交删除申请，待审核。" : undefined} onConfirm={() => m.removeQualification.mutate(q.id, { onError: (e) => message.error(errorText(e)) })}>
                        <Button type="link" size="small" danger>
                          删除
                        </Button>
                      </Popconfirm>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
      {adding && <QualificationModal instId={inst.id} onClose={() => setAdding(false)} />}
    </Space>
  );
}

function QualificationModal({ instId, onClose }: { instId: string; onClose: () => void }) {
  const [form] = Form.useForm();
  const m = useInstitutionMutations(instId);
  const [alert, setAlert] = useState<string[]>([]);
  return (
    <Modal open title="培训资质" okText="提交" confirmLoading={m.addQualification.isPending} onCancel={onClose} onOk={() => form.submit()}>
      {alert.length > 0 && <div style={{ color: "#cf1322", marginBottom: 8 }}>{alert.join("；")}</div>}
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) =>
          m.addQualification.mutate(
            { occupationCode: v.occupationCode || null, projectName: v.projectName || null, occupationName: v.occupationName, maxLevel: v.maxLevel ?? null, capacity: v.capacity },
            { onSuccess: onClose, onError: (e) => setAlert(applyApiErrorToForm(form, e, { codeFields: { "institution.qualification_duplicate": ["occupationCode"] } })) },
          )
        }
      >
        <Form.Item name="occupationCode" label="职业编码" extra="如 6-18-01-01；专项职业能力项目不填，改填项目名称">
          <Input maxLength={10} />
        </Form.Item>
        <Form.Item name="projectName" label="专项能力项目名称">
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="occupationName" label="职业（工种）或项目名称" rules={[{ required: true, message: "请输入名称" }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="maxLevel" label="最高等级">
          <Select allowClear options={[5, 4, 3, 2, 1].map((l) => ({ value: l, label: levelLabels[l] }))} />
        </Form.Item>
        <Form.Item name="capacity" label="同时在训容量（人）" rules={[{ required: true, message: "请输入容量" }]}>
          <InputNumber min={1} max={100000} precision={0} style={{ width: "100%" }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
