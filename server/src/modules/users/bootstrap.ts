import { passwordProblems } from "../../../../shared/src/password.ts";
import { systemActor } from "../../platform/auth/actor.ts";
import { generatePassword, hashPassword } from "../../platform/auth/password.ts";
import { audit } from "../../platform/audit/audit.ts";
import type { Deps } from "../../platform/context.ts";
import { newId } from "./auth.service.ts";
import * as repo from "./users.repo.ts";

/**
 * On an empty database, creates the province administrator `admin`: with ADMIN_PASSWORD, or a
 * generated password that is returned (to be printed once) and must be changed at first login.
 */
export async function ensureAdmin(deps: Deps, adminPassword: string | undefined): Promise<{ created: boolean; generatedPassword: string | null }> {
  const { db, clock } = deps;
  if (await repo.findUserByUsername(db, "admin")) return { created: false, generatedPassword: null };
  if (adminPassword !== undefined) {
    const problems = passwordProblems(adminPassword, { username: "admin" });
    if (problems.length) throw new Error(`ADMIN_PASSWORD is too weak: ${problems.join("; ")}`);
  }
  const generated = adminPassword === undefined ? generatePassword() : null;
  const passwordHash = await hashPassword(adminPassword ?? generated!);
  const now = clock.now();
  const id = newId();
  await db.transaction(async (tx) => {
    const u = await repo.insertUser(tx, {
      id,
      username: "admin",
      displayName: "省级系统管理员",
      passwordHash,
      mustChangePassword: generated !== null,
      regionCode: "220000",
      createdAt: now,
      updatedAt: now,
    });
    await repo.replaceAssignments(tx, id, [
      { id: newId(), userId: id, role: "admin", scopeType: "province", regionCode: "220000", departmentCode: null, institutionId: null, createdAt: now, createdBy: null },
    ]);
    await audit(tx, { actor: systemActor, requestId: "bootstrap", clientIp: null }, clock, {
      action: "user.created",
      entityType: "user",
      entityId: id,
      regionCode: "220000",
      after: u,
    });
  });
  return { created: true, generatedPassword: generated };
}
