import { DownOutlined, KeyOutlined, LogoutOutlined, UserOutlined } from "@ant-design/icons";
import { Button, Dropdown, Space, Typography } from "antd";
import { useNavigate } from "react-router";
import type { MeView } from "../../../../shared/src/contracts/users.ts";
import { ON_DARK_MUTED } from "../colors.ts";

/** Name and region of the signed-in user, with change-password and logout. */
export function UserMenu({ me, compact, onLogout }: { me: MeView; compact: boolean; onLogout: () => void }) {
  const navigate = useNavigate();
  return (
    <Dropdown
      trigger={["click"]}
      menu={{
        items: [
          { key: "who", label: `${me.user.displayName}（${me.user.username}）· ${me.user.regionName}`, disabled: true },
          { type: "divider" },
          { key: "password", icon: <KeyOutlined />, label: "修改密码" },
          { key: "logout", icon: <LogoutOutlined />, label: "退出登录", danger: true },
        ],
        onClick: ({ key }) => {
          if (key === "password") void navigate("/change-password");
          if (key === "logout") onLogout();
        },
      }}
    >
      <Button type="text" aria-label="用户菜单" style={{ color: "inherit", paddingInline: 8 }}>
        {compact ? (
          <UserOutlined style={{ fontSize: 18 }} />
        ) : (
          <Space size={6}>
            <UserOutlined />
            <span>{me.user.displayName}</span>
            <Typography.Text style={{ color: ON_DARK_MUTED }}>{me.user.regionName}</Typography.Text>
            <DownOutlined style={{ fontSize: 10 }} />
          </Space>
        )}
      </Button>
    </Dropdown>
  );
}
