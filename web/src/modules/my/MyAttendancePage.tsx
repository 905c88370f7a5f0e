import { Alert, Card, Empty, List, Space, Tag, Typography } from "antd";
import dayjs from "dayjs";
import { useMemo } from "react";
import { errorText } from "../../app/error-messages.ts";
import { EChart } from "../attendance/EChart.tsx";
import { gaugeOption } from "./attendance-gauge.ts";
import { type MyAttendance, useMyAttendance } from "./my.api.ts";

const THRESHOLD = 80;
type ClassAttendance = MyAttendance["items"][number];
type Mark = ClassAttendance["sessions"][number];

function MarkTag({ m }: { m: Mark }) {
  if (m.present) return m.source === "manual" ? <Tag color="green">出勤（补录）</Tag> : <Tag color="green">出勤</Tag>;
  if (new Date(m.endsAt).getTime() > Date.now()) return <Tag>未开始</Tag>;
  if (m.checkedInAt) return <Tag color="orange">未签退</Tag>;
  return <Tag color="red">缺勤</Tag>;
}

function ClassRate({ item }: { item: ClassAttendance }) {
  const option = useMemo(() => gaugeOption(item.percent, THRESHOLD), [item.percent]);
  const hours = (m: number) => Math.round((m / 60) * 10) / 10;
  return (
    <Card size="small" title={<span style={{ whiteSpace: "normal" }}>{item.title}</span>}>
      <EChart option={option} label={`出勤率 ${item.percent}%`} style={{ height: 200 }} />
      <div style={{ textAlign: "center", marginBottom: 8 }}>
        已出勤 {hours(item.attendedMinutes)} / {hours(item.plannedMinutes)} 小时 ·{" "}
        {item.eligible ? <Tag color="green">达到 80%，符合补贴条件</Tag> : <Tag color="red">未达 80%，暂不符合补贴条件</Tag>}
      </div>
      <List
        size="small"
        dataSource={item.sessions}
        renderItem={(m) => (
          <List.Item extra={<MarkTag m={m} />} style={{ paddingInline: 0 }}>
            <div>
              <div>
                {dayjs(m.startsAt).format("M月D日 ddd HH:mm")}–{dayjs(m.endsAt).format("HH:mm")}
              </div>
              {m.checkedInAt && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  签到 {dayjs(m.checkedInAt).format("HH:mm")}
                  {m.checkedOutAt ? ` · 签退 ${dayjs(m.checkedOutAt).format("HH:mm")}` : ""}
                </Typography.Text>
              )}
            </div>
          </List.Item>
        )}
      />
    </Card>
  );
}

/** 我的考勤: per class the attendance rate against the 80% line, and every session's mark. */
export function MyAttendancePage() {
  const attendance = useMyAttendance();
  return (
    <>
      <div className="m-title">我的考勤</div>
      {attendance.isError && <Alert type="error" showIcon title={errorText(attendance.error)} />}
      {attendance.isPending && <Card loading />}
      {attendance.data && attendance.data.items.length === 0 && (
        <Card>
          <Empty description="暂无考勤记录" />
        </Card>
      )}
      <Space orientation="vertical" size={12} style={{ width: "100%" }}>
        {attendance.data?.items.map((c) => <ClassRate key={c.classId} item={c} />)}
      </Space>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 12 }}>
        出勤率按已上课程的学时计算；达到 80% 才能享受培训补贴。考勤有误请联系培训机构提交补正。
      </Typography.Paragraph>
    </>
  );
}
