import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, type ReactNode, useEffect, useId, useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { isApiError } from "../../app/api-client.ts";
import { groupIssues } from "../../app/form-errors.ts";
import { safeNext } from "../../app/session.ts";
import { useLogin } from "./auth.api.ts";
import { AuthFrame } from "./AuthFrame.tsx";
import { loginFailureText } from "./login-messages.ts";
import "./auth.css";

interface LoginValues {
  username: string;
  password: string;
}
type FieldErrors = Partial<Record<keyof LoginValues, string>>;

/** The browser's own check before sending: both fields filled in. */
function requiredErrors(v: LoginValues): FieldErrors {
  const e: FieldErrors = {};
  if (!v.username.trim()) e.username = "请输入用户名（学员可用身份证号或手机号）";
  if (!v.password) e.password = "请输入密码";
  return e;
}

/**
 * The login page, in plain elements rather than antd's Form and Input: it is the first page most
 * people open, and without antd it needs about a third of the JavaScript (bench/bundle-size.ts).
 */
export function LoginPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const login = useLogin();
  const queryClient = useQueryClient();
  // whatever the previous user loaded must not show again (e.g. via the back button)
  useEffect(() => queryClient.clear(), [queryClient]);
  const [values, setValues] = useState<LoginValues>({ username: "", password: "" });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<{ text: string; locked: boolean } | null>(null);
  const next = safeNext(params.get("next"));

  const change = (field: keyof LoginValues) => (value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    setErrors((e) => ({ ...e, [field]: undefined }));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(null);
    const missing = requiredErrors(values);
    setErrors(missing);
    if (Object.keys(missing).length) return;
    try {
      const r = await login.mutateAsync(values);
      await navigate(r.mustChangePassword ? `/change-password?next=${encodeURIComponent(next)}` : next, { replace: true });
    } catch (e) {
      if (isApiError(e, "request.invalid")) {
        const { byField, unplaced } = groupIssues(e.issues, [["username"], ["password"]]);
        setErrors(Object.fromEntries(byField.map((f) => [f.name[0], f.errors.join("；")])));
        if (unplaced.length) setFailure({ text: unplaced.join("；"), locked: false });
        return;
      }
      setFailure({ text: loginFailureText(e), locked: isApiError(e, "auth.locked") });
      setValues((v) => ({ ...v, password: "" }));
    }
  };

  return (
    <AuthFrame title="用户登录">
      {params.get("reason") === "idle" && !failure && (
        <div role="status" className="auth-alert auth-alert-info">
          由于长时间未操作，您已自动退出，请重新登录。
        </div>
      )}
      {failure && (
        <div role="alert" className={`auth-alert ${failure.locked ? "auth-alert-error" : "auth-alert-warning"}`}>
          {failure.text}
        </div>
      )}
      <form name="login" className="auth-form" onSubmit={(e) => void submit(e)} noValidate>
        <TextField label="用户名 / 身份证号 / 手机号" icon={USER_ICON} value={values.username} onChange={change("username")} error={errors.username} autoComplete="username" autoFocus maxLength={64} />
        <TextField label="密码" icon={LOCK_ICON} secret value={values.password} onChange={change("password")} error={errors.password} autoComplete="current-password" maxLength={128} />
        <button type="submit" className="auth-submit" disabled={login.isPending} aria-busy={login.isPending}>
          {login.isPending ? "正在登录…" : "登录"}
        </button>
      </form>
      <div className="auth-links">
        <Link to="/portal">公众服务：查询培训机构和培训项目</Link>
        <Link to="/verify">证书查询</Link>
      </div>
    </AuthFrame>
  );
}

function TextField(props: {
  label: string;
  icon: ReactNode;
  value: string;
  onChange: (v: string) => void;
  error?: string;
  secret?: boolean;
  autoComplete: string;
  autoFocus?: boolean;
  maxLength: number;
}) {
  const id = useId();
  const [revealed, setRevealed] = useState(false);
  return (
    <div className="auth-field">
      <label htmlFor={id}>{props.label}</label>
      <div className="auth-input" data-invalid={props.error ? "true" : undefined}>
        {props.icon}
        <input
          id={id}
          type={props.secret && !revealed ? "password" : "text"}
          value={props.value}
          onChange={(e) => props.onChange(e.target.value)}
          autoComplete={props.autoComplete}
          // biome-ignore lint/a11y/noAutofocus: the login page has one task; the cursor starts where it begins
          autoFocus={props.autoFocus}
          maxLength={props.maxLength}
          aria-invalid={props.error ? true : undefined}
          aria-describedby={props.error ? `${id}-error` : undefined}
        />
        {props.secret && (
          <button type="button" className="auth-reveal" aria-pressed={revealed} onClick={() => setRevealed((r) => !r)}>
            {revealed ? "隐藏" : "显示"}
          </button>
        )}
      </div>
      {props.error && (
        <div id={`${id}-error`} className="auth-field-error">
          {props.error}
        </div>
      )}
    </div>
  );
}

// the two antd icons the page showed (UserOutlined, LockOutlined), inline: the icon package is not loaded here
const USER_ICON = (
  <svg viewBox="64 64 896 896" aria-hidden="true" focusable="false">
    <path d="M858.5 763.6a374 374 0 00-80.6-119.5 375.63 375.63 0 00-119.5-80.6c-.4-.2-.8-.3-1.2-.5C719.5 518 760 444.7 760 362c0-137-111-248-248-248S264 225 264 362c0 82.7 40.5 156 102.8 201.1-.4.2-.8.3-1.2.5-44.8 18.9-85 46-119.5 80.6a375.63 375.63 0 00-80.6 119.5A371.7 371.7 0 00136 901.8a8 8 0 008 8.2h60c4.4 0 7.9-3.5 8-7.8 2-77.2 33-149.5 87.8-204.3 56.7-56.7 132-87.9 212.2-87.9s155.5 31.2 212.2 87.9C779 752.7 810 825 812 902.2c.1 4.4 3.6 7.8 8 7.8h60a8 8 0 008-8.2c-1-47.8-10.9-94.3-29.5-138.2zM512 534c-45.9 0-89.1-17.9-121.6-50.4S340 407.9 340 362c0-45.9 17.9-89.1 50.4-121.6S466.1 190 512 190s89.1 17.9 121.6 50.4S684 316.1 684 362c0 45.9-17.9 89.1-50.4 121.6S557.9 534 512 534z" />
  </svg>
);
const LOCK_ICON = (
  <svg viewBox="64 64 896 896" aria-hidden="true" focusable="false">
    <path d="M832 464h-68V240c0-70.7-57.3-128-128-128H388c-70.7 0-128 57.3-128 128v224h-68c-17.7 0-32 14.3-32 32v384c0 17.7 14.3 32 32 32h640c17.7 0 32-14.3 32-32V496c0-17.7-14.3-32-32-32zM332 240c0-30.9 25.1-56 56-56h248c30.9 0 56 25.1 56 56v224H332V240zm460 600H232V536h560v304zM484 701v53c0 4.4 3.6 8 8 8h40c4.4 0 8-3.6 8-8v-53a48.01 48.01 0 10-56 0z" />
  </svg>
);
