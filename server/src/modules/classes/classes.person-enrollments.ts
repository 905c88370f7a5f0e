import { and, type Column, inArray, sql } from "drizzle-orm";
import type { PersonEnrollments } from "../trainees/index.ts";
import { classEnrollments, classes } from "./classes.table.ts";

/** classes whose roster counts for an institution seeing its trainees in full */
const APPROVED = ["approved", "in_progress", "finished", "assessed"] as const;

/**
 * The trainees module's view of class rosters (its `PersonEnrollments` port), implemented here
 * because classes owns these tables and depends on trainees, not the other way round; the app
 * passes it to `traineesRoutes`.
 */
export const personEnrollments: PersonEnrollments = {
  inApprovedClassOf: (personId: Column, institutionId: string) =>
    sql`exists (select 1 from ${classEnrollments} join ${classes} on ${classes.id} = ${classEnrollments.classId} where ${and(
      sql`${classEnrollments.personId} = ${personId}`,
      sql`${classEnrollments.status} = 'enrolled'`,
      sql`${classes.institutionId} = ${institutionId}`,
      inArray(classes.status, [...APPROVED]),
    )})`,
};
