import { AimOutlined, EnvironmentOutlined, QrcodeOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Empty, Input, type InputRef, Segmented, Space, Tag, Typography } from "antd";
import dayjs from "dayjs";
import { useMemo, useRef, useState } from "react";
import { useNavigate, useSearchParams } from "react-router";
import { locationProblem, type Outcome, refusalOutcome, successOutcome } from "./checkin-outcome.ts";
import { CheckinResult } from "./CheckinResult.tsx";
import { currentPosition } from "./geolocation.ts";
import { type MyClass, type MySession, useCheckIn, useMyAttendance, useMyClasses } from "./my.api.ts";
import { checkInOpenNow, sessionTimeText, upcoming } from "./session-time.ts";

type Shown = Outcome | { kind: "location"; title: string; detail: string };

const DEVICE_KEY = "jl.checkin.device";

/**
 * A random id this browser keeps, sent with every check-in and kept with the attempt: one phone
 * checking in for several trainees shows up in the evidence. Not an identity and not a secret;
 * a browser that refuses storage simply sends none.
 */
function deviceId(): string | undefined {
  try {
    let id = localStorage.getItem(DEVICE_KEY);
    if (!id || !/^[A-Za-z0-9_-]{8,64}$/.test(id)) {
      id = crypto.randomUUID();
      localStorage.setItem(DEVICE_KEY, id);
    }
    return id;
  } catch {
    return undefined;
  }
}

function findSession(classes: MyClass[] | undefined, sessionId: string | null): { cls: MyClass; session: MySession } | null {
  for (const cls of classes ?? []) {
    const session = cls.sessions.find((s) => s.id === sessionId);
    if (session) return { cls, session };
  }
  return null;
}

/** Without a QR link: today's sessions to pick from, and how to scan. */
function SessionPicker({ classes, onPick }: { classes: MyClass[]; onPick: (id: string) => void }) {
  const now = Date.now();
  const soon = classes.flatMap((c) => upcoming(c.sessions, now).map((s) => ({ c, s }))).filter(({ s }) => dayjs(s.startsAt).isSame(now, "day"));
  return (
    <Space orientation="vertical" size={12} style={{ width: "100%" }}>
      <Alert type="info" showIcon icon={<QrcodeOutlined />} title="扫码签到" description="上课时，用手机相机或微信扫描老师屏幕上的二维码即可打开签到页面；也可以在下面选择今天的课程，输入屏幕上的 6 位签到码。" />
      <Card size="small" title="今天的课程">
        {soon.length === 0 ? (
          <Empty description="今天没有需要签到的课程" />
        ) : (
          <Space orientation="vertical" style={{ width: "100%" }}>
            {soon.map(({ c, s }) => (
              <Button key={s.id} block size="large" style={{ height: "auto", padding: 12, textAlign: "left" }} onClick={() => onPick(s.id)}>
                <div style={{ fontWeight: 600, whiteSpace: "normal" }}>{c.class.title}</div>
                <div style={{ fontSize: 13, color: "#666" }}>
                  {sessionTimeText(s.startsAt, s.endsAt)} · {s.place}
                </div>
              </Button>
            ))}
          </Space>
        )}
      </Card>
    </Space>
  );
}

/** /m/checkin?s=<session>&c=<code>: the trainee's phone check-in (and check-out when the session requires it). */
export function CheckinPage() {
  const [params, setParams] = useSearchParams();
  const sessionId = params.get("s");
  const classes = useMyClasses();
  const attendance = useMyAttendance();
  const checkIn = useCheckIn();
  const found = useMemo(() => findSession(classes.data?.items, sessionId), [classes.data, sessionId]);
  const mark = useMemo(() => attendance.data?.items.flatMap((c) => c.sessions).find((s) => s.sessionId === sessionId), [attendance.data, sessionId]);
  const [code, setCode] = useState(() => (params.get("c") ?? "").replace(/\D/g, "").slice(0, 6));
  const [codeError, setCodeError] = useState<string | null>(null);
  const [kind, setKind] = useState<"in" | "out">("in");
  const [busy, setBusy] = useState<"locating" | "sending" | null>(null);
  const [shown, setShown] = useState<Shown | null>(null);
  const codeInput = useRef<InputRef>(null);
  const navigate = useNavigate();

  if (!sessionId) {
    return (
      <>
        <div className="m-title">签到</div>
        {classes.data ? <SessionPicker classes={classes.data.items} onPick={(id) => setParams({ s: id }, { replace: true })} /> : <Card loading />}
      </>
    );
  }

  const submit = async () => {
    if (!/^\d{6}$/.test(code)) {
      setCodeError("请输入老师屏幕上的 6 位数字签到码");
      return;
    }
    setCodeError(null);
    setShown(null);
    setBusy("locating");
    let pos: Awaited<ReturnType<typeof currentPosition>>;
    try {
      pos = await currentPosition();
    } catch (e) {
      setBusy(null);
      setShown({ kind: "location", ...locationProblem(e === "unsupported" ? "unsupported" : Number(e)) });
      return;
    }
    setBusy("sending");
    try {
      const r = await checkIn.mutateAsync({ sessionId, code, lat: pos.lat, lng: pos.lng, accuracy: pos.accuracy, kind, deviceId: deviceId() });
      setShown(successOutcome(r));
    } catch (e) {
      const o = refusalOutcome(e, kind);
      setShown(o);
      if (o.kind === "refused" && o.next === "retype") {
        setCode("");
        codeInput.current?.focus();
      }
    } finally {
      setBusy(null);
    }
  };

  const word = kind === "in" ? "签到" : "签退";
  const success = shown?.kind === "success";
  // locked after too many wrong codes: only the teacher or institution can record presence now
  const locked = shown?.kind === "refused" && (shown.code === "attendance.checkin_locked" || (shown.code === "attendance.code_invalid" && shown.next === "none"));
  const needsCheckOut = found?.session.requireCheckOut ?? false;

  return (
    <Space orientation="vertical" size={12} style={{ width: "100%" }}>
      <Card size="small">
        {found ? (
          <>
            <Typography.Text strong style={{ fontSize: 16 }}>
              {found.cls.class.title}
            </Typography.Text>
            <div style={{ marginTop: 4 }}>{sessionTimeText(found.session.startsAt, found.session.endsAt)}</div>
            <div style={{ color: "#666" }}>
              <EnvironmentOutlined /> {found.session.place}
              {found.session.teacherName ? ` · ${found.session.teacherName}` : ""}
            </div>
            {mark?.checkedInAt && <Tag color="green" style={{ marginTop: 6 }}>已于 {dayjs(mark.checkedInAt).format("HH:mm")} 签到</Tag>}
            {!checkInOpenNow(found.session, Date.now()) && !mark?.checkedInAt && <Tag style={{ marginTop: 6 }}>课前 30 分钟开放签到</Tag>}
          </>
        ) : (
          <Typography.Text type="secondary">{classes.isPending ? "正在加载课程信息…" : "扫码签到"}</Typography.Text>
        )}
      </Card>

      {shown && (
        <CheckinResult
          outcome={shown}
          actions={
            success && needsCheckOut && kind === "in" ? (
              <Button
                size="large"
                onClick={() => {
                  setKind("out");
                  setShown(null);
                  setCode("");
                }}
              >
                去签退
              </Button>
            ) : success || locked ? (
              <Button size="large" onClick={() => void navigate("/m/attendance")}>
                查看我的考勤
              </Button>
            ) : undefined
          }
        />
      )}

      {!success && !locked && (
        <Card size="small">
          {needsCheckOut && (
            <Segmented block size="large" value={kind} onChange={(v) => setKind(v as "in" | "out")} options={[{ label: "签到", value: "in" }, { label: "签退", value: "out" }]} style={{ marginBottom: 12 }} />
          )}
          <label htmlFor="checkin-code" style={{ display: "block", marginBottom: 6, fontWeight: 600 }}>
            {word}码（老师屏幕上的 6 位数字）
          </label>
          <Input
            id="checkin-code"
            ref={codeInput}
            className="m-code-input"
            size="large"
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            value={code}
            status={codeError ? "error" : undefined}
            onChange={(e) => setCode(e.target.value.replace(/\D/g, "").slice(0, 6))}
            onPressEnter={() => void submit()}
          />
          {codeError && <Typography.Text type="danger">{codeError}</Typography.Text>}
          <Alert style={{ marginTop: 12 }} type="info" showIcon icon={<AimOutlined />} title={`${word}时需要获取您的位置，用于确认您在培训地点（仅在本次${word}时使用）。请在浏览器询问时点“允许”。`} />
          <Button type="primary" block size="large" style={{ marginTop: 12, height: 56, fontSize: 20 }} loading={busy !== null} onClick={() => void submit()}>
            {busy === "locating" ? "正在获取位置…" : busy === "sending" ? `正在${word}…` : shown ? `重新${word}` : word}
          </Button>
        </Card>
      )}
    </Space>
  );
}
