import { QueryClientProvider } from "@tanstack/react-query";
import { ConfigProvider } from "antd";
// the ES module build of the locale: antd/locale/zh_CN resolves to the CommonJS one and its interop helpers
import zhCN from "antd/es/locale/zh_CN";
import dayjs from "dayjs";
import "dayjs/locale/zh-cn";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { RouterProvider } from "react-router";
import { queryClient } from "./app/query-client.ts";
import { router } from "./app/router.tsx";
import "./app/global.css";

dayjs.locale("zh-cn");

const root = document.getElementById("root");
if (!root) throw new Error("#root is missing from index.html");

createRoot(root).render(
  <StrictMode>
    <ConfigProvider locale={zhCN} theme={{ token: { colorPrimary: "#1f5fad", borderRadius: 4 } }} button={{ autoInsertSpace: false }}>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </ConfigProvider>
  </StrictMode>,
);
