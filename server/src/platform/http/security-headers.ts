import type { FastifyInstance } from "fastify";
import helmet, { type HelmetOptions } from "helmet";

/** The platform's header policy; `secure` (served over HTTPS) adds HSTS and upgrade-insecure-requests. */
export function securityHeaderOptions(secure: boolean): HelmetOptions {
  return {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"], // Ant Design injects its styles at run time
        imgSrc: ["'self'", "data:", "blob:"],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", "data:"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: secure ? [] : null,
      },
    },
    strictTransportSecurity: secure,
    crossOriginEmbedderPolicy: false,
  };
}

/**
 * The response security headers (CSP, frame, referrer, HSTS, …) as Helmet computes them for the
 * policy — computed ONCE at start. The @fastify/helmet plugin rebuilt Helmet from its options on
 * every request (parsing the CSP directives each time: ≈ 4 % of the check-in path's CPU,
 * docs/benchmarks.md); our directives are constants (no per-request nonces), so the set is too.
 */
export function securityHeaders(options: HelmetOptions): ReadonlyArray<readonly [string, string]> {
  const set = new Map<string, string>();
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => set.set(name.toLowerCase(), String(value)),
    removeHeader: (name: string) => set.delete(name.toLowerCase()),
  };
  let failed: unknown;
  helmet(options)({} as never, recorder as never, (e?: unknown) => {
    failed = e;
  });
  if (failed) throw failed;
  return [...set];
}

/** Every answer — routes, errors, the web pages — carries the same headers, set by one synchronous hook. */
export function registerSecurityHeaders(app: FastifyInstance, opts: { secure: boolean }): void {
  const headers = securityHeaders(securityHeaderOptions(opts.secure));
  app.addHook("onRequest", (_req, reply, done) => {
    for (const [name, value] of headers) reply.raw.setHeader(name, value);
    done();
  });
}
