import { Alert, Col, DatePicker, Form, Input, Modal, Row, Select } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { type InstitutionView, institutionTypes } from "../../../../shared/src/contracts/institutions.ts";
import { applyApiErrorToForm } from "../../app/form-errors.ts";
import { useInstitutionMutations } from "./institutions.api.ts";

interface Values {
  name: string;
  type: InstitutionView["type"];
  address: string;
  publicPhone?: string;
  licenceNo: string;
  licenceValidUntil: Dayjs;
  contactName: string;
  contactPhone: string;
  bankAccountName: string;
  bankName: string;
  bankAccountNumber?: string;
}

/** The institution edits its own details; the bank account is re-entered only to change it. */
export function InstitutionEditModal({ inst, onClose }: { inst: InstitutionView; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const m = useInstitutionMutations(inst.id);
  const [alert, setAlert] = useState<string[]>([]);
  const submit = (v: Values) => {
    const { bankAccountNumber, licenceValidUntil, publicPhone, ...rest } = v;
    m.update.mutate(
      { ...rest, publicPhone: publicPhone || null, licenceValidUntil: licenceValidUntil.format("YYYY-MM-DD"), ...(bankAccountNumber ? { bankAccountNumber } : {}) },
      { onSuccess: onClose, onError: (e) => setAlert(applyApiErrorToForm(form, e)) },
    );
  };
  const req = (message: string) => [{ required: true, whitespace: true, message }];
  return (
    <Modal open title="修改机构信息" width={{ xs: "100%", md: 760 }} okText="保存" confirmLoading={m.update.isPending} onCancel={onClose} onOk={() => form.submit()} mask={{ closable: false }}>
      {alert.length > 0 && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={alert.join("；")} />}
      {(inst.status === "approved" || inst.status === "suspended") && (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} title="机构名称、类型、地址和计划项目的修改须经县级人社部门审核后生效；其余信息保存后即生效。" />
      )}
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ ...inst, publicPhone: inst.publicPhone ?? undefined, licenceValidUntil: dayjs(inst.licenceValidUntil) }}>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="name" label="机构名称" rules={req("请输入机构名称")}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="type" label="机构类型">
              <Select options={institutionTypes.map((t) => ({ value: t.code, label: t.label }))} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="address" label="地址" rules={req("请输入地址")}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="licenceNo" label="许可证编号" rules={req("请输入许可证编号")}>
              <Input maxLength={64} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="licenceValidUntil" label="许可证有效期至" rules={[{ required: true, message: "请选择日期" }]}>
              <DatePicker style={{ width: "100%" }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="publicPhone" label="咨询电话（公开）">
              <Input maxLength={20} />
            </Form.Item>
          </Col>
          <Col xs={12} md={8}>
            <Form.Item name="contactName" label="联系人" rules={req("请输入联系人")}>
              <Input maxLength={50} />
            </Form.Item>
          </Col>
          <Col xs={12} md={8}>
            <Form.Item name="contactPhone" label="联系电话" rules={req("请输入联系电话")}>
              <Input maxLength={20} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="bankAccountName" label="开户名" rules={req("请输入开户名")}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="bankName" label="开户银行" rules={req("请输入开户银行")}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="bankAccountNumber" label="银行账号" extra={`当前：${inst.bankAccountMasked}；不修改请留空`}>
              <Input maxLength={32} inputMode="numeric" autoComplete="off" />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
