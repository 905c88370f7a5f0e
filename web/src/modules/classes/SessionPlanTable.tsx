import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { Button, Card, Col, Form, type FormListFieldData, Grid, Input, InputNumber, Row, Select, Table, Typography } from "antd";
import { planHours, type SessionFormValue } from "./class-form.ts";
import { DateText, TimeText } from "./TextPickers.tsx";

interface Props {
  teachers: { id: string; name: string }[];
}

const req = (message: string) => [{ required: true, message }];

/** The editors of one session's fields; the same on the laptop table and the phone cards. */
function fieldsOf(f: FormListFieldData, teachers: Props["teachers"]) {
  const n = f.name + 1;
  return {
    date: (
      <Form.Item name={[f.name, "date"]} rules={req("请选择日期")} style={{ margin: 0 }}>
        <DateText aria-label={`第${n}次课日期`} placeholder="日期" />
      </Form.Item>
    ),
    start: (
      <Form.Item name={[f.name, "startTime"]} rules={req("请填写")} style={{ margin: 0 }}>
        <TimeText aria-label={`第${n}次课开始时间`} placeholder="开始" />
      </Form.Item>
    ),
    end: (
      <Form.Item name={[f.name, "endTime"]} rules={req("请填写")} style={{ margin: 0 }}>
        <TimeText aria-label={`第${n}次课结束时间`} placeholder="结束" />
      </Form.Item>
    ),
    teacher: (
      <Form.Item name={[f.name, "teacherId"]} rules={req("请选择")} style={{ margin: 0 }}>
        <Select aria-label={`第${n}次课教师`} options={teachers.map((t) => ({ value: t.id, label: t.name }))} placeholder="授课教师" />
      </Form.Item>
    ),
    content: (
      <Form.Item name={[f.name, "content"]} rules={req("请填写")} style={{ margin: 0 }}>
        <Input aria-label={`第${n}次课内容`} maxLength={500} placeholder="授课内容" />
      </Form.Item>
    ),
    theory: (
      <Form.Item name={[f.name, "theoryMinutes"]} rules={req("请填写")} style={{ margin: 0 }}>
        <InputNumber aria-label={`第${n}次课理论分钟`} min={0} max={1440} style={{ width: "100%" }} placeholder="理论分钟" />
      </Form.Item>
    ),
    practice: (
      <Form.Item name={[f.name, "practiceMinutes"]} rules={req("请填写")} style={{ margin: 0 }}>
        <InputNumber aria-label={`第${n}次课实操分钟`} min={0} max={1440} style={{ width: "100%" }} placeholder="实操分钟" />
      </Form.Item>
    ),
    place: (
      <Form.Item name={[f.name, "place"]} rules={req("请填写")} style={{ margin: 0 }}>
        <Input aria-label={`第${n}次课地点`} maxLength={200} placeholder="上课地点" />
      </Form.Item>
    ),
  };
}

const small = (text: string) => <div style={{ fontSize: 12, color: "#595959", marginBottom: 2 }}>{text}</div>;

/**
 * 课程安排: one row per session (date, times, teacher, content, theory/practice minutes, place) on a
 * laptop; on a phone one card per session with the fields stacked, so nothing scrolls sideways.
 */
export function SessionPlanTable({ teachers }: Props) {
  const sessions = Form.useWatch<SessionFormValue[] | undefined>("sessions");
  const sum = planHours(sessions);
  const wide = Grid.useBreakpoint().lg ?? true;
  return (
    <Form.List name="sessions">
      {(fields, { add, remove }, { errors }) => {
        const removeButton = (f: FormListFieldData) => <Button type="text" danger aria-label={`删除第${f.name + 1}次课`} icon={<DeleteOutlined />} onClick={() => remove(f.name)} />;
        return (
          <>
            {wide ? (
              <Table
                size="small"
                rowKey="key"
                dataSource={fields}
                pagination={false}
                scroll={{ x: 1100 }}
                locale={{ emptyText: "尚未添加课程：用“按规律生成课次”一次排好，或逐个添加" }}
                columns={[
                  { title: "#", key: "n", width: 40, render: (_, f) => f.name + 1 },
                  { title: "日期", key: "date", width: 150, render: (_, f) => fieldsOf(f, teachers).date },
                  { title: "开始", key: "start", width: 100, render: (_, f) => fieldsOf(f, teachers).start },
                  { title: "结束", key: "end", width: 100, render: (_, f) => fieldsOf(f, teachers).end },
                  { title: "授课教师", key: "teacher", width: 130, render: (_, f) => fieldsOf(f, teachers).teacher },
                  { title: "授课内容", key: "content", width: 200, render: (_, f) => fieldsOf(f, teachers).content },
                  { title: "理论(分钟)", key: "theory", width: 100, render: (_, f) => fieldsOf(f, teachers).theory },
                  { title: "实操(分钟)", key: "practice", width: 100, render: (_, f) => fieldsOf(f, teachers).practice },
                  { title: "上课地点", key: "place", width: 150, render: (_, f) => fieldsOf(f, teachers).place },
                  { title: "", key: "x", width: 50, render: (_, f) => removeButton(f) },
                ]}
              />
            ) : (
              <div style={{ display: "flex", flexDirection: "column", gap: 8 }}>
                {fields.length === 0 && <Typography.Text type="secondary">尚未添加课程：用“按规律生成课次”一次排好，或逐个添加</Typography.Text>}
                {fields.map((f) => {
                  const x = fieldsOf(f, teachers);
                  return (
                    <Card key={f.key} size="small" title={`第 ${f.name + 1} 次课`} extra={removeButton(f)} styles={{ body: { padding: 10 } }}>
                      <Row gutter={[8, 8]}>
                        <Col span={24}>
                          {small("日期")}
                          {x.date}
                        </Col>
                        <Col span={12}>
                          {small("开始")}
                          {x.start}
                        </Col>
                        <Col span={12}>
                          {small("结束")}
                          {x.end}
                        </Col>
                        <Col span={24}>
                          {small("授课教师")}
                          {x.teacher}
                        </Col>
                        <Col span={24}>
                          {small("授课内容")}
                          {x.content}
                        </Col>
                        <Col span={12}>
                          {small("理论(分钟)")}
                          {x.theory}
                        </Col>
                        <Col span={12}>
                          {small("实操(分钟)")}
                          {x.practice}
                        </Col>
                        <Col span={24}>
                          {small("上课地点")}
                          {x.place}
                        </Col>
                      </Row>
                    </Card>
                  );
                })}
              </div>
            )}
            <div style={{ display: "flex", justifyContent: "space-between", alignItems: "center", marginTop: 8, flexWrap: "wrap", gap: 8 }}>
              <Button icon={<PlusOutlined />} onClick={() => add({ ...(sessions?.at(-1) ?? {}), content: "" })}>
                添加课程
              </Button>
              <Typography.Text type="secondary" data-testid="plan-hours">
                共 {fields.length} 次课，合计 {sum.hours} 课时（理论 {sum.theory} 分钟，实操 {sum.practice} 分钟；每课时 45 分钟）
              </Typography.Text>
            </div>
            <Form.ErrorList errors={errors} />
          </>
        );
      }}
    </Form.List>
  );
}
