import { LockOutlined, UserOutlined } from "@ant-design/icons";
import { Alert, Button, Form, Input } from "antd";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { isApiError } from "../../app/api-client.ts";
import { applyApiErrorToForm } from "../../app/form-errors.ts";
import { safeNext } from "../../app/session.ts";
import { useLogin } from "./auth.api.ts";
import { AuthFrame } from "./AuthFrame.tsx";
import { loginFailureText } from "./login-messages.ts";

interface LoginValues {
  username: string;
  password: string;
}

export function LoginPage() {
  const [form] = Form.useForm<LoginValues>();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const login = useLogin();
  const queryClient = useQueryClient();
  // whatever the previous user loaded must not show again (e.g. via the back button)
  useEffect(() => queryClient.clear(), [queryClient]);
  const [failure, setFailure] = useState<{ text: string; locked: boolean } | null>(null);
  const next = safeNext(params.get("next"));

  const submit = async (values: LoginValues) => {
    setFailure(null);
    try {
      const r = await login.mutateAsync(values);
      await navigate(r.mustChangePassword ? `/change-password?next=${encodeURIComponent(next)}` : next, { replace: true });
    } catch (e) {
      if (isApiError(e, "request.invalid")) {
        const rest = applyApiErrorToForm(form, e);
        if (rest.length) setFailure({ text: rest.join("；"), locked: false });
        return;
      }
      setFailure({ text: loginFailureText(e), locked: isApiError(e, "auth.locked") });
      form.setFieldValue("password", "");
    }
  };

  return (
    <AuthFrame title="用户登录">
      {params.get("reason") === "idle" && !failure && <Alert type="info" showIcon style={{ marginBottom: 16 }} title="由于长时间未操作，您已自动退出，请重新登录。" />}
      {failure && <Alert role="alert" type={failure.locked ? "error" : "warning"} showIcon style={{ marginBottom: 16 }} title={failure.text} />}
      <Form form={form} name="login" layout="vertical" requiredMark={false} onFinish={submit} autoComplete="on">
        <Form.Item name="username" label="用户名" rules={[{ required: true, whitespace: true, message: "请输入用户名" }]}>
          <Input prefix={<UserOutlined />} autoComplete="username" autoFocus maxLength={64} />
        </Form.Item>
        <Form.Item name="password" label="密码" rules={[{ required: true, message: "请输入密码" }]}>
          <Input.Password prefix={<LockOutlined />} autoComplete="current-password" maxLength={128} />
        </Form.Item>
        <Button type="primary" htmlType="submit" block size="large" loading={login.isPending}>
          登录
        </Button>
      </Form>
      <div style={{ marginTop: 16, textAlign: "center" }}>
        <Link to="/portal">公众服务：查询培训机构和培训项目</Link>
      </div>
      <div style={{ textAlign: "center", marginTop: 16 }}>
        <Link to="/verify">证书查询</Link>
      </div>
    </AuthFrame>
  );
}
