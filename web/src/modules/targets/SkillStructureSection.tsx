import { Alert, Button, Card, Col, Descriptions, Form, Input, InputNumber, Row, Select, Space, Statistic, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { FIRST_TARGET_YEAR, type SkillStructureView } from "../../../../shared/src/contracts/targets.ts";
import { errorText } from "../../app/error-messages.ts";
import { formatDateTime } from "../../app/format.ts";
import { goalStatus } from "../../app/status.ts";
import { EChart } from "../attendance/EChart.tsx";
import { shareChartOption } from "./skill-chart.ts";
import { formatShare } from "./target-format.ts";
import { useSetSkillStructure, useSkillStructure } from "./targets.api.ts";

const thisYear = new Date().getFullYear();

function GoalTag({ share, goal }: { share: number | null; goal: number }) {
  const s = goalStatus[share === null ? "unknown" : share >= goal ? "met" : "below"];
  return <Tag color={s.color}>{s.text}</Tag>;
}

/** G2 and G3: the province's yearly statistics, the platform's certificates by level, and the shares. */
export function SkillStructureSection({ year: yearParam, setYear }: { year: string | undefined; setYear: (y: string) => void }) {
  const year = Number(yearParam) || thisYear;
  const q = useSkillStructure(year);
  const [editing, setEditing] = useState(false);
  const v = q.data;
  const years = Array.from({ length: thisYear + 1 - FIRST_TARGET_YEAR + 1 }, (_, i) => FIRST_TARGET_YEAR + i);
  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }}>
      <Space wrap>
        <Select aria-label="年度" style={{ width: 140 }} value={year} onChange={(y) => setYear(String(y))} options={years.map((y) => ({ value: y, label: `${y} 年` }))} />
        {v?.abilities.enter && (
          <Button type="primary" onClick={() => setEditing(true)}>
            {v.entered ? "更正统计数" : "录入统计数"}
          </Button>
        )}
      </Space>
      {q.isError && <Alert type="warning" showIcon title={errorText(q.error)} />}
      {v && (
        <>
          <Row gutter={[16, 16]}>
            <Col xs={24} md={12}>
              <Card size="small" title="技能劳动者占就业人员比例（目标约 25%）">
                <Space size={24} wrap>
                  <Statistic title="按统计数" value={formatShare(v.base.skilledShare)} />
                  <Statistic title="含本年平台发证（估算）" value={formatShare(v.withCertificates.skilledShare)} />
                  <GoalTag share={v.withCertificates.skilledShare} goal={v.goals.skilledShare} />
                </Space>
                <EChart
                  label={`技能劳动者占比：各年度按统计数，目标 ${v.goals.skilledShare * 100}%`}
                  style={{ height: 200 }}
                  option={shareChartOption(v.series.map((s) => ({ year: s.year, share: s.base.skilledShare })), v.goals.skilledShare, "#1677ff")}
                />
              </Card>
            </Col>
            <Col xs={24} md={12}>
              <Card size="small" title="高技能人才占技能劳动者比例（目标约 30%）">
                <Space size={24} wrap>
                  <Statistic title="按统计数" value={formatShare(v.base.highSkilledShare)} />
                  <Statistic title="含本年平台发证（估算）" value={formatShare(v.withCertificates.highSkilledShare)} />
                  <GoalTag share={v.withCertificates.highSkilledShare} goal={v.goals.highSkilledShare} />
                </Space>
                <EChart
                  label={`高技能人才占比：各年度按统计数，目标 ${v.goals.highSkilledShare * 100}%`}
                  style={{ height: 200 }}
                  option={shareChartOption(v.series.map((s) => ({ year: s.year, share: s.base.highSkilledShare })), v.goals.highSkilledShare, "#389e0d")}
                />
              </Card>
            </Col>
          </Row>
          <Row gutter={[16, 16]}>
            <Col xs={24} md={12}>
              <Card size="small" title={`${year} 年初统计数（上年末）`}>
                {v.entered ? (
                  <Descriptions size="small" column={1}>
                    <Descriptions.Item label="就业人员">{v.entered.employed.toLocaleString("zh-CN")} 人</Descriptions.Item>
                    <Descriptions.Item label="技能劳动者">{v.entered.skilled.toLocaleString("zh-CN")} 人</Descriptions.Item>
                    <Descriptions.Item label="高技能人才">{v.entered.highSkilled.toLocaleString("zh-CN")} 人</Descriptions.Item>
                    <Descriptions.Item label="来源">{v.entered.reason}</Descriptions.Item>
                    <Descriptions.Item label="录入">
                      {formatDateTime(v.entered.at)} · {v.entered.byName}（第 {v.entered.version} 版）
                    </Descriptions.Item>
                  </Descriptions>
                ) : (
                  <Typography.Text>省级尚未录入 {year} 年的统计数。</Typography.Text>
                )}
              </Card>
            </Col>
            <Col xs={24} md={12}>
              <Card size="small" title={`${year} 年本平台发放的等级证书`}>
                <Table
                  rowKey="level"
                  size="small"
                  pagination={false}
                  dataSource={v.certificates}
                  columns={[
                    { title: "等级", dataIndex: "levelName" },
                    { title: "证书数", dataIndex: "count", align: "right", render: (n: number) => n.toLocaleString("zh-CN") },
                  ]}
                />
                <Typography.Paragraph type="secondary" style={{ margin: "8px 0 0" }}>
                  仅计有效的职业资格证书和职业技能等级证书。估算把各级证书计入技能劳动者、三级及以上计入高技能人才；已有等级者晋级会重复计入，故为上限估算。
                </Typography.Paragraph>
              </Card>
            </Col>
          </Row>
        </>
      )}
      {editing && v && <SkillStructureModal view={v} onClose={() => setEditing(false)} />}
    </Space>
  );
}

function SkillStructureModal({ view, onClose }: { view: SkillStructureView; onClose: () => void }) {
  const [form] = Form.useForm<{ employed: number; skilled: number; highSkilled: number; reason: string }>();
  const m = useSetSkillStructure();
  return (
    <Card size="small" title={`${view.year} 年初统计数`} extra={<Button onClick={onClose}>取消</Button>}>
      {m.isError && <Alert type="error" showIcon title={errorText(m.error)} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        layout="vertical"
        initialValues={view.entered ?? undefined}
        onFinish={(b) => m.mutate({ ...b, year: view.year, baseVersion: view.entered?.version ?? 0 }, { onSuccess: onClose })}
      >
        <Row gutter={16}>
          {(
            [
              ["employed", "就业人员（人）"],
              ["skilled", "技能劳动者（人）"],
              ["highSkilled", "高技能人才（人）"],
            ] as const
          ).map(([name, label]) => (
            <Col xs={24} md={8} key={name}>
              <Form.Item name={name} label={label} rules={[{ required: true, message: `请填写${label}` }]}>
                <InputNumber min={0} precision={0} style={{ width: "100%" }} />
              </Form.Item>
            </Col>
          ))}
        </Row>
        <Form.Item name="reason" label="数据来源" rules={[{ required: true, min: 2, message: "请填写数据来源（至少 2 个字）" }]}>
          <Input maxLength={200} placeholder="如：吉林省统计局 2024 年统计公报" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={m.isPending}>
          保存
        </Button>
      </Form>
    </Card>
  );
}
