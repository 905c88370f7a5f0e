import { createHash, randomBytes, randomUUID } from "node:crypto";
import { passwordProblems } from "../../../../shared/src/password.ts";
import { type Actor, type Grant, userActor } from "../../platform/auth/actor.ts";
import { burnPasswordTime, hashPassword, verifyPassword } from "../../platform/auth/password.ts";
import { audit } from "../../platform/audit/audit.ts";
import type { Ctx, Deps } from "../../platform/context.ts";
import { AppError } from "../../platform/http/errors.ts";
import type { CounterStore } from "../../platform/http/rate-limit.ts";
import type { RoleName } from "../../../../shared/src/permissions.ts";
import * as repo from "./users.repo.ts";

export const MAX_FAILED_ATTEMPTS = 5;
export const LOCK_MINUTES = 15;
/**
 * A session's last-seen time is written when it is at least this old (not on every request, to
 * spare the hot path a write), so the recorded time trails the true last use by less than this.
 * Idle expiry therefore allows this much on top of the idle time: a session never ends early, and
 * at most this much late.
 */
export const TOUCH_SLACK_MS = 5_000;

export function sessionIdOf(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}

export function toGrant(a: repo.AssignmentRow): Grant {
  return {
    role: a.role as RoleName,
    scopeType: a.scopeType,
    regionCode: a.regionCode,
    departmentCode: a.departmentCode,
    institutionId: a.institutionId,
  };
}

/**
 * Failed logins of usernames that do not exist, kept beside the rate limits (not in the database:
 * there is no row to count on), so an unknown name is "locked" after as many failures as a known
 * one and the answers cannot tell them apart.
 */
const unknownKey = (username: string) => `login-unknown|${username.toLowerCase()}`;

function lockedError(lockedUntil: Date): AppError {
  return new AppError("auth.locked", "连续登录失败次数过多，账号已临时锁定", { lockedUntil: lockedUntil.toISOString() });
}

/**
 * Whom a login name means: a username, else (trainees) an ID number — matched by its keyed hash —
 * or a mobile number held by exactly one trainee account.
 */
async function findLoginUser(deps: Deps, name: string): Promise<repo.UserRow | undefined> {
  const byName = await repo.findUserByUsername(deps.db, name);
  if (byName) return byName;
  const id = name.trim().toUpperCase();
  if (/^\d{17}[\dX]$/.test(id)) return repo.findUserByLoginId(deps.db, { idHash: deps.crypto.lookupHash(id) });
  if (/^1\d{10}$/.test(name.trim())) return repo.findUserByLoginId(deps.db, { phone: name.trim() });
  return undefined;
}

/**
 * Checks a login name (username, or a trainee's ID number or phone) and password and opens a session. Unknown usernames get the same answers,
 * in about the same time (one password hash check and one audited write), as known ones with a
 * wrong password — including the lockout — so the answers do not tell which usernames exist.
 * Per-address throttling is the route's `failureBackoff`.
 * @throws auth.invalid_credentials, auth.locked (5 failures ⇒ 15 minutes), auth.disabled
 * @returns the session token for the cookie
 */
export async function login(
  deps: Deps,
  ctx: Ctx,
  input: { username: string; password: string; userAgent: string | null },
  counters: CounterStore,
): Promise<{ token: string; mustChangePassword: boolean }> {
  const { db, clock } = deps;
  const now = clock.now();
  const user = await findLoginUser(deps, input.username);
  if (!user) {
    const lockedUntil = await failUnknown(deps, ctx, counters, input);
    throw lockedUntil ? lockedError(lockedUntil) : new AppError("auth.invalid_credentials", "用户名或密码错误");
  }
  if (user.lockedUntil && user.lockedUntil > now) throw lockedError(user.lockedUntil);
  const ok = await verifyPassword(user.passwordHash, input.password);
  const asUser: Ctx = { ...ctx, actor: { ...ctx.actor, kind: "user", userId: user.id, username: user.username } };
  if (!ok) {
    const failures = user.failedAttempts + 1;
    const lock = failures >= MAX_FAILED_ATTEMPTS;
    const lockedUntil = lock ? new Date(now.getTime() + LOCK_MINUTES * 60_000) : null;
    await db.transaction(async (tx) => {
      await repo.updateUser(tx, user.id, { failedAttempts: lock ? 0 : failures, lockedUntil });
      await audit(tx, asUser, clock, {
        action: lock ? "auth.locked" : "auth.login_failed",
        entityType: "user",
        entityId: user.id,
        regionCode: user.regionCode,
        after: { failedAttempts: failures, lockedUntil },
      });
    });
    // no remainingAttempts: only known usernames could be told it
    if (lock) throw lockedError(lockedUntil!);
    throw new AppError("auth.invalid_credentials", "用户名或密码错误");
  }
  if (user.status !== "active") throw new AppError("auth.disabled", "账号已停用，请联系管理员");
  const token = randomBytes(32).toString("base64url");
  await db.transaction(async (tx) => {
    await repo.updateUser(tx, user.id, { failedAttempts: 0, lockedUntil: null, lastLoginAt: now });
    await repo.insertSession(tx, {
      id: sessionIdOf(token),
      userId: user.id,
      createdAt: now,
      lastSeenAt: now,
      clientIp: ctx.clientIp,
      userAgent: input.userAgent?.slice(0, 300) ?? null,
    });
    await audit(tx, asUser, clock, { action: "auth.login", entityType: "user", entityId: user.id, regionCode: user.regionCode });
  });
  return { token, mustChangePassword: user.mustChangePassword };
}

/**
 * A failed login of an unknown username, mirroring a known one: locked ⇒ answer at once; else the
 * hash check, a failure count (locking at the fifth) and an audit entry (useful on its own: it
 * shows name guessing). Returns the lock's end when locked.
 */
async function failUnknown(deps: Deps, ctx: Ctx, counters: CounterStore, input: { username: string; password: string }): Promise<Date | null> {
  const { db, clock } = deps;
  const now = clock.now().getTime();
  const key = unknownKey(input.username);
  const lockMs = LOCK_MINUTES * 60_000;
  const current = await counters.update<{ failures: number; lockedUntil: number | null }>(key, now, (c) => (c ? { value: c, expiresAt: (c.lockedUntil ?? now) + lockMs } : undefined));
  if (current?.lockedUntil && current.lockedUntil > now) return new Date(current.lockedUntil);
  await burnPasswordTime(input.password);
  const after = await counters.update<{ failures: number; lockedUntil: number | null }>(key, now, (c) => {
    const failures = (c && !(c.lockedUntil && c.lockedUntil <= now) ? c.failures : 0) + 1;
    const lockedUntil = failures >= MAX_FAILED_ATTEMPTS ? now + lockMs : null;
    // like a known account: the count starts again after a lock, and is forgotten with it
    return { value: { failures: lockedUntil ? 0 : failures, lockedUntil }, expiresAt: now + lockMs };
  });
  await db.transaction(async (tx) => {
    await audit(tx, ctx, clock, {
      action: after?.lockedUntil ? "auth.locked" : "auth.login_failed",
      entityType: "user",
      entityId: null,
      after: { username: input.username.slice(0, 64), unknownUser: true },
    });
  });
  return after?.lockedUntil ? new Date(after.lockedUntil) : null;
}

/**
 * Resolves a session cookie to an actor, or null when absent, expired (idle, or past its absolute
 * lifetime) or disabled. One query: session, user, grants, and the last-seen refresh when the
 * recorded time is older than TOUCH_SLACK_MS.
 */
export async function resolveSession(deps: Deps, token: string): Promise<{ actor: Actor; sessionId: string } | null> {
  const { db, clock, config } = deps;
  const sessionId = sessionIdOf(token);
  const now = clock.now();
  const idleMs = config.sessionIdleMinutes * 60_000 + TOUCH_SLACK_MS;
  const found = await repo.findSessionForRequest(db, sessionId, now, new Date(now.getTime() - TOUCH_SLACK_MS), new Date(now.getTime() - idleMs));
  if (!found) return null;
  const idle = now.getTime() - found.lastSeenAt.getTime() > idleMs;
  const tooOld = now.getTime() - found.createdAt.getTime() >= config.sessionMaxHours * 3_600_000;
  if (idle || tooOld || found.user.status !== "active") {
    await repo.deleteSession(db, sessionId);
    return null;
  }
  const grants: Grant[] = found.grants.map((g) => ({ ...g, role: g.role as RoleName }));
  return { actor: userActor(found.user, grants), sessionId };
}

export async function logout(deps: Deps, ctx: Ctx, sessionId: string): Promise<void> {
  await deps.db.transaction(async (tx) => {
    await repo.deleteSession(tx, sessionId);
    await audit(tx, ctx, deps.clock, { action: "auth.logout", entityType: "user", entityId: ctx.actor.userId, regionCode: ctx.actor.regionCode });
  });
}

/**
 * Changes the caller's own password; other sessions of the user are closed.
 * @throws auth.wrong_password, auth.weak_password (details.problems)
 */
export async function changePassword(deps: Deps, ctx: Ctx, sessionId: string, input: { currentPassword: string; newPassword: string }): Promise<void> {
  const { db, clock } = deps;
  const userId = ctx.actor.userId;
  if (!userId) throw new AppError("auth.required");
  const user = await repo.findUserByUsername(db, ctx.actor.username);
  if (!user || user.id !== userId) throw new AppError("auth.required");
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) throw new AppError("auth.wrong_password", "当前密码不正确");
  const problems = passwordProblems(input.newPassword, { username: user.username });
  if (input.newPassword === input.currentPassword) problems.push("新密码不能与当前密码相同");
  if (problems.length) throw new AppError("auth.weak_password", problems.join("；"), { problems });
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction(async (tx) => {
    await repo.updateUser(tx, userId, { passwordHash, mustChangePassword: false, passwordChangedAt: clock.now(), updatedAt: clock.now() });
    // keep the session that made the change, with its age (the absolute lifetime still counts from login)
    await repo.deleteSessionsOf(tx, userId, sessionId);
    await audit(tx, ctx, clock, { action: "auth.password_changed", entityType: "user", entityId: userId, regionCode: user.regionCode });
  });
}

export const newId = (): string => randomUUID();
