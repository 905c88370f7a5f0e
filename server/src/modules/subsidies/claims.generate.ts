/**
 * 申领生成: from an assessed class, one line per enrolled trainee with the eligibility decision
 * stored (inputs, every check and its reason, the policy version), the amount (the standard when
 * eligible, 0 otherwise), the payee and the warnings already known for the class and the person.
 */
import { randomUUID } from "node:crypto";
import { and, desc, eq, inArray, ne, notInArray, type SQL, sql } from "drizzle-orm";
import type { CategoryCode, ExclusionKind } from "../../../../shared/src/contracts/trainees.ts";
import type { GenerateClaimBody } from "../../../../shared/src/contracts/subsidies.ts";
import { audit } from "../../platform/audit/audit.ts";
import type { Ctx, Deps } from "../../platform/context.ts";
import type { Db } from "../../platform/db/db.ts";
import { AppError } from "../../platform/http/errors.ts";
import { traineeAttendancePercents } from "../attendance/index.ts";
import { dateInChina } from "../calendar/index.ts";
import { catalogueItems, lookupStandard, occupations } from "../catalogue/index.ts";
import { certificates, classEnrollments, classes, classScope } from "../classes/index.ts";
import { institutions } from "../institutions/index.ts";
import { regions } from "../reference/index.ts";
import { personCategories, personExclusions, persons, personWarnings } from "../trainees/index.ts";
import { claimRules } from "./claims.policy.ts";
import { getClaim } from "./claims.read.ts";
import * as repo from "./claims.repo.ts";
import { type Check, decide, type EligibilityFacts, policy2019, type PriorSubsidy, type SubsidyPolicy } from "./eligibility.ts";
import { type PayeeType, subsidyClaimLines, subsidyClaims } from "./subsidies.table.ts";

type ClassRow = typeof classes.$inferSelect;
interface Warning {
  code: string;
  message: string;
}

const LEVELLED = new Set(["vocational_qualification", "skill_level"]);
/** institutions of these types train their own employees: the enterprise is the payee */
const ENTERPRISE_TYPES = new Set(["enterprise", "enterprise_center"]);

/** What one line records about its certificate; later claims read it back as a prior subsidy. */
interface CertificateInput {
  id: string;
  type: string;
  issueDate: string;
  level: number | null;
  occupationCode: string | null;
  revoked: boolean;
}

const yuan = (fen: number) => `${Math.trunc(fen / 100)}.${String(fen % 100).padStart(2, "0")} 元`;

/** The evaluation line check: which city standard priced it, or why there is none (the line is then 0). */
export const EVALUATION_STANDARD = "evaluation_standard";
const NO_EVALUATION_STANDARD = "所在市（州）和全省均未设定适用于本班证书类型、等级和开班日期的评价补贴标准，金额为 0；设定标准后可重新生成申领";

/**
 * The per-person price of the claim, and the row it came from: training and evaluation from the
 * catalogue's standard of that type (city, certificate type, level, mode, on the class's start date;
 * evaluation has no mode factor), the living allowance from the policy. A missing evaluation standard
 * prices every line at 0 with a check saying so (`check`); a missing training standard refuses the claim.
 * @throws claim.no_standard
 */
async function price(db: Db, c: ClassRow, type: GenerateClaimBody["subsidyType"], policy: SubsidyPolicy): Promise<{ amountFen: number; standard: Record<string, unknown>; check?: Check }> {
  const level = LEVELLED.has(c.certificateType) ? c.skillLevel : null;
  if (type === "living_allowance") {
    const amountFen = policy.livingAllowance.amountFen;
    return { amountFen, standard: { source: "policy", policyVersion: policy.version, key: "living_allowance", amountFen } };
  }
  const subsidyType = type === "evaluation" ? "evaluation" : "training";
  const query = { subsidyType, itemId: c.catalogueItemId, regionCode: c.regionCode, certificateType: c.certificateType, skillLevel: level, mode: c.mode, date: c.startDate } as const;
  const s = await lookupStandard(db, query);
  if (type === "training") {
    if (!s) throw new AppError("claim.no_standard", "没有适用于本班的补贴标准", { query });
    const { row: _row, ...standard } = s;
    return { amountFen: s.amountFen, standard: { source: "catalogue", ...standard } };
  }
  if (!s) return { amountFen: 0, standard: { source: "catalogue", subsidyType, missing: true, reason: NO_EVALUATION_STANDARD, query }, check: { code: EVALUATION_STANDARD, ok: false, reason: NO_EVALUATION_STANDARD } };
  const { row: _row, ...standard } = s;
  const [region] = await db.select({ name: regions.name }).from(regions).where(eq(regions.code, s.resolvedRegionCode)).limit(1);
  const from = region?.name ?? s.resolvedRegionCode;
  const reason = `按${from}评价补贴标准 ${yuan(s.amountFen)}（${s.effectiveFrom} 起）`;
  return { amountFen: s.amountFen, standard: { source: "catalogue", regionName: from, ...standard }, check: { code: EVALUATION_STANDARD, ok: true, reason } };
}

/** Earlier eligible lines of these persons in other claims, as the rule engine's prior subsidies. */
export async function priorSubsidies(db: Db, personIds: string[], exceptClaimId: string | null): Promise<Map<string, PriorSubsidy[]>> {
  const out = new Map<string, PriorSubsidy[]>();
  if (!personIds.length) return out;
  const rows = await db
    .select({ id: subsidyClaimLines.id, personId: subsidyClaimLines.personId, inputs: subsidyClaimLines.inputs, subsidyType: subsidyClaims.subsidyType })
    .from(subsidyClaimLines)
    .innerJoin(subsidyClaims, eq(subsidyClaims.id, subsidyClaimLines.claimId))
    .where(and(inArray(subsidyClaimLines.personId, personIds), eq(subsidyClaimLines.eligible, true), exceptClaimId ? ne(subsidyClaims.id, exceptClaimId) : undefined));
  for (const r of rows) {
    const cert = (r.inputs as { certificate: CertificateInput | null }).certificate;
    const list = out.get(r.personId) ?? [];
    list.push({ id: r.id, subsidyType: r.subsidyType, occupationCode: cert?.occupationCode ?? null, level: cert?.level ?? null, certificateId: cert?.id ?? null, date: cert?.issueDate ?? "" });
    out.set(r.personId, list);
  }
  return out;
}

/** 14 parameters a line: far below PostgreSQL's 65,535 a statement */
const LINES_PER_STATEMENT = 500;
/** The columns a regeneration rewrites; the rest (id, claim, hold, paid) stay as they were. */
const REGENERATED = ["certificateId", "eligible", "reason", "checks", "inputs", "policyVersion", "amountFen", "payeeType", "payeeId", "payeeName", "warnings"] as const;
type Regenerated = (typeof REGENERATED)[number];
/** `set col = excluded.col` for each column: the value the conflicting row would have inserted */
const fromExcluded = (cols: readonly Regenerated[]) =>
  Object.fromEntries(cols.map((k) => [k, sql`excluded.${sql.identifier(subsidyClaimLines[k].name)}`])) as Record<Regenerated, SQL>;

const groupBy = <T, K>(rows: T[], key: (r: T) => K) => {
  const m = new Map<K, T[]>();
  for (const r of rows) m.set(key(r), [...(m.get(key(r)) ?? []), r]);
  return m;
};

/**
 * Generates (or, while draft or returned, regenerates) the claim of a class for one subsidy type.
 * Regenerating keeps each line's hold and clears the commitment signature: the lines it covered changed.
 * @throws class.not_found (also out of scope), auth.forbidden (not the class's institution),
 *   claim.class_not_assessed, claim.not_editable, claim.no_standard
 */
export async function generateClaim(deps: Deps, ctx: Ctx, classId: string, body: GenerateClaimBody, policy: SubsidyPolicy = policy2019) {
  const id = await deps.db.transaction(async (tx) => {
    const [c] = await tx.select().from(classes).where(and(eq(classes.id, classId), classScope(ctx.actor, "claim.apply"))).limit(1);
    if (!c) throw new AppError("class.not_found", "没有这个培训班");
    const existing = await repo.findClaimFor(tx, c.id, body.subsidyType);
    const facts = existing ? await repo.claimFacts(tx, existing.id, ctx.actor.userId) : { actedSteps: new Set<never>(), insurancePending: false };
    claimRules.assert(ctx.actor, "generate", existing ?? { institutionId: c.institutionId, regionCode: c.regionCode, status: "draft", commitmentSignedAt: null }, facts);
    if (c.status !== "assessed") throw new AppError("claim.class_not_assessed", "培训班考核锁定后才能申领补贴", { status: c.status });

    const now = deps.clock.now();
    const today = dateInChina(now);
    const priced = await price(tx, c, body.subsidyType, policy);
    const { amountFen, standard } = priced;
    const [inst] = await tx.select({ name: institutions.name, type: institutions.type }).from(institutions).where(eq(institutions.id, c.institutionId));
    const [occ] = await tx.select({ code: occupations.code }).from(catalogueItems).innerJoin(occupations, eq(occupations.id, catalogueItems.occupationId)).where(eq(catalogueItems.id, c.catalogueItemId));
    const roster = await tx
      .select({ enrollment: classEnrollments, birthYear: persons.birthYear, gender: persons.gender, name: persons.name })
      .from(classEnrollments)
      .innerJoin(persons, eq(persons.id, classEnrollments.personId))
      .where(and(eq(classEnrollments.classId, c.id), eq(classEnrollments.status, "enrolled")));
    const personIds = roster.map((r) => r.enrollment.personId);
    // one after another: they share the transaction's connection (node-pg refuses concurrent queries on one client)
    const cats = personIds.length ? await tx.select().from(personCategories).where(inArray(personCategories.personId, personIds)) : [];
    const excl = personIds.length ? await tx.select().from(personExclusions).where(inArray(personExclusions.personId, personIds)) : [];
    // a valid certificate first, else the latest revoked one (its revocation is the reason)
    const certs = await tx.select().from(certificates).where(eq(certificates.classId, c.id)).orderBy(desc(certificates.status), desc(certificates.createdAt));
    const rates = await traineeAttendancePercents(tx, c.id, now);
    const prior = await priorSubsidies(tx, personIds, existing?.id ?? null);
    const catsOf = groupBy(cats, (r) => r.personId);
    const exclOf = groupBy(excl, (r) => r.personId);
    const certOf = new Map<string, (typeof certs)[number]>();
    for (const cert of certs) if (!certOf.has(cert.personId) || (cert.status === "valid" && certOf.get(cert.personId)!.status !== "valid")) certOf.set(cert.personId, cert);

    // DOMAIN.md §2 step 7: the living allowance is paid to the person; employee training to the enterprise
    const personPaid = body.subsidyType === "living_allowance";
    const payeeType: PayeeType = personPaid ? "person" : ENTERPRISE_TYPES.has(inst!.type) ? "enterprise" : "institution";
    const classWarnings = (c.warnings as Warning[]) ?? [];
    const lines = roster.map(({ enrollment: e, birthYear, gender, name }) => {
      const exclusions = (exclOf.get(e.personId) ?? []).map((x) => x.kind as ExclusionKind);
      const personal = personWarnings({ birthYear, gender, exclusions: exclusions.map((kind) => ({ kind })) }, today);
      const cert = certOf.get(e.personId);
      const certificate: CertificateInput | null = cert
        ? { id: cert.id, type: cert.type, issueDate: cert.issueDate, level: cert.level ? Number(cert.level) : null, occupationCode: occ?.code ?? null, revoked: cert.status === "revoked" }
        : null;
      const input: EligibilityFacts = {
        subsidyType: body.subsidyType,
        today,
        person: {
          categories: (catsOf.get(e.personId) ?? []).map((x) => x.category as CategoryCode),
          exclusions,
          inWorkingAge: !personal.some((w) => w.code === "under_working_age" || w.code === "over_working_age"),
        },
        attendancePercent: rates.get(e.personId) ?? null,
        result: e.result,
        certificate,
        prior: prior.get(e.personId) ?? [],
      };
      const decided = decide(input, policy);
      // the standard's check comes last: a refusal by the rules keeps its own reason
      const checks = priced.check ? [...decided.checks, priced.check] : decided.checks;
      const d = { ...decided, checks, eligible: decided.eligible && priced.check?.ok !== false, reason: decided.eligible && priced.check?.ok === false ? priced.check.reason : decided.reason };
      const seen = new Set<string>();
      const warnings = [...classWarnings, ...((e.warnings as Warning[]) ?? []), ...personal].filter((w) => !seen.has(`${w.code}|${w.message}`) && seen.add(`${w.code}|${w.message}`));
      return {
        personId: e.personId,
        certificateId: cert?.id ?? null,
        eligible: d.eligible,
        reason: d.reason,
        checks: d.checks,
        inputs: input,
        policyVersion: d.policyVersion,
        amountFen: d.eligible ? amountFen : 0,
        payeeType,
        payeeId: personPaid ? e.personId : c.institutionId,
        payeeName: personPaid ? name : inst!.name,
        warnings,
      };
    });
    const totalFen = lines.reduce((s, l) => s + l.amountFen, 0);

    const claimId = existing?.id ?? randomUUID();
    const head = { totalFen, standard, policyVersion: policy.version, generatedBy: ctx.actor.userId, updatedAt: now };
    const unsigned = { commitmentTextVersion: null, commitmentTextHash: null, commitmentSignedBy: null, commitmentSignedAt: null };
    if (existing) {
      await tx.update(subsidyClaims).set({ ...head, ...unsigned }).where(eq(subsidyClaims.id, claimId));
    } else {
      await tx.insert(subsidyClaims).values({
        id: claimId,
        code: `BT-${c.regionCode}-${today.slice(0, 4)}-${claimId.slice(0, 8).toUpperCase()}`,
        classId: c.id,
        institutionId: c.institutionId,
        regionCode: c.regionCode,
        subsidyType: body.subsidyType,
        status: "draft",
        createdAt: now,
        ...head,
      });
    }
    // upsert per person, a few hundred lines a statement: a line's id, hold (and its history) survive regeneration
    for (let i = 0; i < lines.length; i += LINES_PER_STATEMENT) {
      await tx
        .insert(subsidyClaimLines)
        .values(lines.slice(i, i + LINES_PER_STATEMENT).map((l) => ({ id: randomUUID(), claimId, ...l })))
        .onConflictDoUpdate({ target: [subsidyClaimLines.claimId, subsidyClaimLines.personId], set: { ...fromExcluded(REGENERATED), approvedAt: null } });
    }
    // persons no longer enrolled lose their line
    if (existing) await tx.delete(subsidyClaimLines).where(and(eq(subsidyClaimLines.claimId, claimId), personIds.length ? notInArray(subsidyClaimLines.personId, personIds) : undefined));
    await audit(tx, ctx, deps.clock, {
      action: existing ? "claim.regenerated" : "claim.generated",
      entityType: "subsidy_claim",
      entityId: claimId,
      regionCode: c.regionCode,
      after: { classId: c.id, subsidyType: body.subsidyType, totalFen, lines: lines.length, eligible: lines.filter((l) => l.eligible).length, policyVersion: policy.version },
    });
    return claimId;
  });
  return getClaim(deps, ctx, id);
}
