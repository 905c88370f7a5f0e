import { count } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog } from "../src/platform/audit/audit.table.ts";
import { grant, makeUser } from "./factories.ts";
import { createTestEnv, type Session, anonymous, type TestEnv } from "./harness.ts";

/**
 * Every route of the OpenAPI document, called as the province admin and as nobody with inputs
 * shaped by its own schema, valid-ish and hostile (NUL, huge numbers, impossible dates, long and
 * odd unicode text). No answer may be a 500, and a refused (4xx) request must have written
 * nothing: every write is audited in its own transaction, so the audit chain may not grow.
 * `FUZZ_RUNS` sets the number of requests (npm run test:slow runs many more).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;

type Schema = {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  maxLength?: number;
};
interface Route {
  method: string;
  url: string;
  pathParams: string[];
  query: Record<string, Schema>;
  body: Schema | null;
}

/** Ends the admin's own session or credentials: the rest of the run would be anonymous. */
const SKIP = [/^\/api\/auth\/(logout|change-password)/, /^\/api\/openapi/, /^\/api\/docs/];

const nasty: unknown[] = [
  "\u0000",
  "a\u0000b",
  "0000-01-01",
  "9999-12-31",
  "2026-02-30",
  "1900-01-01",
  "2100-12-31T23:59:59Z",
  "-1",
  "1e308",
  "99999999999999999999999",
  "NaN",
  "' or 1=1 --",
  "%00",
  "\uD83D\uDE00".repeat(50),
  "\uFFFF\uFFFE",
  "\uD800",
  "吉林".repeat(3000),
  "x".repeat(70_000),
  "",
  " ",
  "00000000-0000-0000-0000-000000000000",
  "220102",
  "22010219850101001X",
  -1,
  0,
  2 ** 31,
  2 ** 53,
  Number.MAX_SAFE_INTEGER * 10,
  -1e308,
  0.5,
  true,
  null,
  [],
  {},
  ["\u0000"],
  { a: "\u0000" },
];

function valueFor(s: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  const hostile = fc.constantFrom(...nasty);
  if (!s || depth > 3) return hostile;
  const alts = s.anyOf ?? s.oneOf;
  if (alts?.length) return fc.oneof(hostile, ...alts.map((a) => valueFor(a, depth + 1)));
  if (s.enum?.length) return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...s.enum) }, hostile);
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== "null") : s.type;
  let ok: fc.Arbitrary<unknown>;
  switch (type) {
    case "string":
      ok =
        s.format === "uuid"
          ? fc.uuid()
          : s.format === "date"
            ? fc.date({ min: new Date("1899-01-01"), max: new Date("2101-12-31"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10))
            : s.format === "date-time"
              ? fc.date({ noInvalidDate: true }).map((d) => d.toISOString())
              : fc.string({ unit: "binary", maxLength: Math.min(s.maxLength ?? 40, 200) });
      break;
    case "integer":
      ok = fc.oneof(fc.integer(), fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(Number));
      break;
    case "number":
      ok = fc.double();
      break;
    case "boolean":
      ok = fc.boolean();
      break;
    case "array":
      ok = fc.array(valueFor(s.items, depth + 1), { maxLength: 3 });
      break;
    case "object":
      ok = s.properties ? record(s.properties, depth + 1) : fc.dictionary(fc.string({ maxLength: 5 }), hostile, { maxKeys: 2 });
      break;
    default:
      ok = hostile;
  }
  return fc.oneof({ weight: 3, arbitrary: ok }, hostile);
}

function record(props: Record<string, Schema>, depth = 0): fc.Arbitrary<Record<string, unknown>> {
  return fc.record(Object.fromEntries(Object.entries(props).map(([k, v]) => [k, valueFor(v, depth)])), { requiredKeys: [] });
}

function routesOf(doc: { paths: Record<string, Record<string, { parameters?: { in: string; name: string; schema?: Schema }[]; requestBody?: { content?: Record<string, { schema?: Schema }> } }>> }): Route[] {
  const out: Route[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const url = path.replace(/\{(\w+)\}/g, ":$1");
      if (SKIP.some((r) => r.test(url))) continue;
      const params = op.parameters ?? [];
      out.push({
        method: method.toUpperCase(),
        url,
        pathParams: params.filter((p) => p.in === "path").map((p) => p.name),
        query: Object.fromEntries(params.filter((p) => p.in === "query").map((p) => [p.name, p.schema ?? {}])),
        body: op.requestBody?.content?.["application/json"]?.schema ?? null,
      });
    }
  }
  return out;
}

/** A lone surrogate cannot be percent-encoded as UTF-8; send the bytes a broken client would. */
function pathSegment(v: unknown): string {
  try {
    return encodeURIComponent(String(v ?? ""));
  } catch {
    return "%ED%A0%80";
  }
}

const queryValue = (v: unknown): string => (typeof v === "string" ? v : JSON.stringify(v) ?? "");

let env: TestEnv;
let admin: Session;
let routes: Route[];

beforeAll(async () => {
  env = await createTestEnv();
  admin = await (await makeUser(env, { regionCode: "220000", grants: [grant.admin()] })).session();
  routes = routesOf(env.app.swagger() as unknown as Parameters<typeof routesOf>[0]);
});
afterAll(() => env?.close());

const auditRows = async () => (await env.deps.db.select({ n: count() }).from(auditLog))[0]!.n;

describe("fuzzing every route", () => {
  it(`finds no 500 and no write behind a refusal (${RUNS} requests)`, { timeout: Math.max(60_000, RUNS * 400) }, async () => {
    expect(routes.length).toBeGreaterThan(50);
    const request = fc
      .integer({ min: 0, max: routes.length - 1 })
      .chain((i) => {
        const r = routes[i]!;
        return fc.record({
          route: fc.constant(r),
          asAdmin: fc.boolean(),
          params: fc.tuple(...r.pathParams.map(() => fc.oneof(fc.uuid(), fc.constantFrom(...nasty.filter((n) => typeof n === "string")).map((s) => s as string)))),
          query: record(r.query),
          body: r.body ? valueFor(r.body) : fc.constant(undefined),
        });
      });
    const failures: string[] = [];
    await fc.assert(
      fc.asyncProperty(request, async ({ route, asAdmin, params, query, body }) => {
        let url = route.url;
        route.pathParams.forEach((name, i) => {
          url = url.replace(`:${name}`, pathSegment(params[i]));
        });
        const qs = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, queryValue(v)])).toString();
        const before = await auditRows();
        const client = asAdmin ? admin : anonymous(env.app);
        const res = await client.request({
          method: route.method as "GET",
          url: qs ? `${url}?${qs}` : url,
          ...(body === undefined || route.method === "GET" ? {} : { payload: JSON.stringify(body), headers: { "content-type": "application/json" } }),
        });
        const label = `${route.method} ${route.url} as ${asAdmin ? "admin" : "anonymous"} → ${res.statusCode} ${res.body.slice(0, 200)}`;
        if (res.statusCode >= 500) failures.push(label);
        expect(res.statusCode, label).toBeLessThan(500);
        if (res.statusCode >= 400) {
          expect(res.json(), label).toMatchObject({ error: { code: expect.any(String), requestId: expect.any(String) } });
          // a failed login is itself the record of a security event (audited on purpose), not a partial write
          const securityEvent = route.url === "/api/auth/login" && [401, 423].includes(res.statusCode);
          if (!securityEvent) expect(await auditRows(), `audit rows grew behind a refusal: ${label}`).toBe(before);
        }
      }),
      { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }), endOnFailure: true },
    );
    expect(failures).toEqual([]);
  });
});
