import { CheckOutlined, CloseOutlined } from "@ant-design/icons";
import { Button, Progress, Table, Tag, Tooltip } from "antd";
import type { ColumnsType } from "antd/es/table";
import dayjs from "dayjs";
import type { ClassAttendanceSummary } from "../../../../shared/src/contracts/attendance.ts";

type Trainee = ClassAttendanceSummary["trainees"][number];
type Session = ClassAttendanceSummary["sessions"][number];

function Mark({ mark, held, locked }: { mark: Trainee["sessions"][number] | undefined; held: boolean; locked: boolean }) {
  if (mark?.present && mark.source === "manual") return <Tag color="gold">补录</Tag>;
  // locked after too many wrong codes and not yet corrected: someone must look at it
  if (locked && mark?.source !== "manual") {
    return (
      <Tooltip title="签到码错误次数过多，签到已锁定；核实后可提交补正">
        <Tag color="volcano">锁定</Tag>
      </Tooltip>
    );
  }
  if (mark?.present) return <CheckOutlined aria-label="出勤" style={{ color: "#52c41a" }} />;
  if (mark?.source === "manual") return <Tag color="red">补录缺勤</Tag>;
  if (!held) return <span style={{ color: "#ccc" }}>—</span>;
  return <CloseOutlined aria-label="缺勤" style={{ color: "#f5222d" }} />;
}

/** One row per trainee: rate, eligibility and a mark per session (manual ones tagged 补录, locked check-ins 锁定). */
export function TraineeMarksTable({ summary, now, onCorrect }: { summary: ClassAttendanceSummary; now: number; onCorrect?: (personId: string) => void }) {
  const locked = new Set(summary.checkinLocks.map((l) => `${l.sessionId}|${l.personId}`));
  const sessionCols: ColumnsType<Trainee> = summary.sessions.map((s: Session) => ({
    key: s.sessionId,
    title: (
      <Tooltip title={`${dayjs(s.startsAt).format("M月D日 HH:mm")}–${dayjs(s.endsAt).format("HH:mm")}`}>
        <span>{dayjs(s.startsAt).format("M/D")}</span>
        <div style={{ fontSize: 11, color: "#999", fontWeight: 400 }}>{dayjs(s.startsAt).format("HH:mm")}</div>
      </Tooltip>
    ),
    align: "center",
    width: 64,
    render: (_: unknown, t: Trainee) => (
      <Mark mark={t.sessions.find((m) => m.sessionId === s.sessionId)} held={new Date(s.startsAt).getTime() <= now} locked={locked.has(`${s.sessionId}|${t.personId}`)} />
    ),
  }));
  const columns: ColumnsType<Trainee> = [
    { key: "name", title: "学员", fixed: "left", width: 120, render: (_, t) => <div>{t.name}<div style={{ fontSize: 12, color: "#999" }}>{t.idNumberMasked}</div></div> },
    {
      key: "rate",
      title: "出勤率",
      width: 150,
      sorter: (a, b) => a.percent - b.percent,
      render: (_, t) => <Progress percent={t.percent} size="small" status={t.eligible ? "success" : "exception"} format={(p) => `${p}%`} />,
    },
    {
      key: "eligible",
      title: "补贴资格",
      width: 96,
      filters: [
        { text: "达标", value: true },
        { text: "未达标", value: false },
      ],
      onFilter: (v, t) => t.eligible === v,
      render: (_, t) => (t.eligible ? <Tag color="green">达标</Tag> : <Tag color="red">未达标</Tag>),
    },
    ...sessionCols,
    ...(onCorrect
      ? [{ key: "act", title: "操作", width: 80, render: (_: unknown, t: Trainee) => <Button size="small" onClick={() => onCorrect(t.personId)}>补正</Button> }]
      : []),
  ];
  return <Table<Trainee> rowKey="personId" size="small" columns={columns} dataSource={summary.trainees} pagination={false} scroll={{ x: "max-content" }} />;
}
