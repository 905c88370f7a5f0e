import { PlusOutlined, UploadOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Col, Form, Grid, Input, Row, Select, Space, Table, Tag, Typography } from "antd";
import { useEffect, useMemo, useState } from "react";
import { Link, useNavigate } from "react-router";
import { type ItemView, itemStatuses } from "../../../../shared/src/contracts/catalogue.ts";
import { errorText } from "../../app/error-messages.ts";
import { can, useMe } from "../../app/session.ts";
import { intParam, oneOf, useSearchState } from "../../app/use-search-state.ts";
import { ExportButton } from "../../components/ExportButton.tsx";
import { FilterActions } from "../../components/FilterActions.tsx";
import { ImportDialog } from "../../components/ImportDialog.tsx";
import { useInvalidateCatalogue, useItemList } from "./catalogue.api.ts";
import { itemStatusLabels, useCodeLabels } from "./code-labels.ts";
import { ItemFormModal } from "./ItemFormModal.tsx";

const KEYS = ["q", "trainingType", "status", "page", "pageSize"] as const;
const IMPORT_COLUMNS = "项目编号、职业编码、大典版本、工种、专项项目名称、培训类型、证书类型、技能等级、行业、服务计划项目、最少课时、最多课时、理论最低占比(%)、实操最低占比(%)、培训方式、生效日期、失效日期、备注";

type Filters = { q?: string; trainingType?: string; status?: string };

function ItemFilters({ value, onSearch }: { value: Filters; onSearch: (v: Filters) => void }) {
  const screens = Grid.useBreakpoint();
  const codes = useCodeLabels();
  const [form] = Form.useForm<Filters>();
  useEffect(() => {
    form.setFieldsValue({ q: undefined, trainingType: undefined, status: undefined, ...value });
  }, [form, value]);
  return (
    <Form className="filter-form" form={form} layout="vertical" onFinish={onSearch} aria-label="培训项目查询条件">
      <Row gutter={12}>
        <Col xs={24} sm={12} lg={8}>
          <Form.Item name="q" label="关键词">
            <Input placeholder="项目编号、职业编码或名称" allowClear maxLength={64} />
          </Form.Item>
        </Col>
        <Col xs={12} lg={6}>
          <Form.Item name="trainingType" label="培训类型">
            <Select allowClear placeholder="全部" options={codes.options("training_type")} />
          </Form.Item>
        </Col>
        <Col xs={12} lg={4}>
          <Form.Item name="status" label="状态">
            <Select allowClear placeholder="全部" options={itemStatuses.map((s) => ({ value: s, label: itemStatusLabels[s]?.text }))} />
          </Form.Item>
        </Col>
        <Col xs={24} lg={6}>
          <FilterActions
            besideFields={!!screens.lg}
            onReset={() => {
              form.resetFields();
              onSearch({});
            }}
          />
        </Col>
      </Row>
    </Form>
  );
}

/** 培训项目目录: catalogue items with their version in force; create and import for province staff. */
export function CatalogueItemsPage() {
  const me = useMe();
  const navigate = useNavigate();
  const codes = useCodeLabels();
  const invalidate = useInvalidateCatalogue();
  const [s, setSearch] = useSearchState(KEYS);
  const [dialog, setDialog] = useState<"create" | "import" | null>(null);
  const query = useMemo(
    () => ({ q: s.q, trainingType: s.trainingType, status: oneOf(s.status, itemStatuses), page: intParam(s.page, 1), pageSize: intParam(s.pageSize, 20, 200) }),
    [s],
  );
  const filters = useMemo(() => ({ q: query.q, trainingType: query.trainingType, status: query.status }), [query]);
  const list = useItemList(query);
  const mayManage = can(me.data, "catalogue.manage");
  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }}>
      <Space style={{ width: "100%", justifyContent: "space-between" }} wrap>
        <Typography.Title level={1} style={{ margin: 0 }}>
          培训项目目录
        </Typography.Title>
        <Space wrap>
          {mayManage && (
            <>
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog("create")}>
                新增项目
              </Button>
              <Button icon={<UploadOutlined />} onClick={() => setDialog("import")}>
                导入项目
              </Button>
            </>
          )}
          <ExportButton path="/api/catalogue/items/export" query={filters} />
        </Space>
      </Space>
      <Card size="small" styles={{ body: { paddingBottom: 0 } }}>
        <ItemFilters value={filters} onSearch={(v) => setSearch({ ...v })} />
      </Card>
      {list.isError && <Alert type="error" showIcon title={errorText(list.error)} />}
      <Card size="small" styles={{ body: { padding: 0 } }}>
        <Table<ItemView>
          rowKey="id"
          size="middle"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 960 }}
          pagination={{
            current: query.page,
            pageSize: query.pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (t) => `共 ${t} 项`,
            onChange: (page, pageSize) => setSearch({ page, pageSize: pageSize === 20 ? undefined : pageSize }),
          }}
          columns={[
            { title: "项目编号", dataIndex: "code", width: 130, fixed: "left", render: (v: string, r) => <Link to={`/catalogue/${r.id}`}>{v}</Link> },
            { title: "项目名称", dataIndex: "displayName", width: 220 },
            { title: "培训类型", dataIndex: "trainingType", width: 150, render: (v: string) => codes.name("training_type", v) },
            { title: "证书类型", dataIndex: "certificateTypes", width: 200, render: (v: string[]) => v.map((c) => codes.name("certificate_type", c)).join("、") },
            { title: "现行课时", key: "hours", width: 110, render: (_, r) => (r.currentVersion ? `${r.currentVersion.minHours}–${r.currentVersion.maxHours}` : "—") },
            { title: "状态", dataIndex: "status", width: 90, render: (v: string) => <Tag color={itemStatusLabels[v]?.color}>{itemStatusLabels[v]?.text ?? v}</Tag> },
          ]}
        />
      </Card>
      {dialog === "create" && <ItemFormModal onClose={() => setDialog(null)} onCreated={(item) => navigate(`/catalogue/${item.id}`)} />}
      {dialog === "import" && <ImportDialog title="导入培训项目" path="/api/catalogue/items/import" columns={IMPORT_COLUMNS} onClose={() => setDialog(null)} onImported={() => void invalidate()} />}
    </Space>
  );
}
