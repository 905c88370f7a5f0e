import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { Button, Form, Input, InputNumber, Select, Table, Typography } from "antd";
import { planHours, type SessionFormValue } from "./class-form.ts";

interface Props {
  teachers: { id: string; name: string }[];
}

const req = (message: string) => [{ required: true, message }];

/** 课程安排: one row per session (date, times, teacher, content, theory/practice minutes, place). */
export function SessionPlanTable({ teachers }: Props) {
  const sessions = Form.useWatch<SessionFormValue[] | undefined>("sessions");
  const sum = planHours(sessions);
  return (
    <Form.List name="sessions">
      {(fields, { add, remove }, { errors }) => (
        <>
          <Table
            size="small"
            rowKey="key"
            dataSource={fields}
            pagination={false}
            scroll={{ x: 1100 }}
            locale={{ emptyText: "尚未添加课程" }}
            columns={[
              { title: "#", key: "n", width: 40, render: (_, f) => f.name + 1 },
              { title: "日期", key: "date", width: 150, render: (_, f) => <Form.Item name={[f.name, "date"]} rules={req("请选择日期")} noStyle={false} style={{ margin: 0 }}><Input type="date" aria-label={`第${f.name + 1}次课日期`} /></Form.Item> },
              { title: "开始", key: "start", width: 110, render: (_, f) => <Form.Item name={[f.name, "startTime"]} rules={req("请填写")} style={{ margin: 0 }}><Input type="time" aria-label={`第${f.name + 1}次课开始时间`} /></Form.Item> },
              { title: "结束", key: "end", width: 110, render: (_, f) => <Form.Item name={[f.name, "endTime"]} rules={req("请填写")} style={{ margin: 0 }}><Input type="time" aria-label={`第${f.name + 1}次课结束时间`} /></Form.Item> },
              {
                title: "授课教师",
                key: "teacher",
                width: 130,
                render: (_, f) => (
                  <Form.Item name={[f.name, "teacherId"]} rules={req("请选择")} style={{ margin: 0 }}>
                    <Select aria-label={`第${f.name + 1}次课教师`} options={teachers.map((t) => ({ value: t.id, label: t.name }))} placeholder="选择" />
                  </Form.Item>
                ),
              },
              { title: "授课内容", key: "content", width: 200, render: (_, f) => <Form.Item name={[f.name, "content"]} rules={req("请填写")} style={{ margin: 0 }}><Input aria-label={`第${f.name + 1}次课内容`} maxLength={500} /></Form.Item> },
              { title: "理论(分钟)", key: "theory", width: 100, render: (_, f) => <Form.Item name={[f.name, "theoryMinutes"]} rules={req("请填写")} style={{ margin: 0 }}><InputNumber aria-label={`第${f.name + 1}次课理论分钟`} min={0} max={1440} style={{ width: "100%" }} /></Form.Item> },
              { title: "实操(分钟)", key: "practice", width: 100, render: (_, f) => <Form.Item name={[f.name, "practiceMinutes"]} rules={req("请填写")} style={{ margin: 0 }}><InputNumber aria-label={`第${f.name + 1}次课实操分钟`} min={0} max={1440} style={{ width: "100%" }} /></Form.Item> },
              { title: "上课地点", key: "place", width: 150, render: (_, f) => <Form.Item name={[f.name, "place"]} rules={req("请填写")} style={{ margin: 0 }}><Input aria-label={`第${f.name + 1}次课地点`} maxLength={200} /></Form.Item> },
              { title: "", key: "x", width: 50, render: (_, f) => <Button type="text" danger aria-label={`删除第${f.name + 1}次课`} icon={<DeleteOutlined />} onClick={() => remove(f.name)} /> },
            ]}
          />
          <div style={{ display: "flex", justifyContent: "space-between", alignItems: "center", marginTop: 8, flexWrap: "wrap", gap: 8 }}>
            <Button icon={<PlusOutlined />} onClick={() => add({ ...(sessions?.at(-1) ?? {}), content: "" })}>
              添加课程
            </Button>
            <Typography.Text type="secondary" data-testid="plan-hours">
              合计 {sum.hours} 课时（理论 {sum.theory} 分钟，实操 {sum.practice} 分钟；每课时 45 分钟）
            </Typography.Text>
          </div>
          <Form.ErrorList errors={errors} />
        </>
      )}
    </Form.List>
  );
}
