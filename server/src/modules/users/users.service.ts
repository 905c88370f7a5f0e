import { eq } from "drizzle-orm";
import type { CreateUserBody, GrantInput, UpdateUserBody, UserView } from "../../../../shared/src/contracts/users.ts";
import { passwordProblems } from "../../../../shared/src/password.ts";
import { generatePassword, hashPassword } from "../../platform/auth/password.ts";
import { scopeWhere } from "../../platform/auth/scope.ts";
import { audit } from "../../platform/audit/audit.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Ctx, Deps } from "../../platform/context.ts";
import type { Db } from "../../platform/db/db.ts";
import { AppError, constraintErrors, fromDatabaseError, invalid } from "../../platform/http/errors.ts";
import { institutionRegion } from "../institutions/index.ts";
import { departments } from "../reference/index.ts";
import { newId, toGrant } from "./auth.service.ts";
import { coversRegion } from "../../platform/auth/scope.ts";
import { checkGrants, type ScopeCheckLookups } from "./users.policy.ts";
import { presentUser } from "./users.presenter.ts";
import * as repo from "./users.repo.ts";
import { type AccountAction, type AccountFacts, type AccountRow, accountRules } from "./users.rules.ts";
import { users } from "./users.table.ts";

function lookups(db: Db): ScopeCheckLookups {
  return {
    institutionRegion: (id) => institutionRegion(db, id),
    regionExists: (code) => repo.regionExists(db, code),
    departmentExists: async (code) => (await db.select().from(departments).where(eq(departments.code, code)).limit(1)).length > 0,
  };
}

/** Seeing an account needs its home region in scope; acting on it needs more (users.rules.ts). */
const scopeOfUsers = (ctx: Ctx) => scopeWhere(ctx.actor, "user.read", { region: users.regionCode });

/** The facts the account rules need, for the grants of all `assignments` at once. */
async function accountFacts(db: Db, clock: Clock, assignments: repo.AssignmentRow[]): Promise<AccountFacts> {
  const institutionRegions = new Map<string, string | null>();
  for (const a of assignments) {
    if (a.institutionId && !institutionRegions.has(a.institutionId)) institutionRegions.set(a.institutionId, await institutionRegion(db, a.institutionId));
  }
  return { institutionRegions, now: clock.now() };
}

function accountRow(u: repo.UserRow, assignments: repo.AssignmentRow[]): AccountRow {
  return { id: u.id, status: u.status, regionCode: u.regionCode, lockedUntil: u.lockedUntil, grants: assignments.filter((a) => a.userId === u.id).map(toGrant) };
}

async function present(db: Db, clock: Clock, ctx: Ctx, rows: repo.UserRow[]): Promise<UserView[]> {
  const assignments = await repo.listAssignments(
    db,
    rows.map((r) => r.id),
  );
  const names = await repo.grantNames(
    db,
    rows.map((r) => r.regionCode),
    assignments,
  );
  const facts = await accountFacts(db, clock, assignments);
  return rows.map((u) => {
    const own = assignments.filter((a) => a.userId === u.id);
    return presentUser(u, own, names, accountRules.abilities(ctx.actor, accountRow(u, own), facts));
  });
}

export async function listUsers(
  deps: Deps,
  ctx: Ctx,
  q: { q?: string | undefined; regionCode?: string | undefined; role?: string | undefined; status?: string | undefined; page: number; pageSize: number },
) {
  const { rows, total } = await repo.listUsers(deps.db, scopeOfUsers(ctx), q);
  return { items: await present(deps.db, deps.clock, ctx, rows), total, page: q.page, pageSize: q.pageSize };
}

/** @throws user.not_found when outside the caller's scope */
export async function getUser(deps: Deps, ctx: Ctx, id: string): Promise<UserView> {
  const u = await repo.findUser(deps.db, id, scopeOfUsers(ctx));
  if (!u) throw new AppError("user.not_found", "用户不存在");
  return (await present(deps.db, deps.clock, ctx, [u]))[0]!;
}

async function validateGrants(db: Db, ctx: Ctx, grants: GrantInput[], regionCode: string | null): Promise<void> {
  const { issues, outside } = await checkGrants(ctx.actor, grants, lookups(db));
  if (regionCode !== null) {
    if (!(await repo.regionExists(db, regionCode))) issues.unshift({ path: "body.regionCode", code: "unknown_region", message: "未知的行政区划代码" });
    else if (!coversRegion(ctx.actor, "user.manage", regionCode)) outside.unshift(`body.regionCode: ${regionCode}`);
  }
  if (issues.length) throw invalid(issues);
  if (outside.length) throw new AppError("user.scope_outside", "只能在本人管理范围内授权", { outside });
}

function assignmentRows(userId: string, grants: GrantInput[], by: string | null, at: Date) {
  return grants.map((g) => ({
    id: newId(),
    userId,
    role: g.role,
    scopeType: g.scopeType,
    regionCode: g.scopeType === "region" || g.scopeType === "department" ? (g.regionCode ?? null) : g.scopeType === "province" ? "220000" : null,
    departmentCode: g.scopeType === "department" ? (g.departmentCode ?? null) : null,
    institutionId: g.scopeType === "institution" ? (g.institutionId ?? null) : null,
    createdAt: at,
    createdBy: by,
  }));
}

/**
 * Creates an account with role assignments inside the administrator's scope.
 * Without a password a temporary one is generated, returned once, and must be changed at first login.
 * @throws request.invalid, user.scope_outside, user.username_taken
 */
export async function createUser(deps: Deps, ctx: Ctx, input: CreateUserBody): Promise<{ user: UserView; temporaryPassword: string | null }> {
  const { db, clock } = deps;
  await validateGrants(db, ctx, input.grants, input.regionCode);
  if (input.password !== undefined) {
    const problems = passwordProblems(input.password, { username: input.username });
    if (problems.length) throw invalid(problems.map((m) => ({ path: "body.password", code: "weak_password", message: m })));
  }
  if (await repo.findUserByUsername(db, input.username)) throw new AppError("user.username_taken", "用户名已被使用");
  const temporaryPassword = input.password === undefined ? generatePassword() : null;
  const passwordHash = await hashPassword(input.password ?? temporaryPassword!);
  const created = await db
    .transaction((tx) =>
      insertAccount(tx, ctx, clock, {
        username: input.username,
        displayName: input.displayName,
        regionCode: input.regionCode,
        phone: input.phone ?? null,
        passwordHash,
        // an administrator-chosen password is still someone else's secret: change it at first login
        mustChangePassword: true,
        grants: input.grants,
      }),
    )
    .catch(mapUniqueUsername);
  return { user: (await present(db, clock, ctx, [created]))[0]!, temporaryPassword };
}

export interface NewAccount {
  username: string;
  displayName: string;
  regionCode: string;
  phone: string | null;
  passwordHash: string;
  mustChangePassword: boolean;
  grants: GrantInput[];
}

/**
 * Inserts an account with its role assignments and the `user.created` audit entry, inside the
 * caller's transaction. Grants are NOT checked against an administrator here: callers either
 * checked them (createUser) or create a fixed, self-scoped grant (institution self-registration).
 * A taken username surfaces as a unique violation on `users_username_uq` (see mapUniqueUsername).
 */
export async function insertAccount(tx: Db, ctx: Ctx, clock: Clock, a: NewAccount): Promise<repo.UserRow> {
  const now = clock.now();
  const id = newId();
  const u = await repo.insertUser(tx, {
    id,
    username: a.username,
    displayName: a.displayName,
    passwordHash: a.passwordHash,
    mustChangePassword: a.mustChangePassword,
    regionCode: a.regionCode,
    phone: a.phone,
    createdAt: now,
    updatedAt: now,
  });
  await repo.replaceAssignments(tx, id, assignmentRows(id, a.grants, ctx.actor.userId, now));
  await audit(tx, ctx, clock, { action: "user.created", entityType: "user", entityId: id, regionCode: a.regionCode, after: { ...u, grants: a.grants } });
  return u;
}

/**
 * Checks a password someone chose for their own new account (staff rule) and hashes it; run it
 * before opening the transaction (hashing is slow and PGlite runs one transaction at a time).
 * @throws request.invalid (at `path`, code weak_password), user.username_taken
 */
export async function preparePassword(db: Db, username: string, password: string, path = "body.password"): Promise<string> {
  const problems = passwordProblems(password, { username });
  if (problems.length) throw invalid(problems.map((m) => ({ path, code: "weak_password", message: m })));
  if (await repo.findUserByUsername(db, username)) throw new AppError("user.username_taken", "用户名已被使用");
  return hashPassword(password);
}

constraintErrors({ users_username_uq: ["user.username_taken", "用户名已被使用"] });

/** Kept for callers that translate inside their own flow; the error handler does the same. */
export function mapUniqueUsername(e: unknown): never {
  throw fromDatabaseError(e) ?? e;
}

/**
 * Loads an account in the caller's scope and asserts every action on it (account rules), before
 * any write. @throws user.not_found (out of scope), user.scope_outside (an administrator not
 * covering every grant of the account), user.self_change, user.invalid_state
 */
async function authorize(db: Db, clock: Clock, ctx: Ctx, id: string, actionsFor: (u: repo.UserRow) => readonly AccountAction[]) {
  const u = await repo.findUser(db, id, scopeOfUsers(ctx));
  if (!u) throw new AppError("user.not_found", "用户不存在");
  const assignments = await repo.listAssignments(db, [id]);
  const facts = await accountFacts(db, clock, assignments);
  for (const action of actionsFor(u)) accountRules.assert(ctx.actor, action, accountRow(u, assignments), facts);
  return { u, assignments };
}

/** What an edit asks for, as account actions (an edit that changes nothing still needs `edit`). */
function actionsOf(u: repo.UserRow, input: UpdateUserBody): AccountAction[] {
  const out: AccountAction[] = [];
  if (input.displayName !== undefined || input.phone !== undefined) out.push("edit");
  if (input.status !== undefined && input.status !== u.status) out.push(input.status === "disabled" ? "disable" : "enable");
  if (input.grants) out.push("changeGrants");
  return out.length ? out : ["edit"];
}

/**
 * Edits name, phone, status or grants; every check (account rules, new grants) runs before any
 * write, in one transaction. Disabling or changing grants closes the user's sessions.
 * @throws user.not_found, user.scope_outside, user.self_change, user.invalid_state, request.invalid
 */
export async function updateUser(deps: Deps, ctx: Ctx, id: string, input: UpdateUserBody): Promise<UserView> {
  const { db, clock } = deps;
  await db.transaction(async (tx) => {
    const { u, assignments: oldAssignments } = await authorize(tx, clock, ctx, id, (current) => actionsOf(current, input));
    if (input.grants) await validateGrants(tx, ctx, input.grants, null);
    const now = clock.now();
    const patch: Partial<typeof users.$inferInsert> = { updatedAt: now };
    if (input.displayName !== undefined) patch.displayName = input.displayName;
    if (input.phone !== undefined) patch.phone = input.phone;
    if (input.status !== undefined) patch.status = input.status;
    const after = await repo.updateUser(tx, id, patch);
    if (input.grants) await repo.replaceAssignments(tx, id, assignmentRows(id, input.grants, ctx.actor.userId, now));
    if (input.status === "disabled" || input.grants) await repo.deleteSessionsOf(tx, id);
    await audit(tx, ctx, clock, {
      action: "user.updated",
      entityType: "user",
      entityId: id,
      regionCode: u.regionCode,
      before: { ...u, grants: oldAssignments.map(toGrant) },
      after: { ...after, ...(input.grants ? { grants: input.grants } : {}) },
    });
  });
  return getUser(deps, ctx, id);
}

/**
 * Sets a new temporary password (returned once), unlocks the account and closes its sessions.
 * @throws user.not_found, user.scope_outside, user.self_change
 */
export async function resetPassword(deps: Deps, ctx: Ctx, id: string): Promise<{ user: UserView; temporaryPassword: string }> {
  const { db, clock } = deps;
  // refuse before the slow hash; asserted again inside the transaction that writes
  await authorize(db, clock, ctx, id, () => ["resetPassword"]);
  const temporaryPassword = generatePassword();
  const passwordHash = await hashPassword(temporaryPassword);
  await db.transaction(async (tx) => {
    const { u } = await authorize(tx, clock, ctx, id, () => ["resetPassword"]);
    await repo.updateUser(tx, id, { passwordHash, mustChangePassword: true, failedAttempts: 0, lockedUntil: null, updatedAt: clock.now() });
    await repo.deleteSessionsOf(tx, id);
    await audit(tx, ctx, clock, { action: "user.password_reset", entityType: "user", entityId: id, regionCode: u.regionCode });
  });
  return { user: await getUser(deps, ctx, id), temporaryPassword };
}

/**
 * Ends a lockout after too many failed logins, keeping the password.
 * @throws user.not_found, user.scope_outside, user.invalid_state (not locked)
 */
export async function unlockUser(deps: Deps, ctx: Ctx, id: string): Promise<UserView> {
  const { db, clock } = deps;
  await db.transaction(async (tx) => {
    const { u } = await authorize(tx, clock, ctx, id, () => ["unlock"]);
    await repo.updateUser(tx, id, { failedAttempts: 0, lockedUntil: null, updatedAt: clock.now() });
    await audit(tx, ctx, clock, { action: "user.unlocked", entityType: "user", entityId: id, regionCode: u.regionCode, before: { lockedUntil: u.lockedUntil } });
  });
  return getUser(deps, ctx, id);
}
