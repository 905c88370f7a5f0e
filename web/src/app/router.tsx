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
      {
        path: "/portal",
        lazy: async () => ({ Component: (await import("../modules/portal/PortalLayout.tsx")).PortalLayout }),
        children: [
          { index: true, lazy: async () => ({ Component: (await import("../modules/portal/PortalHome.tsx")).PortalHome }) },
          { path: "institutions", lazy: async () => ({ Component: (await import("../modules/portal/PortalInstitutionsPage.tsx")).PortalInstitutionsPage }) },
          { path: "institutions/:id", lazy: async () => ({ Component: (await import("../modules/portal/PortalInstitutionPage.tsx")).PortalInstitutionPage }) },
          { path: "catalogue", lazy: async () => ({ Component: (await import("../modules/portal/PortalCataloguePage.tsx")).PortalCataloguePage }) },
          { path: "catalogue/:id", lazy: async () => ({ Component: (await import("../modules/portal/PortalItemPage.tsx")).PortalItemPage }) },
          { path: "register", lazy: async () => ({ Component: (await import("../modules/portal/RegisterPage.tsx")).RegisterPage }) },
          { path: "audit", lazy: async () => ({ Component: (await import("../modules/portal/PortalAuditPage.tsx")).PortalAuditPage }) },
          { path: "notices", lazy: async () => ({ Component: (await import("../modules/portal/PortalNoticesPage.tsx")).PortalNoticesPage }) },
        ],
      },
      { path: "/verify/:token?", lazy: async () => ({ Component: (await import("../modules/certificates/VerifyPage.tsx")).VerifyPage }) },
      { path: "/change-password", lazy: async () => ({ Component: (await import("../modules/auth/ChangePasswordPage.tsx")).ChangePasswordPage }) },
      // the projected code screen: full screen, no console menu (checks its own session and permission)
      { path: "/attendance/sessions/:sessionId/code", lazy: async () => ({ Component: (await import("../modules/attendance/CodeScreenPage.tsx")).CodeScreenPage }) },
      // trainee self-service, phone-first
      {
        path: "/m",
        lazy: async () => ({ Component: (await import("../modules/my/PhoneLayout.tsx")).PhoneLayout }),
        children: [
          { index: true, lazy: async () => ({ Component: (await import("../modules/my/MyHomePage.tsx")).MyHomePage }) },
          { path: "checkin", lazy: async () => ({ Component: (await import("../modules/my/CheckinPage.tsx")).CheckinPage }) },
          { path: "schedule", lazy: async () => ({ Component: (await import("../modules/my/SchedulePage.tsx")).SchedulePage }) },
          { path: "attendance", lazy: async () => ({ Component: (await import("../modules/my/MyAttendancePage.tsx")).MyAttendancePage }) },
          { path: "certificates", lazy: async () => ({ Component: (await import("../modules/my/CertificatesPage.tsx")).CertificatesPage }) },
          { path: "*", element: <NotFoundPage /> },
        ],
      },
      {
        path: "/",
        element: <AppLayout />,
        children: [
          // trainees are sent on to their phone pages (/m)
          { index: true, lazy: async () => ({ Component: (await import("../modules/my/ConsoleHome.tsx")).ConsoleHome }) },
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
            path: "attendance",
            element: <RequirePermission permission="attendance.read" />,
            children: [
              { index: true, lazy: async () => ({ Component: (await import("../modules/attendance/AttendanceClassesPage.tsx")).AttendanceClassesPage }) },
              { path: "classes/:classId", lazy: async () => ({ Component: (await import("../modules/attendance/ClassAttendancePage.tsx")).ClassAttendancePage }) },
            ],
          },
          {
            element: <RequirePermission permission="catalogue.read" />,
            children: [
              { path: "catalogue", lazy: async () => ({ Component: (await import("../modules/catalogue/CatalogueItemsPage.tsx")).CatalogueItemsPage }) },
              { path: "catalogue/:id", lazy: async () => ({ Component: (await import("../modules/catalogue/CatalogueItemDetailPage.tsx")).CatalogueItemDetailPage }) },
              { path: "standards", lazy: async () => ({ Component: (await import("../modules/catalogue/StandardsPage.tsx")).StandardsPage }) },
              { path: "occupations", lazy: async () => ({ Component: (await import("../modules/catalogue/OccupationsPage.tsx")).OccupationsPage }) },
              { path: "calendar", lazy: async () => ({ Component: (await import("../modules/calendar/CalendarPage.tsx")).CalendarPage }) },
            ],
          },
          {
            element: <RequirePermission permission="institution.read" />,
            children: [
              { path: "institutions", lazy: async () => ({ Component: (await import("../modules/institutions/InstitutionsPage.tsx")).InstitutionsPage }) },
              { path: "institutions/:id", lazy: async () => ({ Component: (await import("../modules/institutions/InstitutionDetailPage.tsx")).InstitutionDetailPage }) },
              { path: "my-institution", lazy: async () => ({ Component: (await import("../modules/institutions/InstitutionDetailPage.tsx")).MyInstitutionPage }) },
            ],
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
          {
            path: "claims",
            element: <RequirePermission permission="claim.read" />,
            children: [
              { index: true, lazy: async () => ({ Component: (await import("../modules/subsidies/ClaimsPage.tsx")).ClaimsPage }) },
              { path: ":id", lazy: async () => ({ Component: (await import("../modules/subsidies/ClaimDetailPage.tsx")).ClaimDetailPage }) },
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
