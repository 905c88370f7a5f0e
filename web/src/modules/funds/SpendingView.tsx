import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Alert, Button, Card, Col, Radio, Row, Select, Space, Statistic, Table, Typography } from "antd";
import { useMemo, useState } from "react";
import type { SpendingView as Spending } from "../../../../shared/src/contracts/funds.ts";
import { claimSubsidyTypeLabels } from "../../../../shared/src/contracts/subsidies.ts";
import { api, type QueryValue } from "../../app/api-client.ts";
import { errorText } from "../../app/error-messages.ts";
import { formatFen } from "../../app/money.ts";
import { ExportButton } from "../../components/ExportButton.tsx";
import { type ChartOption, EChart } from "../attendance/EChart.tsx";

type Period = Spending["period"];
const periodLabels: Record<Period, string> = { year: "按年", quarter: "按季度", month: "按月" };
const typeLabel = (t: string | null) => (t ? ((claimSubsidyTypeLabels as Record<string, string>)[t] ?? t) : "未分类");
const yuan = (fen: number) => Math.round(fen) / 100;

export const fundKeys = { spending: (path: string, q: Record<string, QueryValue>) => ["funds", "spending", path, q] as const };

function useSpending(path: string, q: Record<string, QueryValue>) {
  return useQuery({ queryKey: fundKeys.spending(path, q), queryFn: ({ signal }) => api.get<Spending>(path, q, signal), placeholderData: keepPreviousData });
}

/**
 * 资金使用情况: spending from the ledger by region (province → cities, a city → its counties), program,
 * subsidy type and period, and the budgets each region received; a chart, the table and the .xlsx.
 * The public portal and the officers' console show this one view (the officers' numbers are their scope's).
 */
export function SpendingView({ path }: { path: "/api/public/funds/spending" | "/api/funds/spending" }) {
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState<number | "">(thisYear);
  const [period, setPeriod] = useState<Period>("quarter");
  const [city, setCity] = useState<{ code: string; name: string } | null>(null);
  const query = { year: year || undefined, period, regionCode: city?.code };
  const q = useSpending(path, query);
  const v = q.data;

  const regionChart = useMemo<ChartOption | null>(() => {
    if (!v || v.byRegion.length === 0) return null;
    const names = v.byRegion.map((r) => r.regionName);
    return {
      tooltip: { trigger: "axis", valueFormatter: (x) => `${Number(x).toLocaleString("zh-CN")} 元` },
      legend: { data: ["实际支出", "下达资金"], top: 0 },
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: names, axisLabel: { interval: 0, rotate: names.length > 6 ? 40 : 0 } },
      yAxis: { type: "value", name: "元" },
      series: [
        { name: "实际支出", type: "bar", data: v.byRegion.map((r) => yuan(r.spentFen)), itemStyle: { color: "#0f3d73" } },
        { name: "下达资金", type: "bar", data: v.byRegion.map((r) => yuan(r.allocatedFen)), itemStyle: { color: "#8fb3de" } }, // contrast: not text (map/bar fill)
      ],
    } as ChartOption;
  }, [v]);
  const periodChart = useMemo<ChartOption | null>(() => {
    if (!v || v.byPeriod.length === 0) return null;
    return {
      tooltip: { trigger: "axis", valueFormatter: (x) => `${Number(x).toLocaleString("zh-CN")} 元` },
      grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: v.byPeriod.map((p) => p.period) },
      yAxis: { type: "value", name: "元" },
      series: [{ name: "实际支出", type: "bar", data: v.byPeriod.map((p) => yuan(p.spentFen)), itemStyle: { color: "#0f3d73" } }],
    } as ChartOption;
  }, [v]);

  const exportPath = path === "/api/public/funds/spending" ? "/api/public/funds/spending/export" : "/api/funds/spending/export";
  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }}>
      <Space wrap>
        <Select
          aria-label="年度"
          style={{ width: 120 }}
          value={year}
          onChange={setYear}
          options={[{ value: "", label: "全部年度" }, ...Array.from({ length: thisYear - 2018 }, (_, i) => ({ value: thisYear - i, label: `${thisYear - i} 年` }))]}
        />
        <Radio.Group value={period} onChange={(e) => setPeriod(e.target.value as Period)} optionType="button">
          {(Object.keys(periodLabels) as Period[]).map((p) => (
            <Radio.Button key={p} value={p}>
              {periodLabels[p]}
            </Radio.Button>
          ))}
        </Radio.Group>
        {city && <Button onClick={() => setCity(null)}>返回全省</Button>}
        <ExportButton path={exportPath} query={query} label="下载 Excel" />
      </Space>
      {q.isError && <Alert type="warning" showIcon title={errorText(q.error)} />}
      <Row gutter={[16, 16]}>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={city ? `${city.name}实际支出` : "实际支出"} value={formatFen(v?.totalSpentFen ?? 0)} loading={q.isPending} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title="下达资金" value={formatFen(v?.totalAllocatedFen ?? 0)} loading={q.isPending} />
          </Card>
        </Col>
      </Row>
      <Card size="small" title={v?.level === "county" ? `${city?.name ?? ""}各县（市、区）支出与下达资金` : "各市（州）支出与下达资金"}>
        {regionChart ? <EChart option={regionChart} label="各地区实际支出与下达资金柱状图" style={{ height: 280 }} /> : <Typography.Text>该期间没有资金支出。</Typography.Text>}
        <Table
          rowKey="regionCode"
          size="small"
          style={{ marginTop: 12 }}
          loading={q.isPending}
          dataSource={v?.byRegion ?? []}
          pagination={false}
          scroll={{ x: true }}
          columns={[
            {
              title: "地区",
              dataIndex: "regionName",
              render: (name: string, r) =>
                v?.level === "city" && r.regionCode !== "220000" ? (
                  <Button type="link" style={{ padding: 0 }} onClick={() => setCity({ code: r.regionCode, name })}>
                    {name}
                  </Button>
                ) : (
                  name
                ),
            },
            { title: "实际支出", dataIndex: "spentFen", align: "right", render: (f: number) => formatFen(f) },
            { title: "下达资金", dataIndex: "allocatedFen", align: "right", render: (f: number) => formatFen(f) },
            { title: "支出进度", align: "right", render: (_, r) => (r.allocatedFen > 0 ? `${((r.spentFen / r.allocatedFen) * 100).toFixed(1)}%` : "—") },
          ]}
        />
      </Card>
      <Card size="small" title={`实际支出（${periodLabels[period]}）`}>
        {periodChart ? <EChart option={periodChart} label="各期间实际支出柱状图" /> : <Typography.Text>该期间没有资金支出。</Typography.Text>}
      </Card>
      <Card size="small" title="明细（地区 × 项目 × 补贴类型 × 期间）">
        <Table
          rowKey={(r) => `${r.regionCode}|${r.programCode}|${r.subsidyType}|${r.period}`}
          size="small"
          loading={q.isPending}
          dataSource={v?.rows ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: true }}
          columns={[
            { title: "地区", dataIndex: "regionName" },
            { title: "项目", render: (_, r) => r.programName ?? r.programCode ?? "未分项目" },
            { title: "补贴类型", dataIndex: "subsidyType", render: typeLabel },
            { title: "期间", dataIndex: "period" },
            { title: "实际支出", dataIndex: "spentFen", align: "right", render: (f: number) => formatFen(f) },
          ]}
        />
      </Card>
    </Space>
  );
}
