import { Space, Typography } from "antd";
import { SpendingView } from "../funds/SpendingView.tsx";

/**
 * 资金使用公开: how much of the training funds each region spent, on which program and subsidy type,
 * per period — computed from the fund ledger, the same numbers officers see — and the budgets received.
 */
export function PortalFundsPage() {
  return (
    <Space orientation="vertical" size={12} style={{ width: "100%" }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        资金使用公开
      </Typography.Title>
      <Typography.Paragraph style={{ margin: 0, color: "#595959" }}>
        职业技能提升行动资金的使用情况，按地区、项目、补贴类型和期间汇总。实际支出取自资金台账中已拨付的补贴（已扣除银行退回和冲销）；下达资金为上级下达到本地区的预算。点击市（州）名称可查看下辖县（市、区）。
      </Typography.Paragraph>
      <SpendingView path="/api/public/funds/spending" />
    </Space>
  );
}
