import { createBrowserRouter } from "react-router";
import { setAuthProblemHandler } from "./api-client.ts";
import { RootRoute, type RouteHandle } from "./page-title.tsx";
import { NotFoundPage, RouteErrorPage } from "./pages/LazyErrorPages.tsx";
import { RequirePermission } from "./RequirePermission.tsx";

const title = (t: string): RouteHandle => ({ title: t });

/**
 * Pages load on demand, and so do the console and phone layouts, so the login page does not wait
 * for the side menu or the tables of the users page. Each route names its page (`handle.title`)
 * for the browser tab (see page-title.tsx).
 */
export const router = createBrowserRouter([
  {
    Component: RootRoute,
    errorElement: <RouteErrorPage />,
    // plain markup: antd is not loaded yet while the first page's code arrives
    hydrateFallbackElement: <div className="page-loading" role="status" aria-label="正在加载" />,
    children: [
      { path: "/login", handle: title("登录"), lazy: async () => ({ Component: (await import("../modules/auth/LoginPage.tsx")).LoginPage }) },
      {
        // every page but the login page, inside antd's configuration and App (see AntAppRoute.tsx)
        lazy: async () => ({ Component: (await import("./AntAppRoute.tsx")).AntAppRoute }),
        children: [
        {
          path: "/portal",
          lazy: async () => ({ Component: (await import("../modules/portal/PortalLayout.tsx")).PortalLayout }),
          children: [
            { index: true, handle: title("公众服务"), lazy: async () => ({ Component: (await import("../modules/portal/PortalHome.tsx")).PortalHome }) },
            { path: "institutions", handle: title("培训机构查询"), lazy: async () => ({ Component: (await import("../modules/portal/PortalInstitutionsPage.tsx")).PortalInstitutionsPage }) },
            { path: "institutions/:id", handle: title("培训机构详情"), lazy: async () => ({ Component: (await import("../modules/portal/PortalInstitutionPage.tsx")).PortalInstitutionPage }) },
            { path: "catalogue", handle: title("培训项目查询"), lazy: async () => ({ Component: (await import("../modules/portal/PortalCataloguePage.tsx")).PortalCataloguePage }) },
            { path: "catalogue/:id", handle: title("培训项目详情"), lazy: async () => ({ Component: (await import("../modules/portal/PortalItemPage.tsx")).PortalItemPage }) },
            { path: "register", handle: title("机构注册"), lazy: async () => ({ Component: (await import("../modules/portal/RegisterPage.tsx")).RegisterPage }) },
            { path: "audit", handle: title("操作日志公示"), lazy: async () => ({ Component: (await import("../modules/portal/PortalAuditPage.tsx")).PortalAuditPage }) },
            { path: "notices", handle: title("补贴公示"), lazy: async () => ({ Component: (await import("../modules/portal/PortalNoticesPage.tsx")).PortalNoticesPage }) },
            { path: "funds", handle: title("资金使用公开"), lazy: async () => ({ Component: (await import("../modules/portal/PortalFundsPage.tsx")).PortalFundsPage }) },
          ],
        },
        { path: "/verify/:token?", handle: title("证书查验"), lazy: async () => ({ Component: (await import("../modules/certificates/VerifyPage.tsx")).VerifyPage }) },
        { path: "/change-password", handle: title("修改密码"), lazy: async () => ({ Component: (await import("../modules/auth/ChangePasswordPage.tsx")).ChangePasswordPage }) },
        // the projected code screen: full screen, no console menu (checks its own session and permission)
        { path: "/attendance/sessions/:sessionId/code", handle: title("签到码"), lazy: async () => ({ Component: (await import("../modules/attendance/CodeScreenPage.tsx")).CodeScreenPage }) },
        // print layouts (签到表, 结业花名册): A4 sheets without the console chrome, each checks its own session
        { path: "/classes/:id/print/sign-in/:sessionId", handle: title("签到表"), lazy: async () => ({ Component: (await import("../modules/classes/print/SignInSheetPage.tsx")).SignInSheetPage }) },
        { path: "/reports/print", handle: title("统计报表打印"), lazy: async () => ({ Component: (await import("../modules/stats/ReportPrintPage.tsx")).ReportPrintPage }) },
        { path: "/classes/:id/print/roster", handle: title("结业花名册"), lazy: async () => ({ Component: (await import("../modules/classes/print/CompletionRosterPage.tsx")).CompletionRosterPage }) },
        // trainee self-service, phone-first
        {
          path: "/m",
          lazy: async () => ({ Component: (await import("../modules/my/PhoneLayout.tsx")).PhoneLayout }),
          children: [
            { index: true, handle: title("我的培训"), lazy: async () => ({ Component: (await import("../modules/my/MyHomePage.tsx")).MyHomePage }) },
            { path: "checkin", handle: title("签到"), lazy: async () => ({ Component: (await import("../modules/my/CheckinPage.tsx")).CheckinPage }) },
            { path: "schedule", handle: title("课程表"), lazy: async () => ({ Component: (await import("../modules/my/SchedulePage.tsx")).SchedulePage }) },
            { path: "attendance", handle: title("我的考勤"), lazy: async () => ({ Component: (await import("../modules/my/MyAttendancePage.tsx")).MyAttendancePage }) },
            { path: "certificates", handle: title("我的证书"), lazy: async () => ({ Component: (await import("../modules/my/CertificatesPage.tsx")).CertificatesPage }) },
            { path: "subsidies", handle: title("我的补贴"), lazy: async () => ({ Component: (await import("../modules/my/MySubsidiesPage.tsx")).MySubsidiesPage }) },
            { path: "*", handle: title("页面不存在"), element: <NotFoundPage /> },
          ],
        },
        {
          path: "/",
          lazy: async () => ({ Component: (await import("./layout/AppLayout.tsx")).AppLayout }),
          children: [
            // trainees are sent on to their phone pages (/m)
            { index: true, handle: title("首页"), lazy: async () => ({ Component: (await import("../modules/my/ConsoleHome.tsx")).ConsoleHome }) },
            {
              path: "users",
              element: <RequirePermission permission="user.read" />,
              children: [{ index: true, handle: title("用户管理"), lazy: async () => ({ Component: (await import("../modules/users/UsersPage.tsx")).UsersPage }) }],
            },
            {
              path: "audit",
              element: <RequirePermission permission="audit.read" />,
              children: [{ index: true, handle: title("操作日志"), lazy: async () => ({ Component: (await import("../modules/audit/AuditPage.tsx")).AuditPage }) }],
            },
            {
              path: "attendance",
              element: <RequirePermission permission="attendance.read" />,
              children: [
                { index: true, handle: title("考勤"), lazy: async () => ({ Component: (await import("../modules/attendance/AttendanceClassesPage.tsx")).AttendanceClassesPage }) },
                { path: "classes/:classId", handle: title("班级考勤"), lazy: async () => ({ Component: (await import("../modules/attendance/ClassAttendancePage.tsx")).ClassAttendancePage }) },
                { path: "corrections", handle: title("考勤补正"), lazy: async () => ({ Component: (await import("../modules/attendance/CorrectionsPage.tsx")).CorrectionsPage }) },
              ],
            },
            {
              element: <RequirePermission permission="catalogue.read" />,
              children: [
                { path: "catalogue", handle: title("培训项目目录"), lazy: async () => ({ Component: (await import("../modules/catalogue/CatalogueItemsPage.tsx")).CatalogueItemsPage }) },
                { path: "catalogue/:id", handle: title("培训项目详情"), lazy: async () => ({ Component: (await import("../modules/catalogue/CatalogueItemDetailPage.tsx")).CatalogueItemDetailPage }) },
                { path: "standards", handle: title("补贴标准"), lazy: async () => ({ Component: (await import("../modules/catalogue/StandardsPage.tsx")).StandardsPage }) },
                { path: "occupations", handle: title("职业目录"), lazy: async () => ({ Component: (await import("../modules/catalogue/OccupationsPage.tsx")).OccupationsPage }) },
                { path: "calendar", handle: title("工作日历"), lazy: async () => ({ Component: (await import("../modules/calendar/CalendarPage.tsx")).CalendarPage }) },
              ],
            },
            {
              element: <RequirePermission permission="institution.read" />,
              children: [
                { path: "institutions", handle: title("培训机构"), lazy: async () => ({ Component: (await import("../modules/institutions/InstitutionsPage.tsx")).InstitutionsPage }) },
                { path: "institutions/:id", handle: title("培训机构详情"), lazy: async () => ({ Component: (await import("../modules/institutions/InstitutionDetailPage.tsx")).InstitutionDetailPage }) },
                { path: "my-institution", handle: title("我的机构"), lazy: async () => ({ Component: (await import("../modules/institutions/InstitutionDetailPage.tsx")).MyInstitutionPage }) },
              ],
            },
            {
              path: "targets",
              element: <RequirePermission permission="target.read" />,
              children: [{ index: true, handle: title("目标任务"), lazy: async () => ({ Component: (await import("../modules/targets/TargetsPage.tsx")).TargetsPage }) }],
            },
            {
              path: "persons",
              element: <RequirePermission permission="person.read" />,
              children: [
                { index: true, handle: title("学员管理"), lazy: async () => ({ Component: (await import("../modules/trainees/PersonsPage.tsx")).PersonsPage }) },
                { path: "change-requests", handle: title("人员信息变更申请"), lazy: async () => ({ Component: (await import("../modules/trainees/ChangeRequestsPage.tsx")).ChangeRequestsPage }) },
                { path: "imports", element: <RequirePermission permission="person.import" />, children: [{ index: true, handle: title("导入任务"), lazy: async () => ({ Component: (await import("../modules/trainees/ImportJobsPage.tsx")).ImportJobsPage }) }] },
              ],
            },
            {
              path: "classes",
              element: <RequirePermission permission="class.read" />,
              children: [
                { index: true, handle: title("开班管理"), lazy: async () => ({ Component: (await import("../modules/classes/ClassesPage.tsx")).ClassesPage }) },
                { path: "new", handle: title("新建开班"), lazy: async () => ({ Component: (await import("../modules/classes/ClassFormPage.tsx")).ClassFormPage }) },
                { path: ":id", handle: title("班级详情"), lazy: async () => ({ Component: (await import("../modules/classes/ClassDetailPage.tsx")).ClassDetailPage }) },
                { path: ":id/edit", handle: title("修改开班"), lazy: async () => ({ Component: (await import("../modules/classes/ClassFormPage.tsx")).ClassFormPage }) },
              ],
            },
            {
              path: "claims",
              element: <RequirePermission permission="claim.read" />,
              children: [
                { index: true, handle: title("补贴申领"), lazy: async () => ({ Component: (await import("../modules/subsidies/ClaimsPage.tsx")).ClaimsPage }) },
                { path: ":id", handle: title("申领详情"), lazy: async () => ({ Component: (await import("../modules/subsidies/ClaimDetailPage.tsx")).ClaimDetailPage }) },
              ],
            },
            {
              path: "notices",
              element: <RequirePermission permission="notice.manage" />,
              children: [
                { index: true, handle: title("公示管理"), lazy: async () => ({ Component: (await import("../modules/subsidies/NoticesPage.tsx")).NoticesPage }) },
                { path: "objections", handle: title("异议处理"), lazy: async () => ({ Component: (await import("../modules/subsidies/ObjectionsPage.tsx")).ObjectionsPage }) },
              ],
            },
            {
              path: "funds",
              element: <RequirePermission permission="fund.read" />,
              children: [{ index: true, handle: title("资金使用情况"), lazy: async () => ({ Component: (await import("../modules/funds/FundsSpendingPage.tsx")).FundsSpendingPage }) }],
            },
            {
              path: "payments",
              element: <RequirePermission permission="payment.read" />,
              children: [{ index: true, handle: title("补贴拨付"), lazy: async () => ({ Component: (await import("../modules/payments/PaymentsPage.tsx")).PaymentsPage }) }],
            },
            {
              path: "reports",
              element: <RequirePermission permission="stats.read" />,
              children: [{ index: true, handle: title("统计报表"), lazy: async () => ({ Component: (await import("../modules/stats/ReportsPage.tsx")).ReportsPage }) }],
            },
            { path: "*", handle: title("页面不存在"), element: <NotFoundPage /> },
          ],
        },
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
