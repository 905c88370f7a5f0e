import { Alert, Card, Space, Typography } from "antd";
import { useMemo } from "react";
import { errorText } from "../../app/error-messages.ts";
import { regionsWhere, useMe } from "../../app/session.ts";
import { intParam, useSearchState } from "../../app/use-search-state.ts";
import { useReference } from "../reference/reference.api.ts";
import { regionNames } from "../reference/region-tree.ts";
import { useAuditList } from "./audit.api.ts";
import { AuditFilters, type AuditFilterValues } from "./AuditFilters.tsx";
import { AuditTable } from "./AuditTable.tsx";
import { ExportButton } from "../../components/ExportButton.tsx";

const KEYS = ["from", "to", "actor", "action", "entityType", "entityId", "regionCode", "page", "pageSize"] as const;
const validIso = (v: string | undefined) => (v && !Number.isNaN(Date.parse(v)) ? v : undefined);

/** 操作日志: the append-only audit log within the reader's region. */
export function AuditPage() {
  const me = useMe();
  const ref = useReference();
  const [s, setSearch] = useSearchState(KEYS);
  const filters: AuditFilterValues = useMemo(
    () => ({
      from: validIso(s.from),
      to: validIso(s.to),
      actor: s.actor,
      action: s.action,
      entityType: s.entityType,
      entityId: s.entityId,
      regionCode: s.regionCode && /^\d{6}$/.test(s.regionCode) ? s.regionCode : undefined,
    }),
    [s],
  );
  const page = intParam(s.page, 1);
  const pageSize = intParam(s.pageSize, 20, 200);
  const list = useAuditList({ ...filters, page, pageSize });
  const names = useMemo(() => regionNames(ref.data?.regions ?? []), [ref.data]);
  if (!me.data) return null;

  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }}>
      <Space style={{ width: "100%", justifyContent: "space-between" }} wrap>
        <Typography.Title level={1} style={{ margin: 0 }}>
          操作日志
        </Typography.Title>
        {/* the export is itself recorded in the log (who, which filters, how many rows) */}
        <ExportButton path="/api/audit/export" query={{ ...filters }} />
      </Space>
      <Card size="small" styles={{ body: { paddingBottom: 0 } }}>
        <AuditFilters value={filters} within={regionsWhere(me.data, "audit.read")} onSearch={(v) => setSearch({ ...v })} />
      </Card>
      {list.isError && <Alert type="error" showIcon title={errorText(list.error)} />}
      <Card size="small" styles={{ body: { padding: 0 } }}>
        <AuditTable
          data={list.data?.items ?? []}
          total={list.data?.total ?? 0}
          page={page}
          pageSize={pageSize}
          loading={list.isFetching}
          regionNames={names}
          onPage={(p, ps) => setSearch({ page: p, pageSize: ps === 20 ? undefined : ps })}
        />
      </Card>
    </Space>
  );
}
