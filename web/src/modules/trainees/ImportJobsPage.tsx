import { Alert, Button, Drawer, Select, Space, Switch, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { IMPORT_LOOKBACK_DAYS } from "../../../../shared/src/contracts/home.ts";
import { errorText } from "../../app/error-messages.ts";
import { formatDateTime } from "../../app/format.ts";
import { useIsPhone } from "../../app/layout/use-phone.ts";
import { importJobStatus } from "../../app/status.ts";
import { intParam, oneOf, useSearchState } from "../../app/use-search-state.ts";
import { PhoneList } from "../../components/PhoneList.tsx";
import { type ImportJobPage, useImportJob, useImportJobs } from "./trainees.api.ts";

type Job = ImportJobPage["items"][number];
const KEYS = ["status", "problems", "page"] as const;
const STATUSES = ["queued", "running", "succeeded", "failed"] as const;
const PAGE_SIZE = 20;

const kindText = (k: string) => (k.endsWith("dry-run") ? "试导入" : "正式导入");
const countsText = (j: Job) => `共 ${j.total} 行：新增 ${j.created}，更新 ${j.updated}，未变 ${j.unchanged}，问题 ${j.problemCount}`;
const hasReport = (j: Job) => j.problemCount > 0 || j.error !== null;

function StatusTag({ status }: { status: Job["status"] }) {
  return <Tag color={importJobStatus[status].color}>{importJobStatus[status].text}</Tag>;
}

/**
 * 导入任务: the caller's background roster imports (jobs are their starter's alone) with file,
 * counts and state; a job that failed or found problem rows opens its problem report. The home
 * to-do links here with problems=true (the last IMPORT_LOOKBACK_DAYS days).
 */
export function ImportJobsPage() {
  const [s, setSearch] = useSearchState(KEYS);
  const status = oneOf(s.status, STATUSES);
  const problems = s.problems === "true";
  const page = intParam(s.page, 1);
  const setPage = (p: number) => setSearch({ page: p === 1 ? undefined : p });
  const list = useImportJobs({ status, problems: problems ? "true" : undefined, page, pageSize: PAGE_SIZE });
  const [open, setOpen] = useState<Job | null>(null);
  const phone = useIsPhone();
  const report = (j: Job) =>
    hasReport(j) ? (
      <Button size="small" type="link" style={{ padding: 0 }} onClick={() => setOpen(j)}>
        问题报告
      </Button>
    ) : null;
  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }}>
      <Typography.Title level={1} style={{ margin: 0 }}>
        导入任务
      </Typography.Title>
      <Typography.Text type="secondary">本人提交的后台花名册导入（大文件或选择后台处理的导入）。</Typography.Text>
      <Space wrap>
        <Select
          allowClear
          placeholder="状态"
          style={{ width: 140 }}
          value={status}
          onChange={(v) => setSearch({ status: v, page: undefined })}
          options={STATUSES.map((v) => ({ value: v, label: importJobStatus[v].text }))}
        />
        <Space>
          <Switch checked={problems} onChange={(v) => setSearch({ problems: v ? "true" : undefined, page: undefined })} aria-label="仅看有问题的导入" />
          {`仅看有问题的导入（近${IMPORT_LOOKBACK_DAYS}天）`}
        </Space>
      </Space>
      {list.isError && <Alert type="warning" showIcon title={errorText(list.error)} />}
      {phone ? (
        <PhoneList
          label="导入任务列表"
          items={list.data?.items ?? []}
          rowKey={(j) => j.id}
          loading={list.isPending}
          title={(j) => j.filename ?? "（未记录文件名）"}
          extra={(j) => <StatusTag status={j.status} />}
          body={(j) => (
            <Space orientation="vertical" size={4} style={{ width: "100%" }}>
              <div>
                {kindText(j.kind)} · {formatDateTime(j.createdAt)}
              </div>
              <div>{countsText(j)}</div>
              {j.error && <Typography.Text type="danger">{j.error.message}</Typography.Text>}
              {report(j)}
            </Space>
          )}
          page={page}
          pageSize={PAGE_SIZE}
          total={list.data?.total ?? 0}
          totalText={(t) => `共 ${t} 个`}
          onPage={setPage}
        />
      ) : (
        <Table<Job>
          rowKey="id"
          size="small"
          loading={list.isPending}
          dataSource={list.data?.items ?? []}
          scroll={{ x: "max-content" }}
          pagination={{ current: page, total: list.data?.total ?? 0, pageSize: PAGE_SIZE, onChange: setPage, showSizeChanger: false, showTotal: (t) => `共 ${t} 个` }}
          columns={[
            { title: "文件", render: (_, j) => j.filename ?? "（未记录文件名）" },
            { title: "方式", render: (_, j) => kindText(j.kind) },
            { title: "提交时间", render: (_, j) => formatDateTime(j.createdAt) },
            { title: "行数", dataIndex: "total" },
            { title: "新增", dataIndex: "created" },
            { title: "更新", dataIndex: "updated" },
            { title: "未变", dataIndex: "unchanged" },
            { title: "问题", dataIndex: "problemCount" },
            { title: "状态", render: (_, j) => <StatusTag status={j.status} /> },
            { title: "报告", render: (_, j) => report(j) },
          ]}
        />
      )}
      <ProblemReport job={open} onClose={() => setOpen(null)} />
    </Space>
  );
}

/** The job's problem rows (the first 1,000 are kept) and its error, read from the job itself. */
function ProblemReport({ job, onClose }: { job: Job | null; onClose: () => void }) {
  const detail = useImportJob(job?.id ?? null);
  const d = detail.data;
  return (
    <Drawer open={job !== null} onClose={onClose} title={`问题报告：${job?.filename ?? ""}`} size="large">
      {detail.isError && <Alert type="warning" showIcon title={errorText(detail.error)} />}
      {d?.error && <Alert type="error" showIcon title={d.error.message} style={{ marginBottom: 12 }} />}
      {d && (
        <Table
          rowKey={(p) => `${p.row}-${p.column}-${p.code}`}
          size="small"
          loading={detail.isPending}
          dataSource={d.problems}
          pagination={d.problems.length > 50 ? { pageSize: 50, showTotal: (t) => `共 ${t} 个问题` } : false}
          columns={[
            { title: "行", dataIndex: "row", width: 70 },
            { title: "列", dataIndex: "column", render: (v: string | null) => v ?? "—" },
            { title: "问题", dataIndex: "message" },
          ]}
        />
      )}
      {d && d.problemCount > d.problems.length && <Typography.Text type="secondary">共 {d.problemCount} 个问题，此处列出前 {d.problems.length} 个。</Typography.Text>}
    </Drawer>
  );
}
