import { and, asc, eq, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "../../platform/db/db.ts";
import { classes } from "../classes/index.ts";
import { institutions } from "../institutions/index.ts";
import { persons } from "../trainees/index.ts";
import type { ClaimFacts } from "./claims.policy.ts";
import { type ReviewStep, subsidyClaimLines, subsidyClaimReviews, subsidyClaims } from "./subsidies.table.ts";

export type ClaimRow = typeof subsidyClaims.$inferSelect;
export type LineRow = typeof subsidyClaimLines.$inferSelect;

/** A claim inside `scope`, or undefined (out of scope reads as not found). */
export async function findClaim(db: Db, id: string, scope: SQL, forUpdate = false): Promise<ClaimRow | undefined> {
  const q = db.select().from(subsidyClaims).where(and(eq(subsidyClaims.id, id), scope)).limit(1);
  const [row] = forUpdate ? await q.for("update") : await q;
  return row;
}

export async function findClaimFor(db: Db, classId: string, subsidyType: ClaimRow["subsidyType"]): Promise<ClaimRow | undefined> {
  const [row] = await db
    .select()
    .from(subsidyClaims)
    .where(and(eq(subsidyClaims.classId, classId), eq(subsidyClaims.subsidyType, subsidyType)))
    .limit(1)
    .for("update");
  return row;
}

/**
 * The steps `userId` took on the claim, in any round (separation of duties), and whether a
 * skill-upgrading line still waits for the county's insured months.
 */
export async function claimFacts(db: Db, claimId: string, userId: string | null): Promise<ClaimFacts> {
  const [pending] = await db
    .select({ id: subsidyClaimLines.id })
    .from(subsidyClaimLines)
    .innerJoin(subsidyClaims, eq(subsidyClaims.id, subsidyClaimLines.claimId))
    .where(and(eq(subsidyClaimLines.claimId, claimId), eq(subsidyClaims.subsidyType, "skill_upgrading"), sql`${subsidyClaimLines.inputs} #>> '{person,insuredMonths}' is null`))
    .limit(1);
  const insurancePending = pending !== undefined;
  if (!userId) return { actedSteps: new Set(), insurancePending };
  const rows = await db
    .select({ step: subsidyClaimReviews.step })
    .from(subsidyClaimReviews)
    .where(and(eq(subsidyClaimReviews.claimId, claimId), eq(subsidyClaimReviews.decidedBy, userId)));
  return { actedSteps: new Set<ReviewStep>(rows.map((r) => r.step)), insurancePending };
}

export async function listLines(db: Db, claimId: string) {
  return db
    .select({ line: subsidyClaimLines, name: persons.name, idNumberMasked: persons.idNumberMasked })
    .from(subsidyClaimLines)
    .innerJoin(persons, eq(persons.id, subsidyClaimLines.personId))
    .where(eq(subsidyClaimLines.claimId, claimId))
    .orderBy(asc(persons.name), asc(subsidyClaimLines.id));
}

export async function listReviews(db: Db, claimId: string) {
  return db.select().from(subsidyClaimReviews).where(eq(subsidyClaimReviews.claimId, claimId)).orderBy(asc(subsidyClaimReviews.decidedAt));
}

const claimant = alias(persons, "claimant");

/** What a list row shows beside the claim: its class and institution, or (person claim) the person. */
export const claimHeadColumns = {
  claim: subsidyClaims,
  classCode: classes.code,
  classTitle: classes.title,
  institutionName: institutions.name,
  personName: claimant.name,
};

export function claimHeads(db: Db) {
  return db
    .select(claimHeadColumns)
    .from(subsidyClaims)
    .leftJoin(classes, eq(classes.id, subsidyClaims.classId))
    .leftJoin(institutions, eq(institutions.id, subsidyClaims.institutionId))
    .leftJoin(claimant, eq(claimant.id, subsidyClaims.personId));
}
