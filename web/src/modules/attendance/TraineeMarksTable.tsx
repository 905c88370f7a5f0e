import { CheckOutlined, CloseOutlined } from "@ant-design/icons";
import { Button, Progress, Table, Tag, Tooltip } from "antd";
import type { ColumnsType } from "antd/es/table";
import dayjs from "dayjs";
import type { ClassAttendanceSummary } from "../../../../shared/src/contracts/attendance.ts";
import { messageForCode } from "../../app/error-messages.ts";
import { type RateState, rateSentence, rateState, rateStateTag } from "./rate-state.ts";
import { ERROR_TEXT, SECONDARY_TEXT, SUCCESS_TEXT } from "../../app/colors.ts";

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
  if (mark?.present) return <CheckOutlined aria-label="出勤" style={{ color: SUCCESS_TEXT }} />;
  if (mark?.source === "manual") return <Tag color="red">补录缺勤</Tag>;
  if (!held) return <span style={{ color: SECONDARY_TEXT }}>—</span>;
  return <CloseOutlined aria-label="缺勤" style={{ color: ERROR_TEXT }} />;
}

/**
 * One row per trainee: the rate so far (held sessions only), where they stand against 80% (the
 * verdict only once the class has ended) and a mark per session (manual ones tagged 补录, locked
 * check-ins 锁定). The correction button, when the server refuses filing, is disabled and says why.
 */
export function TraineeMarksTable({ summary, onCorrect }: { summary: ClassAttendanceSummary; onCorrect?: (personId: string) => void }) {
  const refusal = summary.refusals.fileCorrection;
  const refusedWhy = refusal ? messageForCode(refusal.code, refusal.message) : null;
  const locked = new Set(summary.checkinLocks.map((l) => `${l.sessionId}|${l.personId}`));
  const sessionCols: ColumnsType<Trainee> = summary.sessions.map((s: Session) => ({
    key: s.sessionId,
    title: (
      <Tooltip title={`${dayjs(s.startsAt).format("M月D日 HH:mm")}–${dayjs(s.endsAt).format("HH:mm")}`}>
        <span>{dayjs(s.startsAt).format("M/D")}</span>
        <div style={{ fontSize: 11, color: SECONDARY_TEXT, fontWeight: 400 }}>{dayjs(s.startsAt).format("HH:mm")}</div>
      </Tooltip>
    ),
    align: "center",
    width: 64,
    render: (_: unknown, t: Trainee) => (
      <Mark mark={t.sessions.find((m) => m.sessionId === s.sessionId)} held={s.held} locked={locked.has(`${s.sessionId}|${t.personId}`)} />
    ),
  }));
  const columns: ColumnsType<Trainee> = [
    { key: "name", title: "学员", fixed: "left", width: 120, render: (_, t) => <div>{t.name}<div style={{ fontSize: 12, color: SECONDARY_TEXT }}>{t.idNumberMasked}</div></div> },
    {
      key: "rate",
      title: summary.ended ? "出勤率" : "出勤率（至今）",
      width: 150,
      sorter: (a, b) => (a.ratePercentSoFar ?? -1) - (b.ratePercentSoFar ?? -1),
      render: (_, t) =>
        t.ratePercentSoFar === null ? (
          <span style={{ color: "#595959" }}>—</span>
        ) : (
          <Tooltip title={rateSentence(t, summary.thresholdPercent)}>
            <Progress percent={t.ratePercentSoFar} size="small" status="normal" strokeColor={rateStateTag[rateState(t)].stroke} format={(p) => `${p}%`} />
          </Tooltip>
        ),
    },
    {
      key: "eligible",
      title: summary.ended ? "补贴资格" : "能否达到 80%",
      width: 130,
      filters: (Object.keys(rateStateTag) as RateState[])
        .filter((k) => summary.trainees.some((t) => rateState(t) === k))
        .map((k) => ({ text: rateStateTag[k].text, value: k })),
      onFilter: (v, t) => rateState(t) === v,
      render: (_, t) => {
        const tag = rateStateTag[rateState(t)];
        return (
          <Tooltip title={rateSentence(t, summary.thresholdPercent)}>
            <Tag color={tag.color}>{tag.text}</Tag>
          </Tooltip>
        );
      },
    },
    ...sessionCols,
    ...(onCorrect
      ? [
          {
            key: "act",
            title: "操作",
            width: 80,
            render: (_: unknown, t: Trainee) => (
              <Tooltip title={refusedWhy}>
                <Button size="small" disabled={!summary.abilities.fileCorrection} onClick={() => onCorrect(t.personId)}>
                  补正
                </Button>
              </Tooltip>
            ),
          },
        ]
      : []),
  ];
  return <Table<Trainee> rowKey="personId" size="small" columns={columns} dataSource={summary.trainees} pagination={false} scroll={{ x: "max-content" }} />;
}
