import type { FormInstance } from "antd";
import type { ValidationIssue } from "../../../shared/src/errors.ts";
import { isApiError } from "./api-client.ts";
import { errorText } from "./error-messages.ts";

export type FieldName = (string | number)[];

/**
 * "body.grants[0].regionCode" → ["grants", 0, "regionCode"] (antd's name path). Paths outside
 * `prefix` (e.g. "query.page" for a body form) or the bare prefix give null.
 */
export function issuePathToName(path: string, prefix = "body"): FieldName | null {
  if (path !== prefix && !path.startsWith(`${prefix}.`) && !path.startsWith(`${prefix}[`)) return null;
  const rest = path.slice(prefix.length).replace(/^\./, "");
  if (!rest) return null;
  const name: FieldName = [];
  for (const part of rest.split(".")) {
    const m = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) return null;
    if (m[1]) name.push(m[1]);
    for (const idx of m[2]!.matchAll(/\[(\d+)\]/g)) name.push(Number(idx[1]));
  }
  return name.length ? name : null;
}

const key = (name: FieldName) => JSON.stringify(name);

/**
 * Groups issues by field. An issue whose path is not a field of the form lands on the first
 * field below it (e.g. "grants[0]" → "grants[0].role"), or else in `unplaced`.
 */
export function groupIssues(
  issues: ValidationIssue[],
  fields: FieldName[],
  prefix = "body",
): { byField: { name: FieldName; errors: string[] }[]; unplaced: string[] } {
  const known = new Map(fields.map((f) => [key(f), f]));
  const byField = new Map<string, { name: FieldName; errors: string[] }>();
  const unplaced: string[] = [];
  for (const issue of issues) {
    const name = issuePathToName(issue.path, prefix);
    let target = name && known.get(key(name));
    if (name && !target) target = fields.find((f) => f.length > name.length && name.every((p, i) => f[i] === p));
    if (!target) {
      unplaced.push(issue.message);
      continue;
    }
    const entry = byField.get(key(target)) ?? { name: target, errors: [] };
    entry.errors.push(issue.message);
    byField.set(key(target), entry);
  }
  return { byField: [...byField.values()], unplaced };
}

/** `user.scope_outside` lists the offending paths as "body.grants[0]: 220102"; turn them into issues. */
function outsideIssues(outside: unknown): ValidationIssue[] {
  if (!Array.isArray(outside)) return [];
  return outside.map((entry: unknown) => {
    const [path = "", what = ""] = String(entry).split(/:\s*/, 2);
    return { path, code: "scope_outside", message: `超出您的管理范围${what ? `（${what}）` : ""}` };
  });
}

export interface FormErrorOptions {
  /** error codes that belong to one field, e.g. { "user.username_taken": ["username"] } */
  codeFields?: Record<string, FieldName>;
  prefix?: string;
}

/**
 * Marks every problem of an API error on the form's fields at once. Returns the messages that do
 * not belong to a field (the caller shows them in an alert); empty when everything was placed.
 */
export function applyApiErrorToForm(form: FormInstance, e: unknown, opts: FormErrorOptions = {}): string[] {
  const fields = form.getFieldsError().map((f) => f.name as FieldName);
  let issues: ValidationIssue[] = [];
  if (isApiError(e, "request.invalid")) issues = e.issues;
  else if (isApiError(e, "user.scope_outside")) issues = outsideIssues(e.detail("outside"));
  else if (isApiError(e) && opts.codeFields?.[e.code]) {
    issues = [{ path: [opts.prefix ?? "body", ...opts.codeFields[e.code]!].join("."), code: e.code, message: errorText(e) }];
  }
  if (!issues.length) return [errorText(e)];
  const { byField, unplaced } = groupIssues(issues, fields, opts.prefix);
  form.setFields(byField);
  return isApiError(e, "request.invalid") || unplaced.length === 0 ? unplaced : [errorText(e), ...unplaced];
}
