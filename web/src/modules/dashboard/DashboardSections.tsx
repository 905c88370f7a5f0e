/** The home page's sections, each drawn from data it is given (DashboardPage.tsx fetches). */
import { Alert, Card, Col, Empty, Flex, Progress as Bar, Row, Statistic, Table, Tag, Typography } from "antd";
import { useMemo } from "react";
import { Link } from "react-router";
import type { OwnClassRates, TodoItem } from "../../../../shared/src/contracts/home.ts";
import { formatDateTime } from "../../app/format.ts";
import { classStatus, paceStatus } from "../../app/status.ts";
import { breakdownOption, mapOption, trendOption } from "./chart-options.ts";
import { DashboardChart } from "./DashboardChart.tsx";
import { cityMapData } from "./map-names.ts";
import type { StatsOverview } from "./overview.types.ts";
import { rateDefinitions } from "../../../../shared/src/completion.ts";
import { RateTitle } from "../../components/RateTitle.tsx";
import { type ChildProgress, type Progress, percentText } from "./progress.ts";
import { formatFen } from "../../app/money.ts";

const n = (v: number) => v.toLocaleString("zh-CN");
const DANGER = "#cf1322";

/** 我的待办: one tile per kind of work, the count linking to the filtered list. */
export function TodoCard({ items, loading }: { items: TodoItem[] | undefined; loading: boolean }) {
  return (
    <Card title="我的待办" size="small" loading={loading}>
      {items && items.length === 0 ? (
        <Typography.Text type="secondary">您的角色没有需要审核或处理的事项。</Typography.Text>
      ) : (
        <Row gutter={[12, 12]}>
          {(items ?? []).map((t) => (
            <Col key={t.key} xs={12} md={8} xl={4}>
              <TodoTile item={t} />
            </Col>
          ))}
        </Row>
      )}
    </Card>
  );
}

function TodoTile({ item }: { item: TodoItem }) {
  const value = <Statistic title={item.label} value={item.count} suffix="项" styles={{ content: { color: item.count > 0 ? "#0958d9" : "#262626" } }} />;
  return (
    <div data-todo={item.key} style={{ border: "1px solid #f0f0f0", borderRadius: 8, padding: "8px 12px", height: "100%" }}>
      {item.href ? (
        <Link to={item.href} aria-label={`${item.label} ${item.count} 项`} style={{ display: "block" }}>
          {value}
        </Link>
      ) : (
        value
      )}
      {item.overdue !== undefined && item.overdue > 0 && (
        <Link to={item.overdueHref ?? item.href ?? "#"} style={{ color: DANGER }}>
          其中 {item.overdue} 项已超期
        </Link>
      )}
    </div>
  );
}

/** 目标进度: completed against the year's target, the pace expected by today and the forecast. */
export function ProgressCard({
  p,
  scopeName,
  asOf,
  subsidies,
  notices,
}: { p: Progress; scopeName: string; asOf: string | null; subsidies?: StatsOverview["subsidies"] | undefined; notices?: StatsOverview["notices"] | undefined }) {
  const pace = paceStatus[p.pace];
  const expectedPercent = p.target ? Math.min(100, (p.expectedByToday ?? 0) / p.target * 100) : 0;
  return (
    <Card size="small" title={`${scopeName} ${p.year} 年培训目标进度`} extra={<Tag color={pace.color}>{pace.text}</Tag>}>
      <Row gutter={[16, 16]}>
        <Col xs={12} md={6}>
          <Statistic title="已结业（人次）" value={n(p.completed)} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title="年度目标（人次）" value={p.target === null ? "未下达" : n(p.target)} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title="培训人数" value={n(p.persons)} suffix="人" />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title="发证数" value={n(p.certificates)} suffix="本" />
        </Col>
        {subsidies && (
          <>
            <Col xs={12} md={6}>
              <Statistic title="补贴已支付（人次）" value={n(subsidies.personTimes)} />
            </Col>
            <Col xs={12} md={6}>
              <Statistic title="补贴已支付金额" value={formatFen(subsidies.amountFen)} />
            </Col>
          </>
        )}
      </Row>
      {subsidies && <SubsidyTypes subsidies={subsidies} />}
      {notices && (
        <Typography.Text style={{ display: "block", marginTop: 8 }}>
          公示 <b>{n(notices.published)}</b> 批（{n(notices.lines)} 条明细）· 异议 <b>{n(notices.objections)}</b> 件，成立 <b>{n(notices.upheld)}</b> 件
        </Typography.Text>
      )}
      {p.target !== null && (
        <div style={{ marginTop: 16 }}>
          <Typography.Text>目标完成率 {percentText(p.attainment)}</Typography.Text>
          <div style={{ position: "relative" }}>
            <Bar percent={Math.min(100, (p.attainment ?? 0) * 100)} strokeColor={p.pace === "behind" ? "#d4380d" : "#389e0d"} showInfo={false} aria-label="目标完成率" />
            {/* where the bar should have reached by today */}
            <div title="按时间进度应达到的位置" style={{ position: "absolute", top: 0, bottom: 0, left: `${expectedPercent}%`, borderLeft: "2px dashed #262626" }} />
          </div>
          <Flex wrap gap={16} style={{ marginTop: 4 }}>
            <Typography.Text>
              按时间进度（{percentText(p.elapsedShare)}）应完成 <b>{n(p.expectedByToday ?? 0)}</b> 人次
            </Typography.Text>
            <Typography.Text style={{ color: p.pace === "behind" ? DANGER : undefined }}>
              {p.completed >= (p.expectedByToday ?? 0) ? "超出" : "差"} {n(Math.abs(p.completed - (p.expectedByToday ?? 0)))} 人次
            </Typography.Text>
            <Typography.Text>
              按当前速度预计全年 <b>{p.forecast === null ? "—" : n(p.forecast)}</b> 人次（{percentText(p.forecastAttainment)}）
            </Typography.Text>
          </Flex>
        </div>
      )}
      {asOf && (
        <Typography.Text type="secondary" style={{ display: "block", marginTop: 8, fontSize: 12 }}>
          数据截至 {formatDateTime(asOf)}
        </Typography.Text>
      )}
    </Card>
  );
}

/** 补贴已支付金额 by type: one short bar per type, its length the type's share of the amount. */
function SubsidyTypes({ subsidies }: { subsidies: StatsOverview["subsidies"] }) {
  const max = Math.max(0, ...subsidies.byType.map((t) => t.amountFen));
  return (
    <ul aria-label="补贴已支付金额（按类型）" style={{ margin: "12px 0 0", padding: 0, listStyle: "none", maxWidth: 560 }}>
      {subsidies.byType.map((t) => (
        <li key={t.type} style={{ display: "flex", alignItems: "center", gap: 8 }} aria-label={`${t.name} ${formatFen(t.amountFen).replace("¥", "")} 元，${n(t.personTimes)} 人次`}>
          <Typography.Text style={{ width: 96, flex: "none" }}>{t.name}</Typography.Text>
          <Bar percent={max > 0 ? (t.amountFen / max) * 100 : 0} showInfo={false} size="small" style={{ flex: 1, margin: 0 }} />
          <Typography.Text style={{ width: 170, flex: "none", textAlign: "right", whiteSpace: "nowrap" }}>
            {formatFen(t.amountFen)} · {n(t.personTimes)} 人次
          </Typography.Text>
        </li>
      ))}
    </ul>
  );
}

/** 下级完成情况: each child region's completed, target and attainment. */
export function ChildrenCard({ rows, childLevel }: { rows: ChildProgress[]; childLevel: string }) {
  return (
    <Card size="small" title={`各${childLevel}完成情况`} styles={{ body: { padding: 0 } }}>
      <Table<ChildProgress>
        rowKey="regionCode"
        size="small"
        pagination={false}
        scroll={{ x: "max-content" }}
        dataSource={rows}
        locale={{ emptyText: "暂无下级数据" }}
        columns={[
          { key: "name", title: childLevel, dataIndex: "regionName" },
          { key: "done", title: "结业人次", align: "right", render: (_, r) => n(r.completed) },
          { key: "target", title: "目标", align: "right", render: (_, r) => (r.target === null ? "未下达" : n(r.target)) },
          {
            key: "rate",
            title: "完成率",
            render: (_, r) => (r.attainment === null ? "—" : <Bar percent={Math.round(r.attainment * 1000) / 10} size="small" style={{ minWidth: 120, margin: 0 }} />),
          },
          { key: "cert", title: "发证数", align: "right", render: (_, r) => n(r.certificates) },
        ]}
      />
    </Card>
  );
}

export function TrendCard({ year, byMonth }: { year: number; byMonth: StatsOverview["byMonth"] }) {
  const option = useMemo(() => trendOption(year, byMonth), [year, byMonth]);
  return (
    <Card size="small" title="月度趋势">
      <DashboardChart option={option} label={`${year} 年各月结业人次与发证数`} />
    </Card>
  );
}

export function BreakdownCard({ title, rows }: { title: string; rows: { name: string; personTimesCompleted: number }[] }) {
  const option = useMemo(() => breakdownOption(rows), [rows]);
  return (
    <Card size="small" title={title}>
      {rows.length === 0 ? <Empty description="暂无数据" /> : <DashboardChart option={option} label={`${title}：结业人次`} style={{ height: Math.max(200, rows.length * 28) }} />}
    </Card>
  );
}

/** 全省地图: Jilin's cities coloured by attainment; a city officer sees its own city coloured. */
export function MapCard({ rows, regionNames }: { rows: ChildProgress[]; regionNames: ReadonlyMap<string, string> }) {
  const data = useMemo(() => cityMapData(rows, regionNames), [rows, regionNames]);
  const option = useMemo(() => mapOption(data), [data]);
  return (
    <Card size="small" title="各市（州）目标完成率">
      <DashboardChart option={option} label={`吉林省地图，各市（州）目标完成率：${data.map((d) => `${d.name} ${d.value === null ? "未下达目标" : `${d.value}%`}`).join("，")}`} needsMap style={{ height: 360 }} />
    </Card>
  );
}

type OwnClass = OwnClassRates["items"][number];
const rate = (part: number, whole: number) => (whole > 0 ? part / whole : null);

/** 本机构培训班: each class's completed (结业) and passed (合格) trainees and its certification rate, and the totals. */
export function OwnClassesCard({ items, loading }: { items: OwnClass[] | undefined; loading: boolean }) {
  const total = (items ?? []).reduce(
    (s, c) => ({ enrolled: s.enrolled + c.enrolled, completed: s.completed + c.completed, passed: s.passed + c.passed, certified: s.certified + c.certified }),
    { enrolled: 0, completed: 0, passed: 0, certified: 0 },
  );
  return (
    <Card size="small" title="本机构培训班结业与取证情况" loading={loading}>
      <Row gutter={[16, 16]} style={{ marginBottom: 12 }}>
        <Col xs={12} sm={6}>
          <Statistic title="在册学员" value={n(total.enrolled)} suffix="人" />
        </Col>
        <Col xs={12} sm={6}>
          <Statistic title={<RateTitle title="结业人数" definition={rateDefinitions.completedPersons} />} value={n(total.completed)} suffix="人" />
        </Col>
        <Col xs={12} sm={6}>
          <Statistic title={<RateTitle title="合格率" definition={rateDefinitions.pass} />} value={percentText(rate(total.passed, total.enrolled))} />
        </Col>
        <Col xs={12} sm={6}>
          <Statistic title={<RateTitle title="取证率" definition={rateDefinitions.certificationOfRoster} />} value={percentText(rate(total.certified, total.enrolled))} />
        </Col>
      </Row>
      <Table<OwnClass>
        rowKey="id"
        size="small"
        pagination={false}
        scroll={{ x: "max-content" }}
        dataSource={items ?? []}
        locale={{ emptyText: "本机构还没有已通过审核的培训班" }}
        columns={[
          { key: "title", title: "培训班", render: (_, c) => <Link to={`/classes/${c.id}`}>{c.title}</Link> },
          { key: "status", title: "状态", render: (_, c) => <Tag color={classStatus[c.status].color}>{classStatus[c.status].text}</Tag> },
          { key: "end", title: "结束日期", dataIndex: "endDate" },
          { key: "n", title: "在册", align: "right", render: (_, c) => `${c.enrolled} 人` },
          { key: "completed", title: <RateTitle title="结业" definition={rateDefinitions.completedPersons} />, align: "right", render: (_, c) => `${c.completed} 人` },
          { key: "passed", title: <RateTitle title="合格率" definition={rateDefinitions.pass} />, align: "right", render: (_, c) => `${percentText(rate(c.passed, c.enrolled))}（${c.passed} 人）` },
          { key: "cert", title: <RateTitle title="取证率" definition={rateDefinitions.certificationOfRoster} />, align: "right", render: (_, c) => `${percentText(rate(c.certified, c.enrolled))}（${c.certified} 人）` },
        ]}
      />
    </Card>
  );
}

/** Which overview could not be loaded yet: said plainly instead of a blank page. */
export function MissingNote({ targets, stats }: { targets: boolean; stats: boolean }) {
  if (!targets && !stats) return null;
  const what = targets && stats ? "年度目标和培训统计" : targets ? "年度目标" : "培训统计";
  return <Alert type="info" showIcon title={`${what}暂未提供，相关图表暂不显示。`} />;
}
