import { CalendarOutlined, EnvironmentOutlined, QrcodeOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Col, Empty, Progress, Row, Space, Statistic, Tag, Typography } from "antd";
import dayjs from "dayjs";
import { useNavigate } from "react-router";
import { enrollmentStatus } from "../../app/status.ts";
import { errorText } from "../../app/error-messages.ts";
import { classStatusLabel, resultLabel } from "./labels.ts";
import { type MyClass, useMyClasses } from "./my.api.ts";
import { myProgress } from "./my-progress.ts";
import { checkInOpenNow, sessionTimeText, upcoming } from "./session-time.ts";

function ClassCard({ item }: { item: MyClass }) {
  const navigate = useNavigate();
  const today = dayjs().format("YYYY-MM-DD");
  // an approved class whose dates have come is, for the trainee, simply under way
  const running = item.class.status === "approved" && item.class.startDate <= today && today <= item.class.endDate;
  const status = classStatusLabel[running ? "in_progress" : item.class.status];
  const next = upcoming(item.sessions, Date.now())[0];
  const open = next && checkInOpenNow(next, Date.now());
  return (
    <Card size="small" title={<span style={{ whiteSpace: "normal" }}>{item.class.title}</span>} extra={<Tag color={item.enrollmentStatus === "withdrawn" ? enrollmentStatus.withdrawn.color : status.color}>{item.enrollmentStatus === "withdrawn" ? enrollmentStatus.withdrawn.text : status.text}</Tag>}>
      <div style={{ color: "#666" }}>
        {item.class.institutionName} · {item.class.startDate} 至 {item.class.endDate}
      </div>
      <div style={{ color: "#666" }}>
        <EnvironmentOutlined /> {item.class.address}
      </div>
      {item.result && (
        <div style={{ marginTop: 6 }}>
          考核结果：<Tag color={item.result === "pass" ? "green" : "red"}>{resultLabel[item.result]}</Tag>
          {item.score !== null && `${item.score} 分`}
        </div>
      )}
      {next && item.enrollmentStatus === "enrolled" && (
        <div style={{ marginTop: 8, padding: 8, background: open ? "#e6f4ff" : "#fafafa", borderRadius: 6 }}>
          <div style={{ fontWeight: 600 }}>
            <CalendarOutlined /> 下次课：{sessionTimeText(next.startsAt, next.endsAt)}
          </div>
          <div style={{ color: "#666" }}>
            {next.place}
            {next.teacherName ? ` · ${next.teacherName}` : ""}
          </div>
          {open && (
            <Button type="primary" block icon={<QrcodeOutlined />} style={{ marginTop: 8 }} onClick={() => void navigate(`/m/checkin?s=${next.id}`)}>
              现在签到
            </Button>
          )}
        </div>
      )}
    </Card>
  );
}

/** 我的培训进度: classes, sessions of the running class(es) done, passes and certificates. */
function ProgressCard({ items }: { items: MyClass[] }) {
  const p = myProgress(items, Date.now());
  return (
    <Card size="small" title="我的培训进度">
      <Row gutter={8}>
        <Col span={8}>
          <Statistic title="参加培训" value={p.classes} suffix="个班" />
        </Col>
        <Col span={8}>
          <Statistic title="已结业" value={p.passed} suffix="个" />
        </Col>
        <Col span={8}>
          <Statistic title="获得证书" value={p.certificates} suffix="本" />
        </Col>
      </Row>
      {p.sessionsPlanned > 0 && (
        <div style={{ marginTop: 8 }}>
          <Typography.Text>
            正在培训：已上 {p.sessionsDone} / {p.sessionsPlanned} 次课
          </Typography.Text>
          <Progress percent={Math.round((p.sessionsDone / p.sessionsPlanned) * 100)} size="small" aria-label="已上课次占比" />
        </div>
      )}
    </Card>
  );
}

/** 我的培训: the trainee's progress, then their classes with their state and the next session. */
export function MyHomePage() {
  const classes = useMyClasses();
  return (
    <>
      <div className="m-title">我的培训</div>
      {classes.isError && <Alert type="error" showIcon title={errorText(classes.error)} />}
      {classes.isPending && <Card loading />}
      {classes.data && (
        <Space orientation="vertical" size={12} style={{ width: "100%" }}>
          {classes.data.items.length > 0 && <ProgressCard items={classes.data.items} />}
          {classes.data.items.length === 0 ? (
            <Card>
              <Empty description="您还没有参加培训班" />
            </Card>
          ) : (
            classes.data.items.map((c) => <ClassCard key={c.class.id} item={c} />)
          )}
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, textAlign: "center" }}>
            上课签到：扫描老师屏幕上的二维码，或点下方“签到”输入签到码。
          </Typography.Paragraph>
        </Space>
      )}
    </>
  );
}
