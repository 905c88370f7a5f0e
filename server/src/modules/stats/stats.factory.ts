import { randomUUID } from "node:crypto";
import type { TestEnv } from "../../../test/harness.ts";
import { certificates, type ClassStatus, classEnrollments, classes } from "../classes/index.ts";

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
