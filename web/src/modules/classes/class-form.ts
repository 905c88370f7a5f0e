import { checkSkillCertificateNumber } from "../../../../shared/src/certificates.ts";
import type { ClassView, CreateClassBody, SessionInput } from "../../../../shared/src/contracts/classes.ts";
import type { ValidationIssue } from "../../../../shared/src/errors.ts";
import { isApiError } from "../../app/api-client.ts";
import type { Problem } from "./class-labels.ts";

type SkillLevel = NonNullable<CreateClassBody["skillLevel"]>;

export interface SessionFormValue {
  date?: string;
  startTime?: string;
  endTime?: string;
  teacherId?: string;
  content?: string;
  theoryMinutes?: number;
  practiceMinutes?: number;
  place?: string;
}

export interface ClassFormValues {
  title?: string;
  catalogueItemId?: string;
  programCode?: string;
  certificateType?: string;
  skillLevel?: SkillLevel | null;
  evaluatorInstitutionId?: string | null;
  /** 培训组织方式: 项目制培训 */
  projectBased?: boolean;
  mode?: "offline" | "online" | "blended";
  startDate?: string;
  endDate?: string;
  capacity?: number;
  address?: string;
  lat?: number;
  lng?: number;
  geofenceRadiusM?: number;
  assessmentPlan?: string;
  sessions?: SessionFormValue[];
  roster?: string[];
}

const hhmm = (iso: string) => new Date(iso).toLocaleTimeString("zh-CN", { hour: "2-digit", minute: "2-digit", hour12: false, timeZone: "Asia/Shanghai" });

export function formValuesOf(c: ClassView): ClassFormValues {
  return {
    title: c.title,
    catalogueItemId: c.catalogueItemId,
    programCode: c.programCode,
    certificateType: c.certificateType,
    skillLevel: c.skillLevel as SkillLevel | null,
    evaluatorInstitutionId: c.evaluatorInstitutionId,
    projectBased: c.projectBased,
    mode: c.mode,
    startDate: c.startDate,
    endDate: c.endDate,
    capacity: c.capacity,
    address: c.address,
    lat: c.lat,
    lng: c.lng,
    geofenceRadiusM: c.geofenceRadiusM,
    assessmentPlan: c.assessmentPlan,
    sessions: c.sessions
      .filter((s) => s.status === "planned")
      .map((s) => ({
        date: s.date,
        startTime: hhmm(s.startsAt),
        endTime: hhmm(s.endsAt),
        teacherId: s.teacherId ?? undefined,
        content: s.content,
        theoryMinutes: s.theoryMinutes,
        practiceMinutes: s.practiceMinutes,
        place: s.place,
      })),
    roster: c.roster.filter((e) => e.status === "enrolled").map((e) => e.personId),
  };
}

/** The request body; empty fields go as they are and the server names each of them. */
export function toClassBody(v: ClassFormValues): Omit<CreateClassBody, "institutionId"> {
  return {
    title: v.title ?? "",
    catalogueItemId: v.catalogueItemId ?? "",
    programCode: v.programCode ?? "",
    certificateType: v.certificateType ?? "",
    skillLevel: v.skillLevel || null,
    evaluatorInstitutionId: v.certificateType === "skill_level" ? v.evaluatorInstitutionId || null : null,
    projectBased: v.projectBased ?? false,
    mode: v.mode ?? "offline",
    startDate: v.startDate ?? "",
    endDate: v.endDate ?? "",
    capacity: v.capacity ?? 0,
    address: v.address ?? "",
    lat: v.lat ?? 0,
    lng: v.lng ?? 0,
    geofenceRadiusM: v.geofenceRadiusM ?? 300,
    assessmentPlan: v.assessmentPlan ?? "",
    sessions: (v.sessions ?? []).map(
      (s): SessionInput => ({
        date: s.date ?? "",
        startTime: s.startTime ?? "",
        endTime: s.endTime ?? "",
        teacherId: s.teacherId ?? "",
        content: s.content ?? "",
        theoryMinutes: s.theoryMinutes ?? 0,
        practiceMinutes: s.practiceMinutes ?? 0,
        place: s.place ?? "",
        requireCheckOut: false,
      }),
    ),
    roster: v.roster ?? [],
  };
}

/** Total class hours (45-minute 课时) of the plan, for the live summary under the table. */
export function planHours(sessions: SessionFormValue[] | undefined): { theory: number; practice: number; hours: number } {
  const theory = (sessions ?? []).reduce((s, x) => s + (x?.theoryMinutes ?? 0), 0);
  const practice = (sessions ?? []).reduce((s, x) => s + (x?.practiceMinutes ?? 0), 0);
  return { theory, practice, hours: Math.round(((theory + practice) / 45) * 10) / 10 };
}

/** The problems of class.checks_failed / class.change_rejected, or none. */
export function problemsOf(e: unknown): Problem[] {
  if (!isApiError(e, "class.checks_failed") && !isApiError(e, "class.change_rejected")) return [];
  const p = e.detail<Problem[]>("problems");
  return Array.isArray(p) ? p : [];
}

/** Problems with a path as validation issues ("sessions[0].date" → "body.sessions[0].date"), for marking fields. */
export function problemIssues(problems: Problem[]): ValidationIssue[] {
  return problems.flatMap((p) => (p.path ? [{ path: `body.${p.path}`, code: p.code, message: p.message }] : []));
}

const GENERIC = /^[A-Za-z0-9-]{4,40}$/;

/** The number rule of the class's certificate type: 职业技能等级证书 numbers carry the level. */
export function certificateNumberProblem(number: string, certificateType: string, level: string | null): string | null {
  if (certificateType === "skill_level") {
    const r = checkSkillCertificateNumber(number, level ? Number(level) : undefined);
    return r.ok ? null : r.message;
  }
  return GENERIC.test(number.trim()) ? null : "证书编号为 4–40 位字母、数字或连字符";
}
