import { ArrowLeftOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Descriptions, Form, Modal, Popconfirm, Result, Space, Spin, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { Link, useParams } from "react-router";
import { type ItemView, type StandardSubsidyType, type StandardView, standardSubsidyTypeLabels } from "../../../../shared/src/contracts/catalogue.ts";
import { errorText } from "../../app/error-messages.ts";
import { applyApiErrorToForm } from "../../app/form-errors.ts";
import { formatFen } from "../../app/money.ts";
import { can, useMe } from "../../app/session.ts";
import { useCatalogueMutations, useItem, useStandardList } from "./catalogue.api.ts";
import { itemStatusLabels, modeLabels, useCodeLabels } from "./code-labels.ts";
import { toVersion, type VersionValues, VersionFields, versionDefaults } from "./ItemFormModal.tsx";
import { StandardFormModal } from "./StandardFormModal.tsx";

type Version = ItemView["versions"][number];

function AddVersionModal({ item, onClose }: { item: ItemView; onClose: () => void }) {
  const [form] = Form.useForm<VersionValues>();
  const { addVersion } = useCatalogueMutations();
  const [alert, setAlert] = useState<string[]>([]);
  return (
    <Modal open title="新增版本" width={{ xs: "100%", md: 760 }} okText="保存" confirmLoading={addVersion.isPending} onCancel={onClose} onOk={() => form.submit()}>
      {alert.length > 0 && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={alert.join("；")} />}
      <Form form={form} layout="vertical" initialValues={versionDefaults} onFinish={(v) => addVersion.mutate({ id: item.id, body: toVersion(v) }, { onSuccess: onClose, onError: (e) => setAlert(applyApiErrorToForm(form, e)) })}>
        <VersionFields />
      </Form>
    </Modal>
  );
}

/** 培训项目详情: versions by effective date and the subsidy standards of each region. */
export function CatalogueItemDetailPage() {
  const { id = "" } = useParams();
  const me = useMe();
  const { message } = App.useApp();
  const codes = useCodeLabels();
  const q = useItem(id);
  const standards = useStandardList({ itemId: id, pageSize: 200 }, can(me.data, "catalogue.read"));
  const { setStatus, deleteStandard } = useCatalogueMutations();
  const [dialog, setDialog] = useState<{ kind: "version" } | { kind: "standard"; standard?: StandardView } | null>(null);
  if (q.isPending) return <Spin />;
  if (q.isError) return <Result status="warning" title={errorText(q.error)} extra={<Link to="/catalogue">返回项目目录</Link>} />;
  const item = q.data;
  const mayStandards = can(me.data, "standard.manage");
  const act = (action: "publish" | "withdraw") =>
    setStatus.mutate({ id: item.id, action }, { onSuccess: () => message.success(action === "publish" ? "已发布" : "已撤销"), onError: (e) => message.error(errorText(e)) });
  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }}>
      <Link to="/catalogue">
        <ArrowLeftOutlined /> 培训项目目录
      </Link>
      <Space style={{ width: "100%", justifyContent: "space-between" }} wrap>
        <Space wrap>
          <Typography.Title level={1} style={{ margin: 0 }}>
            {item.displayName}
          </Typography.Title>
          <Tag color={itemStatusLabels[item.status]?.color}>{itemStatusLabels[item.status]?.text}</Tag>
        </Space>
        <Space wrap>
          {item.abilities.publish && (
            <Popconfirm title="发布该项目？" description="发布后项目出现在公开目录，各地可按此开班。" okText="发布" onConfirm={() => act("publish")}>
              <Button type="primary">发布</Button>
            </Popconfirm>
          )}
          {item.abilities.addVersion && <Button onClick={() => setDialog({ kind: "version" })}>新增版本</Button>}
          {item.abilities.withdraw && (
            <Popconfirm title="撤销该项目？" okText="撤销" okButtonProps={{ danger: true }} onConfirm={() => act("withdraw")}>
              <Button danger>撤销</Button>
            </Popconfirm>
          )}
        </Space>
      </Space>
      <Card size="small" title="基本信息">
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label="项目编号">{item.code}</Descriptions.Item>
          <Descriptions.Item label="职业">{item.occupation ? `${item.occupation.code} ${item.occupation.name}（${item.occupation.edition}版）` : "—"}</Descriptions.Item>
          <Descriptions.Item label="培训类型">{codes.name("training_type", item.trainingType)}</Descriptions.Item>
          <Descriptions.Item label="证书类型">{item.certificateTypes.map((c) => codes.name("certificate_type", c)).join("、")}</Descriptions.Item>
          <Descriptions.Item label="技能等级">{item.skillLevels.map((l) => codes.name("skill_level", l)).join("、") || "不分等级"}</Descriptions.Item>
          <Descriptions.Item label="行业">{codes.name("industry", item.industryCode)}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small" title="版本（按生效日期）">
        <Table<Version>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={item.versions}
          scroll={{ x: 640 }}
          columns={[
            { title: "生效期间", key: "dates", width: 200, render: (_, v) => `${v.effectiveFrom} 至 ${v.effectiveTo ?? "长期"}${v.id === item.currentVersion?.id ? "（现行）" : ""}` },
            { title: "课时", key: "hours", width: 100, render: (_, v) => `${v.minHours}–${v.maxHours}` },
            { title: "理论/实操最低占比", key: "pct", width: 150, render: (_, v) => `${v.minTheoryPercent}% / ${v.minPracticePercent}%` },
            { title: "培训方式", dataIndex: "modes", render: (m: string[]) => m.map((x) => modeLabels[x]).join("、") },
          ]}
        />
      </Card>
      <Card size="small" title="补贴标准" extra={mayStandards && <Button onClick={() => setDialog({ kind: "standard" })}>设定补贴标准</Button>}>
        <Table<StandardView>
          rowKey="id"
          size="small"
          pagination={false}
          loading={standards.isFetching}
          dataSource={standards.data?.items ?? []}
          scroll={{ x: 860 }}
          locale={{ emptyText: "尚未设定补贴标准" }}
          columns={[
            { title: "补贴类型", dataIndex: "subsidyType", width: 100, render: (v: StandardSubsidyType) => standardSubsidyTypeLabels[v] },
            { title: "地区", dataIndex: "regionName", width: 110 },
            { title: "证书类型", dataIndex: "certificateType", width: 150, render: (v: string) => codes.name("certificate_type", v) },
            { title: "等级", dataIndex: "skillLevel", width: 120, render: (v: string | null) => (v ? codes.name("skill_level", v) : "不分等级") },
            { title: "标准（元/人）", dataIndex: "amountFen", width: 120, align: "right", render: (v: number) => formatFen(v) },
            { title: "生效期间", key: "dates", width: 200, render: (_, s) => `${s.effectiveFrom} 至 ${s.effectiveTo ?? "长期"}` },
            {
              title: "操作",
              key: "op",
              width: 120,
              render: (_, s) => (
                <Space size={0}>
                  {s.abilities.update && (
                    <Button type="link" size="small" onClick={() => setDialog({ kind: "standard", standard: s })}>
                      修改
                    </Button>
                  )}
                  {s.abilities.delete && (
                    <Popconfirm title="删除该标准？" onConfirm={() => deleteStandard.mutate(s.id, { onError: (e) => message.error(errorText(e)) })}>
                      <Button type="link" size="small" danger>
                        删除
                      </Button>
                    </Popconfirm>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      {dialog?.kind === "version" && <AddVersionModal item={item} onClose={() => setDialog(null)} />}
      {dialog?.kind === "standard" && <StandardFormModal item={item} standard={dialog.standard} onClose={() => setDialog(null)} />}
    </Space>
  );
}
