import type { ReactNode } from "react";
import { PLATFORM_NAME } from "../../app/page-title.tsx";
import { ON_DARK_MUTED, ON_DARK_TEXT } from "../../app/colors.ts";

// Plain elements instead of antd's Card and Typography: Card brings Tabs, Dropdown and Menu and
// Typography brings Tooltip, which together are a third of the login page's JavaScript.
const frame = { minHeight: "100vh", display: "flex", flexDirection: "column", alignItems: "center", justifyContent: "center", padding: 16, boxSizing: "border-box", background: "linear-gradient(160deg, #0b2f5a 0%, #1f5fad 100%)" } as const;
const card = { width: "100%", maxWidth: 400, boxSizing: "border-box", background: "#fff", borderRadius: 8, boxShadow: "0 6px 16px rgba(0,0,0,0.12)" } as const;

/** The centred card of the login and change-password pages. */
export function AuthFrame({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main style={frame}>
      <h1 style={{ color: ON_DARK_TEXT, textAlign: "center", margin: "0 0 24px", fontSize: "clamp(18px, 5vw, 24px)", fontWeight: 600, lineHeight: 1.35 }}>{PLATFORM_NAME}</h1>
      <section style={card} aria-labelledby="auth-frame-title">
        <h2 id="auth-frame-title" style={{ margin: 0, padding: "16px 24px", borderBottom: "1px solid #f0f0f0", fontSize: 16, fontWeight: 600, color: "rgba(0,0,0,0.88)" }}>
          {title}
        </h2>
        <div style={{ padding: 24 }}>{children}</div>
      </section>
      <p style={{ margin: "24px 0 0", fontSize: 12, color: ON_DARK_MUTED }}>吉林省人力资源和社会保障厅</p>
    </main>
  );
}
