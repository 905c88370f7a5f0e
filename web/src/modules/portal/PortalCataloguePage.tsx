import { Alert, Button, Card, Col, Grid, DatePicker, Empty, Form, Input, List, Pagination, Row, Select, Space, Tag, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useEffect, useMemo } from "react";
import { Link } from "react-router";
import { standardSubsidyTypeLabels } from "../../../../shared/src/contracts/catalogue.ts";
import { errorText } from "../../app/error-messages.ts";
import { formatFen } from "../../app/money.ts";
import { intParam, useSearchState } from "../../app/use-search-state.ts";
import { useCityOptions, useCodeLabels } from "../catalogue/code-labels.ts";
import { type PublicItem, usePublicCatalogue } from "./portal.api.ts";

const KEYS = ["q", "trainingType", "regionCode", "date", "page"] as const;
type Filters = { q?: string; trainingType?: string; regionCode?: string; date?: Dayjs | null };

export function ItemStandards({ item }: { item: PublicItem }) {
  const codes = useCodeLabels();
  if (!item.standards.length) return <Typography.Text type="secondary">该地区、日期暂无补贴标准</Typography.Text>;
  return (
    <Space orientation="vertical" size={2} style={{ width: "100%" }}>
      {item.standards.map((s) => (
        <div key={`${s.subsidyType}-${s.certificateType}-${s.skillLevel}`} style={{ display: "flex", justifyContent: "space-between", gap: 8 }}>
          <span>
            <Tag color={s.subsidyType === "evaluation" ? "purple" : "blue"} style={{ marginInlineEnd: 6 }}>
              {standardSubsidyTypeLabels[s.subsidyType]}
            </Tag>
            {codes.name("certificate_type", s.certificateType)}
            {s.skillLevel ? ` · ${codes.name("skill_level", s.skillLevel)}` : ""}
          </span>
          <Typography.Text strong style={{ color: "#cf1322", whiteSpace: "nowrap" }}>
            {formatFen(s.amountFen)}/人
          </Typography.Text>
        </div>
      ))}
    </Space>
  );
}

/** 查询培训项目: the published catalogue with the standard that applies in a city on a date. */
export function PortalCataloguePage() {
  const [s, setSearch] = useSearchState(KEYS);
  const [form] = Form.useForm<Filters>();
  const screens = Grid.useBreakpoint();
  const codes = useCodeLabels();
  const cities = useCityOptions();
  const query = useMemo(
    () => ({
      q: s.q,
      trainingType: s.trainingType,
      regionCode: s.regionCode && /^\d{6}$/.test(s.regionCode) ? s.regionCode : undefined,
      date: s.date && /^\d{4}-\d{2}-\d{2}$/.test(s.date) ? s.date : undefined,
      page: intParam(s.page, 1),
      pageSize: 12,
    }),
    [s],
  );
  useEffect(() => {
    form.setFieldsValue({ q: query.q, trainingType: query.trainingType, regionCode: query.regionCode ?? "220000", date: query.date ? dayjs(query.date) : null });
  }, [form, query]);
  const list = usePublicCatalogue(query);
  const cityName = cities.find((c) => c.value === (list.data?.regionCode ?? "220000"))?.label ?? "";
  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }}>
      <Typography.Title level={1} style={{ margin: 0 }}>
        培训项目目录
      </Typography.Title>
      <Card size="small">
        <Form
          form={form}
          layout="vertical"
          aria-label="培训项目查询条件"
          onFinish={(v) => setSearch({ q: v.q?.trim(), trainingType: v.trainingType, regionCode: v.regionCode === "220000" ? undefined : v.regionCode, date: v.date ? v.date.format("YYYY-MM-DD") : undefined })}
        >
          <Row gutter={12}>
            <Col xs={24} md={6}>
              <Form.Item name="q" label="职业或项目">
                <Input placeholder="如 电工" allowClear maxLength={64} />
              </Form.Item>
            </Col>
            <Col xs={24} md={5}>
              <Form.Item name="trainingType" label="培训类型">
                <Select allowClear placeholder="全部" options={codes.options("training_type")} />
              </Form.Item>
            </Col>
            <Col xs={12} md={5}>
              <Form.Item name="regionCode" label="所在城市">
                <Select options={cities} />
              </Form.Item>
            </Col>
            <Col xs={12} md={4}>
              <Form.Item name="date" label="培训日期">
                <DatePicker style={{ width: "100%" }} placeholder="今天" inputReadOnly />
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
      {list.data && (
        <Typography.Text type="secondary">
          共 {list.data.total} 个项目 · 补贴标准按 {cityName} {list.data.date} 适用的标准显示
        </Typography.Text>
      )}
      <List
        loading={list.isFetching}
        grid={{ gutter: 16, xs: 1, sm: 1, md: 2, lg: 3 }}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: <Empty description="没有符合条件的培训项目" /> }}
        renderItem={(item) => (
          <List.Item>
            <Card
              size="small"
              title={<Link to={`/portal/catalogue/${item.id}?regionCode=${list.data?.regionCode ?? "220000"}&date=${list.data?.date ?? ""}`}>{item.displayName}</Link>}
              extra={<Tag>{codes.name("training_type", item.trainingType)}</Tag>}
            >
              <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
                {item.code} · {item.version.minHours}–{item.version.maxHours} 课时
              </Typography.Paragraph>
              <ItemStandards item={item} />
            </Card>
          </List.Item>
        )}
      />
      {(list.data?.total ?? 0) > query.pageSize && (
        <Pagination align="center" current={query.page} pageSize={query.pageSize} total={list.data?.total ?? 0} showSizeChanger={false} onChange={(page) => setSearch({ page })} />
      )}
    </Space>
  );
}
