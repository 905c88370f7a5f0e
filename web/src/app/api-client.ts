import type { ErrorBody, ValidationIssue } from "../../../shared/src/errors.ts";

/** An error answer of the API (or a network failure, code `network.error`), as the web sees it. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  readonly requestId: string | null;

  constructor(status: number, code: string, message: string, details?: unknown, requestId?: string | null) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.details = details;
    this.requestId = requestId ?? null;
  }

  /** validation issues (request.invalid), each with its field path such as "body.grants[0].regionCode" */
  get issues(): ValidationIssue[] {
    const issues = (this.details as { issues?: unknown } | undefined)?.issues;
    return Array.isArray(issues) ? (issues as ValidationIssue[]) : [];
  }

  /** a value from `details`, e.g. `detail<number>("remainingAttempts")` */
  detail<T>(key: string): T | undefined {
    const d = this.details;
    return d && typeof d === "object" && key in d ? ((d as Record<string, unknown>)[key] as T) : undefined;
  }
}

export function isApiError(e: unknown, code?: string): e is ApiError {
  return e instanceof ApiError && (code === undefined || e.code === code);
}

export type AuthProblem = "login" | "change-password";
let onAuthProblem: (kind: AuthProblem) => void = () => {};

/** The router registers where to send the user when the session is gone or the password must change. */
export function setAuthProblemHandler(fn: (kind: AuthProblem) => void): void {
  onAuthProblem = fn;
}

export type QueryValue = string | number | boolean | null | undefined;

export function toQueryString(query: Record<string, QueryValue> | undefined): string {
  if (!query) return "";
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === "") continue;
    params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `?${s}` : "";
}

interface RequestOptions {
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** a raw upload (spreadsheet imports): sent as is with its own content type */
  file?: { data: Blob; contentType: string };
  signal?: AbortSignal;
  /** extra request headers (the Idempotency-Key of money-moving requests) */
  headers?: Record<string, string>;
}

function isErrorBody(v: unknown): v is ErrorBody {
  return !!v && typeof v === "object" && "error" in v && !!(v as ErrorBody).error && typeof (v as ErrorBody).error.code === "string";
}

async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json", ...opts.headers };
  if (opts.file) headers["content-type"] = opts.file.contentType;
  else if (opts.body !== undefined) headers["content-type"] = "application/json";
  let res: Response;
  try {
    res = await fetch(path + toQueryString(opts.query), {
      method,
      headers,
      credentials: "same-origin",
      body: opts.file ? opts.file.data : opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: opts.signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === "AbortError") throw e;
    throw new ApiError(0, "network.error", e instanceof Error ? e.message : String(e));
  }
  const text = await res.text();
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (res.ok) return data as T;
  if (!isErrorBody(data)) throw new ApiError(res.status, res.status >= 500 ? "internal.error" : "response.invalid", `HTTP ${res.status}`);
  const { code, message, details, requestId } = data.error;
  const err = new ApiError(res.status, code, message, details, requestId);
  if (code === "auth.required") onAuthProblem("login");
  else if (code === "auth.password_change_required") onAuthProblem("change-password");
  throw err;
}

export const api = {
  get: <T>(path: string, query?: Record<string, QueryValue>, signal?: AbortSignal) => request<T>("GET", path, { query, signal }),
  post: <T>(path: string, body?: unknown) => request<T>("POST", path, { body: body ?? {} }),
  patch: <T>(path: string, body: unknown) => request<T>("PATCH", path, { body }),
  put: <T>(path: string, body: unknown) => request<T>("PUT", path, { body }),
  delete: <T>(path: string) => request<T>("DELETE", path),
  /** POST a file as the raw request body (the import routes read it so) */
  upload: <T>(path: string, data: Blob, contentType: string, query?: Record<string, QueryValue>) => request<T>("POST", path, { file: { data, contentType }, query }),
  /** a money-moving POST: the same key for the same intent, so a second click replays instead of paying twice */
  postOnce: <T>(path: string, key: string, body?: unknown) => request<T>("POST", path, { body: body ?? {}, headers: { "idempotency-key": key } }),
  uploadOnce: <T>(path: string, key: string, data: Blob, contentType: string) => request<T>("POST", path, { file: { data, contentType }, headers: { "idempotency-key": key } }),
};

/** The content type an import route expects for a chosen spreadsheet file. */
export function spreadsheetContentType(file: File): string {
  return file.name.toLowerCase().endsWith(".csv") ? "text/csv" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
}
