import { Alert, Button, Card, Col, DatePicker, Form, Input, Result, Row, Select, Typography } from "antd";
import type { Dayjs } from "dayjs";
import { useState } from "react";
import { Link } from "react-router";
import { type RegisterInstitutionBody, institutionTypes, registerInstitutionBody } from "../../../../shared/src/contracts/institutions.ts";
import { api } from "../../app/api-client.ts";
import { contractRule } from "../../app/contract-rule.ts";
import { applyApiErrorToForm } from "../../app/form-errors.ts";
import { roleLabels } from "../institutions/institution-labels.ts";
import { RegionSelect } from "../reference/RegionSelect.tsx";

type Values = Omit<RegisterInstitutionBody, "licenceValidUntil" | "programCodes"> & { licenceValidUntil: Dayjs };
const shape = registerInstitutionBody.shape;
const req = (message: string) => ({ required: true, whitespace: true, message });

/** 培训机构注册: creates the institution (待审核) and its first account; the county reviews it. */
export function RegisterPage() {
  const [form] = Form.useForm<Values>();
  const [alert, setAlert] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<{ name: string; username: string } | null>(null);
  const submit = async (v: Values) => {
    setAlert([]);
    setBusy(true);
    try {
      const r = await api.post<{ institution: { name: string }; username: string }>("/api/public/institutions/register", { ...v, licenceValidUntil: v.licenceValidUntil.format("YYYY-MM-DD"), programCodes: [] });
      setDone({ name: r.institution.name, username: r.username });
    } catch (e) {
      setAlert(applyApiErrorToForm(form, e, { codeFields: { "institution.credit_code_taken": ["creditCode"], "user.username_taken": ["username"], "auth.weak_password": ["password"] } }));
    } finally {
      setBusy(false);
    }
  };
  if (done) {
    return (
      <Card>
        <Result
          status="success"
          title="注册申请已提交"
          subTitle={`${done.name} 的注册申请已提交，由所在县（市、区）人社部门审核（约 7 个工作日）。可使用账号 ${done.username} 登录查看审核进度、补充师资和场地。`}
          extra={
            <Link to="/login">
              <Button type="primary">登录平台</Button>
            </Link>
          }
        />
      </Card>
    );
  }
  const col = { xs: 24, md: 12 };
  return (
    <Card
      title={
        <h1 style={{ margin: 0, fontSize: 16 }}>培训机构注册</h1>
      }
    >
      <Typography.Paragraph type="secondary">提交后由机构所在县（市、区）人社部门审核，通过后进入公开的培训机构目录。标 * 为必填项。</Typography.Paragraph>
      {alert.length > 0 && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={alert.join("；")} />}
      <Form form={form} name="register" layout="vertical" onFinish={(v) => void submit(v)} initialValues={{ role: "training", type: "private_school" }} scrollToFirstError>
        <Row gutter={16}>
          <Col {...col}>
            <Form.Item name="name" label="机构名称" rules={[req("请输入机构名称")]}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col {...col}>
            <Form.Item name="creditCode" label="统一社会信用代码" rules={[req("请输入统一社会信用代码"), contractRule(shape.creditCode)]}>
              <Input maxLength={18} style={{ textTransform: "uppercase" }} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="role" label="机构角色">
              <Select options={Object.entries(roleLabels).map(([value, label]) => ({ value, label }))} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="type" label="机构类型">
              <Select options={institutionTypes.map((t) => ({ value: t.code, label: t.label }))} />
            </Form.Item>
          </Col>
          <Col {...col}>
            <Form.Item name="regionCode" label="所在县（市、区）" rules={[{ required: true, message: "请选择所在县（市、区）" }]}>
              <RegionSelect within="all" />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="address" label="地址" rules={[req("请输入地址")]}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col {...col}>
            <Form.Item name="licenceNo" label="办学许可证（或营业执照）编号" rules={[req("请输入编号")]}>
              <Input maxLength={64} />
            </Form.Item>
          </Col>
          <Col {...col}>
            <Form.Item name="licenceValidUntil" label="许可证有效期至" rules={[{ required: true, message: "请选择日期" }]}>
              <DatePicker style={{ width: "100%" }} inputReadOnly={false} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="publicPhone" label="咨询电话（公开）" rules={[contractRule(shape.publicPhone)]}>
              <Input maxLength={20} />
            </Form.Item>
          </Col>
          <Col xs={12} md={8}>
            <Form.Item name="contactName" label="联系人" rules={[req("请输入联系人")]}>
              <Input maxLength={50} />
            </Form.Item>
          </Col>
          <Col xs={12} md={8}>
            <Form.Item name="contactPhone" label="联系电话" rules={[req("请输入联系电话"), contractRule(shape.contactPhone)]}>
              <Input maxLength={20} inputMode="tel" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="bankAccountName" label="开户名" rules={[req("请输入开户名")]}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="bankName" label="开户银行" rules={[req("请输入开户银行")]}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="bankAccountNumber" label="银行账号" rules={[req("请输入银行账号"), contractRule(shape.bankAccountNumber)]}>
              <Input maxLength={32} inputMode="numeric" autoComplete="off" />
            </Form.Item>
          </Col>
          <Col {...col}>
            <Form.Item name="username" label="登录用户名" rules={[req("请输入用户名"), contractRule(shape.username)]}>
              <Input maxLength={32} autoComplete="username" />
            </Form.Item>
          </Col>
          <Col {...col}>
            <Form.Item name="password" label="登录密码" extra="至少 10 位，包含大小写字母、数字、符号中的 3 类" rules={[{ required: true, message: "请输入密码" }]}>
              <Input.Password maxLength={128} autoComplete="new-password" />
            </Form.Item>
          </Col>
        </Row>
        <Button type="primary" htmlType="submit" size="large" loading={busy}>
          提交注册申请
        </Button>
      </Form>
    </Card>
  );
}
