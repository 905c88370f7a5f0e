import { AuditOutlined, HomeOutlined, IdcardOutlined, ReadOutlined, TeamOutlined } from "@ant-design/icons";
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
  { path: "/persons", label: "学员管理", icon: IdcardOutlined, permission: "person.read" },
  { path: "/classes", label: "开班管理", icon: ReadOutlined, permission: "class.read" },
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
