import { ArrowLeftOutlined, ClockCircleOutlined, EnvironmentOutlined, StopOutlined, TeamOutlined, UserOutlined } from "@ant-design/icons";
import { Alert, Button, Progress, Spin } from "antd";
import dayjs from "dayjs";
import { useEffect } from "react";
import { useNavigate, useParams, useSearchParams } from "react-router";
import { errorText } from "../../app/error-messages.ts";
import { can } from "../../app/session.ts";
import { ForbiddenPage } from "../../app/pages/ErrorPages.tsx";
import { SessionGate } from "../my/SessionGate.tsx";
import { type SessionCode, useClassDetail, useClassSummary, useSessionCode } from "./attendance.api.ts";
import { codeCountdown, nextCodeFetchMs } from "./code-timing.ts";
import "./code-screen.css";
import { useNow, useWakeLock } from "./use-now.ts";

/** Outside the check-in window: when it opens, or that it has closed — never a code. */
function WindowShut({ view }: { view: Exclude<SessionCode, { window: "open" }> }) {
  const opens = dayjs(view.opensAt);
  const closes = dayjs(view.closesAt);
  return (
    <div className="cs-shut" role="status" data-testid="code-window">
      {view.window === "early" ? (
        <>
          <ClockCircleOutlined className="cs-shut-icon" />
          <div className="cs-shut-title">签到尚未开始</div>
          <div className="cs-shut-text">
            {opens.format(opens.isSame(dayjs(), "day") ? "今天 HH:mm" : "M月D日 ddd HH:mm")} 开放签到（课前 30 分钟），届时本屏自动显示签到码
          </div>
        </>
      ) : (
        <>
          <StopOutlined className="cs-shut-icon" />
          <div className="cs-shut-title">本课次签到已结束</div>
          <div className="cs-shut-text">{closes.format("M月D日 HH:mm")} 已截止；未能签到的学员可由培训机构提交考勤补正</div>
        </>
      )}
    </div>
  );
}

function CodePanel({ sessionId }: { sessionId: string }) {
  const code = useSessionCode(sessionId);
  const now = useNow(250);
  const { refetch } = code;
  const view = code.data;
  const validUntil = view?.window === "open" ? view.validUntil : undefined;
  const opensAt = view?.window === "early" ? view.opensAt : undefined;
  const closed = view?.window === "closed";

  // the next code just after this one ends; before the window opens, when it opens (checked at
  // least every minute, so a wrong local clock does not leave the screen waiting); after a failure,
  // again in 5 s; once closed, never
  useEffect(() => {
    if (closed && !code.isError) return;
    const ms = code.isError ? 5000 : validUntil ? nextCodeFetchMs(validUntil, Date.now()) : opensAt ? Math.min(60_000, Math.max(1000, new Date(opensAt).getTime() - Date.now() + 250)) : 5000;
    const t = window.setTimeout(() => void refetch(), ms);
    return () => window.clearTimeout(t);
  }, [validUntil, opensAt, closed, code.dataUpdatedAt, code.errorUpdatedAt, code.isError, refetch]);

  if (code.isPending) return <Spin size="large" />;
  if (!code.data) return <Alert type="error" showIcon title="无法获取签到码" description={errorText(code.error)} />;
  if (code.data.window !== "open") return <WindowShut view={code.data} />;
  const c = codeCountdown(code.data.validUntil, code.data.periodSeconds, now);
  const checkinLink = `${window.location.origin}${code.data.checkinUrl.replace(/&c=\d+$/, "")}`;
  return (
    <div className="cs-code-panel">
      <div className={c.expired ? "cs-qr cs-faded" : "cs-qr"}>
        <img src={code.data.qrDataUrl} alt="签到二维码" data-checkin-url={c.expired ? undefined : code.data.checkinUrl} />
      </div>
      <div className="cs-code-side">
        <div className="cs-label">签到码</div>
        <div className="cs-code" data-testid="checkin-code" aria-live="polite">
          {c.expired ? <span className="cs-updating">更新中…</span> : code.data.code}
        </div>
        <Progress percent={Math.round(c.fraction * 100)} showInfo={false} strokeColor={c.secondsLeft <= 5 ? "#fa8c16" : "#1f5fad"} size={{ height: 10 }} />
        <div className="cs-countdown">{c.expired ? "正在获取新的签到码" : `${c.secondsLeft} 秒后更新`}</div>
        <div className="cs-hint">
          用手机扫描二维码签到；或打开 <span className="cs-link">{checkinLink}</span> 输入签到码
        </div>
        {code.isError && <Alert type="warning" showIcon title={`签到码刷新失败：${errorText(code.error)}`} />}
      </div>
    </div>
  );
}

function LiveCount({ classId, sessionId }: { classId: string; sessionId: string }) {
  const summary = useClassSummary(classId, 5000);
  const s = summary.data?.sessions.find((x) => x.sessionId === sessionId);
  return (
    <div className="cs-count" role="status">
      <TeamOutlined /> 已签到 <strong data-testid="checked-in-count">{s?.checkedIn ?? "—"}</strong> / {summary.data?.rosterSize ?? "—"} 人
      {s?.requireCheckOut && <span className="cs-count-out">已签退 {s.checkedOut}</span>}
    </div>
  );
}

function SessionInfo({ classId, sessionId }: { classId: string; sessionId: string }) {
  const cls = useClassDetail(classId);
  const s = cls.data?.sessions.find((x) => x.id === sessionId);
  if (!cls.data) return <h1 className="cs-title">签到</h1>;
  return (
    <div style={{ minWidth: 0 }}>
      <h1 className="cs-title">{cls.data.title}</h1>
      {s && (
        <div className="cs-meta">
          <span>
            {dayjs(s.startsAt).format("M月D日 ddd HH:mm")}–{dayjs(s.endsAt).format("HH:mm")}
          </span>
          <span>
            <EnvironmentOutlined /> {s.place}
          </span>
          {s.teacherName && (
            <span>
              <UserOutlined /> {s.teacherName}
            </span>
          )}
          <span>{s.content}</span>
        </div>
      )}
    </div>
  );
}

/**
 * The teacher's screen, made to be projected: the rotating code and its QR code, a countdown to the
 * next code, the session, and the live number of check-ins. `?class=<id>` adds session info and count.
 */
export function CodeScreenPage() {
  const { sessionId = "" } = useParams();
  const [params] = useSearchParams();
  const classId = params.get("class");
  const navigate = useNavigate();
  useWakeLock();
  return (
    <SessionGate>
      {(me) =>
        !can(me, "attendance.code") ? (
          <ForbiddenPage />
        ) : (
          <div className="cs-screen">
            <header className="cs-header">
              <Button ghost icon={<ArrowLeftOutlined />} onClick={() => void navigate(classId ? `/attendance/classes/${classId}` : "/attendance")}>
                返回
              </Button>
              {classId ? <SessionInfo classId={classId} sessionId={sessionId} /> : <h1 className="cs-title">课堂签到</h1>}
            </header>
            <main className="cs-main">
              <CodePanel sessionId={sessionId} />
            </main>
            {classId && <LiveCount classId={classId} sessionId={sessionId} />}
          </div>
        )
      }
    </SessionGate>
  );
}
