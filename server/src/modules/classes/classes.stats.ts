/**
 * Read-only figures other modules show (targets' skill structure). Owned here because only the
 * classes module names its tables.
 */
import { and, count, gte, inArray, isNotNull, lte, eq } from "drizzle-orm";
import type { Db } from "../../platform/db/db.ts";
import { certificates } from "./classes-workflow.table.ts";

/** certificate types that carry a skill level (职业资格证书, 职业技能等级证书) */
const LEVELLED_TYPES = ["vocational_qualification", "skill_level"];

/**
 * Valid (not revoked) certificates with a skill level issued between two dates (inclusive),
 * counted by level ("5" … "1"). Province-wide: a statistic, no personal data.
 */
export async function certificateCountsByLevel(db: Db, from: string, to: string): Promise<Map<string, number>> {
  const rows = await db
    .select({ level: certificates.level, n: count() })
    .from(certificates)
    .where(
      and(
        eq(certificates.status, "valid"),
        inArray(certificates.type, LEVELLED_TYPES),
        isNotNull(certificates.level),
        gte(certificates.issueDate, from),
        lte(certificates.issueDate, to),
      ),
    )
    .groupBy(certificates.level);
  return new Map(rows.map((r) => [r.level!, Number(r.n)]));
}
