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
  "request.too_long": { status: 414, when: "the URL, a path parameter or the request headers are longer than the server accepts (414/431)" },
  "request.timeout": { status: 408, when: "the client did not finish sending the request in time" },
  "request.unsupported_media_type": { status: 415, when: "the content type is not accepted by this route" },
  "request.rate_limited": { status: 429, when: "too many calls of a public look-up, or too many failed logins, from one address (back-off grows); details.retryAfterSeconds, Retry-After" },
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
  "user.scope_outside": { status: 403, when: "an administrator tried to grant a scope outside their own, or to act on an account holding one" },
  "user.scope_invalid": { status: 400, when: "the scope does not fit the role (e.g. institution role without institution)" },
  "user.invalid_state": { status: 409, when: "the account is not in a state the action starts from (disabling a disabled account, unlocking an unlocked one)" },
  "user.self_change": { status: 409, when: "an administrator tried to disable or strip their own account" },
  // reference
  "region.not_found": { status: 404, when: "unknown region code" },
  "department.not_found": { status: 404, when: "unknown department code" },
  // institutions (training / evaluation institution catalogue)
  "institution.not_found": { status: 404, when: "no such institution within the caller's scope (or not in the public catalogue)" },
  "institution.credit_code_taken": { status: 409, when: "an institution with this unified social credit code is already registered" },
  "institution.transition_not_allowed": { status: 409, when: "the action is not allowed from the institution's current status (details.status, details.action)" },
  "institution.not_editable": { status: 409, when: "the institution is withdrawn or banned; its details can no longer be changed" },
  "institution.sanction_active": { status: 409, when: "a suspension or ban is still running (details.until); the action must wait until it ends" },
  "institution.no_pending_changes": { status: 409, when: "there are no proposed qualification changes to review" },
  "institution.teacher_not_found": { status: 404, when: "no such teacher in this institution" },
  "institution.teacher_duplicate": { status: 409, when: "a teacher with this ID number is already listed for the institution" },
  "institution.facility_not_found": { status: 404, when: "no such facility in this institution" },
  "institution.qualification_not_found": { status: 404, when: "no such qualification in this institution" },
  "institution.qualification_duplicate": { status: 409, when: "the occupation or project is already in the institution's qualifications (or already proposed)" },
  "institution.not_approved": { status: 409, when: "the institution is not approved (pending, returned or withdrawn) and cannot open classes" },
  "institution.suspended": { status: 409, when: "the institution may not open classes on that date (sanction; details.until)" },
  "institution.banned": { status: 409, when: "the institution's agreement was ended by a sanction (details.until); no classes" },
  "institution.agreement_expired": { status: 409, when: "the institution's agreement expired before the date (details.agreementValidUntil)" },
  "institution.licence_expired": { status: 409, when: "the institution's licence expired before the date (details.licenceValidUntil)" },
  "institution.not_qualified": { status: 409, when: "the institution has no approved qualification for the occupation at that level" },
  // occupations (职业分类大典)
  "occupation.not_found": { status: 404, when: "no such occupation" },
  "occupation.code_taken": { status: 409, when: "the occupation code already exists in that edition" },
  // catalogue items (培训项目目录)
  "catalogue.item_not_found": { status: 404, when: "no such catalogue item within the caller's scope (or not published, for the public)" },
  "catalogue.code_taken": { status: 409, when: "the catalogue item code is already used" },
  "catalogue.province_only": { status: 403, when: "items, occupations and the calendar are maintained by province-level grants only" },
  "catalogue.item_locked": { status: 409, when: "the item's basic fields can only change while it is a draft" },
  "catalogue.bad_transition": { status: 409, when: "the status change is not allowed from the item's current status" },
  "catalogue.no_version": { status: 409, when: "an item cannot be published without a version" },
  "catalogue.version_not_found": { status: 404, when: "no such version of this item" },
  "catalogue.version_overlap": { status: 409, when: "the version's effective period overlaps another version of the item; details.conflicting" },
  "catalogue.version_locked": { status: 409, when: "a version that has taken effect on a published item can only have its end date changed" },
  // subsidy standards (补贴标准)
  "standard.not_found": { status: 404, when: "no such subsidy standard within the caller's scope" },
  "standard.not_applicable": { status: 404, when: "no standard is in force for that item, region, certificate type, level and date" },
  "standard.overlap": { status: 409, when: "another standard for the same item, region, certificate type and level overlaps the effective period; details.conflicting" },
  "standard.scope_outside": { status: 403, when: "the standard's region is outside the caller's grants (a city officer writes only its own city)" },
  "standard.locked": { status: 409, when: "a standard that has taken effect can only have its end date and note changed, and cannot be deleted" },
  // working-day calendar
  "calendar.invalid_day": { status: 400, when: "the day cannot be set that way (e.g. a make-up working day on a weekday)" },
  // spreadsheet imports (every module's import uses these)
  "import.bad_file": { status: 400, when: "the upload is not a readable .xlsx/.csv (wrong type, broken, empty, old .xls)" },
  "import.too_large": { status: 413, when: "the file or its row count is over the limit" },
  "import.missing_columns": { status: 400, when: "required column headers are missing; details.missing lists them" },
  "import.rejected": { status: 422, when: "a commit was refused because rows have problems; details.problems lists row, column, reason; nothing was saved" },
  "import.not_found": { status: 404, when: "no such import job, or it was started by someone else" },
  "export.too_large": { status: 413, when: "an export would hold more rows than the limit; details.total and details.limit, narrow the filters" },
  // trainees (persons)
  "person.not_found": { status: 404, when: "no such person within the caller's scope" },
  "person.id_invalid": { status: 400, when: "the ID number fails GB 11643 (format, province, birth date, check char); details.problem and details.issues" },
  "person.gender_mismatch": { status: 400, when: "the gender given disagrees with the one encoded in the ID number" },
  "person.birth_date_mismatch": { status: 400, when: "the birth date given disagrees with the one encoded in the ID number" },
  "person.name_mismatch": { status: 409, when: "the ID number is already registered under another name" },
  "person.scope_outside": { status: 403, when: "an officer registered a person residing outside the officer's region" },
  "person.institution_required": { status: 400, when: "the caller works for several institutions (or none) and did not say which one registers the person" },
  "person.no_account": { status: 409, when: "the person has no trainee account yet (create one instead of resetting its password)" },
  "person.no_profile": { status: 404, when: "the logged-in account is not linked to a trainee record" },
  "person.institution_not_approved": { status: 403, when: "the registering institution is not approved or is banned: it may not register or import persons" },
  "person.no_difference": { status: 409, when: "a change request proposes nothing that differs from the registered record" },
  "person.change_request_not_found": { status: 404, when: "no such person change request within the caller's scope" },
  "person.change_request_decided": { status: 409, when: "the change request was already confirmed or rejected, or the caller filed it (nobody decides their own request)" },
  // classes (开班申请, review, changes, results) and certificates
  "class.not_found": { status: 404, when: "no such class within the caller's scope" },
  "class.institution_required": { status: 400, when: "the caller works for several institutions and did not say which one applies" },
  "class.not_editable": { status: 409, when: "the class can only be edited as a whole while it is a draft or returned (details.status)" },
  "class.transition_not_allowed": { status: 409, when: "the action is not allowed from the class's current status, by this caller, or not yet (details.status, details.action, details.reason)" },
  "class.checks_failed": { status: 422, when: "submission or approval refused: details.problems lists every failed check at once [{code, message, path?}]" },
  "class.locked": { status: 409, when: "the class is assessed (locked): no roster, score or session change any more" },
  "class.change_too_late": { status: 409, when: "a change must be filed before it happens (session not started, class not ended); details.reason" },
  "class.change_rejected": { status: 422, when: "a filed change fails the re-run checks (teacher or trainee overlap, capacity); details.problems" },
  "class.session_not_found": { status: 404, when: "no such session in this class" },
  "class.enrollment_not_found": { status: 404, when: "the person is not (or no longer) enrolled in this class" },
  "class.already_enrolled": { status: 409, when: "the person is already enrolled in this class" },
  "class.results_not_allowed": { status: 409, when: "results can be entered only after the class is finished, by the class's assessor (details.reason)" },
  "class.results_incomplete": { status: 409, when: "the class cannot be marked assessed while enrolled trainees have no result (details.missing)" },
  "certificate.not_found": { status: 404, when: "no such certificate within the caller's scope (or, publicly, no certificate with that number and name)" },
  "certificate.number_invalid": { status: 400, when: "a certificate number has the wrong format or level (details.problems)" },
  "certificate.number_taken": { status: 409, when: "a certificate of this type with this number already exists (details.numbers)" },
  "certificate.not_passed": { status: 409, when: "certificates are issued only to trainees whose result is pass (details.personIds)" },
  "certificate.already_issued": { status: 409, when: "the trainee already holds a valid certificate from this class (details.personIds)" },
  "certificate.already_revoked": { status: 409, when: "the certificate is already revoked" },
  // attendance (real-name check-in, corrections, rates)
  "attendance.session_not_found": { status: 404, when: "no such class session within the caller's scope" },
  "attendance.class_not_found": { status: 404, when: "no such class within the caller's scope" },
  "attendance.correction_not_found": { status: 404, when: "no such attendance correction within the caller's scope" },
  "attendance.not_enrolled": { status: 403, when: "the logged-in trainee is not enrolled (or was withdrawn) in the session's class" },
  "attendance.session_cancelled": { status: 409, when: "the session was cancelled" },
  "attendance.class_not_active": { status: 409, when: "the class is not approved or in progress (draft, finished, cancelled …)" },
  "attendance.window_not_open": { status: 409, when: "check-in (30 min before start) or check-out (30 min before end) is not open yet; details.opensAt" },
  "attendance.window_closed": { status: 409, when: "the check-in or check-out window has closed; details.closedAt" },
  "attendance.code_invalid": { status: 422, when: "the code is not the session's code of this or the previous 30-second period; details.remainingAttempts before the lock" },
  "attendance.checkin_locked": { status: 423, when: "5 wrong codes for this trainee and session: check-in is locked, the class summary flags it, only a correction records presence" },
  "attendance.code_stale": { status: 422, when: "the code was valid earlier but has rotated; scan the current code" },
  "attendance.outside_geofence": { status: 422, when: "the position is outside the class geofence; details.band is near (under 1 km) or far, never the exact distance or radius" },
  "attendance.check_out_not_required": { status: 409, when: "the session does not use check-out" },
  "attendance.not_checked_in": { status: 409, when: "check-out before checking in to the session" },
  "attendance.session_not_started": { status: 409, when: "a correction was filed for a session that has not started yet" },
  "attendance.correction_pending": { status: 409, when: "a correction for this trainee and session is already waiting for a decision" },
  "attendance.correction_decided": { status: 409, when: "the correction was already approved or rejected" },
  "attendance.class_locked": { status: 409, when: "the class is assessed (locked): its attendance can no longer be corrected" },
  "attendance.self_approval": { status: 403, when: "the person who filed a correction tried to approve or reject it; a second person must decide" },
  // subsidies (补贴申领, review, holds)
  "claim.not_found": { status: 404, when: "no such claim within the caller's scope" },
  "claim.line_not_found": { status: 404, when: "no such line in this claim" },
  "claim.class_not_assessed": { status: 409, when: "a claim is generated only from an assessed (locked) class" },
  "claim.no_standard": { status: 422, when: "no subsidy standard (or policy amount) applies to the class, so no line can be priced (details.query)" },
  "claim.not_editable": { status: 409, when: "the claim can be regenerated or signed only while it is a draft or returned (details.status)" },
  "claim.transition_not_allowed": { status: 409, when: "the action is not allowed in the claim's current status (details.status, details.action, details.reason)" },
  "claim.commitment_required": { status: 409, when: "submitting before the institution signed the current commitment text" },
  "claim.commitment_outdated": { status: 409, when: "the commitment text version or hash signed is not the current one (details.current)" },
  "claim.separation_of_duties": { status: 403, when: "the caller acted at another step of this claim, or belongs to the claiming institution (details.reason)" },
  "claim.line_held": { status: 409, when: "the line is already held (hold) or not held (release); details.reason" },
  "notice.not_found": { status: 404, when: "no such public notice (or objection within the caller's scope)" },
  "notice.nothing_to_publish": { status: 409, when: "the claims named have no approved line that is not yet published (details.claimIds)" },
  "notice.claim_not_approved": { status: 409, when: "only claims approved at the city review go into a notice (details.claimIds)" },
  "notice.closed": { status: 409, when: "objections are taken only while the notice runs (details.endsOn)" },
  "notice.objection_decided": { status: 409, when: "the objection was already resolved" },
  // funds (the double-entry ledger)
  "ledger.unbalanced": { status: 400, when: "a ledger transaction's postings are not whole fen, include zero, or do not sum to zero (details.problems)" },
  "ledger.insufficient_funds": { status: 409, when: "the movement would take a budget below zero (details.account, balanceFen, neededFen)" },
  "ledger.idempotency_conflict": { status: 409, when: "the idempotency key was already used for a different movement of money" },
  "ledger.not_found": { status: 404, when: "no such ledger transaction" },
  "ledger.already_reversed": { status: 409, when: "the transaction was already reversed (or is itself a reversal)" },
  // stats and reports (DOMAIN §6)
  "stats.period_invalid": { status: 400, when: "the period is not a year (2026), quarter (2026Q1) or month (2026-03) the platform can hold (details.period)" },
  "stats.period_future": { status: 400, when: "the period starts after today (details.period)" },
  "stats.region_not_found": { status: 404, when: "no such region inside the caller's statistics scope" },
  "stats.dimension_unknown": { status: 400, when: "no such breakdown dimension (details.allowed)" },
  "stats.dimension_forbidden": { status: 403, when: "the caller's scope may not see figures broken down this way (e.g. departments for a department or an institution)" },
  "report.not_found": { status: 404, when: "no such submitted report within the caller's scope" },
  "report.period_open": { status: 409, when: "a report can be submitted only once its period has ended (details.endsOn)" },
  "report.reason_required": { status: 400, when: "a correction (a later version of a submitted report) needs a reason" },
  "report.layout_forbidden": { status: 403, when: "an institution or a department cannot submit a per-region report of this kind (details.reason)" },
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
