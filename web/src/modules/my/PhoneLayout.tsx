import { CalendarOutlined, HomeOutlined, LineChartOutlined, LogoutOutlined, MoneyCollectOutlined, QrcodeOutlined, SafetyCertificateOutlined } from "@ant-design/icons";
import { Button, Layout } from "antd";
import { createElement } from "react";
import { Outlet, useLocation, useNavigate } from "react-router";
import { IdleTimeout } from "../../app/IdleTimeout.tsx";
import { useRouteTitle } from "../../app/page-title.tsx";
import { useLogout } from "../../app/use-logout.ts";
import { SessionGate } from "./SessionGate.tsx";
import "./phone.css";
import { ON_DARK_TEXT } from "../../app/colors.ts";

const TABS = [
  { path: "/m", label: "我的培训", icon: HomeOutlined },
  { path: "/m/schedule", label: "课程表", icon: CalendarOutlined },
  { path: "/m/checkin", label: "签到", icon: QrcodeOutlined },
  { path: "/m/attendance", label: "考勤", icon: LineChartOutlined },
  { path: "/m/certificates", label: "证书", icon: SafetyCertificateOutlined },
  { path: "/m/subsidies", label: "补贴", icon: MoneyCollectOutlined },
] as const;

function BottomTabs() {
  const { pathname } = useLocation();
  const navigate = useNavigate();
  return (
    <nav aria-label="学员功能" className="m-tabs">
      {TABS.map((t) => {
        const active = t.path === "/m" ? pathname === "/m" || pathname === "/m/" : pathname.startsWith(t.path);
        return (
          <button key={t.path} type="button" className={active ? "m-tab m-tab-active" : "m-tab"} aria-current={active ? "page" : undefined} onClick={() => void navigate(t.path)}>
            {createElement(t.icon, { style: { fontSize: t.path === "/m/checkin" ? 24 : 20 } })}
            <span>{t.label}</span>
          </button>
        );
      })}
    </nav>
  );
}

/** Trainee pages on the phone: a slim header, the page, and a bottom tab bar — no console menu. */
export function PhoneLayout() {
  const logout = useLogout();
  const title = useRouteTitle();
  return (
    <SessionGate>
      {(me) => (
        <Layout className="m-layout">
          <header className="m-header">
            <div className="m-header-title">
              <div className="m-header-name">职业技能培训 · 学员</div>
              <div className="m-header-user">{me.user.displayName}</div>
            </div>
            <Button type="text" aria-label="退出登录" icon={<LogoutOutlined />} style={{ color: ON_DARK_TEXT }} onClick={() => void logout()} />
          </header>
          <main className="m-main">
            {/* the phone pages show their name in the tab bar; the heading is for screen readers */}
            <h1 className="visually-hidden">{title}</h1>
            <Outlet />
          </main>
          <BottomTabs />
          <IdleTimeout idleMinutes={me.sessionIdleMinutes} onExpire={() => void logout("idle")} />
        </Layout>
      )}
    </SessionGate>
  );
}
