import { QuestionCircleOutlined } from "@ant-design/icons";
import { Tooltip } from "antd";

const plain = { border: "none", background: "none", padding: 0, font: "inherit", color: "inherit", cursor: "help" } as const;

/** A rate's title with its definition (shared/src/completion.ts) in a tooltip; a button so the keyboard reaches it too. */
export function RateTitle({ title, definition }: { title: string; definition: string }) {
  return (
    <Tooltip title={definition}>
      <button type="button" style={plain} aria-label={`${title}：${definition}`}>
        {title} <QuestionCircleOutlined style={{ fontSize: 12 }} />
      </button>
    </Tooltip>
  );
}
