/** "我的补贴": the logged-in trainee's own subsidy lines, and the certificates a skill-upgrading claim may name. */
import { and, desc, eq } from "drizzle-orm";
import type { MySubsidiesView } from "../../../../shared/src/contracts/subsidies.ts";
import type { Ctx, Deps } from "../../platform/context.ts";
import { readAll } from "../../platform/db/reads.ts";
import { dateInChina } from "../calendar/index.ts";
import { catalogueItems, occupations } from "../catalogue/index.ts";
import { certificates, classes } from "../classes/index.ts";
import { currentPersonCommitment } from "./commitment.ts";
import { policy2019 } from "./eligibility.ts";
import { myLineStatus } from "./my-subsidies.status.ts";
import { myPerson } from "./person-claims.ts";
import { subsidyClaimLines, subsidyClaims, subsidyNoticeLines, subsidyNotices } from "./subsidies.table.ts";

const LEVELLED = new Set(["skill_level", "vocational_qualification"]);

/**
 * Every subsidy line of the caller's own person record, newest first, with the trainee's status and
 * the plain reason; never another person's.
 * @throws person.no_profile
 */
export async function mySubsidies(deps: Deps, ctx: Ctx): Promise<MySubsidiesView> {
  const db = deps.db;
  const me = await myPerson(db, ctx);
  const today = dateInChina(deps.clock.now());
  const [rows, certs] = await readAll(db, [
    () => db
      .select({
        line: subsidyClaimLines,
        claim: subsidyClaims,
        classTitle: classes.title,
        certificateNumber: certificates.number,
        startsOn: subsidyNotices.startsOn,
        endsOn: subsidyNotices.endsOn,
      })
      .from(subsidyClaimLines)
      .innerJoin(subsidyClaims, eq(subsidyClaims.id, subsidyClaimLines.claimId))
      .leftJoin(classes, eq(classes.id, subsidyClaims.classId))
      .leftJoin(certificates, eq(certificates.id, subsidyClaimLines.certificateId))
      .leftJoin(subsidyNoticeLines, eq(subsidyNoticeLines.lineId, subsidyClaimLines.id))
      .leftJoin(subsidyNotices, eq(subsidyNotices.id, subsidyNoticeLines.noticeId))
      .where(eq(subsidyClaimLines.personId, me.id))
      .orderBy(desc(subsidyClaims.updatedAt), desc(subsidyClaimLines.id)),
    () => db
      .select({ cert: certificates, occupationName: occupations.name })
      .from(certificates)
      .innerJoin(classes, eq(classes.id, certificates.classId))
      .leftJoin(catalogueItems, eq(catalogueItems.id, classes.catalogueItemId))
      .leftJoin(occupations, eq(occupations.id, catalogueItems.occupationId))
      .where(and(eq(certificates.personId, me.id), eq(certificates.status, "valid")))
      .orderBy(desc(certificates.issueDate)),
  ]);
  const lines = rows.map((r) => {
    const l = r.line;
    const s = myLineStatus({
      eligible: l.eligible,
      reason: l.reason,
      checks: l.checks as { code: string; ok: boolean; reason: string }[],
      claimStatus: r.claim.status,
      returnReasons: r.claim.returnReasons as string[] | null,
      held: l.held,
      holdReason: l.holdReason,
      approved: l.approvedAt !== null,
      paid: l.paidAt !== null,
      notice: r.startsOn && r.endsOn ? { startsOn: r.startsOn, endsOn: r.endsOn } : null,
      today,
    });
    return {
      id: l.id,
      claimCode: r.claim.code,
      subsidyType: r.claim.subsidyType,
      classTitle: r.classTitle,
      certificateNumber: r.certificateNumber,
      payeeType: l.payeeType,
      payeeName: l.payeeName,
      amountFen: l.amountFen,
      status: s.status,
      reason: s.reason,
      checks: l.checks as { code: string; ok: boolean; reason: string }[],
      policyVersion: l.policyVersion,
      noticeEndsOn: r.endsOn,
      updatedAt: r.claim.updatedAt.toISOString(),
    };
  });
  const blocked = (c: typeof certificates.$inferSelect): string | null => {
    if (!LEVELLED.has(c.type) || !c.level || policy2019.skillUpgrading.amountFenByLevel[c.level] === undefined) return "技能提升补贴限五级、四级、三级职业资格或技能等级证书";
    const mine = rows.filter((r) => r.line.certificateId === c.id && r.line.eligible);
    if (mine.some((r) => r.claim.subsidyType === "training" || r.claim.subsidyType === "evaluation")) return "该证书已享受培训补贴，不能同时申领技能提升补贴";
    if (rows.some((r) => r.claim.certificateId === c.id && r.claim.status !== "returned")) return "该证书已申领技能提升补贴";
    return null;
  };
  return {
    lines,
    certificates: certs.map(({ cert, occupationName }) => ({ id: cert.id, number: cert.number, type: cert.type, level: cert.level, issueDate: cert.issueDate, occupationName, blockedReason: blocked(cert) })),
    commitment: { version: currentPersonCommitment.version, text: currentPersonCommitment.text, hash: currentPersonCommitment.hash },
  };
}
