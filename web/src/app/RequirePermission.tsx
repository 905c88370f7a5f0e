import { Outlet } from "react-router";
import type { Permission } from "../../../shared/src/permissions.ts";
import { ForbiddenPage } from "./pages/LazyErrorPages.tsx";
import { can, useMe } from "./session.ts";

/** Route guard: the child routes render only for users holding `permission` (the server checks again). */
export function RequirePermission({ permission }: { permission: Permission }) {
  const me = useMe();
  if (!me.data) return null;
  return can(me.data, permission) ? <Outlet /> : <ForbiddenPage />;
}
