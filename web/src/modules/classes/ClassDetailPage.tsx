import { BarChartOutlined, LockOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { Alert, Button, Card, Descriptions, Space, Spin, Table, Tabs, Tag, Typography } from "antd";
import { useState } from "react";
import { useNavigate, useParams } from "react-router";
import type { z } from "zod";
import type { standardAnswer } from "../../../../shared/src/contracts/catalogue.ts";
import type { ClassView } from "../../../../shared/src/contracts/classes.ts";
import { programText } from "../../app/codes.ts";
import { enrollmentStatus, sessionStatus } from "../../app/status.ts";
import { api, isApiError } from "../../app/api-client.ts";
import { formatFen } from "../../app/money.ts";
import { errorText } from "../../app/error-messages.ts";
import { formatDateTime } from "../../app/format.ts";
import { useReference } from "../reference/reference.api.ts";
import { AccountsButton } from "./AccountsButton.tsx";
import { ChangesTab } from "./ChangesTab.tsx";
import { CertificatesTab } from "./CertificatesTab.tsx";
import { ClassActions } from "./ClassActions.tsx";
import { StatusTag } from "./ClassesPage.tsx";
import { levelLabels, modeLabels, organisationLabel, type Problem, resultLabels } from "./class-labels.ts";
import { useClass } from "./classes.api.ts";
import { useEvaluators, useInstitution } from "./pickers.api.ts";
import { ProblemList } from "./ProblemList.tsx";
import { ResultsTab } from "./ResultsTab.tsx";

const time = (iso: string) => formatDateTime(iso).slice(11);

type StandardAnswer = z.infer<typeof standardAnswer>;

/**
 * The subsidy standard that applies to the class (its item, region, certificate type, level, mode
 * and start date), or null when none is set ("未设定" — a claim would find none either).
 */
function useApplicableStandard(c: ClassView) {
  const query = { itemId: c.catalogueItemId, regionCode: c.regionCode, certificateType: c.certificateType, skillLevel: c.skillLevel ?? undefined, mode: c.mode, date: c.startDate };
  return useQuery({
    queryKey: ["classes", "standard", query],
    queryFn: async ({ signal }) => {
      try {
        return await api.get<StandardAnswer>("/api/standards/lookup", query, signal);
      } catch (e) {
        if (isApiError(e) && e.status === 404) return null;
        throw e;
      }
    },
    staleTime: 60_000,
  });
}

/**
 * A roster warning naming the trainee: the server words them for one person ("该人员…"), and a
 * list of several says nothing unless each line names whom it is about.
 */
export function namedWarning(message: string, name: string | undefined): string {
  if (!name) return message;
  return message.startsWith("该人员") ? `${name}${message.slice("该人员".length)}` : `${name}：${message}`;
}

/** One class: details, sessions, roster with warnings, filed changes, results and certificates. */
export function ClassDetailPage() {
  const { id = "" } = useParams();
  const q = useClass(id);
  const navigate = useNavigate();
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
          {["approved", "in_progress", "finished", "assessed"].includes(c.status) && (
            <Button icon={<BarChartOutlined />} href={`/attendance/classes/${c.id}`} onClick={(e) => {
                e.preventDefault();
                void navigate(`/attendance/classes/${c.id}`);
              }}
            >
              考勤
            </Button>
          )}
          <ClassActions c={c} onProblems={setProblems} />
          {c.abilities.fileChange && !c.locked && <AccountsButton classId={c.id} names={new Map(c.roster.map((e) => [e.personId, e.name]))} />}
        </Space>
      </Space>
      <ProblemList title="培训班不满足开班条件" problems={problems} />
      {c.locked && <Alert type="info" showIcon icon={<LockOutlined />} title={`培训班已于 ${formatDateTime(c.lockedAt)} 完成评价并锁定，学员、成绩和课程不能再修改。`} />}
      {c.returnReasons && c.status === "returned" && <ProblemList title="审核退回理由" problems={c.returnReasons.map((r) => ({ code: "return", message: r }))} type="warning" />}
      <ProblemList
        title="预警提示（不影响提交，申领补贴时从严审核）"
        problems={c.warnings.map((w) => ({ ...w, message: namedWarning(w.message, w.personId ? c.roster.find((e) => e.personId === w.personId)?.name : undefined) }))}
        type="warning"
      />
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

/** The evaluation body's name: from the approved evaluators list, or the institution itself when it evaluates its own class. */
function EvaluatorName({ c }: { c: ClassView }) {
  const evaluators = useEvaluators(!!c.evaluatorInstitutionId && c.evaluatorInstitutionId !== c.institutionId);
  const own = useInstitution(c.evaluatorInstitutionId === c.institutionId ? c.institutionId : undefined);
  if (!c.evaluatorInstitutionId) return <>—（{c.certificateType === "skill_level" ? "未指定" : "本证书类型无需评价机构"}）</>;
  if (c.evaluatorInstitutionId === c.institutionId) return <>{own.data?.name ?? c.institutionName}（本机构）</>;
  const found = evaluators.data?.find((e) => e.id === c.evaluatorInstitutionId);
  return <>{found?.name ?? (evaluators.isLoading ? "…" : "（评价机构信息不可见）")}</>;
}

function StandardText({ c }: { c: ClassView }) {
  const std = useApplicableStandard(c);
  if (std.isPending) return <>…</>;
  if (std.isError) return <Typography.Text type="secondary">{errorText(std.error)}</Typography.Text>;
  if (!std.data) return <Typography.Text type="warning">未设定（开班日 {c.startDate} 无适用的补贴标准）</Typography.Text>;
  const d = std.data;
  return (
    <span data-testid="class-standard">
      <strong>{formatFen(d.amountFen)}</strong> / 人
      <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
        {d.effectiveFrom} 起执行{d.baseAmountFen !== d.amountFen ? `；基准 ${formatFen(d.baseAmountFen)} × 紧缺系数 ${d.shortageFactorPercent}% × 方式系数 ${d.modeFactorPercent}%` : ""}
      </Typography.Text>
    </span>
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
      <Descriptions.Item label="评价机构">
        <EvaluatorName c={c} />
      </Descriptions.Item>
      <Descriptions.Item label="适用补贴标准">
        <StandardText c={c} />
      </Descriptions.Item>
      <Descriptions.Item label="培训方式">{modeLabels[c.mode]}</Descriptions.Item>
      <Descriptions.Item label="培训组织方式">{organisationLabel(c.projectBased)}</Descriptions.Item>
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
                    ⚠ {namedWarning(w.message, e.name)}
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

