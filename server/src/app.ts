import fs from "node:fs";
import path from "node:path";
import cookie from "@fastify/cookie";
import fastifyStatic from "@fastify/static";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyInstance, LogController } from "fastify";
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";
import { z } from "zod";
import { auditAnchorRoutes } from "./platform/audit/anchor.routes.ts";
import { auditRoutes } from "./platform/audit/audit.routes.ts";
import { auditNameResolvers } from "./audit-names.ts";
import type { Deps } from "./platform/context.ts";
import { ping } from "./platform/db/db.ts";
import { registerAccess } from "./platform/http/access.ts";
import { registerCompression } from "./platform/http/compression.ts";
import { registerPublicCache } from "./platform/http/public-cache.ts";
import { openChangeFeed } from "./platform/db/changes.ts";
import { registerAnswerFaults } from "./platform/faults.ts";
import { clientErrorHandler, frameworkErrors, registerErrorHandling } from "./platform/http/error-handler.ts";
import { counterStoreFor, registerRateLimit } from "./platform/http/rate-limit.ts";
import { registerRequestLog } from "./platform/http/request-log.ts";
import { registerSecurityHeaders } from "./platform/http/security-headers.ts";
import { systemRoutes } from "./platform/system.routes.ts";
import { attendanceRoutes } from "./modules/attendance/index.ts";
import { institutionsRoutes } from "./modules/institutions/index.ts";
import { calendarRoutes } from "./modules/calendar/index.ts";
import { classesRoutes, personEnrollments } from "./modules/classes/index.ts";
import { catalogueRoutes } from "./modules/catalogue/index.ts";
import { fundsRoutes } from "./modules/funds/index.ts";
import { homeRoutes } from "./modules/home/index.ts";
import { subsidiesRoutes } from "./modules/subsidies/index.ts";
import { targetsRoutes } from "./modules/targets/index.ts";
import { paymentsRoutes } from "./modules/payments/index.ts";
import { statsRoutes } from "./modules/stats/index.ts";
import { referenceRoutes } from "./modules/reference/index.ts";
import { traineesRoutes } from "./modules/trainees/index.ts";
import { resolveSession, usersRoutes } from "./modules/users/index.ts";

export const VERSION = "0.1.0";
/** largest spreadsheet upload (a 100,000-row roster is ≈ 10 MB as .xlsx) */
export const UPLOAD_LIMIT = 30 * 1024 * 1024;

export interface BuildOptions {
  logger?: boolean | object;
  /** serve the built web console from config.webDist when it exists */
  serveWeb?: boolean;
}

/** Registers platform plugins, then each module. No I/O besides what the routes do. */
export async function buildApp(deps: Deps, opts: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: 1024 * 1024,
    genReqId: () => crypto.randomUUID(),
    // only the configured reverse proxies may name the client (X-Forwarded-For); anyone else's
    // header is ignored and the socket's peer is the client (docs/security.md, TRUST_PROXY)
    trustProxy: deps.config.trustProxy.length ? deps.config.trustProxy : false,
    routerOptions: { ignoreTrailingSlash: true },
    // one line per request that matters instead of two per request (platform/http/request-log.ts)
    logController: new LogController({ disableRequestLogging: true }),
    // answers Fastify and Node give before a route runs use the platform's error shape too
    frameworkErrors,
    clientErrorHandler,
  });
  registerRequestLog(app);
  registerAnswerFaults(app);
  registerCompression(app);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);
  // spreadsheet uploads arrive as the raw body (no multipart); import routes read req.body as a Buffer
  app.addContentTypeParser(
    ["text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/octet-stream"],
    { parseAs: "buffer", bodyLimit: UPLOAD_LIMIT },
    (_req, body, done) => done(null, body),
  );

  registerSecurityHeaders(app, { secure: deps.config.secureCookies });
  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      openapi: "3.0.3",
      info: { title: "吉林省职业技能培训信息管理平台 API", version: VERSION },
      components: { securitySchemes: { session: { type: "apiKey", in: "cookie", name: "jl_sid" } } },
    },
    transform: jsonSchemaTransform,
  });
  registerRateLimit(app, deps.clock, counterStoreFor(deps.db, deps.dbKind));
  registerAccess(app, { resolveSession: (t) => resolveSession(deps, t), allowedOrigins: deps.config.allowedOrigins });
  // after the rate limits and the access check (they apply to cached answers too), after compression (keeps the bytes sent)
  const changes = await openChangeFeed(deps.db);
  app.addHook("onClose", () => changes.close());
  registerPublicCache(app, changes, deps.clock);

  const api = app.withTypeProvider<import("fastify-type-provider-zod").ZodTypeProvider>();
  api.get(
    "/api/health",
    {
      config: { access: "public" },
      schema: { tags: ["platform"], summary: "健康检查", response: { 200: z.object({ status: z.literal("ok"), db: z.enum(["pglite", "postgres"]), version: z.string() }) } },
    },
    async () => {
      await ping(deps.db);
      return { status: "ok" as const, db: deps.dbKind, version: VERSION };
    },
  );
  api.get("/api/openapi.json", { config: { access: "public" }, schema: { hide: true } }, async () => app.swagger());

  await app.register(usersRoutes(deps));
  await app.register(referenceRoutes(deps));
  await app.register(auditRoutes(deps, auditNameResolvers));
  await app.register(auditAnchorRoutes(deps));
  await app.register(institutionsRoutes(deps));
  await app.register(calendarRoutes(deps));
  await app.register(catalogueRoutes(deps));
  await app.register(traineesRoutes(deps, personEnrollments));
  await app.register(classesRoutes(deps));
  await app.register(attendanceRoutes(deps));
  await app.register(fundsRoutes(deps));
  await app.register(subsidiesRoutes(deps));
  await app.register(targetsRoutes(deps));
  await app.register(homeRoutes(deps));
  await app.register(paymentsRoutes(deps));
  await app.register(statsRoutes(deps));
  await app.register(systemRoutes(deps));

  await app.register(swaggerUi, { routePrefix: "/api/docs", uiConfig: { docExpansion: "none" } });

  if (opts.serveWeb !== false && fs.existsSync(path.join(deps.config.webDist, "index.html"))) {
    await app.register(fastifyStatic, {
      root: deps.config.webDist,
      wildcard: false,
      // the .br/.gz written at build time (web/scripts/precompress.ts) are sent for the plain names
      preCompressed: true,
      globIgnore: ["**/*.br", "**/*.gz"],
      cacheControl: false,
      setHeaders: (res, filePath) => {
        res.setHeader("cache-control", staticCacheControl(path.relative(deps.config.webDist, filePath)));
        res.setHeader("vary", "Accept-Encoding");
      },
    });
    // client-side routes: any non-API GET falls back to the console's index.html
    app.get("/*", { config: { access: "public" } }, (req, reply) => {
      // a missing chunk (an old page after a deployment) must fail as a 404, not load HTML as JavaScript
      if (req.url.startsWith("/api/") || req.url.startsWith("/assets/")) return reply.callNotFound();
      return reply.header("cache-control", "no-cache").sendFile("index.html");
    });
  }
  return app;
}

/**
 * Built files under assets/ carry a content hash in their names, so a browser may keep them for a
 * year without asking again; index.html (which names the current hashes) is revalidated every time.
 */
export function staticCacheControl(relativePath: string): string {
  const p = relativePath.split(path.sep).join("/");
  if (p.startsWith("assets/")) return "public, max-age=31536000, immutable";
  if (p === "index.html" || p.startsWith("index.html.")) return "no-cache";
  return "public, max-age=3600";
}
