import { QrcodeOutlined } from "@ant-design/icons";
import { Button, Table, Tag } from "antd";
import dayjs from "dayjs";
import { useNavigate } from "react-router";
import type { ClassAttendanceSummary } from "../../../../shared/src/contracts/attendance.ts";

type Session = ClassAttendanceSummary["sessions"][number];

/** Per session: check-ins, check-outs and manual marks; the code screen for sessions still to come or under way. */
export function SessionsTable({ summary, now, showCode }: { summary: ClassAttendanceSummary; now: number; showCode: boolean }) {
  const navigate = useNavigate();
  const active = summary.status === "approved" || summary.status === "in_progress";
  return (
    <Table<Session>
      rowKey="sessionId"
      size="small"
      pagination={false}
      scroll={{ x: "max-content" }}
      dataSource={summary.sessions}
      columns={[
        { key: "t", title: "课次", render: (_, s) => `${dayjs(s.startsAt).format("M月D日 ddd HH:mm")}–${dayjs(s.endsAt).format("HH:mm")}` },
        { key: "in", title: "签到", align: "right", render: (_, s) => `${s.checkedIn} 人` },
        { key: "out", title: "签退", align: "right", render: (_, s) => (s.requireCheckOut ? `${s.checkedOut} 人` : <Tag>无需签退</Tag>) },
        { key: "m", title: "补录", align: "right", render: (_, s) => (s.manualPresent + s.manualAbsent ? `出勤 ${s.manualPresent} / 缺勤 ${s.manualAbsent}` : "—") },
        { key: "p", title: "出勤", align: "right", render: (_, s) => <strong>{`${s.present} / ${summary.rosterSize}`}</strong> },
        ...(showCode && active
          ? [
              {
                key: "code",
                title: "签到码",
                render: (_: unknown, s: Session) =>
                  new Date(s.endsAt).getTime() > now ? (
                    <Button size="small" type="primary" ghost icon={<QrcodeOutlined />} onClick={() => void navigate(`/attendance/sessions/${s.sessionId}/code?class=${summary.classId}`)}>
                      投屏签到码
                    </Button>
                  ) : null,
              },
            ]
          : []),
      ]}
    />
  );
}
