/**
 * Cross-module test factories: users and grants. One owner per factory elsewhere:
 * institutions, catalogue items, persons and classes — server/src/modules/classes/classes.factory.ts
 * (makeInstitution, makeItem, makePersons, makeClass through the services, makeClassRow inserted in
 * any status); ID numbers — server/src/modules/trainees/trainees.factory.ts (makeIdNumber,
 * nextIdNumber); credit codes and institutions registered through HTTP — institutions.factory.ts.
 */
import { randomBytes } from "node:crypto";
import type { GrantInput } from "../../shared/src/contracts/users.ts";
import { createUser } from "../src/modules/users/users.service.ts";
import { users } from "../src/modules/users/users.table.ts";
import { eq } from "drizzle-orm";
import { login, type Session, type TestEnv } from "./harness.ts";

export const TEST_PASSWORD = "Test-Passw0rd!";

let n = 0;
export function uniqueName(prefix = "u"): string {
  n++;
  return `${prefix}${n}_${randomBytes(3).toString("hex")}`;
}

export interface MadeUser {
  id: string;
  username: string;
  password: string;
  session: () => Promise<Session>;
}

/**
 * Creates an active user (password already changed) with the given grants, as the system actor.
 * Defaults: an HRSS officer for 长春市南关区.
 */
export async function makeUser(
  env: TestEnv,
  o: { username?: string; regionCode?: string; grants?: GrantInput[]; displayName?: string } = {},
): Promise<MadeUser> {
  const regionCode = o.regionCode ?? "220102";
  const username = o.username ?? uniqueName();
  const r = await createUser(env.deps, env.system, {
    username,
    displayName: o.displayName ?? `测试用户${username}`,
    regionCode,
    password: TEST_PASSWORD,
    grants: o.grants ?? [{ role: "hrss_officer", scopeType: "region", regionCode }],
  });
  await env.deps.db.update(users).set({ mustChangePassword: false }).where(eq(users.id, r.user.id));
  return { id: r.user.id, username, password: TEST_PASSWORD, session: () => login(env.app, username, TEST_PASSWORD) };
}

export const grant = {
  admin: (regionCode = "220000"): GrantInput =>
    regionCode === "220000" ? { role: "admin", scopeType: "province" } : { role: "admin", scopeType: "region", regionCode },
  officer: (regionCode: string): GrantInput =>
    regionCode === "220000" ? { role: "hrss_officer", scopeType: "province" } : { role: "hrss_officer", scopeType: "region", regionCode },
  auditor: (regionCode = "220000"): GrantInput =>
    regionCode === "220000" ? { role: "auditor", scopeType: "province" } : { role: "auditor", scopeType: "region", regionCode },
  dept: (departmentCode: string): GrantInput => ({ role: "dept_officer", scopeType: "department", departmentCode }),
  institution: (institutionId: string, role: "institution_staff" | "evaluator_staff" | "enterprise_hr" = "institution_staff"): GrantInput => ({
    role,
    scopeType: "institution",
    institutionId,
  }),
};
