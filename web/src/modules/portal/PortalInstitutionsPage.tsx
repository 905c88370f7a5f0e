import { Alert, Button, Card, Col, Grid, Empty, Form, Input, List, Pagination, Row, Select, Space, Tag, Typography } from "antd";
import { useEffect, useMemo } from "react";
import { Link } from "react-router";
import { institutionTypeCodes, institutionTypes } from "../../../../shared/src/contracts/institutions.ts";
import { errorText } from "../../app/error-messages.ts";
import { intParam, oneOf, useSearchState } from "../../app/use-search-state.ts";
import { roleLabels } from "../institutions/institution-labels.ts";
import { RegionSelect } from "../reference/RegionSelect.tsx";
import { type PublicInstitution, usePublicInstitutions } from "./portal.api.ts";

const KEYS = ["regionCode", "occupation", "type", "page"] as const;
type Filters = { regionCode?: string; occupation?: string; type?: string };

function InstitutionCard({ inst }: { inst: PublicInstitution }) {
  return (
    <Card size="small" title={<Link to={`/portal/institutions/${inst.id}`}>{inst.name}</Link>} extra={<Tag>{inst.typeLabel}</Tag>} style={{ height: "100%" }}>
      <Space orientation="vertical" size={4} style={{ width: "100%" }}>
        <Typography.Text type="secondary">
          {inst.regionName} · {roleLabels[inst.role]}
        </Typography.Text>
        <Typography.Text>{inst.address}</Typography.Text>
        {inst.publicPhone && <Typography.Text>咨询电话：{inst.publicPhone}</Typography.Text>}
        <div>
          {inst.qualifications.slice(0, 6).map((q) => (
            <Tag key={`${q.occupationCode ?? q.projectName}`} color="blue" style={{ marginBottom: 4 }}>
              {q.occupationName}
            </Tag>
          ))}
          {inst.qualifications.length > 6 && <Tag>等 {inst.qualifications.length} 项</Tag>}
        </div>
      </Space>
    </Card>
  );
}

/** 查询培训机构: public search by region, occupation and type; filters live in the address bar. */
export function PortalInstitutionsPage() {
  const [s, setSearch] = useSearchState(KEYS);
  const [form] = Form.useForm<Filters>();
  const screens = Grid.useBreakpoint();
  const query = useMemo(
    () => ({
      regionCode: s.regionCode && /^\d{6}$/.test(s.regionCode) ? s.regionCode : undefined,
      occupation: s.occupation,
      type: oneOf(s.type, institutionTypeCodes),
      page: intParam(s.page, 1),
      pageSize: 12,
    }),
    [s],
  );
  useEffect(() => {
    form.setFieldsValue({ regionCode: query.regionCode, occupation: query.occupation, type: query.type });
  }, [form, query]);
  const list = usePublicInstitutions(query);
  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }}>
      <Typography.Title level={1} style={{ margin: 0 }}>
        培训评价机构目录
      </Typography.Title>
      <Card size="small">
        <Form form={form} layout="vertical" onFinish={(v) => setSearch({ regionCode: v.regionCode, occupation: v.occupation?.trim(), type: v.type })} aria-label="机构查询条件">
          <Row gutter={12}>
            <Col xs={24} md={7}>
              <Form.Item name="regionCode" label="地区（市、县）">
                <RegionSelect within="all" placeholder="全省" />
              </Form.Item>
            </Col>
            <Col xs={24} md={7}>
              <Form.Item name="occupation" label="职业（工种）">
                <Input placeholder="如 电工 或 6-31-01-03" allowClear maxLength={64} />
              </Form.Item>
            </Col>
            <Col xs={24} md={6}>
              <Form.Item name="type" label="机构类型">
                <Select allowClear placeholder="全部类型" options={institutionTypes.map((t) => ({ value: t.code, label: t.label }))} />
              </Form.Item>
            </Col>
            <Col xs={24} md={4}>
              <Form.Item label={screens.md ? " " : undefined} colon={false}>
                <Button type="primary" htmlType="submit" block>
                  查询
                </Button>
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </Card>
      {list.isError && <Alert type="error" showIcon title={errorText(list.error)} />}
      <Typography.Text type="secondary">{list.data ? `共找到 ${list.data.total} 家机构` : "正在查询…"}</Typography.Text>
      <List
        loading={list.isFetching}
        grid={{ gutter: 16, xs: 1, sm: 1, md: 2, lg: 3 }}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: <Empty description="没有符合条件的机构" /> }}
        renderItem={(inst) => (
          <List.Item>
            <InstitutionCard inst={inst} />
          </List.Item>
        )}
      />
      {(list.data?.total ?? 0) > query.pageSize && (
        <Pagination align="center" current={query.page} pageSize={query.pageSize} total={list.data?.total ?? 0} showSizeChanger={false} onChange={(page) => setSearch({ page })} />
      )}
    </Space>
  );
}
