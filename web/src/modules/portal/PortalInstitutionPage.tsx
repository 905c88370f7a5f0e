import { ArrowLeftOutlined } from "@ant-design/icons";
import { Card, Descriptions, Result, Space, Spin, Table, Typography } from "antd";
import { Link, useParams } from "react-router";
import { errorText } from "../../app/error-messages.ts";
import { levelLabels, roleLabels } from "../institutions/institution-labels.ts";
import { usePublicInstitution } from "./portal.api.ts";

/** 机构公开信息: only what the catalogue publishes (no bank account, no teachers' ID numbers). */
export function PortalInstitutionPage() {
  const { id = "" } = useParams();
  const q = usePublicInstitution(id);
  if (q.isPending) return <Spin />;
  if (q.isError) return <Result status="warning" title={errorText(q.error)} extra={<Link to="/portal/institutions">返回机构目录</Link>} />;
  const inst = q.data;
  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }}>
      <Link to="/portal/institutions">
        <ArrowLeftOutlined /> 机构目录
      </Link>
      <Typography.Title level={1} style={{ margin: 0 }}>
        {inst.name}
      </Typography.Title>
      <Card size="small">
        <Descriptions size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label="统一社会信用代码">{inst.creditCode}</Descriptions.Item>
          <Descriptions.Item label="机构类型">
            {inst.typeLabel}（{roleLabels[inst.role]}）
          </Descriptions.Item>
          <Descriptions.Item label="所在地区">{inst.regionName}</Descriptions.Item>
          <Descriptions.Item label="地址">{inst.address}</Descriptions.Item>
          <Descriptions.Item label="咨询电话">{inst.publicPhone ?? "—"}</Descriptions.Item>
          <Descriptions.Item label="协议有效期至">{inst.agreementValidUntil ?? "—"}</Descriptions.Item>
          <Descriptions.Item label="师资 / 场地">
            {inst.teacherCount} 名教师 · {inst.facilityCount} 处场地
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small" title="可承担的培训（职业 / 工种）">
        <Table
          rowKey={(r) => `${r.occupationCode ?? r.projectName}`}
          size="small"
          pagination={false}
          dataSource={inst.qualifications}
          locale={{ emptyText: "暂无" }}
          columns={[
            { title: "职业（工种）", dataIndex: "occupationName" },
            { title: "最高等级", dataIndex: "maxLevel", render: (v: number | null) => (v ? levelLabels[v] : "专项能力") },
            { title: "容量", dataIndex: "capacity", width: 70 },
          ]}
        />
      </Card>
    </Space>
  );
}
