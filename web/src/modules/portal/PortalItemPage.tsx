import { ArrowLeftOutlined } from "@ant-design/icons";
import { Card, Descriptions, Result, Space, Spin, Typography } from "antd";
import { Link, useParams, useSearchParams } from "react-router";
import { errorText } from "../../app/error-messages.ts";
import { modeLabels, useCodeLabels } from "../catalogue/code-labels.ts";
import { usePublicItem } from "./portal.api.ts";
import { useCityOptions } from "../catalogue/code-labels.ts";
import { ItemStandards } from "./PortalCataloguePage.tsx";

/** 培训项目公开详情, with the standards of the chosen city and date (from the address bar). */
export function PortalItemPage() {
  const { id = "" } = useParams();
  const [params] = useSearchParams();
  const regionCode = /^\d{6}$/.test(params.get("regionCode") ?? "") ? (params.get("regionCode") as string) : undefined;
  const date = /^\d{4}-\d{2}-\d{2}$/.test(params.get("date") ?? "") ? (params.get("date") as string) : undefined;
  const q = usePublicItem(id, { regionCode, date });
  const codes = useCodeLabels();
  const cities = useCityOptions();
  if (q.isPending) return <Spin />;
  if (q.isError) return <Result status="warning" title={errorText(q.error)} extra={<Link to="/portal/catalogue">返回项目目录</Link>} />;
  const item = q.data;
  const v = item.version;
  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }}>
      <Link to="/portal/catalogue">
        <ArrowLeftOutlined /> 培训项目目录
      </Link>
      <Typography.Title level={1} style={{ margin: 0 }}>
        {item.displayName}
      </Typography.Title>
      <Card size="small">
        <Descriptions size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label="项目编号">{item.code}</Descriptions.Item>
          <Descriptions.Item label="职业">{item.occupation ? `${item.occupation.code} ${item.occupation.name}` : "—"}</Descriptions.Item>
          <Descriptions.Item label="培训类型">{codes.name("training_type", item.trainingType)}</Descriptions.Item>
          <Descriptions.Item label="证书类型">{item.certificateTypes.map((c) => codes.name("certificate_type", c)).join("、")}</Descriptions.Item>
          <Descriptions.Item label="课时">
            {v.minHours}–{v.maxHours}（理论不少于 {v.minTheoryPercent}%，实操不少于 {v.minPracticePercent}%）
          </Descriptions.Item>
          <Descriptions.Item label="培训方式">{v.modes.map((m) => modeLabels[m]).join("、")}</Descriptions.Item>
          <Descriptions.Item label="版本生效">
            {v.effectiveFrom} 至 {v.effectiveTo ?? "长期"}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small" title={`补贴标准（${cities.find((c) => c.value === (regionCode ?? "220000"))?.label ?? ""}${date ? ` · ${date}` : ""}）`}>
        <ItemStandards item={item} />
      </Card>
    </Space>
  );
}
