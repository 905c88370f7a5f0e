import { Button, Popconfirm, Space, Table, type TableProps, Tag } from "antd";
import type { UserView } from "../../../../shared/src/contracts/users.ts";
import { formatDateTime } from "../../app/format.ts";
import { type StatusLabel, userStatus } from "../../app/status.ts";
import { grantText } from "./grant-label.ts";
import { SECONDARY_TEXT } from "../../app/colors.ts";

export interface UserActions {
  onEdit: (u: UserView) => void;
  onToggleStatus: (u: UserView) => void;
  onResetPassword: (u: UserView) => void;
  onUnlock: (u: UserView) => void;
}

const tag = (s: StatusLabel) => <Tag color={s.color}>{s.text}</Tag>;

function StatusTags({ u }: { u: UserView }) {
  const locked = !!u.lockedUntil && new Date(u.lockedUntil) > new Date();
  return (
    <Space size={[0, 4]} wrap>
      {tag(userStatus[u.status])}
      {locked && tag(userStatus.locked)}
      {u.mustChangePassword && u.status === "active" && tag(userStatus.mustChangePassword)}
    </Space>
  );
}

const anyAbility = (u: UserView) => Object.values(u.abilities).some(Boolean);

function RowActions({ u, actions }: { u: UserView; actions: UserActions }) {
  const { edit, disable, enable, resetPassword, unlock } = u.abilities;
  if (!anyAbility(u)) return <span style={{ color: SECONDARY_TEXT }}>—</span>;
  const disabling = u.status === "active";
  return (
    <Space size={0} wrap>
      {edit && (
        <Button type="link" size="small" onClick={() => actions.onEdit(u)}>
          编辑
        </Button>
      )}
      {(disabling ? disable : enable) && (
        <Popconfirm
          title={disabling ? `停用 ${u.displayName}？` : `启用 ${u.displayName}？`}
          description={disabling ? "停用后该用户立即退出登录且无法再登录。" : "启用后该用户可以重新登录。"}
          okText={disabling ? "停用" : "启用"}
          okButtonProps={{ danger: disabling }}
          onConfirm={() => actions.onToggleStatus(u)}
        >
          <Button type="link" size="small" danger={disabling}>
            {disabling ? "停用" : "启用"}
          </Button>
        </Popconfirm>
      )}
      {resetPassword && (
        <Popconfirm title={`重置 ${u.displayName} 的密码？`} description="将生成新的临时密码并解除锁定，该用户须重新登录并修改密码。" okText="重置" onConfirm={() => actions.onResetPassword(u)}>
          <Button type="link" size="small">
            重置密码
          </Button>
        </Popconfirm>
      )}
      {unlock && (
        <Button type="link" size="small" onClick={() => actions.onUnlock(u)}>
          解锁
        </Button>
      )}
    </Space>
  );
}

interface Props {
  data: UserView[];
  total: number;
  page: number;
  pageSize: number;
  loading: boolean;
  actions: UserActions;
  onPage: (page: number, pageSize: number) => void;
}

/** Users in the caller's scope; the buttons of each row follow the row's `abilities`. */
export function UserTable({ data, total, page, pageSize, loading, actions, onPage }: Props) {
  const columns: TableProps<UserView>["columns"] = [
    { title: "用户名", dataIndex: "username", width: 140, fixed: "left" },
    { title: "姓名", dataIndex: "displayName", width: 130 },
    { title: "所属地区", dataIndex: "regionName", width: 120 },
    {
      title: "角色与范围",
      key: "grants",
      width: 260,
      render: (_, u) => (
        <Space size={[0, 4]} wrap>
          {u.grants.map((g) => (
            <Tag key={grantText(g)} color="geekblue">
              {grantText(g)}
            </Tag>
          ))}
        </Space>
      ),
    },
    { title: "状态", key: "status", width: 130, render: (_, u) => <StatusTags u={u} /> },
    { title: "最近登录", dataIndex: "lastLoginAt", width: 150, render: (v: string | null) => formatDateTime(v) },
  ];
  // a reader who may change nothing gets no empty column of dashes
  if (data.some(anyAbility)) {
    columns.push({ title: "操作", key: "actions", width: 200, render: (_, u) => <RowActions u={u} actions={actions} /> });
  }
  return (
    <Table<UserView>
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={data}
      loading={loading}
      scroll={{ x: 1040 }}
      pagination={{ current: page, pageSize, total, showSizeChanger: true, showTotal: (t) => `共 ${t} 人`, onChange: onPage }}
    />
  );
}
