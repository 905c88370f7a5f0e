import { ArrowLeftOutlined, PrinterOutlined } from "@ant-design/icons";
import { Alert, Button, Space, Spin } from "antd";
import { type ReactNode, useEffect } from "react";
import { useParams } from "react-router";
import type { ClassView } from "../../../../../shared/src/contracts/classes.ts";
import { errorText } from "../../../app/error-messages.ts";
import { can } from "../../../app/session.ts";
import { SessionGate } from "../../my/SessionGate.tsx";
import { useReference } from "../../reference/reference.api.ts";
import { useClass } from "../classes.api.ts";
import { levelLabels } from "../class-labels.ts";
import "./print.css";

/** What a printed class header needs, resolved to names (no codes or ids on paper). */
export interface ClassHeader {
  c: ClassView;
  regionName: string;
  certificateTypeName: string;
  levelName: string | null;
}

/**
 * The frame of a print page: its own session gate (no console menu), the class loaded through the
 * same API as the class page (same scope, same masking), a toolbar that is not printed, and the
 * document title the browser proposes as the PDF's file name.
 */
export function PrintFrame({ title, children }: { title: (c: ClassView) => string; children: (h: ClassHeader) => ReactNode }) {
  return <SessionGate>{(me) => (can(me, "class.read") ? <Loaded title={title}>{children}</Loaded> : <Alert type="error" showIcon title="您没有查看培训班的权限" />)}</SessionGate>;
}

function Loaded({ title, children }: { title: (c: ClassView) => string; children: (h: ClassHeader) => ReactNode }) {
  const { id } = useParams();
  const klass = useClass(id);
  const ref = useReference();
  const c = klass.data;
  const docTitle = c ? title(c) : "打印";
  useEffect(() => {
    document.title = docTitle;
  }, [docTitle]);
  if (klass.isError) return <Alert type="error" showIcon title={errorText(klass.error)} style={{ margin: 24 }} />;
  if (!c || !ref.data) return <Spin size="large" style={{ display: "block", margin: 80 }} />;
  const region = ref.data.regions.find((r) => r.code === c.regionCode);
  const header: ClassHeader = {
    c,
    regionName: region?.name ?? c.regionCode,
    certificateTypeName: ref.data.codes.certificate_type?.find((x) => x.code === c.certificateType)?.name ?? c.certificateType,
    levelName: c.skillLevel ? (levelLabels[c.skillLevel] ?? c.skillLevel) : null,
  };
  return (
    <div className="print-desk">
      <div className="print-toolbar">
        <Button icon={<ArrowLeftOutlined />} href={`/classes/${c.id}`}>
          返回培训班
        </Button>
        <Space>
          <span className="print-hint">A4 纵向；“另存为 PDF”可在打印对话框中选择</span>
          <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()}>
            打印
          </Button>
        </Space>
      </div>
      {children(header)}
    </div>
  );
}

/** The class lines every sheet repeats at its top. */
export function ClassMeta({ h }: { h: ClassHeader }) {
  const { c } = h;
  return (
    <>
      <div>培训机构：{c.institutionName}</div>
      <div>所在地区：{h.regionName}</div>
      <div>班级名称：{c.title}</div>
      <div>班级编号：{c.code}</div>
      <div>
        职业（工种）：{c.occupationName ?? "—"}
        {h.levelName ? `（${h.levelName}）` : ""}
      </div>
      <div>证书类型：{h.certificateTypeName}</div>
      <div>
        培训期间：{c.startDate} 至 {c.endDate}
      </div>
      <div>计划项目：{c.programCode}</div>
    </>
  );
}
