import { Col, Grid, DatePicker, Form, Input, Row, Select } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useEffect } from "react";
import { FilterActions } from "../../components/FilterActions.tsx";
import { RegionSelect } from "../reference/RegionSelect.tsx";
import { auditActionGroups, auditActionLabels, auditEntityLabels } from "./audit-labels.ts";

export interface AuditFilterValues {
  from?: string;
  to?: string;
  actor?: string;
  action?: string;
  entityType?: string;
  entityId?: string;
  regionCode?: string;
}

interface FormValues extends Omit<AuditFilterValues, "from" | "to"> {
  range?: [Dayjs | null, Dayjs | null] | null;
}

const actionOptions = [
  { label: "按类别", options: Object.entries(auditActionGroups).map(([value, label]) => ({ value, label: `${label}（全部）` })) },
  { label: "按动作", options: Object.entries(auditActionLabels).map(([value, label]) => ({ value, label })) },
];
const entityOptions = Object.entries(auditEntityLabels).map(([value, label]) => ({ value, label }));

function toForm(v: AuditFilterValues): FormValues {
  const { from, to, ...rest } = v;
  return { actor: undefined, action: undefined, entityType: undefined, entityId: undefined, regionCode: undefined, ...rest, range: from || to ? [from ? dayjs(from) : null, to ? dayjs(to) : null] : null };
}

function fromForm({ range, ...rest }: FormValues): AuditFilterValues {
  return { ...rest, from: range?.[0]?.toISOString(), to: range?.[1]?.toISOString() };
}

/** Who did what, when, to which record, in which region. */
export function AuditFilters({ value, within, onSearch }: { value: AuditFilterValues; within: "all" | readonly string[]; onSearch: (v: AuditFilterValues) => void }) {
  const screens = Grid.useBreakpoint();
  const [form] = Form.useForm<FormValues>();
  useEffect(() => form.setFieldsValue(toForm(value)), [form, value]);
  return (
    <Form className="filter-form" form={form} name="auditFilters" layout="vertical" onFinish={(v) => onSearch(fromForm(v))} aria-label="日志查询条件">
      <Row gutter={12}>
        <Col xs={24} md={12} xl={8}>
          <Form.Item name="range" label="时间">
            <DatePicker.RangePicker showTime={{ format: "HH:mm" }} format="YYYY-MM-DD HH:mm" allowEmpty={[true, true]} style={{ width: "100%" }} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6} xl={4}>
          <Form.Item name="actor" label="操作人（用户名）">
            <Input allowClear maxLength={64} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6} xl={4}>
          <Form.Item name="action" label="动作">
            <Select allowClear showSearch={{ optionFilterProp: "label" }} options={actionOptions} placeholder="全部" popupMatchSelectWidth={false} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6} xl={4}>
          <Form.Item name="entityType" label="对象类型">
            <Select allowClear options={entityOptions} placeholder="全部" />
          </Form.Item>
        </Col>
        <Col xs={12} md={6} xl={4}>
          <Form.Item name="entityId" label="对象编号">
            <Input allowClear maxLength={64} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12} xl={8}>
          <Form.Item name="regionCode" label="地区">
            <RegionSelect within={within} placeholder="全部地区" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12} xl={8}>
          <FilterActions
            besideFields={!!screens.md}
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
