/**
 * The facts the class rules need beyond the row (classes.policy.ts `ClassFacts`), read once per
 * request so the service's assertion and the presenter's abilities see the same answers.
 */
import type { Db } from "../../platform/db/db.ts";
import { readAll } from "../../platform/db/reads.ts";
import { institutionForClass } from "../institutions/index.ts";
import type { ClassFacts } from "./classes.policy.ts";
import * as repo from "./classes.repo.ts";
import { assessorInstitution } from "./classes.rules.ts";

/** end of the last planned session: a class can be finished from then on */
export function lastSessionEnd(sessions: repo.SessionRow[]): Date | null {
  const planned = sessions.filter((s) => s.status === "planned");
  return planned.length ? new Date(Math.max(...planned.map((s) => s.endsAt.getTime()))) : null;
}

/**
 * A 职业技能等级证书 class is assessed by the evaluation institution named on it, and only while
 * that institution is approved as an evaluator (it can be suspended after the class was approved);
 * every other class by its own institution, which needs no further check here.
 */
export async function assessorApproved(db: Db, c: repo.ClassRow): Promise<boolean> {
  if (c.certificateType !== "skill_level") return true;
  const id = assessorInstitution(c);
  if (!id) return false;
  const ev = await institutionForClass(db, id);
  return ev?.status === "approved" && (ev.role === "evaluation" || ev.role === "both");
}

/** Loads the facts for `c`; pass the class's sessions when they are already read. */
export async function classFacts(db: Db, c: repo.ClassRow, today: string, now: Date, sessions?: repo.SessionRow[]): Promise<ClassFacts> {
  // at once on the pool, one after another on a transaction (platform/db/reads.ts)
  const [s, approved] = await readAll(db, [async () => sessions ?? (await repo.sessionsOf(db, c.id)), () => assessorApproved(db, c)]);
  return { today, now, lastSessionEnd: lastSessionEnd(s), assessorApproved: approved };
}
