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

/** Database errors are translated in one place: platform/db/pg-errors.ts. */
export { constraintErrors, fromDatabaseError } from "../db/pg-errors.ts";
