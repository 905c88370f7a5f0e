import { LockOutlined, PlusOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Col, Form, Grid, Input, Row, Select, Space, Table, Tag, Typography } from "antd";
import { useEffect, useMemo } from "react";
import { Link, useNavigate } from "react-router";
import { classStatusValues, type classSummary } from "../../../../shared/src/contracts/classes.ts";
import type { z } from "zod";
import { errorText } from "../../app/error-messages.ts";
import { can, useMe } from "../../app/session.ts";
import { intParam, oneOf, useSearchState } from "../../app/use-search-state.ts";
import { FilterActions } from "../../components/FilterActions.tsx";
import { classStatusLabels, levelLabels } from "./class-labels.ts";
import { useClassList } from "./classes.api.ts";
import { ExportButton } from "../../components/ExportButton.tsx";
import { PhoneList } from "../../components/PhoneList.tsx";
import { useIsPhone } from "../../app/layout/use-phone.ts";

type Summary = z.infer<typeof classSummary>;
const KEYS = ["q", "status", "page", "pageSize"] as const;

export function StatusTag({ status, locked }: { status: Summary["status"]; locked?: boolean }) {
  const s = classStatusLabels[status];
  return (
    <Space size={4}>
      <Tag color={s.color}>{s.label}</Tag>
      {locked && (
        <Tag icon={<LockOutlined />} color="red">
          已锁定
        </Tag>
      )}
    </Space>
  );
}

const occupation = (c: Summary) => `${c.occupationName ?? "—"}${c.skillLevel ? ` · ${levelLabels[c.skillLevel] ?? c.skillLevel}` : ""}`;

/** 开班管理: the classes in the caller's scope, filtered by words and status. */
export function ClassesPage() {
  const me = useMe();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const phone = useIsPhone();
  const [s, setSearch] = useSearchState(KEYS);
  const query = useMemo(() => ({ q: s.q, status: oneOf(s.status, classStatusValues), page: intParam(s.page, 1), pageSize: intParam(s.pageSize, 20, 200) }), [s]);
  const list = useClassList(query);
  const [form] = Form.useForm<{ q?: string; status?: string }>();
  useEffect(() => form.setFieldsValue({ q: query.q, status: query.status }), [form, query.q, query.status]);

  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }}>
      <Space style={{ width: "100%", justifyContent: "space-between" }} wrap>
        <Typography.Title level={1} style={{ margin: 0 }}>
          开班管理
        </Typography.Title>
        <Space wrap>
          <ExportButton path="/api/classes/export" query={{ q: query.q, status: query.status }} />
          {can(me.data, "class.apply") && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate("/classes/new")}>
              新建开班申请
            </Button>
          )}
        </Space>
      </Space>
      <Card size="small" styles={{ body: { paddingBottom: 0 } }}>
        <Form className="filter-form" form={form} name="classFilters" layout="vertical" onFinish={(v) => setSearch({ q: v.q, status: v.status })}>
          <Row gutter={12}>
            <Col xs={24} sm={12} lg={8}>
              <Form.Item name="q" label="关键词">
                <Input placeholder="班级编号或名称" allowClear maxLength={64} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={6}>
              <Form.Item name="status" label="状态">
                <Select allowClear placeholder="全部" options={classStatusValues.map((v) => ({ value: v, label: classStatusLabels[v].label }))} />
              </Form.Item>
            </Col>
            <Col xs={24} lg={6}>
              <FilterActions besideFields={!!screens.lg} onReset={() => setSearch({ q: undefined, status: undefined })} />
            </Col>
          </Row>
        </Form>
      </Card>
      {list.isError && <Alert type="error" showIcon title={errorText(list.error)} />}
      {phone ? (
        <PhoneList<Summary>
          label="培训班列表"
          items={list.data?.items ?? []}
          rowKey={(c) => c.id}
          loading={list.isFetching}
          title={(c) => <Link to={`/classes/${c.id}`}>{c.code}</Link>}
          extra={(c) => <StatusTag status={c.status} locked={c.locked} />}
          body={(c) => (
            <>
              <div style={{ fontWeight: 500 }}>{c.title}</div>
              <Typography.Text type="secondary">{c.institutionName}</Typography.Text>
              <div>{occupation(c)}</div>
              <div>
                {c.startDate} 至 {c.endDate} · {c.enrolled}/{c.capacity} 人
              </div>
            </>
          )}
          page={query.page}
          pageSize={query.pageSize}
          total={list.data?.total ?? 0}
          totalText={(t) => `共 ${t} 个班`}
          onPage={(page, pageSize) => setSearch({ page, pageSize })}
        />
      ) : (
        <Card size="small" styles={{ body: { padding: 0 } }}>
          <Table<Summary>
            rowKey="id"
            dataSource={list.data?.items ?? []}
            loading={list.isFetching}
            scroll={{ x: 1000 }}
            pagination={{ current: query.page, pageSize: query.pageSize, total: list.data?.total ?? 0, showTotal: (t) => `共 ${t} 个班`, onChange: (page, pageSize) => setSearch({ page, pageSize }) }}
            columns={[
              { title: "班级编号", dataIndex: "code", width: 150, render: (v: string, c) => <Link to={`/classes/${c.id}`}>{v}</Link> },
              { title: "班级名称", dataIndex: "title", width: 220 },
              { title: "培训机构", dataIndex: "institutionName", width: 180 },
              { title: "职业（工种）", key: "occ", width: 150, render: (_, c) => occupation(c) },
              { title: "培训日期", key: "dates", width: 200, render: (_, c) => `${c.startDate} 至 ${c.endDate}` },
              { title: "人数", key: "n", width: 80, render: (_, c) => `${c.enrolled}/${c.capacity}` },
              { title: "状态", key: "status", width: 150, render: (_, c) => <StatusTag status={c.status} locked={c.locked} /> },
            ]}
          />
        </Card>
      )}
    </Space>
  );
}
