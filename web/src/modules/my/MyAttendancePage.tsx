import { Alert, Card, Empty, List, Space, Tag, Typography } from "antd";
import dayjs from "dayjs";
import { useMemo } from "react";
import { errorText } from "../../app/error-messages.ts";
import { EChart } from "../attendance/EChart.tsx";
import { rateSentence, rateState, rateStateTag } from "../attendance/rate-state.ts";
import { gaugeOption } from "./attendance-gauge.ts";
import { type MyAttendance, useMyAttendance } from "./my.api.ts";

const THRESHOLD = 80;
type ClassAttendance = MyAttendance["items"][number];
type Mark = ClassAttendance["sessions"][number];

function MarkTag({ m }: { m: Mark }) {
  if (m.present) return m.source === "manual" ? <Tag color="green">出勤（补录）</Tag> : <Tag color="green">出勤</Tag>;
  // the server's clock decides what is held, so a phone with a wrong clock cannot call a missed session 未开始
  if (!m.held) return <Tag>{m.checkedInAt ? "已签到" : new Date(m.startsAt).getTime() > Date.now() ? "未开始" : "进行中"}</Tag>;
  if (m.checkedInAt) return <Tag color="orange">未签退</Tag>;
  return <Tag color="red">缺勤</Tag>;
}

function ClassRate({ item }: { item: ClassAttendance }) {
  const state = rateState(item);
  const tag = rateStateTag[state];
  const option = useMemo(
    () => (item.ratePercentSoFar === null ? null : gaugeOption(item.ratePercentSoFar, THRESHOLD, { color: tag.stroke, name: item.verdict === "pending" ? "至今出勤率" : tag.text })),
    [item.ratePercentSoFar, item.verdict, tag],
  );
  const hours = (m: number) => Math.round((m / 60) * 10) / 10;
  return (
    <Card size="small" title={<span style={{ whiteSpace: "normal" }}>{item.title}</span>}>
      {option ? (
        <EChart option={option} label={`至今出勤率 ${item.ratePercentSoFar}%`} style={{ height: 200 }} />
      ) : (
        <div style={{ textAlign: "center", padding: "24px 0", color: "#595959" }}>
          {dayjs(item.startDate).format("M月D日")} 开课，第一个课次结束后显示出勤率
        </div>
      )}
      <div style={{ textAlign: "center", marginBottom: 8 }}>
        <Tag color={tag.color}>{tag.text}</Tag>
        <div style={{ marginTop: 4 }}>
          已出勤 {hours(item.attendedMinutes)} / {hours(item.plannedMinutes)} 小时 · {rateSentence(item, THRESHOLD)}
        </div>
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
        出勤率只计已结束课次的学时；结业后按全部课次判定，达到 80% 才能享受培训补贴。考勤有误请联系培训机构提交补正。
      </Typography.Paragraph>
    </>
  );
}
