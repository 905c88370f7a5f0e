import { PlusOutlined } from "@ant-design/icons";
import { Alert, App, Button, Card, Space, Typography } from "antd";
import { useMemo, useState } from "react";
import type { UserView } from "../../../../shared/src/contracts/users.ts";
import { roleNames } from "../../../../shared/src/permissions.ts";
import { errorText } from "../../app/error-messages.ts";
import { can, regionsWhere, useMe } from "../../app/session.ts";
import { intParam, oneOf, useSearchState } from "../../app/use-search-state.ts";
import { OneTimeSecretModal } from "../../components/OneTimeSecretModal.tsx";
import { UserFilters } from "./UserFilters.tsx";
import { UserFormModal } from "./UserFormModal.tsx";
import { UserTable } from "./UserTable.tsx";
import { type UserWithPassword, useResetPassword, useUnlockUser, useUpdateUser, useUserList } from "./users.api.ts";
import { ExportButton } from "../../components/ExportButton.tsx";

const KEYS = ["q", "regionCode", "role", "status", "page", "pageSize"] as const;

/** 用户管理: the accounts in the caller's scope, with create / edit / disable / reset as abilities allow. */
export function UsersPage() {
  const me = useMe();
  const { message } = App.useApp();
  const [s, setSearch] = useSearchState(KEYS);
  const query = useMemo(
    () => ({
      q: s.q,
      regionCode: s.regionCode && /^\d{6}$/.test(s.regionCode) ? s.regionCode : undefined,
      role: oneOf(s.role, roleNames),
      status: oneOf(s.status, ["active", "disabled"] as const),
      page: intParam(s.page, 1),
      pageSize: intParam(s.pageSize, 20, 200),
    }),
    [s],
  );
  const filters = useMemo(() => ({ q: query.q, regionCode: query.regionCode, role: query.role, status: query.status }), [query]);
  const list = useUserList(query);
  const update = useUpdateUser();
  const reset = useResetPassword();
  const unlock = useUnlockUser();
  const [editing, setEditing] = useState<UserView | "new" | null>(null);
  const [secret, setSecret] = useState<{ title: string; result: UserWithPassword } | null>(null);

  if (!me.data) return null;
  const mayCreate = can(me.data, "user.manage");

  const actions = {
    onEdit: (u: UserView) => setEditing(u),
    onToggleStatus: (u: UserView) =>
      update.mutate(
        { id: u.id, body: { status: u.status === "active" ? "disabled" : "active" } },
        { onSuccess: (r) => message.success(r.status === "active" ? `已启用 ${r.displayName}` : `已停用 ${r.displayName}`), onError: (e) => message.error(errorText(e)) },
      ),
    onResetPassword: (u: UserView) =>
      reset.mutate(u.id, { onSuccess: (r) => setSecret({ title: "密码已重置", result: r }), onError: (e) => message.error(errorText(e)) }),
    onUnlock: (u: UserView) => unlock.mutate(u.id, { onSuccess: (r) => message.success(`已解锁 ${r.displayName}`), onError: (e) => message.error(errorText(e)) }),
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }}>
      <Space style={{ width: "100%", justifyContent: "space-between" }} wrap>
        <Typography.Title level={1} style={{ margin: 0 }}>
          用户管理
        </Typography.Title>
        <Space wrap>
          <ExportButton path="/api/users/export" query={filters} />
          {mayCreate && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing("new")}>
              新建用户
            </Button>
          )}
        </Space>
      </Space>
      <Card size="small" styles={{ body: { paddingBottom: 0 } }}>
        <UserFilters value={filters} within={regionsWhere(me.data, "user.read")} onSearch={(v) => setSearch({ ...v })} />
      </Card>
      {list.isError && <Alert type="error" showIcon title={errorText(list.error)} />}
      <Card size="small" styles={{ body: { padding: 0 } }}>
        <UserTable
          data={list.data?.items ?? []}
          total={list.data?.total ?? 0}
          page={query.page}
          pageSize={query.pageSize}
          loading={list.isFetching}
          actions={actions}
          onPage={(page, pageSize) => setSearch({ page, pageSize: pageSize === 20 ? undefined : pageSize })}
        />
      </Card>
      {editing && (
        <UserFormModal
          user={editing === "new" ? null : editing}
          onClose={() => setEditing(null)}
          onCreated={(r) => setSecret({ title: "用户已创建", result: r })}
        />
      )}
      {secret?.result.temporaryPassword && (
        <OneTimeSecretModal
          open
          title={secret.title}
          description={
            <>
              账号 <Typography.Text strong>{secret.result.user.username}</Typography.Text>（{secret.result.user.displayName}，{secret.result.user.regionName}）的临时密码：
            </>
          }
          secret={secret.result.temporaryPassword}
          onClose={() => setSecret(null)}
        />
      )}
    </Space>
  );
}
