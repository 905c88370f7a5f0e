import { Button, Result } from "antd";
import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router";
import type { MeView } from "../../../../shared/src/contracts/users.ts";
import { isApiError } from "../../app/api-client.ts";
import { errorText } from "../../app/error-messages.ts";
import { FullPageSpin } from "../../app/FullPageSpin.tsx";
import { useMe } from "../../app/session.ts";

/**
 * The same gate as the console shell, for pages with their own layout (phone pages, the projected
 * code screen): no session → login, initial password → change it, then back here.
 */
export function SessionGate({ children }: { children: (me: MeView) => ReactNode }) {
  const me = useMe();
  const location = useLocation();
  const here = encodeURIComponent(location.pathname + location.search);
  if (me.isPending) return <FullPageSpin />;
  if (me.isError) {
    if (isApiError(me.error, "auth.required")) return <Navigate to={`/login?next=${here}`} replace />;
    if (isApiError(me.error, "auth.password_change_required")) return <Navigate to={`/change-password?next=${here}`} replace />;
    return (
      <Result
        status="error"
        title="无法加载用户信息"
        subTitle={errorText(me.error)}
        extra={
          <Button type="primary" onClick={() => void me.refetch()}>
            重试
          </Button>
        }
      />
    );
  }
  if (me.data.user.mustChangePassword) return <Navigate to={`/change-password?next=${here}`} replace />;
  return <>{children(me.data)}</>;
}

/** A trainee account (and nothing else) uses the phone pages under /m. */
export function isTraineeOnly(me: Pick<MeView, "grants">): boolean {
  return me.grants.length > 0 && me.grants.every((g) => g.role === "trainee");
}
