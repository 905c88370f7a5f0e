import { CheckCircleFilled, EnvironmentOutlined, ExclamationCircleFilled } from "@ant-design/icons";
import { Card, Typography } from "antd";
import dayjs from "dayjs";
import type { ReactNode } from "react";
import { distanceText, type Outcome } from "./checkin-outcome.ts";
import { SUCCESS_TEXT, WARNING_TEXT } from "../../app/colors.ts";

/** The big state after pressing 签到: green for success (or 已签到), orange with the exact reason otherwise. */
export function CheckinResult({ outcome, actions }: { outcome: Outcome | { kind: "location"; title: string; detail: string }; actions?: ReactNode }) {
  if (outcome.kind === "success") {
    return (
      <Card role="status" style={{ textAlign: "center", borderColor: "#b7eb8f", background: "#f6ffed" }}>
        <CheckCircleFilled className="m-result-icon" style={{ color: SUCCESS_TEXT }} />
        <Typography.Title level={2} style={{ margin: "12px 0 4px" }}>
          {outcome.title}
        </Typography.Title>
        <Typography.Paragraph style={{ fontSize: 16, marginBottom: 4 }}>
          {outcome.duplicate ? "记录时间" : "时间"}：{dayjs(outcome.at).format("M月D日 HH:mm:ss")}
        </Typography.Paragraph>
        <Typography.Text type="secondary">
          <EnvironmentOutlined /> 距培训地点{distanceText(outcome.distance)}
        </Typography.Text>
        {actions && <div style={{ marginTop: 16 }}>{actions}</div>}
      </Card>
    );
  }
  return (
    <Card role="alert" style={{ textAlign: "center", borderColor: "#ffd591", background: "#fff7e6" }}>
      <ExclamationCircleFilled style={{ fontSize: 48, color: WARNING_TEXT }} />
      <Typography.Title level={3} style={{ margin: "8px 0 4px" }}>
        {outcome.title}
      </Typography.Title>
      <Typography.Paragraph style={{ fontSize: 15, marginBottom: 0 }}>{outcome.detail}</Typography.Paragraph>
      {actions && <div style={{ marginTop: 12 }}>{actions}</div>}
    </Card>
  );
}
