import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { okResponse, uuid } from "../../../../shared/src/contracts/common.ts";
import {
  changePasswordBody,
  createUserBody,
  listUsersQuery,
  loginBody,
  meView,
  updateUserBody,
  userList,
  userView,
  userWithPassword,
} from "../../../../shared/src/contracts/users.ts";
import { SESSION_COOKIE } from "../../platform/http/access.ts";
import type { Deps } from "../../platform/context.ts";
import { AppError } from "../../platform/http/errors.ts";
import * as auth from "./auth.service.ts";
import { presentGrant } from "./users.presenter.ts";
import * as repo from "./users.repo.ts";
import * as users from "./users.service.ts";
import { registerUserExports } from "./users.exports.ts";

const idParams = z.strictObject({ id: uuid });

/**
 * Failed logins from one address: 10 free, then 2 s, 4 s, 8 s … up to 30 minutes between tries
 * (a guessing client slows to a crawl; an office behind one address keeps working).
 */
const LOGIN_BACKOFF = { free: 10, baseSeconds: 2, maxSeconds: 1800, forgetSeconds: 900 };

export function usersRoutes(deps: Deps) {
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const cookieOpts = { path: "/", httpOnly: true, sameSite: "strict" as const, secure: deps.config.secureCookies };

    app.post(
      "/api/auth/login",
      { config: { access: "public", failureBackoff: LOGIN_BACKOFF }, schema: { tags: ["auth"], summary: "登录", body: loginBody, response: { 200: z.object({ mustChangePassword: z.boolean() }) } } },
      async (req, reply) => {
        const r = await auth.login(deps, req.ctx, { ...req.body, userAgent: req.headers["user-agent"] ?? null }, fastify.counters);
        reply.setCookie(SESSION_COOKIE, r.token, cookieOpts);
        return { mustChangePassword: r.mustChangePassword };
      },
    );

    app.post(
      "/api/auth/logout",
      { config: { access: "authenticated", duringPasswordChange: true }, schema: { tags: ["auth"], summary: "退出登录", response: { 200: okResponse } } },
      async (req, reply) => {
        if (req.sessionId) await auth.logout(deps, req.ctx, req.sessionId);
        reply.clearCookie(SESSION_COOKIE, cookieOpts);
        return { ok: true as const };
      },
    );

    app.post(
      "/api/auth/change-password",
      {
        config: { access: "authenticated", duringPasswordChange: true },
        schema: { tags: ["auth"], summary: "修改本人密码", body: changePasswordBody, response: { 200: okResponse } },
      },
      async (req) => {
        if (!req.sessionId) throw new AppError("auth.required");
        await auth.changePassword(deps, req.ctx, req.sessionId, req.body);
        return { ok: true as const };
      },
    );

    app.get(
      "/api/me",
      { config: { access: "authenticated", duringPasswordChange: true }, schema: { tags: ["auth"], summary: "当前用户、角色与权限", response: { 200: meView } } },
      async (req) => {
        const a = req.ctx.actor;
        const u = await repo.findUserByUsername(deps.db, a.username);
        if (!u) throw new AppError("auth.required");
        const names = await repo.grantNames(deps.db, [u.regionCode], a.grants);
        return {
          user: {
            id: u.id,
            username: u.username,
            displayName: u.displayName,
            regionCode: u.regionCode,
            regionName: names.regions.get(u.regionCode) ?? u.regionCode,
            mustChangePassword: u.mustChangePassword,
          },
          grants: a.grants.map((g) => presentGrant(g, names)),
          permissions: [...a.permissions].sort(),
          sessionIdleMinutes: deps.config.sessionIdleMinutes,
        };
      },
    );

    app.get(
      "/api/users",
      { config: { access: "user.read" }, schema: { tags: ["users"], summary: "用户列表（按本人范围过滤）", querystring: listUsersQuery, response: { 200: userList } } },
      async (req) => users.listUsers(deps, req.ctx, req.query),
    );

    app.get(
      "/api/users/:id",
      { config: { access: "user.read" }, schema: { tags: ["users"], summary: "用户详情", params: idParams, response: { 200: userView } } },
      async (req) => users.getUser(deps, req.ctx, req.params.id),
    );

    app.post(
      "/api/users",
      {
        config: { access: "user.manage" },
        schema: { tags: ["users"], summary: "创建用户并授权（仅限本人管理范围）", body: createUserBody, response: { 201: userWithPassword } },
      },
      async (req, reply) => {
        reply.status(201);
        return users.createUser(deps, req.ctx, req.body);
      },
    );

    app.patch(
      "/api/users/:id",
      { config: { access: "user.manage" }, schema: { tags: ["users"], summary: "修改用户、停用或调整角色", params: idParams, body: updateUserBody, response: { 200: userView } } },
      async (req) => users.updateUser(deps, req.ctx, req.params.id, req.body),
    );

    app.post(
      "/api/users/:id/reset-password",
      { config: { access: "user.manage" }, schema: { tags: ["users"], summary: "重置密码并解锁", params: idParams, response: { 200: userWithPassword } } },
      async (req) => users.resetPassword(deps, req.ctx, req.params.id),
    );

    app.post(
      "/api/users/:id/unlock",
      { config: { access: "user.manage" }, schema: { tags: ["users"], summary: "解除登录失败锁定", params: idParams, response: { 200: userView } } },
      async (req) => users.unlockUser(deps, req.ctx, req.params.id),
    );
    // exports and import templates live in their own file (issue #10)
    registerUserExports(fastify, deps);
  };
}
