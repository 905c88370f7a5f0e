import { Alert, Col, DatePicker, Form, Input, InputNumber, Modal, Row, Select } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { type ItemView, type StandardSubsidyType, type StandardView, standardSubsidyTypeLabels, standardSubsidyTypes } from "../../../../shared/src/contracts/catalogue.ts";
import { applyApiErrorToForm } from "../../app/form-errors.ts";
import { fenToYuanText, formatFen, yuanToFen } from "../../app/money.ts";
import { regionsWhere, useMe } from "../../app/session.ts";
import { RegionSelect } from "../reference/RegionSelect.tsx";
import { useCatalogueMutations } from "./catalogue.api.ts";
import { useCodeLabels } from "./code-labels.ts";

interface Values {
  subsidyType: StandardSubsidyType;
  regionCode: string;
  certificateType: string;
  skillLevel?: "1" | "2" | "3" | "4" | "5";
  amountYuan: string;
  shortageFactorPercent: number;
  onlineFactorPercent: number;
  blendedFactorPercent: number;
  effectiveFrom: Dayjs;
  effectiveTo?: Dayjs | null;
  note?: string;
}

const dateText = (d: Dayjs | null | undefined) => (d ? d.format("YYYY-MM-DD") : null);

/** 设定 / 修改补贴标准. Amounts are typed in 元 and sent as exact integer fen. */
export function StandardFormModal({ item, standard, onClose }: { item: Pick<ItemView, "id" | "displayName" | "certificateTypes" | "skillLevels">; standard?: StandardView; onClose: () => void }) {
  const me = useMe();
  const [form] = Form.useForm<Values>();
  const codes = useCodeLabels();
  const m = useCatalogueMutations();
  const [alert, setAlert] = useState<string[]>([]);
  const amount = yuanToFen(Form.useWatch("amountYuan", form));
  // 评价补贴: no factors (all 100) and never 培训合格证书
  const evaluation = (Form.useWatch("subsidyType", form) ?? standard?.subsidyType ?? "training") === "evaluation";
  const certificateOptions = item.certificateTypes.filter((c) => !evaluation || c !== "training_completion").map((c) => ({ value: c, label: codes.name("certificate_type", c) }));
  const onTypeChange = (t: StandardSubsidyType) => {
    if (t !== "evaluation") return;
    form.setFieldsValue({ shortageFactorPercent: 100, onlineFactorPercent: 100, blendedFactorPercent: 100 });
    if (form.getFieldValue("certificateType") === "training_completion") form.setFieldsValue({ certificateType: item.certificateTypes.find((c) => c !== "training_completion") });
  };
  // an amountFen issue has no field of that name (the form shows 元), so it lands in the alert
  const onError = (e: unknown) => setAlert(applyApiErrorToForm(form, e, { codeFields: { "standard.overlap": ["effectiveFrom"] } }));
  const submit = (v: Values) => {
    const amountFen = yuanToFen(v.amountYuan) ?? 0;
    const common = {
      amountFen,
      shortageFactorPercent: v.shortageFactorPercent,
      onlineFactorPercent: v.onlineFactorPercent,
      blendedFactorPercent: v.blendedFactorPercent,
      effectiveFrom: dateText(v.effectiveFrom) ?? "",
      effectiveTo: dateText(v.effectiveTo),
      note: v.note || null,
    };
    if (standard) m.updateStandard.mutate({ id: standard.id, body: common }, { onSuccess: onClose, onError });
    else m.createStandard.mutate({ ...common, subsidyType: v.subsidyType, itemId: item.id, regionCode: v.regionCode, certificateType: v.certificateType, skillLevel: v.skillLevel ?? null }, { onSuccess: onClose, onError });
  };
  const initial: Partial<Values> = standard
    ? {
        subsidyType: standard.subsidyType,
        regionCode: standard.regionCode,
        certificateType: standard.certificateType,
        skillLevel: (standard.skillLevel ?? undefined) as Values["skillLevel"],
        amountYuan: fenToYuanText(standard.amountFen),
        shortageFactorPercent: standard.shortageFactorPercent,
        onlineFactorPercent: standard.onlineFactorPercent,
        blendedFactorPercent: standard.blendedFactorPercent,
        effectiveFrom: dayjs(standard.effectiveFrom),
        effectiveTo: standard.effectiveTo ? dayjs(standard.effectiveTo) : null,
        note: standard.note ?? undefined,
      }
    : { subsidyType: "training", shortageFactorPercent: 100, onlineFactorPercent: 100, blendedFactorPercent: 100, certificateType: item.certificateTypes[0] };
  return (
    <Modal
      open
      title={standard ? "修改补贴标准" : `设定补贴标准：${item.displayName}`}
      width={{ xs: "100%", md: 720 }}
      okText="保存"
      confirmLoading={m.createStandard.isPending || m.updateStandard.isPending}
      onCancel={onClose}
      onOk={() => form.submit()}
      mask={{ closable: false }}
    >
      {alert.length > 0 && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={alert.join("；")} />}
      <Form form={form} name="standardForm" layout="vertical" onFinish={submit} initialValues={initial}>
        <Row gutter={12}>
          <Col xs={24} md={12}>
            <Form.Item name="subsidyType" label="补贴类型" extra={evaluation ? "评价补贴按证书类型和等级定额，不设系数，不适用于培训合格证书" : "培训补贴可按紧缺程度和培训方式调整"} rules={[{ required: true, message: "请选择补贴类型" }]}>
              <Select disabled={!!standard} onChange={onTypeChange} options={standardSubsidyTypes.map((t) => ({ value: t, label: standardSubsidyTypeLabels[t] }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="regionCode" label="适用地区" extra="省本级（220000）为全省默认标准" rules={[{ required: true, message: "请选择地区" }]}>
              {standard ? <Input disabled value={standard.regionName} /> : <RegionSelect within={me.data ? regionsWhere(me.data, "standard.manage") : []} />}
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="certificateType" label="证书类型" rules={[{ required: true, message: "请选择" }]}>
              <Select disabled={!!standard} options={certificateOptions} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="skillLevel" label="技能等级">
              <Select disabled={!!standard} allowClear placeholder="不分等级" options={item.skillLevels.map((l) => ({ value: l, label: codes.name("skill_level", l) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="amountYuan"
              label="补贴标准（元/人）"
              extra={amount !== null ? `即 ${formatFen(amount)}（${amount} 分）` : "最多两位小数"}
              rules={[
                { required: true, message: "请输入金额" },
                { validator: async (_r, v: string) => (v && yuanToFen(v) === null ? Promise.reject(new Error("金额须为非负数，最多两位小数")) : undefined) },
              ]}
            >
              <Input inputMode="decimal" prefix="¥" suffix="元" maxLength={13} />
            </Form.Item>
          </Col>
          <Col xs={8} md={4}>
            <Form.Item name="shortageFactorPercent" label="紧缺系数 %">
              <InputNumber disabled={evaluation} min={1} max={200} precision={0} style={{ width: "100%" }} />
            </Form.Item>
          </Col>
          <Col xs={8} md={4}>
            <Form.Item name="onlineFactorPercent" label="线上 %">
              <InputNumber disabled={evaluation} min={0} max={200} precision={0} style={{ width: "100%" }} />
            </Form.Item>
          </Col>
          <Col xs={8} md={4}>
            <Form.Item name="blendedFactorPercent" label="混合 %">
              <InputNumber disabled={evaluation} min={0} max={200} precision={0} style={{ width: "100%" }} />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item name="effectiveFrom" label="生效日期" rules={[{ required: true, message: "请选择生效日期" }]}>
              <DatePicker style={{ width: "100%" }} />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item name="effectiveTo" label="截止日期（可空）">
              <DatePicker style={{ width: "100%" }} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="note" label="备注">
              <Input maxLength={500} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
