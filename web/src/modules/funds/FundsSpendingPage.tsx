import { Space, Typography } from "antd";
import { SpendingView } from "./SpendingView.tsx";

/** 资金使用情况 (console): the public disclosure's numbers, within the officer's region. */
export function FundsSpendingPage() {
  return (
    <Space orientation="vertical" size={12} style={{ width: "100%" }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        资金使用情况
      </Typography.Title>
      <Typography.Paragraph style={{ margin: 0, color: "#595959" }}>
        与公众服务“资金使用公开”同一口径（资金台账费用科目净额），仅含本人管辖范围内的地区。
      </Typography.Paragraph>
      <SpendingView path="/api/funds/spending" />
    </Space>
  );
}
