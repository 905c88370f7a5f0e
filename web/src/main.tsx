import { QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { RouterProvider } from "react-router";
import { queryClient } from "./app/query-client.ts";
import { router } from "./app/router.tsx";
import "./app/global.css";

// antd, its locale and theme are set up by the lazy AntAppRoute (app/AntAppRoute.tsx): the login
// page is drawn without antd, so nothing of it is loaded before the first page.
const root = document.getElementById("root");
if (!root) throw new Error("#root is missing from index.html");

createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  </StrictMode>,
);
