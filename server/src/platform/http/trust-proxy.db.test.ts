/**
 * TRUST_PROXY: behind a reverse proxy every citizen reaches the server from the proxy's address, so
 * per-address rate limits must count the client the proxy names in X-Forwarded-For — but only when
 * the request really comes from a configured proxy; anyone else's X-Forwarded-For is ignored.
 */
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../app.ts";
import { TestClock } from "../clock.ts";
import { loadConfig, parseTrustProxy } from "../config.ts";
import { createDataCrypto } from "../crypto.ts";
import type { Database } from "../db/db.ts";
import { openTestDatabase } from "../../../test/harness.ts";

const PROXY = "10.0.0.5";
/** the certificate check allows 30 look-ups a minute per client address */
const LIMIT = 30;
const VERIFY = "/api/public/certificates/verify?number=NO-SUCH-CERT&name=%E5%BC%A0%E4%B8%89";

let database: Database;
let drop: () => Promise<void>;
let behindProxy: FastifyInstance;
let direct: FastifyInstance;

beforeAll(async () => {
  ({ database, drop } = await openTestDatabase());
  const deps = (env: NodeJS.ProcessEnv) => ({ db: database.db, dbKind: database.kind, clock: new TestClock("2026-03-02T01:00:00Z"), config: loadConfig(env), crypto: createDataCrypto("test-key") });
  behindProxy = await buildApp(deps({ TRUST_PROXY: `${PROXY}, 192.168.7.0/24` }), { serveWeb: false });
  direct = await buildApp(deps({}), { serveWeb: false });
});
afterAll(async () => {
  await behindProxy?.close();
  await direct?.close();
  await database?.close();
  await drop?.();
});

async function verify(app: FastifyInstance, remoteAddress: string, forwardedFor?: string) {
  const res = await app.inject({ method: "GET", url: VERIFY, remoteAddress, headers: forwardedFor ? { "x-forwarded-for": forwardedFor } : {} });
  return res.statusCode;
}

async function exhaust(app: FastifyInstance, remoteAddress: string, forwardedFor: (i: number) => string | undefined) {
  const statuses: number[] = [];
  for (let i = 0; i < LIMIT; i++) statuses.push(await verify(app, remoteAddress, forwardedFor(i)));
  expect(statuses.every((s) => s === 404)).toBe(true);
}

describe("rate limits behind a trusted reverse proxy", () => {
  it("count each forwarded client separately when the request comes from a configured proxy", async () => {
    await exhaust(behindProxy, PROXY, () => "203.0.113.1");
    expect(await verify(behindProxy, PROXY, "203.0.113.1")).toBe(429);
    // another citizen behind the same proxy is not held back by the first one's look-ups
    expect(await verify(behindProxy, PROXY, "203.0.113.2")).toBe(404);
    // a proxy inside a trusted CIDR works the same
    expect(await verify(behindProxy, "192.168.7.20", "203.0.113.1")).toBe(429);
  });

  it("a client cannot pick its own key by sending X-Forwarded-For through the proxy: the proxy's last hop counts", async () => {
    // the proxy appends the real peer (203.0.113.50) after whatever the client claimed
    await exhaust(behindProxy, PROXY, (i) => `198.18.0.${i}, 203.0.113.50`);
    expect(await verify(behindProxy, PROXY, "198.18.1.1, 203.0.113.50")).toBe(429);
  });

  it("ignore X-Forwarded-For from an address that is not a configured proxy", async () => {
    await exhaust(behindProxy, "198.51.100.7", (i) => `203.0.113.${100 + i}`);
    expect(await verify(behindProxy, "198.51.100.7", "203.0.113.200")).toBe(429);
    expect(await verify(behindProxy, "198.51.100.7")).toBe(429);
  });

  it("without TRUST_PROXY nobody's X-Forwarded-For is believed (the default)", async () => {
    await exhaust(direct, PROXY, (i) => `203.0.113.${i}`);
    expect(await verify(direct, PROXY, "203.0.113.250")).toBe(429);
  });
});

describe("TRUST_PROXY", () => {
  it("accepts addresses, CIDRs and proxy-addr's names, and refuses anything else at start", () => {
    expect(parseTrustProxy(undefined)).toEqual([]);
    expect(parseTrustProxy("")).toEqual([]);
    expect(parseTrustProxy(" 10.0.0.5 , 10.1.0.0/16,fd00::/8,loopback ")).toEqual(["10.0.0.5", "10.1.0.0/16", "fd00::/8", "loopback"]);
    for (const bad of ["true", "*", "10.0.0.0/33", "nginx.local", "10.0.0.1/8/1"]) expect(() => parseTrustProxy(bad), bad).toThrow(/TRUST_PROXY/);
  });
});
