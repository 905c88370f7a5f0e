import { DeleteOutlined, PlusOutlined, ThunderboltOutlined } from "@ant-design/icons";
import { Alert, App, Button, Checkbox, DatePicker, Form, Input, Modal, Select, Space, TimePicker } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import type { calendarYearView } from "../../../../shared/src/contracts/calendar.ts";
import type { z } from "zod";
import { api } from "../../app/api-client.ts";
import { errorText } from "../../app/error-messages.ts";
import type { SessionFormValue } from "./class-form.ts";
import { generateSessions, type SpecialDays } from "./session-pattern.ts";

type CalendarYear = z.infer<typeof calendarYearView>;

interface PatternForm {
  range: [Dayjs, Dayjs];
  weekdays: number[];
  slots: { time: [Dayjs, Dayjs]; kind: "theory" | "practice"; content: string }[];
  teacherId?: string;
  place?: string;
}

const WEEKDAYS = ["一", "二", "三", "四", "五", "六", "日"].map((d, i) => ({ value: i + 1, label: `周${d}` }));

/** The province's holidays and make-up working days of the years the range touches. */
async function specialDays(from: string, to: string): Promise<{ days: SpecialDays; uncovered: number[] }> {
  const years = [];
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) years.push(y);
  const answers = await Promise.all(years.map((year) => api.get<CalendarYear>("/api/calendar", { year })));
  return {
    days: new Map(answers.flatMap((a) => a.days.map((d) => [d.date, d.kind] as const))),
    uncovered: answers.filter((a) => !a.covered).map((a) => a.year),
  };
}

/**
 * 按规律生成课次: date range × weekdays × daily time slots, skipping holidays (调休 working days
 * count), replacing the plan; every generated session stays editable in the list below.
 */
export function SessionGenerator(props: {
  startDate?: string;
  endDate?: string;
  teachers: { id: string; name: string }[];
  place?: string;
  hasSessions: boolean;
  onGenerated: (sessions: SessionFormValue[]) => void;
}) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<PatternForm>();
  const { message, modal } = App.useApp();

  const run = async (v: PatternForm) => {
    setBusy(true);
    try {
      const from = v.range[0].format("YYYY-MM-DD");
      const to = v.range[1].format("YYYY-MM-DD");
      const cal = await specialDays(from, to);
      const r = generateSessions(
        {
          from,
          to,
          weekdays: v.weekdays,
          slots: v.slots.map((s) => ({ start: s.time[0].format("HH:mm"), end: s.time[1].format("HH:mm"), kind: s.kind, content: s.content })),
          teacherId: v.teacherId,
          place: v.place,
        },
        cal.days,
      );
      if (r.sessions.length === 0) {
        message.warning("所选日期内没有符合条件的上课日");
        return;
      }
      const apply = () => {
        props.onGenerated(r.sessions);
        setOpen(false);
        const skipped = r.skipped.length ? `，已跳过 ${r.skipped.length} 个节假日（${r.skipped.map((d) => dayjs(d).format("M/D")).join("、")}）` : "";
        const uncovered = cal.uncovered.length ? `；${cal.uncovered.join("、")} 年的节假日安排尚未录入，仅按周末排除` : "";
        message.success(`已生成 ${r.sessions.length} 次课${skipped}${uncovered}，可在下方逐个修改`, 6);
      };
      if (props.hasSessions) {
        modal.confirm({ title: "替换现有课程安排？", content: `将用生成的 ${r.sessions.length} 次课替换已填写的课程。`, okText: "替换", cancelText: "取消", onOk: apply });
      } else apply();
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button icon={<ThunderboltOutlined />} onClick={() => setOpen(true)}>
        按规律生成课次
      </Button>
      <Modal open={open} title="按规律生成课次" okText="生成" cancelText="取消" onOk={() => form.submit()} confirmLoading={busy} onCancel={() => setOpen(false)} destroyOnHidden width={640}>
        <Alert type="info" showIcon style={{ marginBottom: 12 }} title="在日期范围内，按所选星期和每日时段生成课次；法定节假日自动跳过，调休上班日照常上课。生成后可逐个修改。" />
        <Form
          form={form}
          layout="vertical"
          name="sessionPattern"
          onFinish={(v) => void run(v)}
          initialValues={{
            range: props.startDate && props.endDate ? [dayjs(props.startDate), dayjs(props.endDate)] : undefined,
            weekdays: [1, 2, 3, 4, 5],
            slots: [
              { time: [dayjs("2000-01-01T09:00"), dayjs("2000-01-01T12:00")], kind: "theory", content: "理论授课" },
              { time: [dayjs("2000-01-01T13:30"), dayjs("2000-01-01T17:00")], kind: "practice", content: "实操训练" },
            ],
            teacherId: props.teachers.length === 1 ? props.teachers[0]!.id : undefined,
            place: props.place,
          }}
        >
          <Form.Item name="range" label="日期范围" rules={[{ required: true, message: "请选择日期范围" }]}>
            <DatePicker.RangePicker style={{ width: "100%" }} />
          </Form.Item>
          <Form.Item name="weekdays" label="每周上课日" rules={[{ required: true, message: "请至少选择一天" }]}>
            <Checkbox.Group options={WEEKDAYS} />
          </Form.Item>
          <Form.List name="slots">
            {(fields, { add, remove }) => (
              <Form.Item label="每日时段" required>
                <Space orientation="vertical" style={{ width: "100%" }}>
                  {fields.map((f) => (
                    <Space key={f.key} wrap align="start">
                      <Form.Item name={[f.name, "time"]} rules={[{ required: true, message: "请选择时段" }]} style={{ margin: 0 }}>
                        <TimePicker.RangePicker format="HH:mm" minuteStep={5} needConfirm={false} aria-label={`时段${f.name + 1}`} />
                      </Form.Item>
                      <Form.Item name={[f.name, "kind"]} style={{ margin: 0 }}>
                        <Select style={{ width: 88 }} options={[{ value: "theory", label: "理论" }, { value: "practice", label: "实操" }]} />
                      </Form.Item>
                      <Form.Item name={[f.name, "content"]} rules={[{ required: true, message: "请填写内容" }]} style={{ margin: 0 }}>
                        <Input placeholder="授课内容" style={{ width: 140 }} />
                      </Form.Item>
                      <Button type="text" danger icon={<DeleteOutlined />} aria-label="删除时段" disabled={fields.length === 1} onClick={() => remove(f.name)} />
                    </Space>
                  ))}
                  <Button size="small" icon={<PlusOutlined />} onClick={() => add({ kind: "practice", content: "" })}>
                    添加时段
                  </Button>
                </Space>
              </Form.Item>
            )}
          </Form.List>
          <Form.Item name="teacherId" label="授课教师">
            <Select allowClear options={props.teachers.map((t) => ({ value: t.id, label: t.name }))} placeholder="可生成后逐个指定" />
          </Form.Item>
          <Form.Item name="place" label="上课地点">
            <Input maxLength={200} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
