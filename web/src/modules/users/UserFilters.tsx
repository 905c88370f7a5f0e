import { Col, Grid, Form, Input, Row, Select } from "antd";
import { useEffect } from "react";
import { roleNames, roles } from "../../../../shared/src/permissions.ts";
import { FilterActions } from "../../components/FilterActions.tsx";
import { RegionSelect } from "../reference/RegionSelect.tsx";

export interface UserFilterValues {
  q?: string;
  regionCode?: string;
  role?: string;
  status?: string;
}

const statusOptions = [
  { value: "active", label: "正常" },
  { value: "disabled", label: "已停用" },
];

/** Search by name, region, role and status; the values live in the address bar. */
export function UserFilters({ value, within, onSearch }: { value: UserFilterValues; within: "all" | readonly string[]; onSearch: (v: UserFilterValues) => void }) {
  const screens = Grid.useBreakpoint();
  const [form] = Form.useForm<UserFilterValues>();
  useEffect(() => {
    form.setFieldsValue({ q: undefined, regionCode: undefined, role: undefined, status: undefined, ...value });
  }, [form, value]);
  return (
    <Form className="filter-form" form={form} name="userFilters" layout="vertical" onFinish={onSearch} aria-label="用户查询条件">
      <Row gutter={12}>
        <Col xs={24} sm={12} lg={6}>
          <Form.Item name="q" label="关键词">
            <Input placeholder="用户名或姓名" allowClear maxLength={64} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12} lg={6}>
          <Form.Item name="regionCode" label="地区">
            <RegionSelect within={within} placeholder="全部地区" />
          </Form.Item>
        </Col>
        <Col xs={12} lg={5}>
          <Form.Item name="role" label="角色">
            <Select allowClear placeholder="全部角色" options={roleNames.map((r) => ({ value: r, label: roles[r].label }))} />
          </Form.Item>
        </Col>
        <Col xs={12} lg={3}>
          <Form.Item name="status" label="状态">
            <Select allowClear placeholder="全部" options={statusOptions} />
          </Form.Item>
        </Col>
        <Col xs={24} lg={4}>
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
