import { eq } from "drizzle-orm";
import { generatePassword, hashPassword } from "../../platform/auth/password.ts";
import { audit } from "../../platform/audit/audit.ts";
import type { Ctx, Deps } from "../../platform/context.ts";
import type { Db } from "../../platform/db/db.ts";
import { AppError } from "../../platform/http/errors.ts";
import { insertTraineeUser, resetTraineePassword, users } from "../users/index.ts";
import { personScope } from "./trainees.policy.ts";
import { personRuleRow } from "./trainees.presenter.ts";
import { findPerson, loadDetails } from "./trainees.repo.ts";
import { personRules } from "./trainees.row-rules.ts";
import { personFacts, type TraineesDeps } from "./trainees.service.ts";
import { persons } from "./trainees.table.ts";

export interface TraineeAccount {
  userId: string;
  username: string;
  /** shown once, for the institution to hand over; null when the account already existed */
  temporaryPassword: string | null;
  created: boolean;
}

/**
 * Gives the person a login of their own (role `trainee`, scope `self`), once. The username is
 * derived from the person's id ("t" + 10 hex digits) so it is stable and reveals nothing; the
 * generated password is returned once and must be changed at first login. Call inside the
 * caller's transaction; takes `deps` (beside the tx) for the clock, hashing and audit.
 * @throws person.not_found
 */
export async function ensureTraineeAccount(deps: Pick<Deps, "clock">, tx: Db, ctx: Ctx, personId: string): Promise<TraineeAccount> {
  const [p] = await tx.select().from(persons).where(eq(persons.id, personId)).for("update").limit(1);
  if (!p) throw new AppError("person.not_found", "人员不存在");
  if (p.userId) {
    const [u] = await tx.select({ username: users.username }).from(users).where(eq(users.id, p.userId)).limit(1);
    return { userId: p.userId, username: u?.username ?? "", temporaryPassword: null, created: false };
  }
  const temporaryPassword = generatePassword();
  const passwordHash = await hashPassword(temporaryPassword);
  const hex = p.id.replace(/-/g, "");
  for (const len of [10, 16, 32]) {
    const username = `t${hex.slice(0, len)}`;
    const u = await insertTraineeUser(tx, ctx, deps.clock, {
      username,
      displayName: p.name,
      regionCode: p.residenceRegionCode,
      phone: p.phone,
      passwordHash,
      // the trainee logs in with the ID number itself; the account keeps only its keyed hash
      loginIdHash: p.idNumberHash,
    });
    if (!u) continue;
    await tx.update(persons).set({ userId: u.id, updatedAt: deps.clock.now() }).where(eq(persons.id, p.id));
    await audit(tx, ctx, deps.clock, {
      action: "person.account_created",
      entityType: "person",
      entityId: p.id,
      regionCode: p.residenceRegionCode,
      after: { userId: u.id, username },
    });
    return { userId: u.id, username, temporaryPassword, created: true };
  }
  throw new Error("could not derive a free trainee username");
}

/**
 * Route use case: the person must be within the caller's person.register scope, and the caller
 * must be one who may see the whole record (the account's temporary password goes to them): an
 * officer of the residence, the registering institution, or one with the person in an approved class.
 * @throws person.not_found, auth.forbidden
 */
export async function createTraineeAccount(deps: TraineesDeps, ctx: Ctx, personId: string): Promise<TraineeAccount> {
  return deps.db.transaction(async (tx) => {
    const p = await findPerson(tx, personId, personScope(ctx.actor, "person.register", deps.enrollments));
    if (!p) throw new AppError("person.not_found", "人员不存在");
    const d = (await loadDetails(tx, [p.id])).get(p.id)!;
    const facts = { enrolledWith: (await personFacts(deps, tx, ctx, [p.id])).get(p.id) ?? new Set<string>() };
    const verdict = personRules.check(ctx.actor, "createAccount", personRuleRow(p, d), facts);
    // an existing account is handed back as before (no password), so only "not a party" refuses
    if (!verdict.ok && verdict.reason !== "hasAccount") throw new AppError(verdict.code, verdict.message, verdict.details);
    return ensureTraineeAccount(deps, tx, ctx, personId);
  });
}

/**
 * A trainee forgot the password: whoever may hand out the account (the residence county, the
 * registering institution, one with the person in an approved class) gets a one-time code to pass
 * on; it must be changed at the next login. Audited on the account (user.password_reset).
 * @throws person.not_found (out of scope), auth.forbidden (not a party), person.no_account
 */
export async function resetTraineeAccount(deps: TraineesDeps, ctx: Ctx, personId: string): Promise<{ username: string; oneTimeCode: string }> {
  return deps.db.transaction(async (tx) => {
    const p = await findPerson(tx, personId, personScope(ctx.actor, "person.register", deps.enrollments));
    if (!p) throw new AppError("person.not_found", "人员不存在");
    const d = (await loadDetails(tx, [p.id])).get(p.id)!;
    const facts = { enrolledWith: (await personFacts(deps, tx, ctx, [p.id])).get(p.id) ?? new Set<string>() };
    personRules.assert(ctx.actor, "resetPassword", personRuleRow(p, d), facts);
    return resetTraineePassword(tx, ctx, deps.clock, p.userId!);
  });
}
