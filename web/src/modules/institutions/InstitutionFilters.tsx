import { Col, Form, Grid, Input, Row, Select } from "antd";
import { useEffect } from "react";
import { institutionStatuses, institutionTypes } from "../../../../shared/src/contracts/institutions.ts";
import { FilterActions } from "../../components/FilterActions.tsx";
import { RegionSelect } from "../reference/RegionSelect.tsx";
import { statusLabels } from "./institution-labels.ts";

export interface InstitutionFilterValues {
  q?: string;
  regionCode?: string;
  status?: string;
  type?: string;
}

/** Search by name or credit code, region, status and type; the values live in the address bar. */
export function InstitutionFilters({ value, within, onSearch }: { value: InstitutionFilterValues; within: "all" | readonly string[]; onSearch: (v: InstitutionFilterValues) => void }) {
  const screens = Grid.useBreakpoint();
  const [form] = Form.useForm<InstitutionFilterValues>();
  useEffect(() => {
    form.setFieldsValue({ q: undefined, regionCode: undefined, status: undefined, type: undefined, ...value });
  }, [form, value]);
  return (
    <Form className="filter-form" form={form} name="institutionFilters" layout="vertical" onFinish={onSearch} aria-label="机构查询条件">
      <Row gutter={12}>
        <Col xs={24} sm={12} lg={6}>
          <Form.Item name="q" label="关键词">
            <Input placeholder="机构名称或信用代码" allowClear maxLength={64} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12} lg={5}>
          <Form.Item name="regionCode" label="地区">
            <RegionSelect within={within} placeholder="全部地区" />
          </Form.Item>
        </Col>
        <Col xs={12} lg={4}>
          <Form.Item name="status" label="状态">
            <Select allowClear placeholder="全部" options={institutionStatuses.map((s) => ({ value: s, label: statusLabels[s].text }))} />
          </Form.Item>
        </Col>
        <Col xs={12} lg={5}>
          <Form.Item name="type" label="机构类型">
            <Select allowClear placeholder="全部类型" options={institutionTypes.map((t) => ({ value: t.code, label: t.label }))} />
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
