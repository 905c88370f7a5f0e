import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Permission } from "../../../../shared/src/permissions.ts";
import { anonymousActor } from "../auth/actor.ts";
import type { Ctx } from "../context.ts";
import { AppError } from "./errors.ts";

/** Who may call a route. Every /api route must say so (checked when routes are registered). */
export type Access = "public" | "authenticated" | Permission;

declare module "fastify" {
  interface FastifyContextConfig {
    access?: Access;
    /** reachable while the user must still change their password (me, logout, change-password) */
    duringPasswordChange?: boolean;
  }
  interface FastifyRequest {
    ctx: Ctx;
    sessionId: string | null;
  }
}

export const SESSION_COOKIE = "jl_sid";

export type SessionResolver = (token: string) => Promise<{ actor: Ctx["actor"]; sessionId: string } | null>;

function sameOrigin(req: FastifyRequest, allowed: string[]): boolean {
  const origin = req.headers.origin;
  if (!origin) return req.headers["sec-fetch-site"] !== "cross-site";
  if (allowed.includes(origin)) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/**
 * The request path's first steps: request context, session → actor, origin check for changes,
 * then the route's declared access. A route without a declaration fails at start-up.
 */
export function registerAccess(app: FastifyInstance, opts: { resolveSession: SessionResolver; allowedOrigins: string[] }): void {
  app.decorateRequest("ctx", undefined as unknown as Ctx);
  app.decorateRequest("sessionId", null);

  app.addHook("onRoute", (route) => {
    if (route.url.startsWith("/api/") && !route.config?.access && !route.url.startsWith("/api/docs")) {
      throw new Error(`route ${route.method} ${route.url} must declare config.access`);
    }
  });

  app.addHook("onRequest", async (req) => {
    req.ctx = { actor: anonymousActor, requestId: req.id, clientIp: req.ip ?? null };
    if (!["GET", "HEAD", "OPTIONS"].includes(req.method) && !sameOrigin(req, opts.allowedOrigins)) {
      throw new AppError("request.bad_origin", "请求来源不被允许");
    }
    const token = req.cookies?.[SESSION_COOKIE];
    if (token) {
      const s = await opts.resolveSession(token);
      if (s) {
        req.ctx.actor = s.actor;
        req.sessionId = s.sessionId;
      }
    }
  });

  app.addHook("preHandler", async (req: FastifyRequest, _reply: FastifyReply) => {
    const access = req.routeOptions.config?.access;
    if (!access || access === "public") return;
    const actor = req.ctx.actor;
    if (actor.kind === "anonymous") throw new AppError("auth.required", "请先登录");
    if (actor.mustChangePassword && !req.routeOptions.config?.duringPasswordChange) {
      throw new AppError("auth.password_change_required", "请先修改初始密码");
    }
    if (access !== "authenticated" && !actor.permissions.has(access)) throw new AppError("auth.forbidden", "无权执行此操作");
  });
}
