import { ArrowLeftOutlined, PlusOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Col, Row, Space, Statistic, Tag, Typography } from "antd";
import dayjs from "dayjs";
import { useMemo, useState } from "react";
import { useNavigate, useParams } from "react-router";
import type { ClassAttendanceSummary } from "../../../../shared/src/contracts/attendance.ts";
import { errorText, messageForCode } from "../../app/error-messages.ts";
import { can, useMe } from "../../app/session.ts";
import { useClassSummary } from "./attendance.api.ts";
import { classStatus, type StatusLabel } from "../../app/status.ts";
import { CorrectionModal } from "./CorrectionModal.tsx";
import { CorrectionsCard } from "./CorrectionsCard.tsx";
import { dayChartOption } from "./day-chart.ts";
import { EChart } from "./EChart.tsx";
import { rateState } from "./rate-state.ts";
import { SessionsTable } from "./SessionsTable.tsx";
import { TraineeMarksTable } from "./TraineeMarksTable.tsx";
import { ExportButton } from "../../components/ExportButton.tsx";
import { ERROR_TEXT } from "../../app/colors.ts";

const classStatusOf = (status: string) => (classStatus as Record<string, StatusLabel>)[status] ?? { text: status, color: "default" };

/**
 * Check-ins locked after too many wrong codes. Each may be a trainee who mistyped, or someone
 * guessing codes from afar: the institution or officer finds out and, if the trainee was there,
 * files a correction that a second person decides. Corrected ones stay listed, marked 已补正.
 */
function CheckinLocksAlert({ summary }: { summary: ClassAttendanceSummary }) {
  if (summary.checkinLocks.length === 0) return null;
  const sessions = new Map(summary.sessions.map((x) => [x.sessionId, x]));
  const corrected = (sessionId: string, personId: string) =>
    summary.trainees.find((t) => t.personId === personId)?.sessions.some((m) => m.sessionId === sessionId && m.source === "manual") ?? false;
  const open = summary.checkinLocks.filter((l) => !corrected(l.sessionId, l.personId)).length;
  return (
    <Alert
      type={open > 0 ? "warning" : "info"}
      showIcon
      title={open > 0 ? `${open} 人次签到因签到码错误次数过多被锁定，请核实；确已到课的请提交考勤补正` : "被锁定的签到均已补正"}
      description={
        <ul style={{ margin: 0, paddingLeft: 20 }}>
          {summary.checkinLocks.map((l) => {
            const at = sessions.get(l.sessionId);
            return (
              <li key={`${l.sessionId}|${l.personId}`}>
                {l.name} · {at ? dayjs(at.startsAt).format("M月D日 HH:mm") : ""} 课次 · 错误 {l.wrongCodes} 次，{dayjs(l.lockedAt).format("HH:mm")} 锁定
                {corrected(l.sessionId, l.personId) && (
                  <Tag color="gold" style={{ marginLeft: 8 }}>
                    已补正
                  </Tag>
                )}
              </li>
            );
          })}
        </ul>
      }
    />
  );
}

/** 考勤汇总 of one class: per-day chart with the 80% line, sessions, trainees with marks, corrections. */
export function ClassAttendancePage() {
  const { classId = "" } = useParams();
  const me = useMe();
  const navigate = useNavigate();
  const summary = useClassSummary(classId, 30_000);
  const [correcting, setCorrecting] = useState<{ personId?: string } | null>(null);
  const now = summary.dataUpdatedAt || Date.now();
  const option = useMemo(() => (summary.data ? dayChartOption(summary.data.days, summary.data.thresholdPercent) : null), [summary.data]);

  if (summary.isError) return <Alert type="error" showIcon title={errorText(summary.error)} />;
  if (!summary.data || !option || !me.data) return <Card loading />;
  const s = summary.data;
  const mayCorrect = can(me.data, "attendance.correct");
  const refusal = s.refusals.fileCorrection;
  // a refusal for lack of the role hides the button; any other (a locked class) shows it disabled, saying why
  const correctRefusedWhy = refusal && mayCorrect ? messageForCode(refusal.code, refusal.message) : null;
  const eligible = s.trainees.filter((t) => t.eligible).length;
  const reachable = s.trainees.filter((t) => ["on_track", "not_started"].includes(rateState(t))).length;
  const flagged = s.days.filter((d) => d.flagged).length;

  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }}>
      <Space wrap style={{ width: "100%", justifyContent: "space-between" }}>
        <Space wrap>
          <Button icon={<ArrowLeftOutlined />} onClick={() => void navigate("/attendance")}>
            返回
          </Button>
          <Typography.Title level={1} style={{ margin: 0 }}>
            {s.title} · 考勤
          </Typography.Title>
          <Tag>{s.classCode}</Tag>
          <Tag color={classStatusOf(s.status).color}>{classStatusOf(s.status).text}</Tag>
        </Space>
        <Space wrap>
          <ExportButton path={`/api/attendance/classes/${classId}/export`} label="导出考勤表" />
          {mayCorrect && correctRefusedWhy && <Typography.Text type="secondary">{correctRefusedWhy}</Typography.Text>}
          {mayCorrect && (
            <Button icon={<PlusOutlined />} disabled={!s.abilities.fileCorrection} onClick={() => setCorrecting({})}>
              提交补正
            </Button>
          )}
        </Space>
      </Space>
      <Row gutter={[16, 16]}>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title="名单人数" value={s.rosterSize} suffix="人" />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            {s.ended ? (
              <Statistic title={`出勤率达 ${s.thresholdPercent}%（结业判定）`} value={eligible} suffix={`/ ${s.trainees.length} 人`} />
            ) : (
              <Statistic title={`仍可达到 ${s.thresholdPercent}%`} value={reachable} suffix={`/ ${s.trainees.length} 人`} />
            )}
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title="已结束课次" value={s.heldSessions} suffix={`/ ${s.totalSessions} 次`} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={`低于 ${s.thresholdPercent}% 的天数`} value={flagged} suffix="天" styles={{ content: { color: flagged ? ERROR_TEXT : undefined } }} />
          </Card>
        </Col>
      </Row>
      <Alert
        type="info"
        showIcon
        title={
          s.heldSessions === 0
            ? `还没有已结束的课次：出勤率从第一个课次结束后开始计算，结业（最后一个课次结束）后判定每位学员是否达到 ${s.thresholdPercent}%。`
            : s.ended
              ? `已结业：出勤率按全部 ${s.totalSessions} 个课次计算，达到 ${s.thresholdPercent}% 的学员符合补贴条件。`
              : `出勤率只计已结束的 ${s.heldSessions}/${s.totalSessions} 个课次；“仍可达到”表示参加剩余课次即可达到 ${s.thresholdPercent}%。结业后给出最终判定。`
        }
      />
      <CheckinLocksAlert summary={s} />
      <Card size="small" title="每日出勤率">
        <EChart option={option} label={`每日出勤率，${flagged} 天低于 ${s.thresholdPercent}%`} style={{ height: 260 }} />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          蓝色：达标的上课日；红色：低于 {s.thresholdPercent}% 的上课日（该日不合格）；灰色：尚未结束的日子（当前人数）
        </Typography.Text>
      </Card>
      <Card size="small" title="课次签到">
        <SessionsTable summary={s} now={now} showCode={can(me.data, "attendance.code")} />
      </Card>
      <Card size="small" title="学员出勤" styles={{ body: { padding: 0 } }}>
        <TraineeMarksTable summary={s} onCorrect={mayCorrect ? (personId) => setCorrecting({ personId }) : undefined} />
      </Card>
      <CorrectionsCard classId={classId} />
      {correcting && <CorrectionModal summary={s} personId={correcting.personId} now={now} onClose={() => setCorrecting(null)} />}
    </Space>
  );
}
