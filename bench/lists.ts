/**
 * List, search and detail endpoints on a generated province (npm run demo -- --scale province or
 * three-years on PostgreSQL): p50/p95 at concurrency 4 through the real app (buildApp, access hook,
 * scope, presenters; requests by inject, no sockets) against the same SQL in the same run — the
 * statements one request issued, captured from the pg client and replayed at the same concurrency
 * — and the plan of every captured statement, flagging a Seq Scan of a table over 50,000 rows.
 *
 *   DATABASE_URL=… DATA_KEY=… node --import tsx bench/lists.ts [--requests 60] [--label after]
 *
 * Logs in by inserting rows of the sessions table for the demo's accounts (ng.officer, cc.officer,
 * school.staff, admin); writes nothing else.
 */
import { createHash, randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import pg from "pg";
import { buildApp } from "../server/src/app.ts";
import { systemClock } from "../server/src/platform/clock.ts";
import { loadConfig } from "../server/src/platform/config.ts";
import { openPostgres } from "../server/src/platform/db/db.ts";
import { SESSION_COOKIE } from "../server/src/platform/http/access.ts";
import { makeDeps } from "../server/src/setup.ts";
import { type Figure, record } from "./results.ts";

const args = process.argv.slice(2);
const opt = (k: string, d: string) => (args.includes(k) ? args[args.indexOf(k) + 1]! : d);
const REQUESTS = Number(opt("--requests", "60"));
const LABEL = opt("--label", "run");
const CONCURRENCY = 4;

interface Captured {
  text: string;
  values: unknown[];
}
let capture: Captured[] | null = null;
const origQuery = pg.Client.prototype.query;
// capture what one request sends (text and parameters), to replay it as the baseline
pg.Client.prototype.query = function (this: pg.Client, ...a: unknown[]) {
  if (capture) {
    const q = a[0] as string | { text: string; values?: unknown[] };
    const text = typeof q === "string" ? q : q.text;
    const values = (typeof q === "string" ? (a[1] as unknown[]) : q.values) ?? [];
    if (!/^(begin|commit|rollback|savepoint|release)/i.test(text.trim())) capture.push({ text, values });
  }
  return (origQuery as (...x: unknown[]) => unknown).apply(this, a);
} as typeof pg.Client.prototype.query;

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

async function atConcurrency(n: number, fn: () => Promise<void>): Promise<number[]> {
  const times: number[] = [];
  let left = n;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (left-- > 0) {
        const t = performance.now();
        await fn();
        times.push(performance.now() - t);
      }
    }),
  );
  return times;
}

async function main() {
  const config = loadConfig();
  if (!config.databaseUrl) throw new Error("set DATABASE_URL to a generated province (npm run demo -- --scale province)");
  const database = await openPostgres(config.databaseUrl, 10);
  const deps = makeDeps(database, config, systemClock);
  const app = await buildApp(deps, { serveWeb: false });
  await app.ready();
  const raw = new pg.Pool({ connectionString: config.databaseUrl, max: CONCURRENCY });
  const q1 = async <T>(text: string, values: unknown[] = []) => (await raw.query(text, values)).rows as T[];

  const version = (await q1<{ version: string }>("select split_part(version(), ' ', 2) as version"))[0]!.version;
  const [sizes] = await q1<Record<string, string>>(
    "select (select count(*) from persons) persons, (select count(*) from class_enrollments) enrollments, (select count(*) from attendance_checkins) checkins, (select count(*) from certificates) certificates",
  );
  const big = new Set((await q1<{ relname: string }>("select relname from pg_class where relkind = 'r' and reltuples > 50000")).map((r) => r.relname));
  const cookie: Record<string, string> = {};
  for (const username of ["ng.officer", "cc.officer", "school.staff", "admin"]) {
    const token = `bench-${randomBytes(12).toString("hex")}`;
    await database.db.execute(
      sql`insert into sessions (id, user_id, created_at, last_seen_at) select ${createHash("sha256").update(token).digest("base64url")}, id, now(), now() from users where username = ${username}`,
    );
    cookie[username] = `${SESSION_COOKIE}=${token}`;
  }
  const pick = async (text: string) => ((await q1<{ v: string }>(text))[0]?.v ?? "");
  const person = await pick("select id::text as v from persons where residence_region_code = '220102' order by id limit 1");
  const klass = await pick("select id::text as v from classes where region_code = '220102' and status = 'assessed' order by code limit 1");
  const [cert] = await q1<{ number: string; name: string }>("select z.number, p.name from certificates z join persons p on p.id = z.person_id order by z.number limit 1");
  const name3 = await pick("select name as v from persons where residence_region_code = '220102' and char_length(name) = 3 order by id limit 1");
  const name2 = name3.slice(0, 2);
  const probes: { name: string; who: string; url: string }[] = [
    { name: "county persons list", who: "ng.officer", url: "/api/persons?page=1&pageSize=20" },
    { name: "county persons list, page 100", who: "ng.officer", url: "/api/persons?page=100&pageSize=20" },
    { name: "county name search (3 chars)", who: "ng.officer", url: `/api/persons?q=${encodeURIComponent(name3)}` },
    { name: "county name search (2 chars)", who: "ng.officer", url: `/api/persons?q=${encodeURIComponent(name2)}` },
    { name: "city persons list", who: "cc.officer", url: "/api/persons?page=1&pageSize=20" },
    { name: "province persons list", who: "admin", url: "/api/persons?page=1&pageSize=20" },
    { name: "province name search (3 chars)", who: "admin", url: `/api/persons?q=${encodeURIComponent(name3)}` },
    { name: "institution persons list", who: "school.staff", url: "/api/persons?page=1&pageSize=20" },
    { name: "person detail", who: "ng.officer", url: `/api/persons/${person}` },
    { name: "county classes list", who: "ng.officer", url: "/api/classes?page=1&pageSize=20" },
    { name: "class detail", who: "ng.officer", url: `/api/classes/${klass}` },
    { name: "attendance summary", who: "ng.officer", url: `/api/attendance/classes/${klass}/summary` },
    { name: "institutions list", who: "cc.officer", url: "/api/institutions?page=1&pageSize=20" },
    { name: "certificate check (number + name)", who: "", url: `/api/public/certificates/verify?number=${encodeURIComponent(cert?.number ?? "")}&name=${encodeURIComponent(cert?.name ?? "")}` },
  ];
  console.log(`lists benchmark (${LABEL}): PostgreSQL ${version}; ${Object.entries(sizes!).map(([k, v]) => `${k} ${Number(v).toLocaleString("en")}`).join(", ")}; ${REQUESTS} requests per figure at concurrency ${CONCURRENCY}`);
  const figures: Figure[] = [];
  for (const p of probes) {
    const inject = async () => {
      const r = await app.inject({ method: "GET", url: p.url, headers: p.who ? { cookie: cookie[p.who]! } : {} });
      if (r.statusCode !== 200) throw new Error(`${p.name}: ${r.statusCode} ${r.body.slice(0, 200)}`);
    };
    await inject(); // warm
    capture = [];
    await inject();
    const statements = capture;
    capture = null;
    // the plan of each statement: a Seq Scan of a large table is what the goal forbids
    const seq = new Set<string>();
    for (const s of statements) {
      if (!/^\s*(select|with)/i.test(s.text)) continue;
      const plan = (await q1<{ "QUERY PLAN": string }>(`explain ${s.text}`, s.values)).map((r) => r["QUERY PLAN"]).join("\n");
      for (const m of plan.matchAll(/Seq Scan on (\w+)/g)) if (big.has(m[1]!)) seq.add(m[1]!);
    }
    const replay = async () => {
      for (const s of statements) await raw.query(s.text, s.values);
    };
    const appTimes = await atConcurrency(REQUESTS, inject);
    const sqlTimes = await atConcurrency(REQUESTS, replay);
    const f: Figure = {
      name: `${p.name} p50`,
      value: pct(appTimes, 50),
      baseline: pct(sqlTimes, 50),
      unit: "ms",
      extra: { p95: pct(appTimes, 95), sqlP95: pct(sqlTimes, 95), statements: statements.length, seqScans: [...seq], note: seq.size ? `Seq Scan: ${[...seq].join(", ")}` : `${statements.length} statements, p95 ${pct(appTimes, 95).toFixed(0)} ms` },
    };
    figures.push(f);
    console.log(`  ${p.name.padEnd(36)} p50 ${f.value.toFixed(1).padStart(7)} ms  p95 ${pct(appTimes, 95).toFixed(1).padStart(7)} ms  | same SQL p50 ${f.baseline.toFixed(1).padStart(7)} ms  ${seq.size ? `SEQ SCAN ${[...seq].join(", ")}` : ""}`);
  }
  record(`lists-${LABEL}`, figures, { postgres: version, sizes, concurrency: CONCURRENCY, requests: REQUESTS });
  await database.db.execute(sql`delete from sessions where id in (${sql.join(Object.values(cookie).map((c) => createHash("sha256").update(c.split("=")[1]!).digest("base64url")), sql`, `)})`);
  await app.close();
  await raw.end();
  await database.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
