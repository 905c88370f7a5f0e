import { Button, Result } from "antd";
import { useNavigate, useRouteError } from "react-router";
import { AntdProviders } from "../AntAppRoute.tsx";

function HomeButton() {
  const navigate = useNavigate();
  return (
    <Button type="primary" onClick={() => void navigate("/")}>
      返回首页
    </Button>
  );
}

export function ForbiddenPage() {
  return <Result status="403" title="无权访问" subTitle="您的角色没有使用此功能的权限。如需开通，请联系本级系统管理员。" extra={<HomeButton />} />;
}

export function NotFoundPage() {
  return <Result status="404" title="页面不存在" subTitle="您访问的页面不存在或已被移除，请检查地址是否正确。" extra={<HomeButton />} />;
}

/** Shown when a page throws while rendering or fails to load its code (e.g. after a deployment). */
export function RouteErrorPage() {
  const error = useRouteError();
  const message = error instanceof Error ? error.message : String(error);
  // an error may happen outside AntAppRoute (on the login page), so the page brings antd's setup along
  return (
    <AntdProviders>
      <Result
        status="error"
        title="页面出错了"
        subTitle={`请刷新页面重试；如仍失败请联系管理员。（${message}）`}
        extra={
          <Button type="primary" onClick={() => window.location.reload()}>
            刷新页面
          </Button>
        }
      />
    </AntdProviders>
  );
}
