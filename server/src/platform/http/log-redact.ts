/**
 * What of an error may go into the log. Database errors carry the query's parameters (drizzle's
 * message and `params`, PGlite's `params`), PostgreSQL's `detail` ("Key (phone)=(139…)") and
 * messages quoting the offending value — personal data (masked ID, birth date, name, phone) that
 * must not end up in log files. Kept: type, SQLSTATE code, constraint/table/column, the SQL text
 * with its $n placeholders, and stack frames.
 */
export interface LoggedError {
  type: string;
  message: string;
  code?: string;
  constraint?: string;
  table?: string;
  column?: string;
  routine?: string;
  query?: string;
  stack?: string;
  cause?: LoggedError;
}

const SQLSTATE = /^[0-9A-Z]{5}$/;

function safeMessage(message: string, isDbError: boolean): string {
  // drizzle: "Failed query: <sql>\nparams: <values>"
  const cut = message.split("\nparams:")[0]!;
  // PostgreSQL quotes the offending value: invalid input syntax for type integer: "2201…"
  return isDbError ? cut.replace(/"[^"]*"/g, '"…"') : cut;
}

export function redactError(err: unknown, depth = 0): LoggedError | undefined {
  if (!err || typeof err !== "object" || depth > 4) return err === undefined ? undefined : { type: typeof err, message: "(not an error object)" };
  const e = err as Record<string, unknown>;
  const type = typeof e.name === "string" ? e.name : (err.constructor?.name ?? "Error");
  const code = typeof e.code === "string" ? e.code : undefined;
  const isDbError = (code !== undefined && SQLSTATE.test(code)) || "params" in e || type.includes("Query");
  const message = safeMessage(typeof e.message === "string" ? e.message : "", isDbError);
  const out: LoggedError = { type, message };
  if (code) out.code = code;
  for (const k of ["constraint", "table", "column", "routine", "query"] as const) if (typeof e[k] === "string") out[k] = e[k] as string;
  if (typeof e.stack === "string") {
    // the first lines of a stack repeat the (unredacted) message; keep the frames only
    const frames = e.stack.split("\n").filter((l) => /^\s+at /.test(l));
    out.stack = [`${type}: ${message}`, ...frames].join("\n");
  }
  const cause = redactError(e.cause, depth + 1);
  if (cause) out.cause = cause;
  return out;
}
