import { App as AntApp, ConfigProvider, type ThemeConfig } from "antd";
import zhCN from "antd/es/locale/zh_CN";
import dayjs from "dayjs";
import "dayjs/locale/zh-cn";
import { type ReactNode, useMemo } from "react";
import { Outlet } from "react-router";
import { useReducedMotion } from "./reduced-motion.ts";

dayjs.locale("zh-cn");

/**
 * The console's antd theme. Every text colour reaches a contrast of at least 4.5:1 (WCAG AA) on
 * the background it is drawn on:
 * - secondary and placeholder text: antd's 45% black is 3.35:1 on the page's #f5f7fa;
 * - status tags and alerts (success, processing, warning, error) draw their text in the status
 *   colour on its light background: antd's #52c41a on #f6ffed is 2.0:1, #faad14 on #fffbe6 1.8:1,
 *   #1677ff on #e6f4ff 3.7:1 — darker status colours keep antd's light backgrounds;
 * - coloured tags (`<Tag color="green">`): see global.css (the palettes are not theme tokens).
 */
export const consoleTheme: ThemeConfig = {
  token: {
    colorPrimary: "#1f5fad",
    borderRadius: 4,
    // 62% black: 5.9:1 on white, 5.4:1 on #f5f7fa
    colorTextSecondary: "rgba(0, 0, 0, 0.62)",
    colorTextTertiary: "rgba(0, 0, 0, 0.6)",
    colorTextDescription: "rgba(0, 0, 0, 0.62)",
    colorTextPlaceholder: "rgba(0, 0, 0, 0.56)",
    colorLink: "#1f5fad",
    colorSuccess: "#237804",
    colorSuccessBg: "#f6ffed",
    colorSuccessBorder: "#b7eb8f",
    colorInfo: "#1f5fad",
    colorInfoBg: "#e6f4ff",
    colorInfoBorder: "#91caff",
    colorWarning: "#ad4e00",
    colorWarningBg: "#fffbe6",
    colorWarningBorder: "#ffe58f",
    colorError: "#cf1322",
    colorErrorBg: "#fff2f0",
    colorErrorBorder: "#ffccc7",
    // every page's title is its h1 (one per page, for screen readers and the document outline),
    // drawn at the size the pages always used (antd's level-4 heading)
    fontSizeHeading1: 20,
    lineHeightHeading1: 1.4,
  },
};

/**
 * antd's configuration (Chinese locale, the theme, no motion for those who ask for less) and App
 * (the message, notification and modal hooks of App.useApp) around every page but the login page.
 * It is a lazy route rather than a wrapper in main.tsx because antd is most of the console's
 * JavaScript and the login page is drawn without it.
 */
export function AntdProviders({ children }: { children: ReactNode }) {
  // antd's motion token off turns off every component's transitions (rc-motion's provider)
  const reduced = useReducedMotion();
  const theme = useMemo<ThemeConfig>(() => (reduced ? { ...consoleTheme, token: { ...consoleTheme.token, motion: false } } : consoleTheme), [reduced]);
  return (
    <ConfigProvider locale={zhCN} theme={theme} button={{ autoInsertSpace: false }}>
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
