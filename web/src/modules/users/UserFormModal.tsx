import { Alert, Col, Form, Input, Modal, Row, Space, Tag, Typography } from "antd";
import { useState } from "react";
import { createUserBody, type UserView } from "../../../../shared/src/contracts/users.ts";
import { contractRule } from "../../app/contract-rule.ts";
import { applyApiErrorToForm } from "../../app/form-errors.ts";
import { regionsWhere, useMe } from "../../app/session.ts";
import { RegionSelect } from "../reference/RegionSelect.tsx";
import { grantText } from "./grant-label.ts";
import { GrantRows } from "./GrantRows.tsx";
import { type UserFormValues, formValuesOf, toCreateBody, toUpdateBody } from "./user-form.ts";
import { type UserWithPassword, useCreateUser, useUpdateUser } from "./users.api.ts";

const shape = createUserBody.shape;
const codeFields = { "user.username_taken": ["username"] };

interface Props {
  /** null: create a new user */
  user: UserView | null;
  onClose: () => void;
  onCreated: (r: UserWithPassword) => void;
}

/** Create or edit a user. Every problem the server finds is marked on its field at once. */
export function UserFormModal({ user, onClose, onCreated }: Props) {
  const me = useMe();
  const [form] = Form.useForm<UserFormValues>();
  const [alert, setAlert] = useState<string[]>([]);
  const create = useCreateUser();
  const update = useUpdateUser();
  const within = me.data ? regionsWhere(me.data, "user.manage") : [];
  const self = !!user && user.id === me.data?.user.id;
  // roles stay read-only unless the account rules let this administrator change them
  const grantsFixed = !!user && !user.abilities.changeGrants;

  const submit = async (values: UserFormValues) => {
    setAlert([]);
    try {
      if (!user) {
        onCreated(await create.mutateAsync(toCreateBody(values)));
      } else {
        const body = toUpdateBody(user, values);
        if (Object.keys(body).length) await update.mutateAsync({ id: user.id, body });
      }
      onClose();
    } catch (e) {
      setAlert(applyApiErrorToForm(form, e, { codeFields }));
    }
  };

  return (
    <Modal
      open
      title={user ? `编辑用户：${user.displayName}` : "新建用户"}
      width={{ xs: "100%", md: 760 }}
      okText={user ? "保存" : "创建"}
      onOk={() => form.submit()}
      confirmLoading={create.isPending || update.isPending}
      onCancel={onClose}
      mask={{ closable: false }}
    >
      {alert.length > 0 && <Alert type="error" showIcon style={{ marginBottom: 16 }} title={alert.join("；")} />}
      <Form form={form} name="userForm" layout="vertical" onFinish={submit} initialValues={user ? formValuesOf(user) : { grants: [{}] }} scrollToFirstError>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="username" label="用户名" extra={user ? undefined : "用于登录，3–32 位字母、数字、下划线、点或连字符"} rules={user ? [] : [{ required: true, message: "请输入用户名" }, contractRule(shape.username)]}>
              <Input disabled={!!user} autoComplete="off" maxLength={32} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="displayName" label="姓名" rules={[{ required: true, whitespace: true, message: "请输入姓名" }, contractRule(shape.displayName)]}>
              <Input maxLength={50} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            {user ? (
              <Form.Item label="所属地区">
                <Input value={user.regionName} disabled />
              </Form.Item>
            ) : (
              <Form.Item name="regionCode" label="所属地区" rules={[{ required: true, message: "请选择所属地区" }]}>
                <RegionSelect within={within} />
              </Form.Item>
            )}
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="phone" label="手机号" rules={[contractRule(shape.phone)]}>
              <Input inputMode="numeric" maxLength={11} />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Title level={5}>角色与授权范围</Typography.Title>
        {self || grantsFixed ? (
          <Space orientation="vertical">
            <Space wrap>
              {user.grants.map((g) => (
                <Tag key={grantText(g)}>{grantText(g)}</Tag>
              ))}
            </Space>
            <Typography.Text type="secondary">
              {self ? "不能修改自己的角色，请联系上级管理员。" : "该用户有超出您管理范围的角色，只能由上级管理员调整。"}
            </Typography.Text>
          </Space>
        ) : (
          <GrantRows within={within} />
        )}
      </Form>
    </Modal>
  );
}
