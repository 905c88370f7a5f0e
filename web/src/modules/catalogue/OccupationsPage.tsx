import { UploadOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Input, Select, Space, Table, Tag, Typography } from "antd";
import { useMemo, useState } from "react";
import type { z } from "zod";
import type { occupationView } from "../../../../shared/src/contracts/catalogue.ts";
import { errorText } from "../../app/error-messages.ts";
import { can, useMe } from "../../app/session.ts";
import { intParam, useSearchState } from "../../app/use-search-state.ts";
import { ExportButton } from "../../components/ExportButton.tsx";
import { ImportDialog } from "../../components/ImportDialog.tsx";
import { useInvalidateCatalogue, useOccupationList } from "./catalogue.api.ts";

type Occupation = z.infer<typeof occupationView>;
const KEYS = ["q", "edition", "page"] as const;

/** 职业目录 (职业分类大典); records shipped as demonstration data say so. */
export function OccupationsPage() {
  const me = useMe();
  const invalidate = useInvalidateCatalogue();
  const [importing, setImporting] = useState(false);
  const [s, setSearch] = useSearchState(KEYS);
  const query = useMemo(() => ({ q: s.q, edition: s.edition === "2015" || s.edition === "2022" ? Number(s.edition) : undefined, page: intParam(s.page, 1), pageSize: 20 }), [s]);
  const list = useOccupationList(query);
  const anyDemo = list.data?.items.some((o) => o.demo);
  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }}>
      <Space style={{ width: "100%", justifyContent: "space-between" }} wrap>
        <Typography.Title level={1} style={{ margin: 0 }}>
          职业目录
        </Typography.Title>
        <Space wrap>
          {can(me.data, "occupation.manage") && (
            <Button icon={<UploadOutlined />} onClick={() => setImporting(true)}>
              导入职业
            </Button>
          )}
          <ExportButton path="/api/occupations/export" />
        </Space>
      </Space>
      {anyDemo && <Alert type="info" showIcon title="标有“演示数据”的职业为软件自带的示例，并非官方职业分类大典全文，请由省级导入正式目录。" />}
      <Space wrap>
        <Input.Search aria-label="职业关键词" placeholder="职业编码或名称" allowClear defaultValue={query.q} onSearch={(v) => setSearch({ q: v.trim() })} style={{ width: 240 }} />
        <Select
          aria-label="大典版本"
          allowClear
          placeholder="全部版本"
          style={{ width: 140 }}
          value={query.edition ? String(query.edition) : undefined}
          options={[
            { value: "2022", label: "2022 版" },
            { value: "2015", label: "2015 版" },
          ]}
          onChange={(v?: string) => setSearch({ edition: v })}
        />
      </Space>
      {list.isError && <Alert type="error" showIcon title={errorText(list.error)} />}
      <Card size="small" styles={{ body: { padding: 0 } }}>
        <Table<Occupation>
          rowKey="id"
          size="middle"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 760 }}
          pagination={{ current: query.page, pageSize: 20, total: list.data?.total ?? 0, showTotal: (t) => `共 ${t} 个职业`, onChange: (page) => setSearch({ page }) }}
          columns={[
            { title: "职业编码", dataIndex: "code", width: 120 },
            {
              title: "职业名称",
              dataIndex: "name",
              width: 260,
              render: (v: string, o) => (
                <Space size={4} wrap>
                  {v}
                  {o.digital && <Tag color="purple">S 数字</Tag>}
                  {o.green && <Tag color="green">L 绿色</Tag>}
                  {o.demo && <Tag color="orange">演示数据</Tag>}
                  {o.status === "retired" && <Tag>已停用</Tag>}
                </Space>
              ),
            },
            { title: "版本", dataIndex: "edition", width: 80 },
            { title: "工种", dataIndex: "trades", render: (t: string[]) => t.join("、") || "—" },
          ]}
        />
      </Card>
      {importing && (
        <ImportDialog title="导入职业目录" path="/api/occupations/import" columns="大典版本、职业编码、职业名称、数字职业(S)、绿色职业(L)、工种、备注" onClose={() => setImporting(false)} onImported={() => void invalidate()} />
      )}
    </Space>
  );
}
