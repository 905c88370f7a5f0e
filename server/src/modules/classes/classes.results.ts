/**
 * Results and certificates (DOMAIN §2 step 6). The assessor is the training institution, or for a
 * 职业技能等级证书 class the approved evaluation institution named on the class.
 */
import { randomBytes } from "node:crypto";
import { and, eq, inArray, } from "drizzle-orm";
import type { IssueCertificatesBody, ResultsBody } from "../../../../shared/src/contracts/classes.ts";
import type { ValidationIssue } from "../../../../shared/src/errors.ts";
import { checkSkillCertificateNumber } from "../../../../shared/src/certificates.ts";
import { audit } from "../../platform/audit/audit.ts";
import type { Ctx, Deps } from "../../platform/context.ts";
import type { Db } from "../../platform/db/db.ts";
import { AppError, constraintErrors, invalid } from "../../platform/http/errors.ts";
import { certificates } from "./classes-workflow.table.ts";
import { classFacts } from "./classes.facts.ts";
import { classRules, classScope } from "./classes.policy.ts";
import { presentCertificate } from "./classes.presenter.ts";
import * as repo from "./classes.repo.ts";
import { assessorInstitution, GENERIC_CERT_NUMBER } from "./classes.rules.ts";
import { loadClass, todayOf, viewClass } from "./classes.service.ts";
import { classEnrollments, classes } from "./classes.table.ts";

constraintErrors({ certificates_type_number_uq: ["certificate.number_taken", "证书编号已被使用"] });

/** Asserts `action` for the class's assessor and returns the issuing institution. */
async function assertAssessor(db: Db, ctx: Ctx, deps: Deps, c: repo.ClassRow, action: "enterResults" | "issueCertificates"): Promise<string> {
  classRules.assert(ctx.actor, action, c, await classFacts(db, c, todayOf(deps), deps.clock.now()));
  return assessorInstitution(c)!;
}

/**
 * Enters results (pass / fail / absent, score 0–100) of enrolled trainees of a finished class.
 * pass and fail need a score; absent has none.
 * @throws class.not_found, auth.forbidden, class.locked, class.results_not_allowed, request.invalid
 */
export async function enterResults(deps: Deps, ctx: Ctx, id: string, body: ResultsBody) {
  const { db, clock } = deps;
  const now = clock.now();
  const row = await db.transaction(async (tx) => {
    const c = await loadClass(tx, ctx, id, "class.results", true);
    await assertAssessor(tx, ctx, deps, c, "enterResults");
    const enrolled = new Map((await repo.enrollmentsOf(tx, c.id)).filter((e) => e.status === "enrolled").map((e) => [e.personId, e]));
    const issues: ValidationIssue[] = [];
    body.results.forEach((r, i) => {
      if (!enrolled.has(r.personId)) issues.push({ path: `body.results[${i}].personId`, code: "not_enrolled", message: "该学员不在本班" });
      if (r.result === "absent" && r.score != null) issues.push({ path: `body.results[${i}].score`, code: "score_for_absent", message: "缺考学员没有成绩" });
      if (r.result !== "absent" && r.score == null) issues.push({ path: `body.results[${i}].score`, code: "required", message: "请填写成绩（0–100）" });
    });
    if (issues.length) throw invalid(issues);
    for (const r of body.results) {
      await tx
        .update(classEnrollments)
        .set({ result: r.result, score: r.score ?? null, resultEnteredAt: now, resultEnteredBy: ctx.actor.userId })
        .where(eq(classEnrollments.id, enrolled.get(r.personId)!.id));
    }
    await audit(tx, ctx, clock, {
      action: "class.results_entered",
      entityType: "class",
      entityId: c.id,
      regionCode: c.regionCode,
      before: body.results.map((r) => ({ personId: r.personId, result: enrolled.get(r.personId)!.result, score: enrolled.get(r.personId)!.score })),
      after: body.results,
    });
    return c;
  });
  return viewClass(deps, ctx, row);
}

/**
 * Issues certificates to passed trainees of a finished or assessed class. 职业技能等级证书 numbers
 * follow the national format and carry the class level; numbers are unique per certificate type.
 * @throws class.not_found, auth.forbidden, class.results_not_allowed, certificate.number_invalid,
 *   certificate.not_passed, certificate.already_issued, certificate.number_taken, request.invalid
 */
export async function issueCertificates(deps: Deps, ctx: Ctx, id: string, body: IssueCertificatesBody) {
  const { db, clock } = deps;
  const now = clock.now();
  const today = todayOf(deps);
  const created = await db
    .transaction(async (tx) => {
      const c = await loadClass(tx, ctx, id, "class.results", true);
      const issuer = await assertAssessor(tx, ctx, deps, c, "issueCertificates");
      const items = body.certificates.map((x) => ({ ...x, number: x.number.trim().toUpperCase() }));
      const issues: ValidationIssue[] = [];
      const problems: { path: string; message: string }[] = [];
      const seen = new Set<string>();
      items.forEach((x, i) => {
        if (x.issueDate > today) issues.push({ path: `body.certificates[${i}].issueDate`, code: "future_date", message: "发证日期不能晚于今天" });
        if (seen.has(x.number)) issues.push({ path: `body.certificates[${i}].number`, code: "duplicate", message: "证书编号重复" });
        seen.add(x.number);
        if (c.certificateType === "skill_level") {
          const r = checkSkillCertificateNumber(x.number, c.skillLevel ? Number(c.skillLevel) : undefined);
          if (!r.ok) problems.push({ path: `certificates[${i}].number`, message: r.message });
        } else if (!GENERIC_CERT_NUMBER.test(x.number)) {
          problems.push({ path: `certificates[${i}].number`, message: "证书编号为 4–40 位字母、数字或连字符" });
        }
      });
      if (issues.length) throw invalid(issues);
      if (problems.length) throw new AppError("certificate.number_invalid", "证书编号格式不正确", { problems });
      const enrolled = new Map((await repo.enrollmentsOf(tx, c.id)).filter((e) => e.status === "enrolled").map((e) => [e.personId, e]));
      const notPassed = items.filter((x) => enrolled.get(x.personId)?.result !== "pass").map((x) => x.personId);
      if (notPassed.length) throw new AppError("certificate.not_passed", "只能为考核合格的学员发证", { personIds: notPassed });
      const held = await tx
        .select({ personId: certificates.personId })
        .from(certificates)
        .where(and(eq(certificates.classId, c.id), eq(certificates.status, "valid"), inArray(certificates.personId, items.map((x) => x.personId))));
      if (held.length) throw new AppError("certificate.already_issued", "学员已持有本班的有效证书", { personIds: held.map((h) => h.personId) });
      const taken = await tx
        .select({ number: certificates.number })
        .from(certificates)
        .where(and(eq(certificates.type, c.certificateType), inArray(certificates.number, items.map((x) => x.number))));
      if (taken.length) throw new AppError("certificate.number_taken", "证书编号已被使用", { numbers: taken.map((t) => t.number) });
      const rows = await tx
        .insert(certificates)
        .values(
          items.map((x) => ({
            id: repo.newId(),
            enrollmentId: enrolled.get(x.personId)!.id,
            personId: x.personId,
            classId: c.id,
            type: c.certificateType,
            level: c.skillLevel,
            number: x.number,
            issueDate: x.issueDate,
            issuerInstitutionId: issuer,
            verifyToken: randomBytes(18).toString("base64url"),
            createdAt: now,
            createdBy: ctx.actor.userId,
          })),
        )
        .returning();
      await audit(tx, ctx, clock, { action: "certificate.issued", entityType: "class", entityId: c.id, regionCode: c.regionCode, after: rows.map((r) => ({ id: r.id, personId: r.personId, number: r.number })) });
      return rows;
    });
  const names = await repo.personsByIds(db, created.map((r) => r.personId));
  return { items: created.map((r) => presentCertificate(r, names)) };
}

/** @throws class.not_found */
export async function listCertificates(deps: Deps, ctx: Ctx, id: string) {
  const c = await loadClass(deps.db, ctx, id);
  const rows = await repo.certificatesOfClass(deps.db, c.id);
  const names = await repo.personsByIds(deps.db, rows.map((r) => r.personId));
  return { items: rows.map((r) => presentCertificate(r, names)) };
}

/**
 * An officer revokes a certificate (also after the class is locked), with a reason.
 * @throws certificate.not_found, certificate.already_revoked, auth.forbidden (not the covering officer)
 */
export async function revokeCertificate(deps: Deps, ctx: Ctx, certificateId: string, reason: string) {
  const { db, clock } = deps;
  const now = clock.now();
  const row = await db.transaction(async (tx) => {
    const [found] = await tx
      .select({ cert: certificates, klass: classes })
      .from(certificates)
      .innerJoin(classes, eq(classes.id, certificates.classId))
      .where(and(eq(certificates.id, certificateId), classScope(ctx.actor, "certificate.revoke")))
      .for("update", { of: certificates })
      .limit(1);
    if (!found) throw new AppError("certificate.not_found", "证书不存在");
    classRules.assert(ctx.actor, "revokeCertificate", found.klass, await classFacts(tx, found.klass, todayOf(deps), now));
    if (found.cert.status === "revoked") throw new AppError("certificate.already_revoked", "证书已撤销");
    const [after] = await tx
      .update(certificates)
      .set({ status: "revoked", revokedReason: reason, revokedAt: now, revokedBy: ctx.actor.userId })
      .where(eq(certificates.id, certificateId))
      .returning();
    await audit(tx, ctx, clock, {
      action: "certificate.revoked",
      entityType: "certificate",
      entityId: certificateId,
      regionCode: found.klass.regionCode,
      before: { status: "valid", number: found.cert.number },
      after: { status: "revoked", reason },
    });
    return after!;
  });
  const names = await repo.personsByIds(db, [row.personId]);
  return presentCertificate(row, names);
}

