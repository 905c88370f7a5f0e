/**
 * Sanctions (DOMAIN.md §2 step 5) and the class-opening eligibility later modules call.
 */
import { desc, eq } from "drizzle-orm";
import type { Ctx, Deps } from "../../platform/context.ts";
import type { Db } from "../../platform/db/db.ts";
import { audit } from "../../platform/audit/audit.ts";
import { AppError, invalid } from "../../platform/http/errors.ts";
import { presentSanction } from "./institutions.presenter.ts";
import * as repo from "./institutions.repo.ts";
import { institutionRules } from "./institutions.policy.ts";
import { escalatedLevel, type SanctionLevel, sanctionStep, sanctionUntil } from "./institutions.rules.ts";
import { factsOf, loadScoped, newId, todayOf, viewOf } from "./institutions.service.ts";
import { institutionSanctions, institutions } from "./institutions.table.ts";

/**
 * Records a sanction. Its level follows the ladder: one above the previous sanction when that was
 * within 365 days (else 1), or the level asked for when higher. Levels 2–3 suspend new classes
 * (6 / 12 months), level 4 ends the agreement and bans for 2 years.
 * @throws institution.not_found, auth.forbidden, institution.transition_not_allowed, request.invalid (future date)
 */
export async function sanctionInstitution(deps: Deps, ctx: Ctx, id: string, input: { reason: string; date?: string | undefined; level?: number | undefined }) {
  const { db, clock } = deps;
  const today = todayOf(deps);
  const date = input.date ?? today;
  if (date > today) throw invalid([{ path: "body.date", code: "future_date", message: "处理日期不能晚于今天" }]);
  const result = await db.transaction(async (tx) => {
    const row = await loadScoped(tx, ctx, id, "institution.sanction", true);
    const facts = await factsOf(tx, row, today);
    institutionRules.assert(ctx.actor, "sanction", row, facts);
    const [prev] = await tx.select().from(institutionSanctions).where(eq(institutionSanctions.institutionId, id)).orderBy(desc(institutionSanctions.date), desc(institutionSanctions.createdAt)).limit(1);
    if (prev && date < prev.date) throw invalid([{ path: "body.date", code: "before_previous", message: `处理日期不能早于上一次处理（${prev.date}）` }]);
    const level = escalatedLevel(prev ?? null, date, input.level as SanctionLevel | undefined);
    const step = sanctionStep(level);
    const until = sanctionUntil(level, date);
    const [s] = await tx
      .insert(institutionSanctions)
      .values({ id: newId(), institutionId: id, level, date, until, reason: input.reason, createdAt: clock.now(), createdBy: ctx.actor.userId })
      .returning();
    const patch: Partial<typeof institutions.$inferInsert> = { updatedAt: clock.now() };
    if (step.action) {
      // the ladder's suspend/ban are declared actions too: asserted, never assumed
      institutionRules.assert(ctx.actor, step.action, row, facts);
      patch.status = institutionRules.next(step.action, row.status);
      patch.sanctionedUntil = row.sanctionedUntil && until && row.sanctionedUntil > until ? row.sanctionedUntil : until;
    }
    // level 4 ends the agreement on the day of the decision
    if (step.action === "ban") patch.agreementValidUntil = date;
    const after = await repo.updateInstitution(tx, id, patch);
    await audit(tx, ctx, clock, {
      action: "institution.sanctioned",
      entityType: "institution",
      entityId: id,
      regionCode: row.regionCode,
      before: { status: row.status, sanctionedUntil: row.sanctionedUntil },
      after: { status: after.status, sanctionedUntil: after.sanctionedUntil, level, label: step.label, date, until, reason: input.reason, previous: prev ? { level: prev.level, date: prev.date } : null },
    });
    return { sanction: s!, institution: after };
  });
  return { sanction: presentSanction(result.sanction), institution: await viewOf(deps, ctx, result.institution) };
}

export interface InstitutionForClass {
  id: string;
  name: string;
  regionCode: string;
  status: (typeof institutions.$inferSelect)["status"];
  role: (typeof institutions.$inferSelect)["role"];
  agreementValidUntil: string | null;
  licenceValidUntil: string;
  sanctionedUntil: string | null;
  /** approved qualifications only (proposals do not count) */
  qualifications: { occupationCode: string | null; projectName: string | null; occupationName: string; maxLevel: number | null; capacity: number }[];
}

/** What the class-application module needs to know about an institution; null when unknown. */
export async function institutionForClass(db: Db, institutionId: string): Promise<InstitutionForClass | null> {
  const [r] = await db.select().from(institutions).where(eq(institutions.id, institutionId)).limit(1);
  if (!r) return null;
  const qs = await repo.qualificationsOf(db, [r.id], ["active", "proposed_remove"]);
  return {
    id: r.id,
    name: r.name,
    regionCode: r.regionCode,
    status: r.status,
    role: r.role,
    agreementValidUntil: r.agreementValidUntil,
    licenceValidUntil: r.licenceValidUntil,
    sanctionedUntil: r.sanctionedUntil,
    qualifications: qs.map((q) => ({ occupationCode: q.occupationCode, projectName: q.projectName, occupationName: q.occupationName, maxLevel: q.maxLevel, capacity: q.capacity })),
  };
}

/**
 * May the institution open a class starting on `date` (YYYY-MM-DD)? Optionally for an occupation
 * (code or special project name) at a level (5 … 1; an institution qualified up to level 3 trains 3, 4 and 5).
 * The caller has already checked its own actor's scope; this is a domain rule, not authorization.
 * @throws institution.not_found, institution.not_approved, institution.banned, institution.suspended,
 *   institution.agreement_expired, institution.licence_expired, institution.not_qualified
 */
export async function assertInstitutionCanOpenClasses(
  db: Db,
  institutionId: string,
  date: string,
  need?: { occupationCode?: string | null; projectName?: string | null; level?: number | null },
): Promise<InstitutionForClass> {
  const inst = await institutionForClass(db, institutionId);
  if (!inst) throw new AppError("institution.not_found", "机构不存在");
  if (inst.status === "banned") throw new AppError("institution.banned", "机构已被解除协议并禁入", { until: inst.sanctionedUntil });
  if (inst.status !== "approved" && inst.status !== "suspended") throw new AppError("institution.not_approved", "机构未通过审核", { status: inst.status });
  if (inst.sanctionedUntil && date <= inst.sanctionedUntil) throw new AppError("institution.suspended", "机构处于暂停开班期", { until: inst.sanctionedUntil });
  if (!inst.agreementValidUntil || date > inst.agreementValidUntil) throw new AppError("institution.agreement_expired", "机构协议已过期", { agreementValidUntil: inst.agreementValidUntil });
  if (date > inst.licenceValidUntil) throw new AppError("institution.licence_expired", "机构办学许可证已过期", { licenceValidUntil: inst.licenceValidUntil });
  if (need && (need.occupationCode || need.projectName)) {
    const ok = inst.qualifications.some(
      (q) =>
        (need.occupationCode ? q.occupationCode === need.occupationCode : q.projectName === need.projectName) &&
        (need.level == null || q.maxLevel == null || need.level >= q.maxLevel),
    );
    if (!ok) throw new AppError("institution.not_qualified", "机构不具备该职业（等级）的培训资质", need);
  }
  return inst;
}

