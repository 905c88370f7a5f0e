import { UploadOutlined } from "@ant-design/icons";
import { Alert, Button, Card, Space, Tabs, Typography } from "antd";
import { useMemo, useState } from "react";
import { institutionStatuses, institutionTypeCodes } from "../../../../shared/src/contracts/institutions.ts";
import { errorText } from "../../app/error-messages.ts";
import { can, regionsWhere, useMe } from "../../app/session.ts";
import { intParam, oneOf, useSearchState } from "../../app/use-search-state.ts";
import { ExportButton } from "../../components/ExportButton.tsx";
import { ImportDialog } from "../../components/ImportDialog.tsx";
import { InstitutionFilters } from "./InstitutionFilters.tsx";
import { InstitutionTable } from "./InstitutionTable.tsx";
import { useExpiring, useInstitutionList, useInvalidateInstitutions } from "./institutions.api.ts";

const KEYS = ["tab", "q", "regionCode", "status", "type", "page", "pageSize"] as const;
const IMPORT_COLUMNS = "统一社会信用代码、机构名称、机构类型、机构角色、所在县（市、区）代码、地址、咨询电话、许可证编号、许可证有效期至、联系人、联系电话、开户名、开户银行、银行账号";

/** 培训机构: the institution catalogue in the caller's scope, with a tab of agreements expiring within 30 days. */
export function InstitutionsPage() {
  const me = useMe();
  const [s, setSearch] = useSearchState(KEYS);
  const [importing, setImporting] = useState(false);
  const invalidate = useInvalidateInstitutions();
  const mayReview = can(me.data, "institution.review");
  const tab = mayReview && s.tab === "expiring" ? "expiring" : "all";
  const query = useMemo(
    () => ({
      q: s.q,
      regionCode: s.regionCode && /^\d{6}$/.test(s.regionCode) ? s.regionCode : undefined,
      status: oneOf(s.status, institutionStatuses),
      type: oneOf(s.type, institutionTypeCodes),
      page: intParam(s.page, 1),
      pageSize: intParam(s.pageSize, 20, 200),
    }),
    [s],
  );
  const filters = useMemo(() => ({ q: query.q, regionCode: query.regionCode, status: query.status, type: query.type }), [query]);
  const list = useInstitutionList(query, tab === "all");
  const expiring = useExpiring(30, tab === "expiring");
  if (!me.data) return null;
  const error = tab === "all" ? list.error : expiring.error;

  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }}>
      <Space style={{ width: "100%", justifyContent: "space-between" }} wrap>
        <Typography.Title level={1} style={{ margin: 0 }}>
          培训机构
        </Typography.Title>
        <Space wrap>
          {can(me.data, "institution.import") && (
            <Button icon={<UploadOutlined />} onClick={() => setImporting(true)}>
              导入机构
            </Button>
          )}
          <ExportButton path="/api/institutions/export" query={filters} />
        </Space>
      </Space>
      <Tabs
        activeKey={tab}
        onChange={(k) => setSearch({ tab: k === "all" ? undefined : k })}
        items={[
          { key: "all", label: "机构目录" },
          ...(mayReview ? [{ key: "expiring", label: "30 天内协议到期" }] : []),
        ]}
      />
      {tab === "all" && (
        <Card size="small" styles={{ body: { paddingBottom: 0 } }}>
          <InstitutionFilters value={filters} within={regionsWhere(me.data, "institution.read")} onSearch={(v) => setSearch({ ...v })} />
        </Card>
      )}
      {error && <Alert type="error" showIcon title={errorText(error)} />}
      <Card size="small" styles={{ body: { padding: 0 } }}>
        {tab === "all" ? (
          <InstitutionTable
            data={list.data?.items ?? []}
            loading={list.isFetching}
            pagination={{
              current: query.page,
              pageSize: query.pageSize,
              total: list.data?.total ?? 0,
              showSizeChanger: true,
              showTotal: (t) => `共 ${t} 家`,
              onChange: (page, pageSize) => setSearch({ page, pageSize: pageSize === 20 ? undefined : pageSize }),
            }}
          />
        ) : (
          <InstitutionTable data={expiring.data?.items ?? []} loading={expiring.isFetching} pagination={false} showDaysLeft />
        )}
      </Card>
      {importing && <ImportDialog title="导入培训评价机构" path="/api/institutions/import" columns={IMPORT_COLUMNS} onClose={() => setImporting(false)} onImported={() => void invalidate()} />}
    </Space>
  );
}
