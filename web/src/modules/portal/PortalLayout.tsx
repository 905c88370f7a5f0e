import { Layout } from "antd";
import { Link, NavLink, Outlet } from "react-router";
import { PLATFORM_NAME } from "../../app/page-title.tsx";
import { ON_DARK_TEXT, SECONDARY_TEXT } from "../../app/colors.ts";

const nav = [
  { to: "/portal/institutions", label: "培训机构" },
  { to: "/portal/catalogue", label: "培训项目" },
  { to: "/portal/register", label: "机构注册" },
  { to: "/portal/notices", label: "补贴公示" },
  { to: "/portal/funds", label: "资金公开" },
  { to: "/portal/audit", label: "日志公示" },
];

/** The public portal: no login, light and narrow enough for a phone. */
export function PortalLayout() {
  return (
    <Layout style={{ minHeight: "100vh", background: "#f5f7fa" }}>
      <header style={{ background: "#0f3d73", color: ON_DARK_TEXT, padding: "12px 16px" }}>
        <div style={{ maxWidth: 1080, margin: "0 auto" }}>
          <Link to="/portal" style={{ color: ON_DARK_TEXT, fontSize: "clamp(16px, 4.4vw, 20px)", fontWeight: 600 }}>
            {PLATFORM_NAME}
          </Link>
          <div style={{ fontSize: 12, opacity: 0.8 }}>公众服务</div>
          <nav aria-label="公众服务导航" style={{ display: "flex", gap: 16, marginTop: 8, flexWrap: "wrap" }}>
            {nav.map((n) => (
              <NavLink key={n.to} to={n.to} style={({ isActive }) => ({ color: ON_DARK_TEXT, opacity: isActive ? 1 : 0.75, fontWeight: isActive ? 600 : 400, borderBottom: isActive ? "2px solid #fff" : "none" })}>
                {n.label}
              </NavLink>
            ))}
          </nav>
        </div>
      </header>
      <main style={{ maxWidth: 1080, width: "100%", margin: "0 auto", padding: 16 }}>
        <Outlet />
      </main>
      <footer style={{ textAlign: "center", padding: 16, color: SECONDARY_TEXT, fontSize: 12 }}>
        吉林省人力资源和社会保障厅 · <Link to="/login">工作人员登录</Link>
      </footer>
    </Layout>
  );
}
