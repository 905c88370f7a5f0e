import { Alert, Col, Form, Input, Modal, Row, Select, Typography } from "antd";
import dayjs from "dayjs";
import { useState } from "react";
import { educationCodes, registerPersonBody, type RegisterPersonBody } from "../../../../shared/src/contracts/trainees.ts";
import { checkIdNumber } from "../../../../shared/src/ids.ts";
import { contractRule } from "../../app/contract-rule.ts";
import { applyApiErrorToForm } from "../../app/form-errors.ts";
import { RegionSelect } from "../reference/RegionSelect.tsx";
import { useRegisterPerson } from "./trainees.api.ts";

const shape = registerPersonBody.shape;
const codeFields = { "person.id_invalid": ["idNumber"], "person.name_mismatch": ["name"], "person.scope_outside": ["residenceRegionCode"] };

interface Values {
  idNumber: string;
  name: string;
  phone?: string;
  residenceRegionCode: string;
  education?: RegisterPersonBody["education"];
  employerName?: string;
}

/** 学员登记: the ID number is checked as it is typed (GB 11643), showing the birth date and gender it carries. */
export function PersonFormModal({ onClose, onDone }: { onClose: () => void; onDone: (created: boolean, name: string, differences: string[]) => void }) {
  const [form] = Form.useForm<Values>();
  const [alert, setAlert] = useState<string[]>([]);
  const register = useRegisterPerson();
  const idNumber = Form.useWatch("idNumber", form) ?? "";
  const today = dayjs().format("YYYY-MM-DD");
  const check = idNumber.trim().length === 18 ? checkIdNumber(idNumber, today) : null;

  const submit = async (v: Values) => {
    setAlert([]);
    try {
      const r = await register.mutateAsync({
        idNumber: v.idNumber.trim(),
        name: v.name.trim(),
        phone: v.phone?.trim() || null,
        residenceRegionCode: v.residenceRegionCode,
        education: v.education ?? null,
        employerName: v.employerName?.trim() || null,
        categories: [],
        exclusions: [],
      });
      onDone(r.created, r.person.name, r.differences.map((d) => d.message));
      onClose();
    } catch (e) {
      setAlert(applyApiErrorToForm(form, e, { codeFields }));
    }
  };

  return (
    <Modal open title="学员实名登记" okText="登记" width={{ xs: "100%", md: 640 }} onOk={() => form.submit()} confirmLoading={register.isPending} onCancel={onClose} mask={{ closable: false }}>
      {alert.length > 0 && <Alert type="error" showIcon style={{ marginBottom: 16 }} title={alert.join("；")} />}
      <Form form={form} name="personForm" layout="vertical" onFinish={submit}>
        <Row gutter={16}>
          <Col xs={24} md={14}>
            <Form.Item
              name="idNumber"
              label="身份证号"
              validateTrigger={["onChange", "onBlur"]}
              rules={[
                { required: true, whitespace: true, message: "请输入身份证号" },
                {
                  validator: async (_r, v: string | undefined) => {
                    if (!v?.trim()) return;
                    const r = checkIdNumber(v, dayjs().format("YYYY-MM-DD"));
                    if (!r.ok) throw new Error(r.message);
                  },
                },
              ]}
              extra={check?.ok ? <Typography.Text type="success" data-testid="id-derived">出生日期 {check.birthDate}，性别 {check.gender === "male" ? "男" : "女"}</Typography.Text> : undefined}
            >
              <Input maxLength={18} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} md={10}>
            <Form.Item name="name" label="姓名" rules={[{ required: true, whitespace: true, message: "请输入姓名" }, contractRule(shape.name)]}>
              <Input maxLength={50} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="residenceRegionCode" label="居住地" rules={[{ required: true, message: "请选择居住地" }]}>
              <RegionSelect within="all" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="phone" label="手机号" rules={[contractRule(shape.phone.unwrap().unwrap())]}>
              <Input inputMode="numeric" maxLength={11} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="education" label="文化程度">
              <Select allowClear options={Object.entries(educationCodes).map(([value, label]) => ({ value, label }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="employerName" label="工作单位">
              <Input maxLength={100} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
