import { Table, type TableProps, Tag, Typography } from "antd";
import { Link } from "react-router";
import { useIsPhone } from "../../app/layout/use-phone.ts";
import { PhoneList } from "../../components/PhoneList.tsx";
import type { z } from "zod";
import type { institutionSummary } from "../../../../shared/src/contracts/institutions.ts";
import { statusLabels } from "./institution-labels.ts";

export type InstitutionSummary = z.infer<typeof institutionSummary> & { daysLeft?: number };

interface Props {
  data: InstitutionSummary[];
  loading: boolean;
  pagination: TableProps<InstitutionSummary>["pagination"];
  showDaysLeft?: boolean;
}

/** Institutions in the caller's scope; the name opens the detail page. */
export function InstitutionTable({ data, loading, pagination, showDaysLeft }: Props) {
  const phone = useIsPhone();
  const columns: TableProps<InstitutionSummary>["columns"] = [
    {
      title: "机构名称",
      dataIndex: "name",
      width: 240,
      fixed: "left",
      render: (v: string, r) => <Link to={`/institutions/${r.id}`}>{v}</Link>,
    },
    { title: "统一社会信用代码", dataIndex: "creditCode", width: 190, render: (v: string) => <Typography.Text copyable={{ text: v }}>{v}</Typography.Text> },
    { title: "类型", dataIndex: "typeLabel", width: 140 },
    { title: "所在地区", dataIndex: "regionName", width: 120 },
    { title: "状态", dataIndex: "status", width: 100, render: (s: InstitutionSummary["status"]) => <Tag color={statusLabels[s].color}>{statusLabels[s].text}</Tag> },
    { title: "协议有效期至", dataIndex: "agreementValidUntil", width: 120, render: (v: string | null) => v ?? "—" },
    { title: "许可证有效期至", dataIndex: "licenceValidUntil", width: 130 },
  ];
  if (showDaysLeft) {
    columns.push({
      title: "剩余天数",
      dataIndex: "daysLeft",
      width: 100,
      render: daysLeftTag,
    });
  }
  if (phone) return <PhoneCards data={data} loading={loading} pagination={pagination} showDaysLeft={showDaysLeft} />;
  return <Table<InstitutionSummary> rowKey="id" size="middle" columns={columns} dataSource={data} loading={loading} scroll={{ x: 1040 }} pagination={pagination} />;
}

const daysLeftTag = (d: number) => (d < 0 ? <Tag color="red">已到期 {-d} 天</Tag> : <Tag color={d <= 7 ? "orange" : "gold"}>{d} 天</Tag>);

/** On a phone: one card per institution instead of a table that scrolls sideways. */
function PhoneCards({ data, loading, pagination, showDaysLeft }: Props) {
  const p = pagination || {};
  return (
    <PhoneList<InstitutionSummary>
      label="机构列表"
      items={data}
      rowKey={(r) => r.id}
      loading={loading}
      title={(r) => <Link to={`/institutions/${r.id}`}>{r.name}</Link>}
      extra={(r) => <Tag color={statusLabels[r.status].color}>{statusLabels[r.status].text}</Tag>}
      body={(r) => (
        <>
          <div>
            {r.typeLabel} · {r.regionName}
          </div>
          <Typography.Text type="secondary">统一社会信用代码 {r.creditCode}</Typography.Text>
          <div>
            协议有效期至 {r.agreementValidUntil ?? "—"}
            {showDaysLeft && r.daysLeft !== undefined && <> {daysLeftTag(r.daysLeft)}</>}
          </div>
        </>
      )}
      page={p.current ?? 1}
      pageSize={p.pageSize ?? Math.max(data.length, 10)}
      total={p.total ?? data.length}
      totalText={(t) => `共 ${t} 家`}
      onPage={(page, pageSize) => p.onChange?.(page, pageSize)}
    />
  );
}
