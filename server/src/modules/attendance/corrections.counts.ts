import { and, count, eq, isNull, ne, sql } from "drizzle-orm";
import type { Actor } from "../../platform/auth/actor.ts";
import { hasPermission } from "../../platform/auth/scope.ts";
import type { Db } from "../../platform/db/db.ts";
import { classes } from "../classes/index.ts";
import { classScope } from "./attendance.policy.ts";
import { attendanceCorrections } from "./attendance.table.ts";

/**
 * Pending corrections the actor could decide now: in the classes of their attendance.approve_correction
 * scope (the scope decideCorrection loads with), not filed by themself, and the class not locked —
 * the same refusals as correctionRules.decide. Zero without the permission.
 */
export async function countCorrectionsToDecide(db: Db, actor: Actor): Promise<number> {
  if (!hasPermission(actor, "attendance.approve_correction") || !actor.userId) return 0;
  const [r] = await db
    .select({ n: count() })
    .from(attendanceCorrections)
    .innerJoin(classes, eq(classes.id, attendanceCorrections.classId))
    .where(
      and(
        classScope(actor, "attendance.approve_correction"),
        eq(attendanceCorrections.status, "pending"),
        ne(attendanceCorrections.filedBy, actor.userId),
        isNull(classes.lockedAt),
        sql`${classes.status} <> 'assessed'`,
      ),
    );
  return r?.n ?? 0;
}
