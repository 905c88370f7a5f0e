import { z } from "zod";
import { pageQuery, paged, uuid } from "./common.ts";

export const checkInBody = z.strictObject({
  sessionId: uuid,
  code: z.string().trim().min(1, "请输入签到码").max(12),
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
  /** the phone's stated accuracy in metres */
  accuracy: z.number().min(0).max(100_000).optional(),
  kind: z.enum(["in", "out"]).default("in"),
  /** an id the phone page keeps in local storage, kept with the attempt as evidence */
  deviceId: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{8,64}$/, "设备标识格式不正确")
    .optional(),
});
export type CheckInBody = z.infer<typeof checkInBody>;

export const attendanceSource = z.enum(["checkin", "manual"]);

export const checkInView = z.object({
  id: uuid,
  sessionId: uuid,
  kind: z.enum(["in", "out"]),
  at: z.string(),
  /** metres from the class site */
  distance: z.number().int(),
  source: z.literal("checkin"),
});
export const checkInResult = z.object({ checkin: checkInView, duplicate: z.boolean() });
export type CheckInResult = z.infer<typeof checkInResult>;

/**
 * The teacher's screen. Outside the check-in window (`early`: before check-in opens, `closed`:
 * after the session — or its check-out grace — ended) there is no code, only when it opens/closed.
 */
export const sessionCodeView = z.discriminatedUnion("window", [
  z.object({
    window: z.literal("open"),
    sessionId: uuid,
    opensAt: z.string(),
    closesAt: z.string(),
    code: z.string().regex(/^\d{6}$/),
    validUntil: z.string(),
    periodSeconds: z.number().int(),
    /** what the QR code holds: the phone page with session and code */
    checkinUrl: z.string(),
    /** the QR code as a PNG data URL */
    qrDataUrl: z.string(),
  }),
  z.object({ window: z.enum(["early", "closed"]), sessionId: uuid, opensAt: z.string(), closesAt: z.string() }),
]);

export const correctionBody = z.strictObject({
  sessionId: uuid,
  personId: uuid,
  mark: z.enum(["present", "absent"]),
  reason: z.string().trim().min(2, "请填写补正原因").max(500),
  evidence: z.string().trim().min(1, "请填写证明材料或编号").max(1000),
});
export type CorrectionBody = z.infer<typeof correctionBody>;

export const decisionBody = z.strictObject({
  decision: z.enum(["approve", "reject"]),
  note: z.string().trim().max(500).optional(),
});
export type DecisionBody = z.infer<typeof decisionBody>;

export const correctionView = z.object({
  id: uuid,
  sessionId: uuid,
  classId: uuid,
  personId: uuid,
  personName: z.string(),
  sessionDate: z.string(),
  mark: z.enum(["present", "absent"]),
  reason: z.string(),
  evidence: z.string(),
  status: z.enum(["pending", "approved", "rejected"]),
  filedBy: uuid,
  filedAt: z.string(),
  decidedBy: uuid.nullable(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
  source: z.literal("manual"),
  abilities: z.object({ decide: z.boolean() }),
});
export const correctionList = z.object({ items: z.array(correctionView) });

/**
 * The console's list of corrections in the caller's scope. `awaiting=true` keeps those the caller
 * could decide now (pending, filed by someone else, class not locked) — the home to-do's count.
 */
export const correctionsQuery = z.strictObject({
  status: z.enum(["pending", "approved", "rejected"]).optional(),
  awaiting: z.enum(["true", "false"]).optional(),
  ...pageQuery,
});
export type CorrectionsQuery = z.infer<typeof correctionsQuery>;
export const correctionListItem = correctionView.extend({ className: z.string(), institutionName: z.string() });
export const correctionPage = paged(correctionListItem);

const sessionMark = z.object({ sessionId: uuid, present: z.boolean(), source: attendanceSource.nullable() });

/** pending until the class's last session has ended; then met (≥ 80%) or not_met */
export const attendanceVerdict = z.enum(["pending", "met", "not_met"]);
export type AttendanceVerdict = z.infer<typeof attendanceVerdict>;

/** A trainee's rate as it stands: only held (ended) sessions count so far; the verdict comes at the end. */
const rateFields = {
  plannedMinutes: z.number().int(),
  attendedMinutes: z.number().int(),
  /** final rate over every planned session, whole percent rounded down (sessions to come count as missed) */
  percent: z.number().int(),
  /** the final verdict is met (≥ 80%); false while the class runs */
  eligible: z.boolean(),
  /** sessions ended by now, of all non-cancelled ones */
  heldSessions: z.number().int(),
  totalSessions: z.number().int(),
  /** attended over planned minutes of held sessions only; null before the first session ended */
  ratePercentSoFar: z.number().int().nullable(),
  /** attending every session not yet ended would lift the final rate to ≥ 80% */
  canStillReach80: z.boolean(),
  verdict: attendanceVerdict,
};

export const traineeAttendance = z.object({
  personId: uuid,
  name: z.string(),
  idNumberMasked: z.string(),
  ...rateFields,
  manualSessions: z.number().int(),
  sessions: z.array(sessionMark),
});

export const classAttendanceSummary = z.object({
  classId: uuid,
  classCode: z.string(),
  title: z.string(),
  status: z.string(),
  rosterSize: z.number().int(),
  thresholdPercent: z.number().int(),
  heldSessions: z.number().int(),
  totalSessions: z.number().int(),
  /** the last session has ended: verdicts are final */
  ended: z.boolean(),
  /** what the caller may do here now; a refusal says why (an error code the console words) */
  abilities: z.object({ fileCorrection: z.boolean() }),
  refusals: z.object({ fileCorrection: z.object({ code: z.string(), message: z.string() }).nullable() }),
  trainees: z.array(traineeAttendance),
  /**
   * Check-ins locked after too many wrong codes (one per trainee and session): someone other than
   * the trainee should find out what happened and, if the trainee was there, file a correction.
   */
  checkinLocks: z.array(
    z.object({
      sessionId: uuid,
      personId: uuid,
      name: z.string(),
      wrongCodes: z.number().int(),
      /** when the last allowed wrong code was sent */
      lockedAt: z.string(),
    }),
  ),
  days: z.array(
    z.object({
      date: z.string(),
      present: z.number().int(),
      percent: z.number().int(),
      /** the day has been held (its last session ended) */
      held: z.boolean(),
      /** a held day under 80% */
      flagged: z.boolean(),
    }),
  ),
  sessions: z.array(
    z.object({
      sessionId: uuid,
      date: z.string(),
      startsAt: z.string(),
      endsAt: z.string(),
      minutes: z.number().int(),
      requireCheckOut: z.boolean(),
      /** ended by the server's clock: counted in the rates so far */
      held: z.boolean(),
      checkedIn: z.number().int(),
      checkedOut: z.number().int(),
      manualPresent: z.number().int(),
      manualAbsent: z.number().int(),
      present: z.number().int(),
    }),
  ),
});
export type ClassAttendanceSummary = z.infer<typeof classAttendanceSummary>;

export const myAttendance = z.object({
  items: z.array(
    z.object({
      classId: uuid,
      classCode: z.string(),
      title: z.string(),
      startDate: z.string(),
      endDate: z.string(),
      ...rateFields,
      sessions: z.array(
        sessionMark.extend({
          date: z.string(),
          startsAt: z.string(),
          endsAt: z.string(),
          requireCheckOut: z.boolean(),
          /** ended by the server's clock: counted in the rate so far */
          held: z.boolean(),
          checkedInAt: z.string().nullable(),
          checkedOutAt: z.string().nullable(),
        }),
      ),
    }),
  ),
});
