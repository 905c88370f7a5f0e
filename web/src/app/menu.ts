import { AccountBookOutlined, AimOutlined, AuditOutlined, BankOutlined, BarChartOutlined, BookOutlined, CalendarOutlined, CarryOutOutlined, FundOutlined, HomeOutlined, IdcardOutlined, IssuesCloseOutlined, MoneyCollectOutlined, NotificationOutlined, PayCircleOutlined, ReadOutlined, ShopOutlined, SolutionOutlined, TeamOutlined } from "@ant-design/icons";
import type { ComponentType } from "react";
import type { Permission } from "../../../shared/src/permissions.ts";

export interface MenuEntry {
  path: string;
  label: string;
  icon: ComponentType;
  /** shown only to users holding this permission; the route checks the same one */
  permission?: Permission;
}

/** The side menu. A module adds its page here with the permission its list endpoint needs. */
export const menuEntries: readonly MenuEntry[] = [
  { path: "/", label: "首页", icon: HomeOutlined },
  { path: "/users", label: "用户管理", icon: TeamOutlined, permission: "user.read" },
  { path: "/catalogue", label: "培训项目目录", icon: BookOutlined, permission: "catalogue.read" },
  { path: "/standards", label: "补贴标准", icon: MoneyCollectOutlined, permission: "catalogue.read" },
  { path: "/occupations", label: "职业目录", icon: SolutionOutlined, permission: "catalogue.read" },
  { path: "/calendar", label: "工作日历", icon: CalendarOutlined, permission: "catalogue.read" },
  { path: "/institutions", label: "培训机构", icon: BankOutlined, permission: "institution.read" },
  { path: "/my-institution", label: "我的机构", icon: ShopOutlined, permission: "institution.edit_own" },
  { path: "/persons", label: "学员管理", icon: IdcardOutlined, permission: "person.read" },
  { path: "/classes", label: "开班管理", icon: ReadOutlined, permission: "class.read" },
  { path: "/attendance", label: "考勤", icon: CarryOutOutlined, permission: "attendance.read" },
  { path: "/claims", label: "补贴申领", icon: AccountBookOutlined, permission: "claim.read" },
  { path: "/notices", label: "公示管理", icon: NotificationOutlined, permission: "notice.manage" },
  { path: "/notices/objections", label: "异议处理", icon: IssuesCloseOutlined, permission: "notice.manage" },
  { path: "/payments", label: "补贴拨付", icon: PayCircleOutlined, permission: "payment.read" },
  { path: "/funds", label: "资金使用情况", icon: FundOutlined, permission: "fund.read" },
  { path: "/targets", label: "目标任务", icon: AimOutlined, permission: "target.read" },
  { path: "/reports", label: "统计报表", icon: BarChartOutlined, permission: "stats.read" },
  { path: "/audit", label: "操作日志", icon: AuditOutlined, permission: "audit.read" },
];

export function visibleMenu(entries: readonly MenuEntry[], permissions: readonly string[]): MenuEntry[] {
  return entries.filter((e) => !e.permission || permissions.includes(e.permission));
}

/** The menu entry a location belongs to ("/users/1" → "/users"). */
export function selectedMenuPath(entries: readonly MenuEntry[], pathname: string): string {
  const hits = entries.filter((e) => (e.path === "/" ? pathname === "/" : pathname === e.path || pathname.startsWith(`${e.path}/`)));
  return hits.sort((a, b) => b.path.length - a.path.length)[0]?.path ?? "";
}
