import { randomUUID } from "node:crypto";
import type { TestEnv } from "../../../test/harness.ts";
import { certificates, type ClassStatus, classEnrollments, classes } from "../classes/index.ts";
import { subsidyClaimLines, subsidyClaims, subsidyNoticeLines, subsidyNotices, subsidyObjections } from "../subsidies/index.ts";

/**
 * Statistics tests write classes, rosters and certificates straight into the tables (the triggers
 * mark them as any service write would), so a scenario can sit at any status and date.
 */
export async function insertClass(
  env: TestEnv,
  o: { institutionId: string; regionCode: string; itemId: string; status: ClassStatus; startDate: string; endDate: string; programCode?: string; trainingType?: string },
): Promise<string> {
  const id = randomUUID();
  const at = env.clock.now();
  await env.deps.db.insert(classes).values({
    id,
    code: `KB-${o.regionCode}-T-${id.slice(0, 8)}`,
    institutionId: o.institutionId,
    regionCode: o.regionCode,
    catalogueItemId: o.itemId,
    programCode: o.programCode ?? "K1",
    title: "统计测试班",
    trainingType: o.trainingType ?? "employment",
    certificateType: "training_completion",
    skillLevel: "4",
    mode: "offline",
    address: "人民大街 1 号",
    lat: 43.88,
    lng: 125.32,
    startDate: o.startDate,
    endDate: o.endDate,
    capacity: 60,
    assessmentPlan: "结业考核",
    status: o.status,
    createdAt: at,
    updatedAt: at,
  });
  return id;
}

export async function enroll(env: TestEnv, classId: string, personId: string, o: { result?: "pass" | "fail" | "absent" } = {}): Promise<string> {
  const id = randomUUID();
  await env.deps.db.insert(classEnrollments).values({ id, classId, personId, enrolledAt: env.clock.now(), result: o.result ?? null });
  return id;
}

export async function certify(env: TestEnv, o: { enrollmentId: string; classId: string; personId: string; issuerInstitutionId: string; issueDate: string }): Promise<string> {
  const id = randomUUID();
  await env.deps.db.insert(certificates).values({
    id,
    enrollmentId: o.enrollmentId,
    personId: o.personId,
    classId: o.classId,
    type: "training_completion",
    number: `T${id.slice(0, 12)}`,
    issueDate: o.issueDate,
    issuerInstitutionId: o.issuerInstitutionId,
    verifyToken: id,
    createdAt: env.clock.now(),
  });
  return id;
}

/**
 * A subsidy claim with its lines, written straight into the subsidies tables (the triggers mark the
 * class). A class claim names its class and institution; a person's own claim (skill-upgrading)
 * its person and certificate. A line with `paidAt` has been paid by the payment step.
 */
export async function insertClaim(
  env: TestEnv,
  o: {
    type: "training" | "evaluation" | "living_allowance" | "skill_upgrading";
    regionCode: string;
    classId?: string;
    institutionId?: string;
    personId?: string;
    certificateId?: string;
    lines: { personId: string; amountFen: number; paidAt?: string | null }[];
  },
): Promise<{ claimId: string; lineIds: string[] }> {
  const claimId = randomUUID();
  const at = env.clock.now();
  const db = env.deps.db;
  await db.insert(subsidyClaims).values({
    id: claimId,
    code: `BT-${claimId.slice(0, 12)}`,
    classId: o.classId ?? null,
    institutionId: o.institutionId ?? null,
    personId: o.personId ?? null,
    certificateId: o.certificateId ?? null,
    regionCode: o.regionCode,
    subsidyType: o.type,
    status: "approved",
    totalFen: o.lines.reduce((n, l) => n + l.amountFen, 0),
    standard: {},
    policyVersion: "test",
    createdAt: at,
    updatedAt: at,
  });
  const lineIds: string[] = [];
  for (const l of o.lines) {
    const id = randomUUID();
    lineIds.push(id);
    await db.insert(subsidyClaimLines).values({
      id,
      claimId,
      personId: l.personId,
      eligible: l.amountFen > 0,
      reason: l.amountFen > 0 ? "符合条件" : "不符合条件",
      checks: [],
      inputs: {},
      policyVersion: "test",
      amountFen: l.amountFen,
      payeeType: o.type === "skill_upgrading" || o.type === "living_allowance" ? "person" : "institution",
      payeeId: o.type === "skill_upgrading" || o.type === "living_allowance" ? l.personId : (o.institutionId ?? l.personId),
      payeeName: "收款人",
      approvedAt: at,
      paidAt: l.paidAt ? new Date(l.paidAt) : null,
    });
  }
  return { claimId, lineIds };
}

/** A 公示 of `lineIds` published at `publishedAt`, with objections to some of its lines. */
export async function insertNotice(
  env: TestEnv,
  o: { regionCode: string; publishedAt: string; lineIds: string[]; objections?: { lineId: string; status: "open" | "upheld" | "dismissed" }[] },
): Promise<string> {
  const db = env.deps.db;
  const id = randomUUID();
  const at = new Date(o.publishedAt);
  await db.insert(subsidyNotices).values({ id, code: `GS-${id.slice(0, 12)}`, title: "补贴公示", regionCode: o.regionCode, startsOn: o.publishedAt.slice(0, 10), endsOn: o.publishedAt.slice(0, 10), publishedAt: at });
  for (const lineId of o.lineIds) await db.insert(subsidyNoticeLines).values({ noticeId: id, lineId });
  for (const x of o.objections ?? []) {
    const decided = x.status !== "open";
    await db.insert(subsidyObjections).values({
      id: randomUUID(),
      noticeId: id,
      lineId: x.lineId,
      contactName: "异议人",
      contactPhone: "13800000000",
      content: "异议内容",
      status: x.status,
      decisionReason: decided ? "核实" : null,
      decidedAt: decided ? at : null,
      createdAt: at,
    });
  }
  return id;
}
