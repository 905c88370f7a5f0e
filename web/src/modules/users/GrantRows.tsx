import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { Button, Col, Form, Input, Row, Select, Typography } from "antd";
import { uuid } from "../../../../shared/src/contracts/common.ts";
import { type RoleName, roleNames, roles, type ScopeType } from "../../../../shared/src/permissions.ts";
import { contractRule } from "../../app/contract-rule.ts";
import { RegionSelect } from "../reference/RegionSelect.tsx";
import { useReference } from "../reference/reference.api.ts";
import { scopeTypeLabels } from "./grant-label.ts";

const roleOptions = roleNames.map((r) => ({ value: r, label: roles[r].label }));

function ScopeValue({ name, scopeType, within }: { name: number; scopeType: ScopeType | undefined; within: "all" | readonly string[] }) {
  const ref = useReference();
  switch (scopeType) {
    case "region":
      return (
        <Form.Item name={[name, "regionCode"]} label="行政区划" rules={[{ required: true, message: "请选择行政区划" }]}>
          <RegionSelect within={within} />
        </Form.Item>
      );
    case "department":
      return (
        <Row gutter={8}>
          <Col xs={24} sm={12}>
            <Form.Item name={[name, "departmentCode"]} label="部门" rules={[{ required: true, message: "请选择部门" }]}>
              <Select showSearch={{ optionFilterProp: "label" }} placeholder="选择部门" options={(ref.data?.departments ?? []).map((d) => ({ value: d.code, label: d.shortName }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name={[name, "regionCode"]} label="限定地区（可选）">
              <RegionSelect within={within} placeholder="不限（全省）" />
            </Form.Item>
          </Col>
        </Row>
      );
    case "institution":
      return (
        <Form.Item name={[name, "institutionId"]} label="机构编号" rules={[{ required: true, message: "请输入机构编号" }, contractRule(uuid)]}>
          <Input placeholder="机构的唯一编号" />
        </Form.Item>
      );
    case "province":
      return <Typography.Text type="secondary">全省范围，无需选择地区</Typography.Text>;
    case "self":
      return <Typography.Text type="secondary">仅限本人的记录</Typography.Text>;
    default:
      return null;
  }
}

function GrantRow({ name, onRemove, within }: { name: number; onRemove?: () => void; within: "all" | readonly string[] }) {
  const form = Form.useFormInstance();
  const role: RoleName | undefined = Form.useWatch(["grants", name, "role"], form);
  const scopeType: ScopeType | undefined = Form.useWatch(["grants", name, "scopeType"], form);
  const allowed = role ? roles[role].scopes : [];
  const onRoleChange = (r: RoleName) => {
    const scopes = roles[r].scopes;
    if (!scopeType || !scopes.includes(scopeType)) form.setFieldValue(["grants", name, "scopeType"], scopes.length === 1 ? scopes[0] : undefined);
  };
  return (
    <div style={{ border: "1px solid #f0f0f0", borderRadius: 4, padding: "12px 12px 0", marginBottom: 12 }} data-testid={`grant-row-${name}`}>
      <Row gutter={8} align="top">
        <Col xs={24} sm={12} md={7}>
          <Form.Item name={[name, "role"]} label="角色" rules={[{ required: true, message: "请选择角色" }]}>
            <Select options={roleOptions} placeholder="选择角色" onChange={onRoleChange} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12} md={5}>
          <Form.Item name={[name, "scopeType"]} label="授权范围" rules={[{ required: true, message: "请选择授权范围" }]}>
            <Select disabled={!role} placeholder="先选角色" options={allowed.map((s) => ({ value: s, label: scopeTypeLabels[s] }))} />
          </Form.Item>
        </Col>
        <Col xs={onRemove ? 20 : 24} md={onRemove ? 10 : 12}>
          <ScopeValue name={name} scopeType={scopeType} within={within} />
        </Col>
        {onRemove && (
          <Col xs={4} md={2} style={{ textAlign: "right", paddingTop: 30 }}>
            <Button type="text" danger icon={<DeleteOutlined />} aria-label="删除此角色" onClick={onRemove} />
          </Col>
        )}
      </Row>
    </div>
  );
}

/** The role rows of the user form: role → the scope types it allows → the scope's region, department or institution. */
export function GrantRows({ within }: { within: "all" | readonly string[] }) {
  return (
    <Form.List name="grants" rules={[{ validator: async (_, v: unknown[] | undefined) => (v?.length ? undefined : Promise.reject(new Error("至少分配一个角色"))) }]}>
      {(fields, { add, remove }, { errors }) => (
        <>
          {fields.map((f) => (
            <GrantRow key={f.key} name={f.name} within={within} onRemove={fields.length > 1 ? () => remove(f.name) : undefined} />
          ))}
          <Form.ErrorList errors={errors} />
          <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} block>
            添加角色
          </Button>
        </>
      )}
    </Form.List>
  );
}
