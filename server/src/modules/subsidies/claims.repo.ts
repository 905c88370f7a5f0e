import { and, asc, eq, type SQL } from "drizzle-orm";
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

/** The steps `userId` took on the claim, in any round: the separation-of-duties fact. */
export async function claimFacts(db: Db, claimId: string, userId: string | null): Promise<ClaimFacts> {
  if (!userId) return { actedSteps: new Set() };
  const rows = await db
    .select({ step: subsidyClaimReviews.step })
    .from(subsidyClaimReviews)
    .where(and(eq(subsidyClaimReviews.claimId, claimId), eq(subsidyClaimReviews.decidedBy, userId)));
  return { actedSteps: new Set<ReviewStep>(rows.map((r) => r.step)) };
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

/** What a list row shows beside the claim: its class and institution. */
export const claimHeadColumns = {
  claim: subsidyClaims,
  classCode: classes.code,
  classTitle: classes.title,
  institutionName: institutions.name,
};

export function claimHeads(db: Db) {
  return db
    .select(claimHeadColumns)
    .from(subsidyClaims)
    .innerJoin(classes, eq(classes.id, subsidyClaims.classId))
    .innerJoin(institutions, eq(institutions.id, subsidyClaims.institutionId));
}
