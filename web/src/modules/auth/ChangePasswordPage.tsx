import { CheckCircleFilled, CloseCircleFilled } from "@ant-design/icons";
import { Alert, App, Button, Form, Input, Space, Typography } from "antd";
import { useState } from "react";
import { useNavigate, useSearchParams } from "react-router";
import { passwordProblems } from "../../../../shared/src/password.ts";
import { isApiError } from "../../app/api-client.ts";
import { errorText } from "../../app/error-messages.ts";
import { applyApiErrorToForm } from "../../app/form-errors.ts";
import { FullPageSpin } from "../../app/FullPageSpin.tsx";
import { safeNext, useMe } from "../../app/session.ts";
import { useLogout } from "../../app/use-logout.ts";
import { useChangePassword } from "./auth.api.ts";
import { AuthFrame } from "./AuthFrame.tsx";
import { passwordChecklist } from "./password-checklist.ts";
import { ERROR_TEXT } from "../../app/colors.ts";

interface Values {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

function Checklist({ password, username }: { password: string; username: string }) {
  return (
    <Space orientation="vertical" size={2} style={{ marginBottom: 16 }} aria-label="密码规则">
      {passwordChecklist(password, username).map((item) => (
        <Typography.Text key={item.rule} type={item.ok ? "success" : "secondary"} style={{ fontSize: 13 }}>
          {item.ok ? <CheckCircleFilled /> : <CloseCircleFilled style={{ color: password ? ERROR_TEXT : undefined }} />} {item.rule}
        </Typography.Text>
      ))}
    </Space>
  );
}

/** Forced after the first login (and after a reset); also reachable from the user menu. */
export function ChangePasswordPage() {
  const me = useMe();
  const [form] = Form.useForm<Values>();
  const newPassword = Form.useWatch("newPassword", form) ?? "";
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const change = useChangePassword();
  const logout = useLogout();
  const { message } = App.useApp();
  const [alert, setAlert] = useState<string | null>(null);

  if (me.isError && !isApiError(me.error, "auth.required")) {
    return (
      <AuthFrame title="修改密码">
        <Alert type="error" showIcon title={errorText(me.error)} />
      </AuthFrame>
    );
  }
  if (!me.data) return <FullPageSpin />;
  const { username, mustChangePassword } = me.data.user;

  const submit = async ({ currentPassword, newPassword: next }: Values) => {
    setAlert(null);
    try {
      await change.mutateAsync({ currentPassword, newPassword: next });
      message.success("密码已修改");
      await navigate(safeNext(params.get("next")), { replace: true });
    } catch (e) {
      if (isApiError(e, "auth.weak_password")) {
        form.setFields([{ name: "newPassword", errors: e.detail<string[]>("problems") ?? [e.message] }]);
        return;
      }
      const rest = applyApiErrorToForm(form, e, { codeFields: { "auth.wrong_password": ["currentPassword"] } });
      if (rest.length) setAlert(rest.join("；"));
    }
  };

  return (
    <AuthFrame title="修改密码">
      {mustChangePassword && <Alert type="info" showIcon style={{ marginBottom: 16 }} title="为保证账号安全，首次登录或密码被重置后，须先设置您自己的密码。" />}
      {alert && <Alert type="error" showIcon style={{ marginBottom: 16 }} title={alert} />}
      <Form form={form} name="changePassword" layout="vertical" requiredMark={false} onFinish={submit}>
        {/* lets the browser's password manager file the new password under the right account */}
        <input type="text" name="username" autoComplete="username" value={username} readOnly hidden />
        <Form.Item name="currentPassword" label={mustChangePassword ? "当前密码（初始密码）" : "当前密码"} rules={[{ required: true, message: "请输入当前密码" }]}>
          <Input.Password autoComplete="current-password" maxLength={128} />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label="新密码"
          dependencies={["currentPassword"]}
          rules={[
            { required: true, message: "请输入新密码" },
            ({ getFieldValue }) => ({
              validator: (_, v: string | undefined) => {
                if (!v) return Promise.resolve();
                const problems = passwordProblems(v, { username });
                if (v === getFieldValue("currentPassword")) problems.push("新密码不能与当前密码相同");
                return problems.length ? Promise.reject(new Error(problems.join("；"))) : Promise.resolve();
              },
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" maxLength={128} />
        </Form.Item>
        <Checklist password={newPassword} username={username} />
        <Form.Item
          name="confirmPassword"
          label="确认新密码"
          dependencies={["newPassword"]}
          rules={[
            { required: true, message: "请再次输入新密码" },
            ({ getFieldValue }) => ({
              validator: (_, v: string | undefined) => (!v || v === getFieldValue("newPassword") ? Promise.resolve() : Promise.reject(new Error("两次输入的新密码不一致"))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" maxLength={128} />
        </Form.Item>
        <Space style={{ width: "100%", justifyContent: "space-between" }}>
          <Button onClick={() => (mustChangePassword ? void logout() : void navigate(-1))}>{mustChangePassword ? "退出登录" : "返回"}</Button>
          <Button type="primary" htmlType="submit" loading={change.isPending}>
            确认修改
          </Button>
        </Space>
      </Form>
    </AuthFrame>
  );
}
