/**
 * 技能提升补贴: the insured person files the claim on the phone with one of their certificates and
 * signs the personal commitment; the county enters the unemployment-insurance months it checked
 * against the evidence (the decision is taken again with them), then the claim is reviewed, noticed
 * and paid like any other — its one line is paid to the person.
 */
import { randomUUID } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import type { CategoryCode, ExclusionKind } from "../../../../shared/src/contracts/trainees.ts";
import type { InsuredMonthsBody, SkillUpgradingBody } from "../../../../shared/src/contracts/subsidies.ts";
import { audit } from "../../platform/audit/audit.ts";
import type { Ctx, Deps } from "../../platform/context.ts";
import type { Db } from "../../platform/db/db.ts";
import { readAll } from "../../platform/db/reads.ts";
import { AppError, constraintErrors } from "../../platform/http/errors.ts";
import { addWorkingDays, dateInChina, loadWorkCalendar } from "../calendar/index.ts";
import { catalogueItems, occupations } from "../catalogue/index.ts";
import { certificates, classes } from "../classes/index.ts";
import { personCategories, personExclusions, persons, personWarnings } from "../trainees/index.ts";
import { claimRules, claimScope } from "./claims.policy.ts";
import { getClaim } from "./claims.read.ts";
import * as repo from "./claims.repo.ts";
import { currentPersonCommitment } from "./commitment.ts";
import { decide, type EligibilityFacts, policy2019, policyAmountFen, type PriorSubsidy, type SubsidyPolicy } from "./eligibility.ts";
import { priorSubsidies } from "./claims.generate.ts";
import { REVIEW_WORKING_DAYS } from "./claims.review.ts";
import { subsidyClaimLines, subsidyClaims } from "./subsidies.table.ts";

// two filings of one certificate at once: the unique index lets one in, the other reads as already claimed
constraintErrors({ subsidy_claims_certificate_uq: ["claim.already_claimed", "这本证书已申领技能提升补贴"] });

type PersonRow = typeof persons.$inferSelect;

/** The logged-in trainee's person record. @throws person.no_profile */
export async function myPerson(db: Db, ctx: Ctx): Promise<PersonRow> {
  const [me] = ctx.actor.userId ? await db.select().from(persons).where(eq(persons.userId, ctx.actor.userId)).limit(1) : [];
  if (!me) throw new AppError("person.no_profile", "当前账号未关联学员信息");
  return me;
}

/** The certificate as a decision records it (the same shape the class claims store). */
async function certificateInput(db: Db, certificateId: string, personId: string) {
  const [row] = await db
    .select({ cert: certificates, occupationCode: occupations.code })
    .from(certificates)
    .innerJoin(classes, eq(classes.id, certificates.classId))
    .leftJoin(catalogueItems, eq(catalogueItems.id, classes.catalogueItemId))
    .leftJoin(occupations, eq(occupations.id, catalogueItems.occupationId))
    .where(and(eq(certificates.id, certificateId), eq(certificates.personId, personId)))
    .limit(1);
  if (!row) return undefined;
  const c = row.cert;
  return { id: c.id, type: c.type, issueDate: c.issueDate, level: c.level ? Number(c.level) : null, occupationCode: row.occupationCode ?? null, revoked: c.status === "revoked" };
}

/** The person facts the engine reads (categories, exclusions, working age on `today`). */
async function personFacts(db: Db, p: PersonRow, today: string, insuredMonths: number | null): Promise<EligibilityFacts["person"]> {
  // at once on the pool, one after another on a transaction (platform/db/reads.ts)
  const [cats, excl] = await readAll(db, [
    () => db.select({ category: personCategories.category }).from(personCategories).where(eq(personCategories.personId, p.id)),
    () => db.select({ kind: personExclusions.kind }).from(personExclusions).where(eq(personExclusions.personId, p.id)),
  ]);
  const exclusions = excl.map((x) => x.kind as ExclusionKind);
  const warnings = personWarnings({ birthYear: p.birthYear, gender: p.gender, exclusions: exclusions.map((kind) => ({ kind })) }, today);
  return {
    categories: cats.map((x) => x.category as CategoryCode),
    exclusions,
    inWorkingAge: !warnings.some((w) => w.code === "under_working_age" || w.code === "over_working_age"),
    insuredMonths,
  };
}

/** The line's decision and amount (0 unless eligible). */
function decideLine(input: EligibilityFacts, policy: SubsidyPolicy) {
  const d = decide(input, policy);
  const amountFen = d.eligible ? (policyAmountFen("skill_upgrading", input.certificate, policy) ?? 0) : 0;
  return { eligible: d.eligible, reason: d.reason, checks: d.checks, inputs: input, policyVersion: d.policyVersion, amountFen };
}

const combinedWith = (prior: PriorSubsidy[], certificateId: string) => prior.find((x) => x.certificateId === certificateId && (x.subsidyType === "training" || x.subsidyType === "evaluation"));

/**
 * The insured person files (or, once returned, files again) the skill-upgrading claim for one of
 * their certificates, signing the personal commitment text in force. The claim goes straight to the
 * county's first review of the person's residence county; its line waits for the county's insured
 * months. A certificate that already earned a training or evaluation subsidy is refused.
 * @throws person.no_profile, claim.certificate_not_found, claim.commitment_outdated,
 *   claim.already_claimed, claim.combined_with_training
 */
export async function fileSkillUpgrading(deps: Deps, ctx: Ctx, body: SkillUpgradingBody, policy: SubsidyPolicy = policy2019) {
  return deps.db.transaction(async (tx) => {
    const me = await myPerson(tx, ctx);
    const certificate = await certificateInput(tx, body.certificateId, me.id);
    if (!certificate) throw new AppError("claim.certificate_not_found", "没有这本证书");
    if (body.textVersion !== currentPersonCommitment.version || body.textHash !== currentPersonCommitment.hash) {
      throw new AppError("claim.commitment_outdated", "承诺书文本不是现行版本", { current: { version: currentPersonCommitment.version, hash: currentPersonCommitment.hash } });
    }
    const [existing] = await tx
      .select()
      .from(subsidyClaims)
      .where(and(eq(subsidyClaims.certificateId, certificate.id), eq(subsidyClaims.subsidyType, "skill_upgrading")))
      .for("update");
    if (existing && existing.status !== "returned") throw new AppError("claim.already_claimed", "这本证书已申领技能提升补贴", { status: existing.status });
    const prior = (await priorSubsidies(tx, [me.id], existing?.id ?? null)).get(me.id) ?? [];
    const combined = combinedWith(prior, certificate.id);
    if (combined) throw new AppError("claim.combined_with_training", "同一证书不能同时享受培训补贴和技能提升补贴", { lineId: combined.id });

    const now = deps.clock.now();
    const today = dateInChina(now);
    const input: EligibilityFacts = {
      subsidyType: "skill_upgrading",
      today,
      person: await personFacts(tx, me, today, null),
      attendancePercent: null,
      result: null,
      certificate,
      prior,
    };
    const line = decideLine(input, policy);
    const dueDate = addWorkingDays(await loadWorkCalendar(tx), today, REVIEW_WORKING_DAYS);
    const claimId = existing?.id ?? randomUUID();
    const head = {
      status: "submitted" as const,
      totalFen: line.amountFen,
      standard: { source: "policy", policyVersion: policy.version, key: `level_${certificate.level}`, amountFen: policyAmountFen("skill_upgrading", certificate, policy) ?? 0 },
      policyVersion: policy.version,
      commitmentTextVersion: currentPersonCommitment.version,
      commitmentTextHash: currentPersonCommitment.hash,
      commitmentSignedBy: ctx.actor.userId,
      commitmentSignedAt: now,
      submittedAt: now,
      dueDate,
      returnReasons: null,
      generatedBy: ctx.actor.userId,
      updatedAt: now,
    };
    if (existing) {
      await tx.update(subsidyClaims).set(head).where(eq(subsidyClaims.id, claimId));
      await tx.update(subsidyClaimLines).set({ ...line, approvedAt: null }).where(eq(subsidyClaimLines.claimId, claimId));
    } else {
      await tx.insert(subsidyClaims).values({
        id: claimId,
        code: `JT-${me.residenceRegionCode}-${today.slice(0, 4)}-${claimId.slice(0, 8).toUpperCase()}`,
        classId: null,
        institutionId: null,
        personId: me.id,
        certificateId: certificate.id,
        regionCode: me.residenceRegionCode,
        subsidyType: "skill_upgrading",
        createdAt: now,
        ...head,
      });
      await tx.insert(subsidyClaimLines).values({ id: randomUUID(), claimId, personId: me.id, certificateId: certificate.id, payeeType: "person", payeeId: me.id, payeeName: me.name, warnings: [], ...line });
    }
    await audit(tx, ctx, deps.clock, {
      action: existing ? "claim.refiled_by_person" : "claim.filed_by_person",
      entityType: "subsidy_claim",
      entityId: claimId,
      regionCode: me.residenceRegionCode,
      after: { subsidyType: "skill_upgrading", certificateId: certificate.id, textVersion: currentPersonCommitment.version, eligible: line.eligible, reason: line.reason, policyVersion: policy.version },
    });
    return { claimId, eligible: line.eligible, reason: line.reason, amountFen: line.amountFen };
  });
}

/**
 * The county enters the insured months it checked against the evidence; the line is decided again
 * with them (inputs, rule version and reason stored) and the claim's total follows.
 * @throws claim.not_found (also out of scope), auth.forbidden, claim.transition_not_allowed,
 *   claim.separation_of_duties, claim.not_person_claim
 */
export async function enterInsuredMonths(deps: Deps, ctx: Ctx, id: string, body: InsuredMonthsBody, policy: SubsidyPolicy = policy2019) {
  await deps.db.transaction(async (tx) => {
    const claim = await repo.findClaim(tx, id, claimScope(ctx.actor, "claim.read"), true);
    if (!claim) throw new AppError("claim.not_found", "补贴申领不存在");
    claimRules.assert(ctx.actor, "verifyInsurance", claim, await repo.claimFacts(tx, id, ctx.actor.userId));
    if (claim.subsidyType !== "skill_upgrading") throw new AppError("claim.not_person_claim", "只有技能提升补贴申领需要核验参保月数", { subsidyType: claim.subsidyType });
    const [line] = await tx.select().from(subsidyClaimLines).where(eq(subsidyClaimLines.claimId, id)).for("update");
    const [person] = await tx.select().from(persons).where(eq(persons.id, line!.personId));
    const old = line!.inputs as EligibilityFacts;
    const now = deps.clock.now();
    const today = dateInChina(now);
    const certificate = (await certificateInput(tx, line!.certificateId!, person!.id)) ?? old.certificate;
    const prior = (await priorSubsidies(tx, [person!.id], id)).get(person!.id) ?? [];
    const input: EligibilityFacts & { insuranceEvidence: unknown } = {
      ...old,
      today,
      person: await personFacts(tx, person!, today, body.months),
      certificate,
      prior,
      // what the county looked at: kept with the decision's inputs
      insuranceEvidence: { months: body.months, evidence: body.evidence, enteredBy: ctx.actor.userId, enteredAt: now.toISOString() },
    };
    const decided = decideLine(input, policy);
    await tx.update(subsidyClaimLines).set(decided).where(eq(subsidyClaimLines.id, line!.id));
    await tx.update(subsidyClaims).set({ totalFen: decided.amountFen, updatedAt: now }).where(eq(subsidyClaims.id, id));
    await audit(tx, ctx, deps.clock, {
      action: "claim.insurance_verified",
      entityType: "subsidy_claim",
      entityId: id,
      regionCode: claim.regionCode,
      before: { eligible: line!.eligible, reason: line!.reason },
      after: { months: body.months, evidence: body.evidence, eligible: decided.eligible, reason: decided.reason, amountFen: decided.amountFen },
    });
  });
  return getClaim(deps, ctx, id);
}

/** Lines the payment step paid: the trainee's page shows them as 已支付. */
export async function markLinesPaid(tx: Db, lineIds: string[], paidAt: Date): Promise<void> {
  if (lineIds.length) await tx.update(subsidyClaimLines).set({ paidAt }).where(inArray(subsidyClaimLines.id, lineIds));
}
