import { Alert, Button, Card, Col, DatePicker, Form, Row, Select, Typography } from "antd";
import type { Dayjs } from "dayjs";
import { useState } from "react";
import { standardSubsidyTypeLabels, standardSubsidyTypes, trainingModes } from "../../../../shared/src/contracts/catalogue.ts";
import { errorText } from "../../app/error-messages.ts";
import { formatFen } from "../../app/money.ts";
import { RegionSelect } from "../reference/RegionSelect.tsx";
import { useReference } from "../reference/reference.api.ts";
import { lookupStandard, type StandardAnswer, useItemList } from "./catalogue.api.ts";
import { modeLabels, useCodeLabels } from "./code-labels.ts";

interface Values {
  subsidyType: "training" | "evaluation";
  itemId: string;
  regionCode: string;
  certificateType: string;
  skillLevel?: string;
  mode: string;
  date?: Dayjs | null;
}

/** 查询适用标准: which standard applies to an item in a region on a date, and the amount it gives. */
export function StandardLookupCard() {
  const [form] = Form.useForm<Values>();
  const codes = useCodeLabels();
  const [q, setQ] = useState("");
  const items = useItemList({ q: q || undefined, pageSize: 50 });
  const ref = useReference();
  const regionName = (code: string) => ref.data?.regions.find((r) => r.code === code)?.name ?? code;
  const [answer, setAnswer] = useState<StandardAnswer | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const submit = async (v: Values) => {
    setAnswer(null);
    setFailure(null);
    try {
      setAnswer(await lookupStandard({ ...v, date: v.date ? v.date.format("YYYY-MM-DD") : undefined }));
    } catch (e) {
      setFailure(errorText(e));
    }
  };
  return (
    <Card size="small" title="查询适用标准">
      <Form form={form} name="lookup" layout="vertical" onFinish={(v) => void submit(v)} initialValues={{ subsidyType: "training", mode: "offline" }}>
        <Row gutter={12}>
          <Col xs={24} md={8}>
            <Form.Item name="itemId" label="培训项目" rules={[{ required: true, message: "请选择项目" }]}>
              <Select showSearch={{ filterOption: false, onSearch: setQ }} placeholder="输入编号或名称搜索" options={(items.data?.items ?? []).map((i) => ({ value: i.id, label: `${i.code} ${i.displayName}` }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="regionCode" label="地区（县区按所属市）" rules={[{ required: true, message: "请选择地区" }]}>
              <RegionSelect within="all" />
            </Form.Item>
          </Col>
          <Col xs={12} md={8}>
            <Form.Item name="certificateType" label="证书类型" rules={[{ required: true, message: "请选择" }]}>
              <Select options={codes.options("certificate_type")} />
            </Form.Item>
          </Col>
          <Col xs={12} md={4}>
            <Form.Item name="subsidyType" label="补贴类型">
              <Select options={standardSubsidyTypes.map((t) => ({ value: t, label: standardSubsidyTypeLabels[t] }))} />
            </Form.Item>
          </Col>
          <Col xs={12} md={5}>
            <Form.Item name="skillLevel" label="技能等级">
              <Select allowClear placeholder="不分等级" options={codes.options("skill_level")} />
            </Form.Item>
          </Col>
          <Col xs={12} md={5}>
            <Form.Item name="mode" label="培训方式">
              <Select options={trainingModes.map((m) => ({ value: m, label: modeLabels[m] }))} />
            </Form.Item>
          </Col>
          <Col xs={12} md={5}>
            <Form.Item name="date" label="日期">
              <DatePicker style={{ width: "100%" }} placeholder="今天" />
            </Form.Item>
          </Col>
          <Col xs={24} md={5}>
            <Form.Item label=" " colon={false}>
              <Button type="primary" htmlType="submit" block>
                查询
              </Button>
            </Form.Item>
          </Col>
        </Row>
      </Form>
      {failure && <Alert type="warning" showIcon title={failure} />}
      {answer && (
        <Alert
          type="success"
          showIcon
          title={
            <>
              适用金额 <Typography.Text strong>{formatFen(answer.amountFen)}</Typography.Text>/人
            </>
          }
          description={`${standardSubsidyTypeLabels[answer.subsidyType]}：基准 ${formatFen(answer.baseAmountFen)} × 紧缺系数 ${answer.shortageFactorPercent}% × 方式系数 ${answer.modeFactorPercent}%（四舍五入到分）；标准地区 ${regionName(answer.resolvedRegionCode)}，有效期 ${answer.effectiveFrom} 至 ${answer.effectiveTo ?? "长期"}`}
        />
      )}
    </Card>
  );
}
