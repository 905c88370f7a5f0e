import { passwordProblems } from "../../../../shared/src/password.ts";

/**
 * The password rule of shared/src/password.ts as a checklist the user sees while typing. Each
 * item is checked by asking passwordProblems itself, so the hints cannot drift from the server.
 */
export function passwordChecklist(pw: string, username: string): { rule: string; ok: boolean }[] {
  const problems = new Set(passwordProblems(pw, { username }));
  const has = (text: string) => [...problems].some((p) => p.includes(text));
  return [
    { rule: "至少 10 位", ok: pw.length > 0 && !has("至少 10 位") && !has("最多") },
    { rule: "包含大写字母、小写字母、数字、符号中的至少三类", ok: pw.length > 0 && !has("至少三类") },
    { rule: "不能包含用户名", ok: pw.length > 0 && !has("用户名") },
    { rule: "不是常见密码（如 Password1!、Qwerty123!）", ok: pw.length > 0 && !has("过于常见") },
  ];
}
