import { type ErrorCode, errorCodes, type ValidationIssue } from "../../../../shared/src/errors.ts";

/** The one error type services throw. Its code decides the HTTP status (shared/src/errors.ts). */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: unknown;
  constructor(code: ErrorCode, message?: string, details?: unknown) {
    super(message ?? errorCodes[code].when);
    this.name = "AppError";
    this.code = code;
    this.status = errorCodes[code].status;
    this.details = details;
  }
}

/** A domain validation failure with field paths, same shape as contract failures. */
export function invalid(issues: ValidationIssue[], message = "输入有误"): AppError {
  return new AppError("request.invalid", message, { issues });
}

interface PgLikeError {
  code?: string;
  constraint?: string;
  detail?: string;
  cause?: unknown;
}

/** Turns a Postgres error (from pg or PGlite, possibly wrapped by drizzle) into a domain error. */
export function fromDatabaseError(err: unknown): AppError | undefined {
  let e: unknown = err;
  for (let i = 0; i < 4 && e && typeof e === "object"; i++) {
    const pe = e as PgLikeError;
    if (typeof pe.code === "string" && /^[0-9A-Z]{5}$/.test(pe.code)) {
      switch (pe.code) {
        case "23505":
          return new AppError("conflict.duplicate", "该值已存在", { constraint: pe.constraint });
        case "23503":
          return new AppError("conflict.reference", "关联记录不存在或仍被引用", { constraint: pe.constraint });
        case "23514":
          // deferred ledger guards (migration funds_ledger_guards) raise check_violation at commit
          if (pe.constraint === "fund_account_floor") return new AppError("ledger.insufficient_funds", "资金余额不足");
          if (pe.constraint === "ledger_transaction_balanced") return new AppError("ledger.unbalanced", "账务借贷不平衡");
          return undefined;
        case "40001":
        case "40P01":
          return new AppError("conflict.retry", "并发修改冲突，请重试");
        default:
          return undefined;
      }
    }
    e = pe.cause;
  }
  return undefined;
}
