import { ArrowLeftOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Descriptions, Result, Space, Spin, Tabs, Tag, Typography } from "antd";
import { useState } from "react";
import { Link, Navigate, useParams } from "react-router";
import type { InstitutionView } from "../../../../shared/src/contracts/institutions.ts";
import { programText } from "../../app/codes.ts";
import { errorText } from "../../app/error-messages.ts";
import { formatDateTime } from "../../app/format.ts";
import { useMe } from "../../app/session.ts";
import { useReference } from "../reference/reference.api.ts";
import { FacilitiesTab, SanctionsTab } from "./FacilitiesTab.tsx";
import { InstitutionActions } from "./InstitutionActions.tsx";
import { InstitutionEditModal } from "./InstitutionEditModal.tsx";
import { roleLabels, statusLabels } from "./institution-labels.ts";
import { useInstitution } from "./institutions.api.ts";
import { QualificationsTab } from "./QualificationsTab.tsx";
import { TeachersTab } from "./TeachersTab.tsx";

function BasicInfo({ inst }: { inst: InstitutionView }) {
  const ref = useReference();
  return (
    <Descriptions size="small" bordered column={{ xs: 1, md: 2 }}>
      <Descriptions.Item label="统一社会信用代码">{inst.creditCode}</Descriptions.Item>
      <Descriptions.Item label="机构类型">
        {inst.typeLabel}（{roleLabels[inst.role]}）
      </Descriptions.Item>
      <Descriptions.Item label="所在地区">{inst.regionName}</Descriptions.Item>
      <Descriptions.Item label="地址">{inst.address}</Descriptions.Item>
      <Descriptions.Item label="许可证编号">{inst.licenceNo}</Descriptions.Item>
      <Descriptions.Item label="许可证有效期至">{inst.licenceValidUntil}</Descriptions.Item>
      <Descriptions.Item label="协议有效期至">{inst.agreementValidUntil ?? "—"}</Descriptions.Item>
      <Descriptions.Item label="暂停开班至">{inst.sanctionedUntil ?? "—"}</Descriptions.Item>
      <Descriptions.Item label="咨询电话">{inst.publicPhone ?? "—"}</Descriptions.Item>
      <Descriptions.Item label="联系人">
        {inst.contactName} {inst.contactPhone}
      </Descriptions.Item>
      <Descriptions.Item label="开户名">{inst.bankAccountName}</Descriptions.Item>
      <Descriptions.Item label="开户银行及账号">
        {inst.bankName} {inst.bankAccountMasked}
      </Descriptions.Item>
      <Descriptions.Item label="服务计划项目">{inst.programCodes.map((c) => programText(ref.data?.programs, c)).join("；") || "—"}</Descriptions.Item>
      <Descriptions.Item label="审核通过时间">{formatDateTime(inst.approvedAt)}</Descriptions.Item>
    </Descriptions>
  );
}

/** 机构详情: tabs of basic info, qualifications, teachers, facilities and sanctions; buttons by abilities. */
export function InstitutionDetailPage() {
  const { id = "" } = useParams();
  const q = useInstitution(id);
  const [editing, setEditing] = useState(false);
  if (q.isPending) return <Spin />;
  if (q.isError) return <Result status="warning" title={errorText(q.error)} extra={<Link to="/institutions">返回机构列表</Link>} />;
  const inst = q.data;
  const pendingQualifications = inst.qualifications.filter((x) => x.state !== "active").length;
  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }}>
      <Link to="/institutions">
        <ArrowLeftOutlined /> 机构列表
      </Link>
      <Space style={{ width: "100%", justifyContent: "space-between" }} wrap align="start">
        <Space wrap>
          <Typography.Title level={1} style={{ margin: 0 }}>
            {inst.name}
          </Typography.Title>
          <Tag color={statusLabels[inst.status].color}>{statusLabels[inst.status].text}</Tag>
        </Space>
        <Space wrap>
          {inst.abilities.edit && <Button onClick={() => setEditing(true)}>修改机构信息</Button>}
          <InstitutionActions inst={inst} />
        </Space>
      </Space>
      {inst.reviewNote && <Alert type={inst.status === "returned" ? "warning" : "info"} showIcon title={`审核意见：${inst.reviewNote}`} />}
      <Card size="small">
        <Tabs
          items={[
            { key: "basic", label: "基本信息", children: <BasicInfo inst={inst} /> },
            { key: "qualifications", label: pendingQualifications ? `培训资质（${pendingQualifications} 项待审）` : "培训资质", children: <QualificationsTab inst={inst} /> },
            { key: "teachers", label: `师资（${inst.teachers.length}）`, children: <TeachersTab inst={inst} /> },
            { key: "facilities", label: `场地设施（${inst.facilities.length}）`, children: <FacilitiesTab inst={inst} /> },
            { key: "sanctions", label: `处理记录（${inst.sanctions.length}）`, children: <SanctionsTab inst={inst} /> },
          ]}
        />
      </Card>
      {editing && <InstitutionEditModal inst={inst} onClose={() => setEditing(false)} />}
    </Space>
  );
}

/** 我的机构: institution staff go straight to their own institution (from their grant). */
export function MyInstitutionPage() {
  const me = useMe();
  const instId = me.data?.grants.find((g) => g.institutionId)?.institutionId;
  if (!me.data) return null;
  if (!instId) return <Result status="info" title="您的账号没有关联机构" />;
  return <Navigate to={`/institutions/${instId}`} replace />;
}
