import { App as AntApp, ConfigProvider, type ThemeConfig } from "antd";
import zhCN from "antd/es/locale/zh_CN";
import dayjs from "dayjs";
import "dayjs/locale/zh-cn";
import type { ReactNode } from "react";
import { Outlet } from "react-router";

dayjs.locale("zh-cn");

/**
 * The console's antd theme. Text colours are chosen for a contrast of at least 4.5:1 on white and
 * on the light grey page background (WCAG AA): antd's default secondary text (45% black, 3.35:1
 * on #f5f7fa) and placeholder/disabled colours are darkened.
 */
export const consoleTheme: ThemeConfig = {
  token: {
    colorPrimary: "#1f5fad",
    borderRadius: 4,
    // 62% black: 5.9:1 on white, 5.4:1 on #f5f7fa
    colorTextSecondary: "rgba(0, 0, 0, 0.62)",
    colorTextTertiary: "rgba(0, 0, 0, 0.6)",
    colorTextDescription: "rgba(0, 0, 0, 0.62)",
    colorTextPlaceholder: "rgba(0, 0, 0, 0.5)",
    colorTextDisabled: "rgba(0, 0, 0, 0.5)",
    colorLink: "#1f5fad",
  },
};

/**
 * antd's configuration (Chinese locale, the theme) and App (the message, notification and modal
 * hooks of App.useApp) around every page but the login page. It is a lazy route rather than a
 * wrapper in main.tsx because antd is most of the console's JavaScript and the login page is
 * drawn without it.
 */
export function AntdProviders({ children }: { children: ReactNode }) {
  return (
    <ConfigProvider locale={zhCN} theme={consoleTheme} button={{ autoInsertSpace: false }}>
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

export function AntAppRoute() {
  return (
    <AntdProviders>
      <Outlet />
    </AntdProviders>
  );
}
