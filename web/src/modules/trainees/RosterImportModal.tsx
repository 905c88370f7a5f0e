import { InboxOutlined } from "@ant-design/icons";
import { Alert, Button, Modal, Progress, Space, Table, Typography, Upload } from "antd";
import { useState } from "react";
import type { ImportReport } from "../../../../shared/src/contracts/trainees.ts";
import { errorText } from "../../app/error-messages.ts";
import { TemplateLink } from "../../components/ImportDialog.tsx";
import { type ImportJob, uploadRoster, useImportJob } from "./trainees.api.ts";

type Stage = { mode: "dry-run" | "commit"; report?: ImportReport; jobId?: string; error?: string };

/** 花名册导入: try the file first (problems table), then commit all or nothing; big files run as a job with progress. */
export function RosterImportModal({ onClose, onCommitted }: { onClose: () => void; onCommitted: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [stage, setStage] = useState<Stage | null>(null);
  const [busy, setBusy] = useState(false);
  const job = useImportJob(stage?.jobId ?? null);
  const report: Pick<ImportReport, "total" | "created" | "updated" | "unchanged" | "problemCount" | "problems"> | undefined =
    stage?.report ?? (job.data?.status === "succeeded" ? job.data : undefined);

  const run = async (mode: "dry-run" | "commit") => {
    if (!file) return;
    setBusy(true);
    try {
      const r = await uploadRoster(file, mode);
      setStage("jobId" in r ? { mode, jobId: r.jobId } : { mode, report: r });
      if (!("jobId" in r) && mode === "commit") onCommitted();
    } catch (e) {
      setStage({ mode, error: errorText(e) });
    } finally {
      setBusy(false);
    }
  };

  const committed = stage?.mode === "commit" && !!report;
  return (
    <Modal open title="导入学员花名册" width={{ xs: "100%", md: 760 }} onCancel={onClose} footer={<Button onClick={onClose}>关闭</Button>} mask={{ closable: false }}>
      <Space orientation="vertical" size={12} style={{ width: "100%" }}>
        <Upload.Dragger
          accept=".xlsx,.csv"
          maxCount={1}
          beforeUpload={(f) => {
            setFile(f);
            setStage(null);
            return false;
          }}
          onRemove={() => setFile(null)}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p>点击或拖入 .xlsx / .csv 文件（列：身份证号、姓名、手机号、居住地代码…）</p>
        </Upload.Dragger>
        <TemplateLink path="/api/trainee-imports/template" />
        <Space>
          <Button disabled={!file} loading={busy && stage?.mode !== "commit"} onClick={() => void run("dry-run")}>
            试导入（不保存）
          </Button>
          <Button type="primary" disabled={!file || !report || report.problemCount > 0 || stage?.mode !== "dry-run"} loading={busy && stage?.mode === "commit"} onClick={() => void run("commit")}>
            确认导入
          </Button>
        </Space>
        {stage?.error && <Alert type="error" showIcon title={stage.error} />}
        {stage?.jobId && job.data && <JobProgress job={job.data} />}
        {report && (
          <Alert
            type={report.problemCount ? "error" : "success"}
            showIcon
            title={
              committed
                ? `已导入：新增 ${report.created} 人，关联已登记 ${report.updated} 人，未变 ${report.unchanged} 人`
                : report.problemCount
                  ? `共 ${report.total} 行，发现 ${report.problemCount} 个问题，请修改文件后重新试导入（不会保存任何内容）`
                  : `共 ${report.total} 行，检查通过：将新增 ${report.created} 人，关联已登记 ${report.updated} 人。可以确认导入。`
            }
          />
        )}
        {stage?.report && stage.report.warnings.length > 0 && (
          <Alert
            type="warning"
            showIcon
            title={`${stage.report.warningCount} 处与已登记信息不一致：已登记人员的信息不会被导入修改，如需更正请提交变更申请，由其居住地人社部门或本人确认`}
            description={stage.report.warnings
              .slice(0, 20)
              .map((w) => `第 ${w.row} 行 ${w.column ?? ""}：${w.message}`)
              .join("；")}
          />
        )}
        {report && report.problems.length > 0 && (
          <Table
            size="small"
            rowKey={(p) => `${p.row}-${p.column}-${p.code}`}
            dataSource={report.problems}
            pagination={{ pageSize: 10 }}
            columns={[
              { title: "行", dataIndex: "row", width: 60 },
              { title: "列", dataIndex: "column", width: 120, render: (v: string | null) => v ?? "—" },
              { title: "问题", dataIndex: "message" },
            ]}
          />
        )}
      </Space>
    </Modal>
  );
}

function JobProgress({ job }: { job: ImportJob }) {
  const pct = job.total ? Math.round((job.processed / job.total) * 100) : 0;
  return (
    <div>
      <Typography.Text>{job.status === "succeeded" ? "后台处理完成" : job.status === "failed" ? "后台处理失败" : "文件较大，正在后台处理…"}</Typography.Text>
      <Progress percent={job.status === "succeeded" ? 100 : pct} status={job.status === "failed" ? "exception" : job.status === "succeeded" ? "success" : "active"} />
      {job.error && <Alert type="error" showIcon title={job.error.message} />}
    </div>
  );
}
