import type { Ctx } from "../../platform/context.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/db.ts";
import { audit } from "../../platform/audit/audit.ts";
import { newId } from "./auth.service.ts";
import * as repo from "./users.repo.ts";

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
  input: { username: string; displayName: string; regionCode: string; phone: string | null; passwordHash: string },
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
    createdAt: now,
    updatedAt: now,
  });
  await repo.replaceAssignments(tx, id, [
    { id: newId(), userId: id, role: "trainee", scopeType: "self", regionCode: null, departmentCode: null, institutionId: null, createdAt: now, createdBy: ctx.actor.userId },
  ]);
  await audit(tx, ctx, clock, { action: "user.created", entityType: "user", entityId: id, regionCode: input.regionCode, after: { ...u, grants: [{ role: "trainee", scopeType: "self" }] } });
  return { id };
}
