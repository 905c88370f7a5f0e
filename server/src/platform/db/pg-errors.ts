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

/** The domain error for a database error, or undefined when `err` is not one we can explain. */
export function fromDatabaseError(err: unknown): AppError | undefined {
  const pg = pgErrorOf(err);
  if (!pg) return undefined;
  const declared = pg.constraint ? byConstraint.get(pg.constraint) : undefined;
  if (declared && (pg.code === "23505" || pg.code === "23503" || pg.code === "23514")) {
    return new AppError(declared.code, declared.message, { constraint: pg.constraint });
  }
  const map = bySqlState[pg.code] ?? bySqlState[pg.code.slice(0, 2)];
  return map?.(pg);
}
