import { Alert, Col, DatePicker, Form, Input, InputNumber, Modal, Row, Select } from "antd";
import type { Dayjs } from "dayjs";
import { useState } from "react";
import { createItemBody, type ItemView, trainingModes } from "../../../../shared/src/contracts/catalogue.ts";
import { contractRule } from "../../app/contract-rule.ts";
import { applyApiErrorToForm } from "../../app/form-errors.ts";
import { useCatalogueMutations, useOccupationList } from "./catalogue.api.ts";
import { modeLabels, useCodeLabels } from "./code-labels.ts";

interface VersionValues {
  effectiveFrom: Dayjs;
  effectiveTo?: Dayjs | null;
  minHours: number;
  maxHours: number;
  minTheoryPercent: number;
  minPracticePercent: number;
  modes: (typeof trainingModes)[number][];
}

interface Values {
  firstVersion: VersionValues;
  code: string;
  occupationId?: string;
  tradeName?: string;
  projectName?: string;
  trainingType: string;
  certificateTypes: string[];
  skillLevels?: ("1" | "2" | "3" | "4" | "5")[];
  industryCode?: string;
}

export type { VersionValues };

export const toVersion = (v: VersionValues) => ({
  effectiveFrom: v.effectiveFrom.format("YYYY-MM-DD"),
  effectiveTo: v.effectiveTo ? v.effectiveTo.format("YYYY-MM-DD") : null,
  minHours: v.minHours,
  maxHours: v.maxHours,
  minTheoryPercent: v.minTheoryPercent,
  minPracticePercent: v.minPracticePercent,
  modes: v.modes,
});

/** The fields of one version (effective dates, class hours, theory/practice shares, modes). */
export function VersionFields({ prefix = [] }: { prefix?: string[] }) {
  const n = (k: string) => [...prefix, k];
  return (
    <Row gutter={12}>
      <Col xs={12} md={6}>
        <Form.Item name={n("effectiveFrom")} label="生效日期" rules={[{ required: true, message: "请选择生效日期" }]}>
          <DatePicker style={{ width: "100%" }} />
        </Form.Item>
      </Col>
      <Col xs={12} md={6}>
        <Form.Item name={n("effectiveTo")} label="截止日期（可空）">
          <DatePicker style={{ width: "100%" }} />
        </Form.Item>
      </Col>
      <Col xs={12} md={6}>
        <Form.Item name={n("minHours")} label="最少课时" rules={[{ required: true, message: "必填" }]}>
          <InputNumber min={1} max={5000} precision={0} style={{ width: "100%" }} />
        </Form.Item>
      </Col>
      <Col xs={12} md={6}>
        <Form.Item name={n("maxHours")} label="最多课时" rules={[{ required: true, message: "必填" }]}>
          <InputNumber min={1} max={5000} precision={0} style={{ width: "100%" }} />
        </Form.Item>
      </Col>
      <Col xs={12} md={6}>
        <Form.Item name={n("minTheoryPercent")} label="理论最低占比 %" rules={[{ required: true, message: "必填" }]}>
          <InputNumber min={0} max={100} precision={0} style={{ width: "100%" }} />
        </Form.Item>
      </Col>
      <Col xs={12} md={6}>
        <Form.Item name={n("minPracticePercent")} label="实操最低占比 %" rules={[{ required: true, message: "必填" }]}>
          <InputNumber min={0} max={100} precision={0} style={{ width: "100%" }} />
        </Form.Item>
      </Col>
      <Col xs={24} md={12}>
        <Form.Item name={n("modes")} label="培训方式" rules={[{ required: true, message: "至少选择一种" }]}>
          <Select mode="multiple" options={trainingModes.map((m) => ({ value: m, label: modeLabels[m] }))} />
        </Form.Item>
      </Col>
    </Row>
  );
}

export const versionDefaults = { minHours: 40, maxHours: 120, minTheoryPercent: 20, minPracticePercent: 50, modes: ["offline"] };

/** 新增培训项目 (a draft with its first version). */
export function ItemFormModal({ onClose, onCreated }: { onClose: () => void; onCreated: (item: ItemView) => void }) {
  const [form] = Form.useForm<Values>();
  const { createItem } = useCatalogueMutations();
  const codes = useCodeLabels();
  const [q, setQ] = useState("");
  const occ = useOccupationList({ q: q || undefined, pageSize: 50 });
  const [alert, setAlert] = useState<string[]>([]);
  const submit = (v: Values) => {
    setAlert([]);
    createItem.mutate(
      {
        code: v.code,
        occupationId: v.occupationId ?? null,
        tradeName: v.tradeName || null,
        projectName: v.projectName || null,
        trainingType: v.trainingType,
        certificateTypes: v.certificateTypes,
        skillLevels: v.skillLevels ?? [],
        industryCode: v.industryCode ?? null,
        programCodes: [],
        firstVersion: toVersion(v.firstVersion),
      },
      { onSuccess: onCreated, onError: (e) => setAlert(applyApiErrorToForm(form, e, { codeFields: { "catalogue.code_taken": ["code"] } })) },
    );
  };
  return (
    <Modal open title="新增培训项目" width={{ xs: "100%", md: 820 }} okText="保存为草稿" confirmLoading={createItem.isPending} onCancel={onClose} onOk={() => form.submit()} mask={{ closable: false }}>
      {alert.length > 0 && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={alert.join("；")} />}
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ firstVersion: versionDefaults }}>
        <Row gutter={12}>
          <Col xs={24} md={8}>
            <Form.Item name="code" label="项目编号" rules={[{ required: true, message: "请输入项目编号" }, contractRule(createItemBody.shape.code)]}>
              <Input maxLength={32} />
            </Form.Item>
          </Col>
          <Col xs={24} md={16}>
            <Form.Item name="occupationId" label="职业（工种）" extra="专项项目可不选职业，改填项目名称">
              <Select
                allowClear
                showSearch={{ filterOption: false, onSearch: setQ }}
                options={(occ.data?.items ?? []).map((o) => ({ value: o.id, label: `${o.code} ${o.name}（${o.edition}版）` }))}
                placeholder="输入编码或名称搜索"
              />
            </Form.Item>
          </Col>
          <Col xs={12} md={8}>
            <Form.Item name="tradeName" label="工种">
              <Input maxLength={60} />
            </Form.Item>
          </Col>
          <Col xs={12} md={16}>
            <Form.Item name="projectName" label="专项项目名称">
              <Input maxLength={100} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="trainingType" label="培训类型" rules={[{ required: true, message: "请选择培训类型" }]}>
              <Select options={codes.options("training_type")} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="certificateTypes" label="证书类型" rules={[{ required: true, message: "至少选择一种" }]}>
              <Select mode="multiple" options={codes.options("certificate_type")} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="skillLevels" label="技能等级">
              <Select mode="multiple" options={codes.options("skill_level")} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="industryCode" label="行业">
              <Select allowClear options={codes.options("industry")} />
            </Form.Item>
          </Col>
        </Row>
        <VersionFields prefix={["firstVersion"]} />
      </Form>
    </Modal>
  );
}

