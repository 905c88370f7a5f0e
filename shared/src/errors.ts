/**
 * Every error code the API can answer with, and when. Codes are `module.reason`.
 * The web owns the Chinese wording (web/src/app/error-messages.ts), keyed by code.
 * Modules add their codes to their own block; keep one line of "when" each.
 */
export const errorCodes = {
  // request / platform
  "request.invalid": { status: 400, when: "body, query or params fail the contract; details lists every issue with its path" },
  "request.malformed_json": { status: 400, when: "the body is not valid JSON" },
  "request.too_large": { status: 413, when: "the body is larger than the limit" },
  "request.unsupported_media_type": { status: 415, when: "the content type is not accepted by this route" },
  "request.bad_origin": { status: 403, when: "a state-changing request came from another origin" },
  "route.not_found": { status: 404, when: "no such API route" },
  "internal.error": { status: 500, when: "an unexpected failure; logged with the request id" },
  "conflict.duplicate": { status: 409, when: "a unique value is already taken" },
  "conflict.reference": { status: 409, when: "the record refers to, or is referred to by, a missing or dependent record" },
  "conflict.retry": { status: 409, when: "the database could not serialize concurrent changes; retry" },
  "db.locked": { status: 503, when: "the embedded data directory is used by another process" },
  // auth
  "auth.required": { status: 401, when: "no valid session; log in" },
  "auth.invalid_credentials": { status: 401, when: "wrong username or password" },
  "auth.locked": { status: 423, when: "too many failed attempts; the account is locked for a while" },
  "auth.disabled": { status: 403, when: "the account is disabled" },
  "auth.password_change_required": { status: 403, when: "the password must be changed before anything else" },
  "auth.weak_password": { status: 400, when: "the new password breaks the password rules" },
  "auth.wrong_password": { status: 400, when: "the current password given to change-password is wrong" },
  "auth.forbidden": { status: 403, when: "the user has no role that grants this action" },
  // users
  "user.not_found": { status: 404, when: "no such user within the caller's scope" },
  "user.username_taken": { status: 409, when: "the username is already used" },
  "user.scope_outside": { status: 403, when: "an administrator tried to grant a scope outside their own" },
  "user.scope_invalid": { status: 400, when: "the scope does not fit the role (e.g. institution role without institution)" },
  "user.self_change": { status: 409, when: "an administrator tried to disable or strip their own account" },
  // reference
  "region.not_found": { status: 404, when: "unknown region code" },
  "department.not_found": { status: 404, when: "unknown department code" },
  // spreadsheet imports (every module's import uses these)
  "import.bad_file": { status: 400, when: "the upload is not a readable .xlsx/.csv (wrong type, broken, empty, old .xls)" },
  "import.too_large": { status: 413, when: "the file or its row count is over the limit" },
  "import.missing_columns": { status: 400, when: "required column headers are missing; details.missing lists them" },
  "import.rejected": { status: 422, when: "a commit was refused because rows have problems; details.problems lists row, column, reason; nothing was saved" },
  "import.not_found": { status: 404, when: "no such import job, or it was started by someone else" },
  // trainees (persons)
  "person.not_found": { status: 404, when: "no such person within the caller's scope" },
  "person.id_invalid": { status: 400, when: "the ID number fails GB 11643 (format, province, birth date, check char); details.problem and details.issues" },
  "person.gender_mismatch": { status: 400, when: "the gender given disagrees with the one encoded in the ID number" },
  "person.birth_date_mismatch": { status: 400, when: "the birth date given disagrees with the one encoded in the ID number" },
  "person.name_mismatch": { status: 409, when: "the ID number is already registered under another name" },
  "person.scope_outside": { status: 403, when: "an officer registered a person residing outside the officer's region" },
  "person.institution_required": { status: 400, when: "the caller works for several institutions (or none) and did not say which one registers the person" },
  "person.no_profile": { status: 404, when: "the logged-in account is not linked to a trainee record" },
  // audit
  "audit.not_found": { status: 404, when: "no such audit entry" },
} as const satisfies Record<string, { status: number; when: string }>;

export type ErrorCode = keyof typeof errorCodes;

export interface ErrorBody {
  error: {
    code: ErrorCode | (string & {});
    message: string;
    details?: unknown;
    requestId: string;
  };
}

export interface ValidationIssue {
  path: string;
  code: string;
  message: string;
}
