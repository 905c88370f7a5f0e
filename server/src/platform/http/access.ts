import type { FastifyInstance, FastifyRequest } from "fastify";
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
  interface FastifyInstance {
    /** every /api route's declared access, keyed "METHOD /api/path/:param" (read by the authorization matrix test) */
    routeAccess: Map<string, Access>;
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
  app.decorate("routeAccess", new Map<string, Access>());

  app.addHook("onRoute", (route) => {
    if (!route.url.startsWith("/api/") || route.url.startsWith("/api/docs")) return;
    const access = route.config?.access;
    if (!access) throw new Error(`route ${route.method} ${route.url} must declare config.access`);
    for (const m of [route.method].flat()) if (m !== "HEAD") app.routeAccess.set(`${m} ${route.url}`, access);
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
    // before the body is parsed or validated: a caller without the permission learns nothing
    // about the route's contract (403 precedes 400), and uploads are not read for nothing
    checkAccess(req);
  });
}

/** The route's declared access: 401 without a session, 403 without the permission. */
function checkAccess(req: FastifyRequest): void {
  const access = req.routeOptions.config?.access;
  if (!access || access === "public") return;
  const actor = req.ctx.actor;
  if (actor.kind === "anonymous") throw new AppError("auth.required", "请先登录");
  if (actor.mustChangePassword && !req.routeOptions.config?.duringPasswordChange) {
    throw new AppError("auth.password_change_required", "请先修改初始密码");
  }
  if (access !== "authenticated" && !actor.permissions.has(access)) throw new AppError("auth.forbidden", "无权执行此操作");
}
