import type { FastifyInstance } from "fastify";

/** a request slower than this is logged whatever its method */
export const SLOW_REQUEST_MS = 1000;
/** refusals worth a security look: no session, not allowed, too many attempts */
const SECURITY_STATUSES = new Set([401, 403, 429]);
const READS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * One line per request that matters, instead of Fastify's two lines per request (incoming and
 * completed) for every page view and static file: server errors (error), security refusals and
 * slow requests (warn), state-changing requests (info). Successful reads are logged at debug only,
 * so `LOG_LEVEL=debug` still shows every request. Used with Fastify's own request lines switched off (`LogController({ disableRequestLogging: true })`).
 */
export function registerRequestLog(app: FastifyInstance, opts: { slowMs?: number } = {}): void {
  const slowMs = opts.slowMs ?? SLOW_REQUEST_MS;
  app.addHook("onResponse", async (req, reply) => {
    const status = reply.statusCode;
    const ms = Math.round(reply.elapsedTime);
    const line = { method: req.method, url: req.url, status, ms, userId: req.ctx?.actor.userId ?? undefined, ip: req.ip };
    if (status >= 500) req.log.error(line, "request failed");
    else if (SECURITY_STATUSES.has(status)) req.log.warn(line, "request refused");
    else if (reply.elapsedTime > slowMs) req.log.warn(line, "slow request");
    else if (!READS.has(req.method)) req.log.info(line, "request");
    else req.log.debug(line, "request");
  });
}
