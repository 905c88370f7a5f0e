import { Alert, Button, Card, Col, Descriptions, Row, Space, Statistic, Tag, Typography } from "antd";
import { createElement } from "react";
import { useNavigate } from "react-router";
import type { MeView } from "../../../../shared/src/contracts/users.ts";
import { menuEntries, visibleMenu } from "../../app/menu.ts";
import { useMe } from "../../app/session.ts";
import { useReference } from "../reference/reference.api.ts";
import { scopeText } from "../users/grant-label.ts";

function MyAccess({ me, departmentNames }: { me: MeView; departmentNames: Map<string, string> }) {
  return (
    <Card title="我的角色与授权范围" size="small">
      <Descriptions column={1} size="small" items={[
        { key: "name", label: "姓名", children: `${me.user.displayName}（${me.user.username}）` },
        { key: "region", label: "所属地区", children: me.user.regionName },
        {
          key: "grants",
          label: "角色",
          children: (
            <Space wrap size={[4, 4]}>
              {me.grants.map((g) => (
                <Tag key={`${g.role}-${g.scopeType}-${g.regionCode}-${g.departmentCode}-${g.institutionId}`} color="blue">
                  {g.roleLabel} · {scopeText(g, departmentNames)}
                </Tag>
              ))}
            </Space>
          ),
        },
      ]} />
    </Card>
  );
}

function Shortcuts({ me }: { me: MeView }) {
  const navigate = useNavigate();
  const entries = visibleMenu(menuEntries, me.permissions).filter((e) => e.path !== "/");
  return (
    <Card title="可用功能" size="small">
      {entries.length === 0 ? (
        <Typography.Text type="secondary">您的角色暂无可用的管理功能。</Typography.Text>
      ) : (
        <Space wrap>
          {entries.map((e) => (
            <Button key={e.path} icon={createElement(e.icon)} onClick={() => void navigate(e.path)}>
              {e.label}
            </Button>
          ))}
        </Space>
      )}
    </Card>
  );
}

/** Reference data actually loaded in the platform; no business statistics exist yet. */
function Basics() {
  const ref = useReference();
  const regions = ref.data?.regions ?? [];
  const items = [
    { title: "职业技能提升行动项目", value: ref.data?.programs.length, suffix: "项" },
    { title: "市（州）", value: regions.filter((r) => r.level === "city").length, suffix: "个" },
    { title: "县（市、区）", value: regions.filter((r) => r.level === "county").length, suffix: "个" },
    { title: "参与部门", value: ref.data?.departments.length, suffix: "个" },
  ];
  return (
    <Card title="平台基础数据" size="small">
      <Row gutter={[16, 16]}>
        {items.map((i) => (
          <Col key={i.title} xs={12} md={6}>
            <Statistic title={i.title} value={i.value ?? "-"} suffix={i.suffix} loading={ref.isPending} />
          </Col>
        ))}
      </Row>
    </Card>
  );
}

export function DashboardPage() {
  const me = useMe();
  const ref = useReference();
  if (!me.data) return null;
  const departmentNames = new Map((ref.data?.departments ?? []).map((d) => [d.code, d.shortName]));
  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }}>
      <Typography.Title level={1} style={{ margin: 0 }}>
        您好，{me.data.user.displayName}
      </Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <MyAccess me={me.data} departmentNames={departmentNames} />
        </Col>
        <Col xs={24} lg={10}>
          <Shortcuts me={me.data} />
        </Col>
      </Row>
      <Basics />
      <Alert type="info" showIcon title="开班、考勤、补贴申领与统计等业务功能上线后，相关数据和待办事项将在此显示。" />
    </Space>
  );
}
