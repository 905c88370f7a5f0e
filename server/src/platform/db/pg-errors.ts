import type { ErrorCode } from "../../../../shared/src/errors.ts";
import { AppError } from "../http/errors.ts";

/**
 * The one translation from PostgreSQL errors (pg or PGlite, possibly wrapped by drizzle) to domain
 * errors, used by the error handler and by code that reports per-row problems (imports). Modules
 * name their own meaning of a constraint once with `constraintErrors` instead of catching by hand.
 */
export interface PgError {
  code: string;
  constraint?: string;
  message?: string;
}

interface PgLike {
  code?: unknown;
  constraint?: unknown;
  message?: unknown;
  cause?: unknown;
}

/** The PostgreSQL error inside `err` (drizzle wraps it in `cause`), if there is one. */
export function pgErrorOf(err: unknown): PgError | undefined {
  let e: unknown = err;
  for (let i = 0; i < 5 && e && typeof e === "object"; i++) {
    const pe = e as PgLike;
    if (typeof pe.code === "string" && /^[0-9A-Z]{5}$/.test(pe.code)) {
      return {
        code: pe.code,
        ...(typeof pe.constraint === "string" ? { constraint: pe.constraint } : {}),
        ...(typeof pe.message === "string" ? { message: pe.message } : {}),
      };
    }
    e = pe.cause;
  }
  return undefined;
}

const byConstraint = new Map<string, { code: ErrorCode; message: string }>();

/**
 * Declares what breaking a module's constraint means, e.g.
 * `constraintErrors({ users_username_uq: ["user.username_taken", "用户名已被使用"] })`.
 * Declared at module load; a name declared twice with another meaning is a programming error.
 */
export function constraintErrors(map: Record<string, readonly [ErrorCode, string]>): void {
  for (const [name, [code, message]] of Object.entries(map)) {
    const had = byConstraint.get(name);
    if (had && had.code !== code) throw new Error(`constraint ${name} already means ${had.code}`);
    byConstraint.set(name, { code, message });
  }
}

/** Input the database could not take: typed by a user, so 400, never 500. */
const dataError = (what: string) => (pg: PgError) =>
  new AppError("request.invalid", what, { issues: [{ path: "", code: `db_${pg.code}`, message: what }] });

/** SQLSTATE (exact, then class by its first two characters) → domain error. */
const bySqlState: Record<string, (pg: PgError) => AppError> = {
  "23505": (pg) => new AppError("conflict.duplicate", "该值已存在", { constraint: pg.constraint }),
  "23503": (pg) => new AppError("conflict.reference", "关联记录不存在或仍被引用", { constraint: pg.constraint }),
  "23502": dataError("缺少必填的值"),
  "23514": dataError("输入值不符合规则"),
  "40001": () => new AppError("conflict.retry", "并发修改冲突，请重试"),
  "40P01": () => new AppError("conflict.retry", "并发修改冲突，请重试"),
  "22001": dataError("输入的文本过长"),
  "22003": dataError("数值超出允许范围"),
  "22007": dataError("日期或时间格式无效"),
  "22008": dataError("日期或时间超出允许范围"),
  "22021": dataError("文本含有无效字符"),
  "22P02": dataError("输入值格式无效"),
  "54000": dataError("输入值过长或过大"),
  // class 22 (data exception): every other one is still about the value that was sent
  "22": dataError("输入值无效"),
};

/**
 * SQLSTATEs of a lost or refused connection: class 08 (connection exception), 57P01 (terminated
 * by an administrator: `pg_terminate_backend`, a fast shutdown), 57P02 (crash of another backend),
 * 57P03 (the server is starting or stopping).
 */
const LOST_STATE = /^(08...|57P0[123])$/;
/** Socket errors node-pg passes on as they are (their `code` is not a SQLSTATE). */
const LOST_SOCKET = new Set(["ECONNRESET", "ECONNREFUSED", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "ENOTCONN"]);
/** node-pg's own messages for a connection that ended under it, or a client it no longer uses. */
const LOST_MESSAGE = /Connection terminated|is not queryable|timeout exceeded when trying to connect/;

/**
 * True when `err` (possibly wrapped by drizzle in `cause`) says the connection to PostgreSQL was
 * lost or refused: the statement did not commit, and a retry on a fresh connection may succeed.
 */
export function isConnectionLost(err: unknown): boolean {
  let e: unknown = err;
  for (let i = 0; i < 5 && e && typeof e === "object"; i++) {
    const pe = e as PgLike;
    if (typeof pe.code === "string" && (LOST_STATE.test(pe.code) || LOST_SOCKET.has(pe.code))) return true;
    if (typeof pe.message === "string" && LOST_MESSAGE.test(pe.message)) return true;
    e = pe.cause;
  }
  return false;
}

/** The domain error for a database error, or undefined when `err` is not one we can explain. */
export function fromDatabaseError(err: unknown): AppError | undefined {
  if (isConnectionLost(err)) return new AppError("db.unavailable", "数据库连接中断，本次操作未保存，请稍后重试");
  const pg = pgErrorOf(err);
  if (!pg) return undefined;
  const declared = pg.constraint ? byConstraint.get(pg.constraint) : undefined;
  if (declared && (pg.code === "23505" || pg.code === "23503" || pg.code === "23514")) {
    return new AppError(declared.code, declared.message, { constraint: pg.constraint });
  }
  const map = bySqlState[pg.code] ?? bySqlState[pg.code.slice(0, 2)];
  return map?.(pg);
}
