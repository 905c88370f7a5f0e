import { ImportOutlined, PlusOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Card, Col, Form, Grid, Input, Row, Select, Space, Table, Tag, Typography } from "antd";
import { useEffect, useMemo, useState } from "react";
import { categoryCodes, type PersonView } from "../../../../shared/src/contracts/trainees.ts";
import { errorText } from "../../app/error-messages.ts";
import { can, useMe } from "../../app/session.ts";
import { intParam, oneOf, useSearchState } from "../../app/use-search-state.ts";
import { FilterActions } from "../../components/FilterActions.tsx";
import { useReference } from "../reference/reference.api.ts";
import { PersonDrawer } from "./PersonDrawer.tsx";
import { PersonFormModal } from "./PersonFormModal.tsx";
import { RosterImportModal } from "./RosterImportModal.tsx";
import { traineesKeys, usePersonList } from "./trainees.api.ts";
import { ExportButton } from "../../components/ExportButton.tsx";
import { PhoneList } from "../../components/PhoneList.tsx";
import { useIsPhone } from "../../app/layout/use-phone.ts";

const KEYS = ["q", "category", "page", "pageSize"] as const;

/** 学员管理: registered persons in scope (masked IDs), registration, roster import and a detail drawer. */
export function PersonsPage() {
  const me = useMe();
  const ref = useReference();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const phone = useIsPhone();
  const [s, setSearch] = useSearchState(KEYS);
  const query = useMemo(() => ({ q: s.q, category: oneOf(s.category, categoryCodes), page: intParam(s.page, 1), pageSize: intParam(s.pageSize, 20, 200) }), [s]);
  const list = usePersonList(query);
  const [form] = Form.useForm<{ q?: string; category?: string }>();
  useEffect(() => form.setFieldsValue({ q: query.q, category: query.category }), [form, query.q, query.category]);
  const [open, setOpen] = useState<string | null>(null);
  const [dialog, setDialog] = useState<"register" | "import" | null>(null);
  const cat = (code: string) => ref.data?.codes.trainee_category?.find((c) => c.code === code)?.name ?? code;

  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }}>
      <Space style={{ width: "100%", justifyContent: "space-between" }} wrap>
        <Typography.Title level={1} style={{ margin: 0 }}>
          学员管理
        </Typography.Title>
        <Space wrap>
          {/* the server records who exported which filter and how many rows */}
          <ExportButton path="/api/persons/export" query={{ q: query.q, category: query.category }} />
          {can(me.data, "person.import") && (
            <Button icon={<ImportOutlined />} onClick={() => setDialog("import")}>
              导入花名册
            </Button>
          )}
          {can(me.data, "person.register") && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog("register")}>
              登记学员
            </Button>
          )}
        </Space>
      </Space>
      <Card size="small" styles={{ body: { paddingBottom: 0 } }}>
        <Form className="filter-form" form={form} name="personFilters" layout="vertical" onFinish={(v) => setSearch({ q: v.q, category: v.category })}>
          <Row gutter={12}>
            <Col xs={24} sm={12} lg={8}>
              <Form.Item name="q" label="关键词">
                <Input placeholder="姓名（一二字按姓名开头查）或身份证号后四位" allowClear maxLength={50} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={6}>
              <Form.Item name="category" label="人员类别">
                <Select allowClear placeholder="全部" options={categoryCodes.map((c) => ({ value: c, label: cat(c) }))} />
              </Form.Item>
            </Col>
            <Col xs={24} lg={6}>
              <FilterActions besideFields={!!screens.lg} onReset={() => setSearch({ q: undefined, category: undefined })} />
            </Col>
          </Row>
        </Form>
      </Card>
      {list.isError && <Alert type="error" showIcon title={errorText(list.error)} />}
      {phone ? (
        <PhoneList<PersonView>
          label="学员列表"
          items={list.data?.items ?? []}
          rowKey={(p) => p.id}
          loading={list.isFetching}
          title={(p) => (
            <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setOpen(p.id)}>
              {p.name}
            </Button>
          )}
          extra={(p) => (p.warnings.length ? <Tag color="orange">{p.warnings.length} 项提示</Tag> : null)}
          body={(p) => (
            <>
              <div>
                {[p.idNumberMasked, p.gender === "male" ? "男" : "女", p.residenceRegionName].filter(Boolean).join(" · ")}
              </div>
              {p.categories.length > 0 && (
                <div>
                  {p.categories.map((c) => (
                    <Tag key={c.code}>{cat(c.code)}</Tag>
                  ))}
                </div>
              )}
            </>
          )}
          page={query.page}
          pageSize={query.pageSize}
          total={list.data?.total ?? 0}
          totalText={(t) => (list.data?.totalCapped ? `超过 ${t.toLocaleString("zh-CN")} 人，请按姓名、地区或类别缩小范围` : `共 ${t} 人`)}
          onPage={(page, pageSize) => setSearch({ page, pageSize })}
        />
      ) : (
        <Card size="small" styles={{ body: { padding: 0 } }}>
          <Table<PersonView>
            rowKey="id"
            dataSource={list.data?.items ?? []}
            loading={list.isFetching}
            scroll={{ x: 900 }}
            onRow={(p) => ({ onClick: () => setOpen(p.id), style: { cursor: "pointer" } })}
            pagination={{ current: query.page, pageSize: query.pageSize, total: list.data?.total ?? 0, showTotal: (t) => (list.data?.totalCapped ? `超过 ${t.toLocaleString("zh-CN")} 人，请按姓名、地区或类别缩小范围` : `共 ${t} 人`), onChange: (page, pageSize) => setSearch({ page, pageSize }) }}
            columns={[
              { title: "姓名", dataIndex: "name", width: 100, render: (v: string, p) => (
                  <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setOpen(p.id)}>
                    {v}
                  </Button>
                ),
              },
              { title: "身份证号", dataIndex: "idNumberMasked", width: 180 },
              { title: "性别", dataIndex: "gender", width: 60, render: (v: string) => (v === "male" ? "男" : "女") },
              { title: "居住地", dataIndex: "residenceRegionName", width: 120 },
              { title: "人员类别", key: "c", width: 220, render: (_, p) => p.categories.map((c) => <Tag key={c.code}>{cat(c.code)}</Tag>) },
              { title: "提示", key: "w", width: 120, render: (_, p) => (p.warnings.length ? <Tag color="orange">{p.warnings.length} 项提示</Tag> : null) },
            ]}
          />
        </Card>
      )}
      {open && <PersonDrawer id={open} onClose={() => setOpen(null)} />}
      {dialog === "register" && <PersonFormModal onClose={() => setDialog(null)} onDone={(created, name, differences) =>
            differences.length
              ? message.warning(`${name} 已登记过，已关联到本机构；已登记信息未修改：${differences.join("；")}`)
              : message.success(created ? `已登记 ${name}` : `${name} 已登记过，已关联到本机构`)
          } />}
      {dialog === "import" && (
        <RosterImportModal
          onClose={() => {
            setDialog(null);
            void qc.invalidateQueries({ queryKey: traineesKeys.all });
          }}
          onCommitted={() => void qc.invalidateQueries({ queryKey: traineesKeys.all })}
        />
      )}
    </Space>
  );
}
