import type { Ctx } from "../../platform/context.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/db.ts";
import { audit } from "../../platform/audit/audit.ts";
import { eq } from "drizzle-orm";
import { generateReadableCode, hashPassword } from "../../platform/auth/password.ts";
import { AppError } from "../../platform/http/errors.ts";
import { newId } from "./auth.service.ts";
import * as repo from "./users.repo.ts";
import { sessions, users } from "./users.table.ts";

/**
 * Creates a trainee's own login (role `trainee`, scope `self`) inside the caller's transaction.
 * The password hash is made by the caller; the account must change it at first login.
 * Used by the trainees module, which owns the link from person to user.
 * @returns null when the username is already taken
 */
export async function insertTraineeUser(
  tx: Db,
  ctx: Ctx,
  clock: Clock,
  input: { username: string; displayName: string; regionCode: string; phone: string | null; passwordHash: string; loginIdHash: string | null },
): Promise<{ id: string } | null> {
  if (await repo.findUserByUsername(tx, input.username)) return null;
  const now = clock.now();
  const id = newId();
  const u = await repo.insertUser(tx, {
    id,
    username: input.username,
    displayName: input.displayName,
    passwordHash: input.passwordHash,
    mustChangePassword: true,
    regionCode: input.regionCode,
    phone: input.phone,
    loginIdHash: input.loginIdHash,
    createdAt: now,
    updatedAt: now,
  });
  await repo.replaceAssignments(tx, id, [
    { id: newId(), userId: id, role: "trainee", scopeType: "self", regionCode: null, departmentCode: null, institutionId: null, createdAt: now, createdBy: ctx.actor.userId },
  ]);
  await audit(tx, ctx, clock, { action: "user.created", entityType: "user", entityId: id, regionCode: input.regionCode, after: { ...u, grants: [{ role: "trainee", scopeType: "self" }] } });
  return { id };
}

/**
 * A forgotten trainee password: a one-time code replaces it, shown once to whoever reset it (the
 * trainee's institution or county, checked by the trainees module's rules), to be changed at the
 * next login. Every open session of the account ends; the reset is audited on the account.
 * @throws user.not_found
 */
export async function resetTraineePassword(tx: Db, ctx: Ctx, clock: Clock, userId: string): Promise<{ username: string; oneTimeCode: string }> {
  const [u] = await tx.select().from(users).where(eq(users.id, userId)).for("update").limit(1);
  if (!u) throw new AppError("user.not_found", "账号不存在");
  const oneTimeCode = generateReadableCode();
  await repo.updateUser(tx, u.id, { passwordHash: await hashPassword(oneTimeCode), mustChangePassword: true, failedAttempts: 0, lockedUntil: null, updatedAt: clock.now() });
  await tx.delete(sessions).where(eq(sessions.userId, u.id));
  await audit(tx, ctx, clock, { action: "user.password_reset", entityType: "user", entityId: u.id, regionCode: u.regionCode, after: { oneTimeCode: "（仅向经办人显示一次）", by: "trainee_reset" } });
  return { username: u.username, oneTimeCode };
}
