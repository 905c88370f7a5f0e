import { MenuOutlined } from "@ant-design/icons";
import { Button, Drawer, Layout, Result } from "antd";
import { useState } from "react";
import { Navigate, Outlet, useLocation } from "react-router";
import type { MeView } from "../../../../shared/src/contracts/users.ts";
import { isApiError } from "../api-client.ts";
import { errorText } from "../error-messages.ts";
import { FullPageSpin } from "../FullPageSpin.tsx";
import { IdleTimeout } from "../IdleTimeout.tsx";
import { PLATFORM_NAME } from "../page-title.tsx";
import { useMe } from "../session.ts";
import { useLogout } from "../use-logout.ts";
import { SideMenu } from "./SideMenu.tsx";
import { UserMenu } from "./UserMenu.tsx";
import { useIsPhone } from "./use-phone.ts";
import { ON_DARK_TEXT } from "../colors.ts";

const HEADER_BG = "#0f3d73";

/** Pages behind login: needs a session and a changed initial password. */
export function AppLayout() {
  const me = useMe();
  const location = useLocation();
  const here = location.pathname + location.search;
  if (me.isPending) return <FullPageSpin />;
  if (me.isError) {
    if (isApiError(me.error, "auth.required")) return <Navigate to={`/login?next=${encodeURIComponent(here)}`} replace />;
    if (isApiError(me.error, "auth.password_change_required")) return <Navigate to={`/change-password?next=${encodeURIComponent(here)}`} replace />;
    return (
      <Result
        status="error"
        title="无法加载用户信息"
        subTitle={errorText(me.error)}
        extra={
          <Button type="primary" onClick={() => void me.refetch()}>
            重试
          </Button>
        }
      />
    );
  }
  if (me.data.user.mustChangePassword) return <Navigate to={`/change-password?next=${encodeURIComponent(here)}`} replace />;
  return <Shell me={me.data} />;
}

function Shell({ me }: { me: MeView }) {
  const phone = useIsPhone();
  const [drawerOpen, setDrawerOpen] = useState(false);
  const logout = useLogout();

  return (
    <Layout style={{ minHeight: "100vh" }}>
      <Layout.Header style={{ background: HEADER_BG, color: ON_DARK_TEXT, display: "flex", alignItems: "center", gap: 8, paddingInline: phone ? 8 : 24, height: 56, lineHeight: "56px", position: "sticky", top: 0, zIndex: 10 }}>
        {phone && <Button type="text" aria-label="打开菜单" icon={<MenuOutlined />} style={{ color: ON_DARK_TEXT }} onClick={() => setDrawerOpen(true)} />}
        <div style={{ flex: 1, minWidth: 0, fontSize: phone ? 15 : 18, fontWeight: 600, whiteSpace: "nowrap", overflow: "hidden", textOverflow: "ellipsis" }} title={PLATFORM_NAME}>
          {PLATFORM_NAME}
        </div>
        <UserMenu me={me} compact={phone} onLogout={() => void logout()} />
      </Layout.Header>
      <Layout>
        {phone ? (
          <Drawer placement="left" open={drawerOpen} onClose={() => setDrawerOpen(false)} size={240} title="功能菜单" styles={{ body: { padding: 0 } }}>
            <nav aria-label="功能菜单">
              <SideMenu permissions={me.permissions} onNavigate={() => setDrawerOpen(false)} />
            </nav>
          </Drawer>
        ) : (
          <Layout.Sider width={208} theme="light" style={{ borderInlineEnd: "1px solid #f0f0f0" }}>
            <nav aria-label="功能菜单">
              <SideMenu permissions={me.permissions} />
            </nav>
          </Layout.Sider>
        )}
        <Layout.Content style={{ padding: phone ? 12 : 24, minWidth: 0 }}>
          <Outlet />
        </Layout.Content>
      </Layout>
      <IdleTimeout idleMinutes={me.sessionIdleMinutes} onExpire={() => void logout("idle")} />
    </Layout>
  );
}
