import { LockOutlined } from "@ant-design/icons";
import { Alert, Card, Descriptions, Space, Spin, Table, Tabs, Tag, Typography } from "antd";
import { useState } from "react";
import { useParams } from "react-router";
import type { ClassView } from "../../../../shared/src/contracts/classes.ts";
import { programText } from "../../app/codes.ts";
import { enrollmentStatus, sessionStatus } from "../../app/status.ts";
import { errorText } from "../../app/error-messages.ts";
import { formatDateTime } from "../../app/format.ts";
import { useReference } from "../reference/reference.api.ts";
import { AccountsButton } from "./AccountsButton.tsx";
import { ChangesTab } from "./ChangesTab.tsx";
import { CertificatesTab } from "./CertificatesTab.tsx";
import { ClassActions } from "./ClassActions.tsx";
import { StatusTag } from "./ClassesPage.tsx";
import { levelLabels, modeLabels, type Problem, resultLabels } from "./class-labels.ts";
import { useClass } from "./classes.api.ts";
import { ProblemList } from "./ProblemList.tsx";
import { ResultsTab } from "./ResultsTab.tsx";

const time = (iso: string) => formatDateTime(iso).slice(11);

/** One class: details, sessions, roster with warnings, filed changes, results and certificates. */
export function ClassDetailPage() {
  const { id = "" } = useParams();
  const q = useClass(id);
  const [problems, setProblems] = useState<Problem[]>([]);
  if (q.isError) return <Alert type="error" showIcon title={errorText(q.error)} />;
  if (!q.data) return <Spin />;
  const c = q.data;
  const afterFinish = ["finished", "assessed"].includes(c.status);
  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }}>
      <Space style={{ width: "100%", justifyContent: "space-between" }} wrap align="start">
        <div>
          <Typography.Title level={1} style={{ margin: 0 }}>
            {c.title}
          </Typography.Title>
          <Space wrap style={{ marginTop: 4 }}>
            <Typography.Text type="secondary">{c.code}</Typography.Text>
            <StatusTag status={c.status} locked={c.locked} />
            {c.revision > 1 && <Tag>第 {c.revision} 版</Tag>}
          </Space>
        </div>
        <Space wrap>
          <ClassActions c={c} onProblems={setProblems} />
          {c.abilities.fileChange && !c.locked && <AccountsButton classId={c.id} names={new Map(c.roster.map((e) => [e.personId, e.name]))} />}
        </Space>
      </Space>
      <ProblemList title="培训班不满足开班条件" problems={problems} />
      {c.locked && <Alert type="info" showIcon icon={<LockOutlined />} title={`培训班已于 ${formatDateTime(c.lockedAt)} 完成评价并锁定，学员、成绩和课程不能再修改。`} />}
      {c.returnReasons && c.status === "returned" && <ProblemList title="审核退回理由" problems={c.returnReasons.map((r) => ({ code: "return", message: r }))} type="warning" />}
      <ProblemList title="预警提示（不影响提交，申领补贴时从严审核）" problems={c.warnings} type="warning" />
      <Card size="small" styles={{ body: { paddingTop: 0 } }}>
        <Tabs
          items={[
            { key: "info", label: "基本信息", children: <Overview c={c} /> },
            { key: "sessions", label: `课程安排（${c.sessions.length}）`, children: <Sessions c={c} /> },
            { key: "roster", label: `学员名册（${c.enrolled}）`, children: <Roster c={c} /> },
            { key: "changes", label: "变更报备", children: <ChangesTab c={c} /> },
            ...(afterFinish || c.abilities.enterResults ? [{ key: "results", label: "考核成绩", children: <ResultsTab c={c} /> }] : []),
            ...(afterFinish ? [{ key: "certificates", label: "证书", children: <CertificatesTab c={c} /> }] : []),
          ]}
        />
      </Card>
    </Space>
  );
}

function Overview({ c }: { c: ClassView }) {
  const ref = useReference();
  const name = (list: string, code: string) => ref.data?.codes[list]?.find((x) => x.code === code)?.name ?? code;
  return (
    <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
      <Descriptions.Item label="培训机构">{c.institutionName}</Descriptions.Item>
      <Descriptions.Item label="职业（工种）">{c.occupationName ?? "—"}</Descriptions.Item>
      <Descriptions.Item label="计划项目">{programText(ref.data?.programs, c.programCode)}</Descriptions.Item>
      <Descriptions.Item label="培训类型">{name("training_type", c.trainingType)}</Descriptions.Item>
      <Descriptions.Item label="证书类型">{name("certificate_type", c.certificateType)}</Descriptions.Item>
      <Descriptions.Item label="技能等级">{c.skillLevel ? (levelLabels[c.skillLevel] ?? c.skillLevel) : "—"}</Descriptions.Item>
      <Descriptions.Item label="培训方式">{modeLabels[c.mode]}</Descriptions.Item>
      <Descriptions.Item label="培训日期">
        {c.startDate} 至 {c.endDate}
      </Descriptions.Item>
      <Descriptions.Item label="人数">
        {c.enrolled} / {c.capacity}
      </Descriptions.Item>
      <Descriptions.Item label="培训地址">{c.address}</Descriptions.Item>
      <Descriptions.Item label="签到位置">
        {c.lat}, {c.lng}（半径 {c.geofenceRadiusM} 米）
      </Descriptions.Item>
      <Descriptions.Item label="提交时间">{formatDateTime(c.submittedAt)}</Descriptions.Item>
      <Descriptions.Item label="考核方案" span={2}>
        {c.assessmentPlan}
      </Descriptions.Item>
    </Descriptions>
  );
}

function Sessions({ c }: { c: ClassView }) {
  return (
    <Table
      size="small"
      rowKey="id"
      dataSource={c.sessions}
      pagination={false}
      scroll={{ x: 900 }}
      columns={[
        { title: "#", key: "n", width: 40, render: (_, _s, i) => i + 1 },
        { title: "日期", dataIndex: "date", width: 110 },
        { title: "时间", key: "t", width: 120, render: (_, s) => `${time(s.startsAt)}–${time(s.endsAt)}` },
        { title: "教师", dataIndex: "teacherName", width: 90 },
        { title: "内容", dataIndex: "content", width: 200 },
        { title: "理论/实操(分钟)", key: "m", width: 130, render: (_, s) => `${s.theoryMinutes} / ${s.practiceMinutes}` },
        { title: "地点", dataIndex: "place", width: 150 },
        { title: "状态", dataIndex: "status", width: 80, render: (v: "planned" | "cancelled") => <Tag color={sessionStatus[v].color}>{sessionStatus[v].text}</Tag> },
        {
          title: "签到表",
          key: "print",
          width: 90,
          render: (_, s) =>
            s.status === "cancelled" ? null : (
              <Typography.Link href={`/classes/${c.id}/print/sign-in/${s.id}`} target="_blank">
                打印
              </Typography.Link>
            ),
        },
      ]}
    />
  );
}

function Roster({ c }: { c: ClassView }) {
  return (
    <Table
      size="small"
      rowKey="id"
      dataSource={c.roster}
      pagination={false}
      scroll={{ x: 700 }}
      columns={[
        { title: "姓名", dataIndex: "name", width: 100 },
        { title: "身份证号", dataIndex: "idNumberMasked", width: 180 },
        { title: "状态", dataIndex: "status", width: 80, render: (v: "enrolled" | "withdrawn") => <Tag color={enrollmentStatus[v].color}>{enrollmentStatus[v].text}</Tag> },
        {
          title: "预警",
          key: "w",
          width: 300,
          render: (_, e) =>
            e.warnings.length ? (
              <Space orientation="vertical" size={2}>
                {e.warnings.map((w) => (
                  <Typography.Text key={w.code} type="warning">
                    ⚠ {w.message}
                  </Typography.Text>
                ))}
              </Space>
            ) : (
              <Typography.Text type="secondary">无</Typography.Text>
            ),
        },
        { title: "考核", key: "r", width: 100, render: (_, e) => (e.result ? `${resultLabels[e.result]}${e.score !== null ? ` ${e.score}` : ""}` : "—") },
      ]}
    />
  );
}

