import { Card, Typography } from "antd";
import type { ReactNode } from "react";

/** The centred card of the login and change-password pages. */
export function AuthFrame({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div style={{ minHeight: "100vh", display: "flex", flexDirection: "column", alignItems: "center", justifyContent: "center", padding: 16, background: "linear-gradient(160deg, #0b2f5a 0%, #1f5fad 100%)" }}>
      <Typography.Title level={3} style={{ color: "#fff", textAlign: "center", marginBottom: 24, fontSize: "clamp(18px, 5vw, 24px)" }}>
        吉林省职业技能培训信息管理平台
      </Typography.Title>
      <Card title={title} style={{ width: "100%", maxWidth: 400 }}>
        {children}
      </Card>
      <Typography.Text style={{ marginTop: 24, fontSize: 12, color: "rgba(255,255,255,0.7)" }}>
        吉林省人力资源和社会保障厅
      </Typography.Text>
    </div>
  );
}
