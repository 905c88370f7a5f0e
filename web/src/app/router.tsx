import { createBrowserRouter } from "react-router";
import { setAuthProblemHandler } from "./api-client.ts";
import { AppLayout, FullPageSpin } from "./layout/AppLayout.tsx";
import { NotFoundPage, RouteErrorPage } from "./pages/ErrorPages.tsx";
import { RequirePermission } from "./RequirePermission.tsx";

/** Pages load on demand, so the login page does not wait for the tables of the users page. */
export const router = createBrowserRouter([
  {
    errorElement: <RouteErrorPage />,
    hydrateFallbackElement: <FullPageSpin />,
    children: [
      { path: "/login", lazy: async () => ({ Component: (await import("../modules/auth/LoginPage.tsx")).LoginPage }) },
      { path: "/verify/:token?", lazy: async () => ({ Component: (await import("../modules/certificates/VerifyPage.tsx")).VerifyPage }) },
      { path: "/change-password", lazy: async () => ({ Component: (await import("../modules/auth/ChangePasswordPage.tsx")).ChangePasswordPage }) },
      {
        path: "/",
        element: <AppLayout />,
        children: [
          { index: true, lazy: async () => ({ Component: (await import("../modules/dashboard/DashboardPage.tsx")).DashboardPage }) },
          {
            path: "users",
            element: <RequirePermission permission="user.read" />,
            children: [{ index: true, lazy: async () => ({ Component: (await import("../modules/users/UsersPage.tsx")).UsersPage }) }],
          },
          {
            path: "audit",
            element: <RequirePermission permission="audit.read" />,
            children: [{ index: true, lazy: async () => ({ Component: (await import("../modules/audit/AuditPage.tsx")).AuditPage }) }],
          },
          {
            path: "persons",
            element: <RequirePermission permission="person.read" />,
            children: [{ index: true, lazy: async () => ({ Component: (await import("../modules/trainees/PersonsPage.tsx")).PersonsPage }) }],
          },
          {
            path: "classes",
            element: <RequirePermission permission="class.read" />,
            children: [
              { index: true, lazy: async () => ({ Component: (await import("../modules/classes/ClassesPage.tsx")).ClassesPage }) },
              { path: "new", lazy: async () => ({ Component: (await import("../modules/classes/ClassFormPage.tsx")).ClassFormPage }) },
              { path: ":id", lazy: async () => ({ Component: (await import("../modules/classes/ClassDetailPage.tsx")).ClassDetailPage }) },
              { path: ":id/edit", lazy: async () => ({ Component: (await import("../modules/classes/ClassFormPage.tsx")).ClassFormPage }) },
            ],
          },
          { path: "*", element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);

// Any API call that finds the session gone (or the initial password unchanged) sends the user
// to the right page, remembering where they were.
setAuthProblemHandler((kind) => {
  const here = window.location.pathname + window.location.search;
  const target = kind === "login" ? "/login" : "/change-password";
  if (window.location.pathname === target) return;
  void router.navigate(`${target}?next=${encodeURIComponent(here)}`, { replace: true });
});
