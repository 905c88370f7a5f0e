/**
 * The public answers cache (public-cache.ts) over the change feed (db/changes.ts): repeated portal
 * reads come from memory, and a write to any table behind an answer — in this process or another —
 * drops it before anyone can read it stale.
 */
import { sql } from "drizzle-orm";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { generateDemo } from "../../../scripts/demo/generate.ts";
import { anonymous, createTestEnv, type TestEnv } from "../../../test/harness.ts";
import { makeItem } from "../../modules/classes/classes.factory.ts";
import { CHANGES_LISTENER_NAME } from "../db/changes.ts";
import { PUBLIC_CACHE_SOURCES, PUBLIC_CACHE_TTL_MS } from "./public-cache.ts";

const onPostgres = process.env.TEST_DB === "postgres";
const rowsOf = <T>(r: unknown) => (r as { rows: T[] }).rows;

describe("public answers cache", () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv();
    await makeItem(env);
  });
  afterAll(() => env?.close());
  const list = () => anonymous(env.app).get("/api/public/catalogue?pageSize=100");

  it("answers a repeated read from memory, and the very next read after a change is fresh", async () => {
    const first = await list();
    expect(first.headers["x-cache"]).toBe("miss");
    const again = await list();
    expect(again.headers["x-cache"]).toBe("hit");
    expect(again.json()).toEqual(first.json());
    expect(again.headers["content-type"]).toBe(first.headers["content-type"]);
    expect(again.headers["x-content-type-options"]).toBe("nosniff"); // the security headers still come

    await makeItem(env); // a write through this process's pool, like a publish
    const after = await list();
    expect(after.headers["x-cache"]).toBe("miss");
    expect(after.json().total).toBe(first.json().total + 1);
    expect((await list()).headers["x-cache"]).toBe("hit");
  });

  it("keeps compressed and plain answers apart", async () => {
    const gz = await anonymous(env.app).request({ method: "GET", url: "/api/public/catalogue?pageSize=100", headers: { "accept-encoding": "gzip" } });
    const plain = await anonymous(env.app).request({ method: "GET", url: "/api/public/catalogue?pageSize=100", headers: { "accept-encoding": "identity" } });
    const plainAgain = await anonymous(env.app).request({ method: "GET", url: "/api/public/catalogue?pageSize=100", headers: { "accept-encoding": "identity" } });
    expect(plainAgain.headers["x-cache"]).toBe("hit");
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plainAgain.json()).toEqual(plain.json());
    if (gz.headers["content-encoding"]) expect(gz.headers["content-encoding"]).toBe("gzip");
  });

  it("a change to another answer's tables leaves this one cached; errors are never kept", async () => {
    await list();
    await env.deps.db.execute(sql`update institutions set updated_at = updated_at where false`);
    expect((await list()).headers["x-cache"]).toBe("hit");
    const bad = await anonymous(env.app).get("/api/public/catalogue/00000000-0000-4000-8000-000000000000");
    expect(bad.statusCode).toBe(404);
    const badAgain = await anonymous(env.app).get("/api/public/catalogue/00000000-0000-4000-8000-000000000000");
    expect(badAgain.statusCode).toBe(404);
    expect(badAgain.headers["x-cache"]).toBe("miss");
  });

  it("keeps an answer no longer than its time to live, even when no change is heard", async () => {
    await list();
    expect((await list()).headers["x-cache"]).toBe("hit");
    env.clock.advance(PUBLIC_CACHE_TTL_MS - 1);
    expect((await list()).headers["x-cache"]).toBe("hit");
    env.clock.advance(2);
    expect((await list()).headers["x-cache"]).toBe("miss");
    expect((await list()).headers["x-cache"]).toBe("hit");
  });

  it("rate limits still count cached answers", async () => {
    const from = { "x-forwarded-for": "203.0.113.77" };
    const statuses: number[] = [];
    for (let i = 0; i < 125; i++) statuses.push((await anonymous(env.app).request({ method: "GET", url: "/api/public/notices", headers: from })).statusCode);
    expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(120);
    expect(statuses.at(-1)).toBe(429);
  });

  it.skipIf(!onPostgres)("sees a change committed by another process (another connection) without being told by this one", async () => {
    await list();
    expect((await list()).headers["x-cache"]).toBe("hit");
    const before = (await list()).json().total;
    const other = new pg.Client({ connectionString: (env.deps.db as unknown as { $client: pg.Pool }).$client.options.connectionString });
    await other.connect();
    try {
      await other.query("update catalogue_items set status = 'draft' where id = (select id from catalogue_items where status = 'published' limit 1)");
    } finally {
      await other.end();
    }
    // the notification travels to this process's listener: wait for it, not for a fixed time
    await vi.waitFor(async () => expect((await list()).json().total).toBe(before - 1), { timeout: 10_000, interval: 20 });
  });

  it.skipIf(!onPostgres)("keeps nothing while its listener is gone, and caches again once it is back", async () => {
    const killed = rowsOf<{ ok: boolean }>(
      await env.deps.db.execute(
        sql`select pg_terminate_backend(pid) as ok from pg_stat_activity where application_name = ${CHANGES_LISTENER_NAME} and datname = current_database()`,
      ),
    );
    expect(killed).toEqual([{ ok: true }]);
    await vi.waitFor(async () => expect((await list()).headers["x-cache"]).toBe("off"), { timeout: 10_000, interval: 20 });
    const whileDown = await list();
    if (whileDown.headers["x-cache"] === "off") expect((await list()).headers["x-cache"]).not.toBe("hit");
    await vi.waitFor(async () => {
      await list();
      expect((await list()).headers["x-cache"]).toBe("hit");
    }, { timeout: 15_000, interval: 100 });
  });
});

// which tables the cached routes read is a property of the code, not of the store: checked on PGlite,
// where every statement can be watched
describe.skipIf(onPostgres)("every cached route is invalidated by every table it reads", () => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv({ now: "2026-12-02T10:00:00Z" });
    await generateDemo(env.deps, env.clock, { seed: 7, scale: "tiny", now: new Date("2026-12-02T10:00:00Z") });
  }, 240_000);
  afterAll(() => env?.close());

  it("the triggers of migration 0044 are exactly PUBLIC_CACHE_SOURCES", async () => {
    const rows = rowsOf<{ t: string; name: string }>(
      await env.deps.db.execute(sql`select event_object_table as t, trigger_name as name from information_schema.triggers where trigger_name like '%\\_notify\\_%' group by 1, 2`),
    );
    const declared = Object.entries(PUBLIC_CACHE_SOURCES).flatMap(([tag, tables]) => tables.map((t) => `${t}_notify_${tag}`));
    expect(rows.map((r) => r.name).sort()).toEqual(declared.sort());
  });

  it("each cached route's statements read only tables of its tag", async () => {
    const a = anonymous(env.app);
    const one = async (url: string) => (await a.get(url)).json().items[0].id as string;
    // fetched with ?page=1 so that the URLs below are not cached yet
    const ids = { catalogue: await one("/api/public/catalogue?page=1"), institutions: await one("/api/public/institutions?page=1"), notices: await one("/api/public/notices?page=1") };
    const urls: Record<string, string> = {
      "GET /api/public/catalogue": "/api/public/catalogue",
      "GET /api/public/catalogue/:id": `/api/public/catalogue/${ids.catalogue}`,
      "GET /api/public/institutions": "/api/public/institutions",
      "GET /api/public/institutions/:id": `/api/public/institutions/${ids.institutions}`,
      "GET /api/public/notices": "/api/public/notices",
      "GET /api/public/notices/:id": `/api/public/notices/${ids.notices}`,
      "GET /api/public/funds/spending": "/api/public/funds/spending?year=2026",
    };
    expect([...env.app.publicCacheRoutes.keys()].sort()).toEqual(Object.keys(urls).sort());
    const client = env.database.pglite!;
    const seen: string[] = [];
    const original = client.query.bind(client);
    client.query = ((text: string, ...rest: unknown[]) => {
      seen.push(text);
      return (original as (...a: unknown[]) => unknown)(text, ...rest);
    }) as typeof client.query;
    try {
      for (const [route, url] of Object.entries(urls)) {
        seen.length = 0;
        const r = await a.get(url);
        expect(r.headers["x-cache"], route).toBe("miss");
        expect(r.statusCode, route).toBe(200);
        const read = new Set<string>();
        for (const text of seen) for (const m of text.matchAll(/\b(?:from|join)\s+"?([a-z_]+)"?/gi)) read.add(m[1]!);
        const tag = env.app.publicCacheRoutes.get(route)!;
        expect(read.size, route).toBeGreaterThan(0);
        expect([...read].filter((t) => !(PUBLIC_CACHE_SOURCES[tag] as readonly string[]).includes(t)), `${route} reads tables not in PUBLIC_CACHE_SOURCES.${tag}`).toEqual([]);
      }
    } finally {
      client.query = original;
    }
  });
});
