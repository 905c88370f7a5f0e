import type { MyClass } from "./my.api.ts";

export interface MyProgress {
  /** classes the trainee is (or was) on the roster of, withdrawn ones left out */
  classes: number;
  /** of them, under way or not yet started */
  ongoing: number;
  /** passed the assessment (结业) */
  passed: number;
  /** valid certificates held */
  certificates: number;
  /** planned sessions that have ended, of all planned sessions of the ongoing classes */
  sessionsDone: number;
  sessionsPlanned: number;
}

/** The trainee's own training progress, from their classes (pure; `now` in ms). */
export function myProgress(items: MyClass[], now: number): MyProgress {
  const enrolled = items.filter((c) => c.enrollmentStatus === "enrolled");
  const ongoing = enrolled.filter((c) => ["approved", "in_progress"].includes(c.class.status));
  const planned = ongoing.flatMap((c) => c.sessions.filter((s) => s.status === "planned"));
  return {
    classes: enrolled.length,
    ongoing: ongoing.length,
    passed: enrolled.filter((c) => c.result === "pass").length,
    certificates: enrolled.reduce((n, c) => n + c.certificates.filter((x) => x.status === "valid").length, 0),
    sessionsDone: planned.filter((s) => new Date(s.endsAt).getTime() <= now).length,
    sessionsPlanned: planned.length,
  };
}
