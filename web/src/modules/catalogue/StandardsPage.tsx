import { UploadOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Select, Space, Table, Typography } from "antd";
import { useMemo, useState } from "react";
import { Link } from "react-router";
import { type StandardSubsidyType, type StandardView, standardSubsidyTypeLabels, standardSubsidyTypes } from "../../../../shared/src/contracts/catalogue.ts";
import { errorText } from "../../app/error-messages.ts";
import { formatFen } from "../../app/money.ts";
import { can, useMe } from "../../app/session.ts";
import { intParam, useSearchState } from "../../app/use-search-state.ts";
import { ExportButton } from "../../components/ExportButton.tsx";
import { ImportDialog } from "../../components/ImportDialog.tsx";
import { useInvalidateCatalogue, useStandardList } from "./catalogue.api.ts";
import { useCityOptions, useCodeLabels } from "./code-labels.ts";
import { StandardLookupCard } from "./StandardLookupCard.tsx";

const KEYS = ["subsidyType", "regionCode", "page"] as const;
const IMPORT_COLUMNS = "项目编号、补贴类型（培训补贴/评价补贴，可空）、地区代码、证书类型、技能等级、补贴标准(元)、紧缺系数(%)、线上系数(%)、线上线下结合系数(%)、生效日期、失效日期、备注";

/** 补贴标准: the standards of each city (and the province default); set them on an item's page. */
export function StandardsPage() {
  const me = useMe();
  const codes = useCodeLabels();
  const cities = useCityOptions();
  const invalidate = useInvalidateCatalogue();
  const [importing, setImporting] = useState(false);
  const [s, setSearch] = useSearchState(KEYS);
  const query = useMemo(() => ({ subsidyType: standardSubsidyTypes.find((t) => t === s.subsidyType), regionCode: s.regionCode && /^\d{6}$/.test(s.regionCode) ? s.regionCode : undefined, page: intParam(s.page, 1), pageSize: 20 }), [s]);
  const list = useStandardList(query);
  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }}>
      <Space style={{ width: "100%", justifyContent: "space-between" }} wrap>
        <Typography.Title level={1} style={{ margin: 0 }}>
          补贴标准
        </Typography.Title>
        <Space wrap>
          {can(me.data, "standard.manage") && (
            <Button icon={<UploadOutlined />} onClick={() => setImporting(true)}>
              导入标准
            </Button>
          )}
          <ExportButton path="/api/standards/export" query={{ subsidyType: query.subsidyType, regionCode: query.regionCode }} />
        </Space>
      </Space>
      <Space wrap>
        <Typography.Text>补贴类型：</Typography.Text>
        <Select
          aria-label="补贴类型"
          allowClear
          placeholder="全部类型"
          style={{ width: 140 }}
          value={query.subsidyType}
          options={standardSubsidyTypes.map((t) => ({ value: t, label: standardSubsidyTypeLabels[t] }))}
          onChange={(v?: StandardSubsidyType) => setSearch({ subsidyType: v })}
        />
        <Typography.Text>地区：</Typography.Text>
        <Select aria-label="地区" allowClear placeholder="全部地区" style={{ width: 180 }} value={query.regionCode} options={cities} onChange={(v?: string) => setSearch({ regionCode: v })} />
        <Typography.Text type="secondary">新增标准请在培训项目详情页“设定补贴标准”。</Typography.Text>
      </Space>
      {list.isError && <Alert type="error" showIcon title={errorText(list.error)} />}
      <Card size="small" styles={{ body: { padding: 0 } }}>
        <Table<StandardView>
          rowKey="id"
          size="middle"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 1000 }}
          pagination={{ current: query.page, pageSize: 20, total: list.data?.total ?? 0, showTotal: (t) => `共 ${t} 条`, onChange: (page) => setSearch({ page }) }}
          columns={[
            { title: "项目编号", dataIndex: "itemCode", width: 120, render: (v: string, r) => <Link to={`/catalogue/${r.itemId}`}>{v}</Link> },
            { title: "补贴类型", dataIndex: "subsidyType", width: 100, render: (v: StandardSubsidyType) => standardSubsidyTypeLabels[v] },
            { title: "地区", dataIndex: "regionName", width: 110 },
            { title: "证书类型", dataIndex: "certificateType", width: 150, render: (v: string) => codes.name("certificate_type", v) },
            { title: "等级", dataIndex: "skillLevel", width: 120, render: (v: string | null) => (v ? codes.name("skill_level", v) : "不分等级") },
            { title: "标准（元/人）", dataIndex: "amountFen", width: 120, align: "right", render: (v: number) => formatFen(v) },
            { title: "紧缺/线上/混合", key: "f", width: 140, render: (_, r) => (r.subsidyType === "evaluation" ? "不设系数" : `${r.shortageFactorPercent}% / ${r.onlineFactorPercent}% / ${r.blendedFactorPercent}%`) },
            { title: "生效期间", key: "d", width: 200, render: (_, r) => `${r.effectiveFrom} 至 ${r.effectiveTo ?? "长期"}` },
          ]}
        />
      </Card>
      <StandardLookupCard />
      {importing && <ImportDialog title="导入补贴标准" path="/api/standards/import" columns={IMPORT_COLUMNS} onClose={() => setImporting(false)} onImported={() => void invalidate()} />}
    </Space>
  );
}
