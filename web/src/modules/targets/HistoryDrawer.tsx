import { Alert, Drawer, Empty, Spin, Timeline, Typography } from "antd";
import type { TargetRow, TargetUnit } from "../../../../shared/src/contracts/targets.ts";
import { errorText } from "../../app/error-messages.ts";
import { formatDateTime } from "../../app/format.ts";
import { formatTarget, periodLabel } from "./target-format.ts";
import { useHistory } from "./targets.api.ts";

/** Every version of one target, newest first: who, when, why. */
export function HistoryDrawer({ row, unit, lineName, onClose }: { row: TargetRow; unit: TargetUnit; lineName: string; onClose: () => void }) {
  const h = useHistory({ period: row.period, line: row.line, regionCode: row.regionCode, ...(row.departmentCode ? { departmentCode: row.departmentCode } : {}) });
  return (
    <Drawer open size={440} title={`调整历史：${row.regionName}${row.departmentName ? ` · ${row.departmentName}` : ""}`} onClose={onClose}>
      <Typography.Paragraph>
        {periodLabel(row.period)} · {lineName}
      </Typography.Paragraph>
      {h.isPending && <Spin />}
      {h.isError && <Alert type="warning" showIcon title={errorText(h.error)} />}
      {h.data && h.data.items.length === 0 && <Empty description="尚未下达" />}
      {h.data && h.data.items.length > 0 && (
        <Timeline
          items={h.data.items.map((i) => ({
            key: i.version,
            children: (
              <div>
                <strong>{formatTarget(i.target, unit)}</strong>（第 {i.version} 版）
                <div>
                  {formatDateTime(i.at)} · {i.byName}
                </div>
                <div style={{ color: "#595959" }}>{i.reason}</div>
              </div>
            ),
          }))}
        />
      )}
    </Drawer>
  );
}
