import { DownloadOutlined, InboxOutlined } from "@ant-design/icons";
import { Alert, Button, Descriptions, Modal, Space, Spin, Table, Typography, Upload } from "antd";
import { useState } from "react";
import { api, spreadsheetContentType } from "../app/api-client.ts";
import { errorText } from "../app/error-messages.ts";

export interface ImportProblem {
  row: number;
  column: string | null;
  code: string;
  message: string;
}

/** What every import route answers (catalogue routes count `rows`, institutions `total`). */
export interface ImportAnswer {
  dryRun: boolean;
  rows?: number;
  total?: number;
  created: number;
  updated: number;
  unchanged: number;
  problems: ImportProblem[];
  /** rows imported as-is or skipped, with a note (e.g. an already registered institution is never changed) */
  warnings?: ImportProblem[];
}



interface Props {
  title: string;
  /** the import route, e.g. /api/institutions/import */
  path: string;
  /** the column headers the file needs, shown as a hint */
  columns: string;
  /** the template download; by default the import route + "-template" (/api/institutions/import-template) */
  templatePath?: string;
  onClose: () => void;
  /** after a committed import: refresh the lists */
  onImported: () => void;
}

type Stage = { kind: "choose" } | { kind: "checking" } | { kind: "checked"; answer: ImportAnswer } | { kind: "saving" } | { kind: "done"; answer: ImportAnswer };

/**
 * Spreadsheet import: choose a file → dry run → every row problem in a table → 确认导入 only
 * when the file is clean → counts of what was created, updated and left unchanged.
 */
export function ImportDialog({ title, path, columns, templatePath = `${path}-template`, onClose, onImported }: Props) {
  const [file, setFile] = useState<File | null>(null);
  const [stage, setStage] = useState<Stage>({ kind: "choose" });
  const [failure, setFailure] = useState<string | null>(null);

  const run = async (dryRun: boolean) => {
    if (!file) return;
    setFailure(null);
    setStage({ kind: dryRun ? "checking" : "saving" });
    try {
      const answer = await api.upload<ImportAnswer>(path, file, spreadsheetContentType(file), { filename: file.name, dryRun });
      setStage(dryRun ? { kind: "checked", answer } : { kind: "done", answer });
      if (!dryRun) onImported();
    } catch (e) {
      setFailure(errorText(e));
      setStage({ kind: "choose" });
    }
  };

  const checked = stage.kind === "checked" ? stage.answer : null;
  const busy = stage.kind === "checking" || stage.kind === "saving";
  const footer =
    stage.kind === "done" ? (
      <Button type="primary" onClick={onClose}>
        完成
      </Button>
    ) : (
      <Space wrap>
        <Button onClick={onClose}>取消</Button>
        <Button disabled={!file || busy} onClick={() => void run(true)}>
          检查文件
        </Button>
        {checked && checked.problems.length === 0 && (
          <Button type="primary" onClick={() => void run(false)}>
            确认导入
          </Button>
        )}
      </Space>
    );

  return (
    <Modal open title={title} width={{ xs: "100%", md: 820 }} onCancel={onClose} footer={footer} mask={{ closable: false }}>
      <Space orientation="vertical" size={12} style={{ width: "100%" }}>
        {stage.kind !== "done" && (
          <Upload.Dragger
            accept=".xlsx,.csv"
            maxCount={1}
            disabled={busy}
            beforeUpload={(f) => {
              setFile(f);
              setStage({ kind: "choose" });
              return false;
            }}
            onRemove={() => {
              setFile(null);
              setStage({ kind: "choose" });
            }}
            fileList={file ? [{ uid: "1", name: file.name, status: "done" }] : []}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p>点击或拖入 .xlsx / .csv 文件</p>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              所需列：{columns}
            </Typography.Text>
          </Upload.Dragger>
        )}
        {stage.kind !== "done" && <TemplateLink path={templatePath} />}
        {failure && <Alert type="error" showIcon title={failure} />}
        {busy && (
          <div style={{ textAlign: "center", padding: 16 }}>
            <Spin />
            <div style={{ marginTop: 8 }}>{stage.kind === "checking" ? "正在检查文件，请稍候…" : "正在导入，请稍候…"}</div>
          </div>
        )}
        {checked && <CheckSummary answer={checked} />}
        {stage.kind === "done" && (
          <>
            <Alert type="success" showIcon title="导入完成" />
            <Counts answer={stage.answer} />
          </>
        )}
      </Space>
    </Modal>
  );
}

/** The import's template (.xlsx: the exact headers, one example row, a 填写说明 sheet), beside every import. */
export function TemplateLink({ path }: { path: string }) {
  return (
    <Typography.Text type="secondary">
      不知道怎么填？
      <Typography.Link href={path} download>
        <DownloadOutlined /> 下载导入模板
      </Typography.Link>
      （含示例行和填写说明；地区可填代码或名称，如 220102 或 南关区）
    </Typography.Text>
  );
}

function Counts({ answer }: { answer: ImportAnswer }) {
  return (
    <Descriptions size="small" bordered column={{ xs: 2, sm: 4 }}>
      <Descriptions.Item label="总行数">{answer.rows ?? answer.total ?? 0}</Descriptions.Item>
      <Descriptions.Item label="新增">{answer.created}</Descriptions.Item>
      <Descriptions.Item label="更新">{answer.updated}</Descriptions.Item>
      <Descriptions.Item label="未变">{answer.unchanged}</Descriptions.Item>
    </Descriptions>
  );
}

function CheckSummary({ answer }: { answer: ImportAnswer }) {
  const rows = new Set(answer.problems.map((p) => p.row)).size;
  if (answer.problems.length === 0) {
    return (
      <>
        <Alert type="success" showIcon title="检查通过，没有发现问题。确认后将按下列数量导入。" />
        <Counts answer={answer} />
        {answer.warnings?.length ? (
          <Alert
            type="warning"
            showIcon
            title={`${answer.warnings.length} 行提示`}
            description={answer.warnings.map((w) => `第 ${w.row} 行：${w.message}`).join("\n")}
            style={{ whiteSpace: "pre-line" }}
          />
        ) : null}
      </>
    );
  }
  return (
    <>
      <Alert type="error" showIcon title={`发现 ${answer.problems.length} 个问题，涉及 ${rows} 行。请修改文件后重新检查；有问题时不会导入任何数据。`} />
      <Table<ImportProblem & { key: number }>
        size="small"
        aria-label="导入问题"
        dataSource={answer.problems.map((p, i) => ({ ...p, key: i }))}
        pagination={answer.problems.length > 50 ? { pageSize: 50, showTotal: (t) => `共 ${t} 个问题` } : false}
        scroll={{ y: 360 }}
        columns={[
          { title: "行号", dataIndex: "row", width: 72 },
          { title: "列", dataIndex: "column", width: 160, render: (v: string | null) => v ?? "—" },
          { title: "原因", dataIndex: "message" },
        ]}
      />
    </>
  );
}
