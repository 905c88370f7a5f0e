/**
 * Public portal benchmark: the anonymous portal under `--concurrency` (100) concurrent clients, over
 * real HTTP on 127.0.0.1 against a fresh PostgreSQL database (created for the run, dropped after).
 *
 * Data: the demo province at its tiny scale through the services (catalogue with versions and
 * standards, institutions, budgets), then bulk persons, classes, enrollments and certificates
 * (server/scripts/demo/bulk.ts at `--persons`), then by SQL (`INSERT … SELECT generate_series`)
 * copies of the published catalogue items (with versions and standards) and of the listed
 * institutions (with programs and qualifications) up to `--items` / `--institutions`, approved
 * claims for the assessed bulk classes with their lines, notices publishing them (`--notices`), and
 * through the ledger (postTransaction) county budgets and one settlement per claim, so the fund
 * disclosure has spending to sum.
 *
 * Cases: GET /api/public/catalogue (no filter; filters), /api/public/institutions?regionCode=…,
 * /api/public/notices, /api/public/funds/spending?year=…, the certificate check by number + name
 * and by verify token, and the portal page (/portal, index.html) when web/dist is built. Each case
 * runs `--seconds` against the real app (buildApp, every plugin and hook, TRUST_PROXY=127.0.0.1)
 * and then against the baseline: a bare Fastify route that replays the very statements the app
 * sent for the same request (captured from the pg client, rate-limit counter statements left out)
 * at once on a pool of the same size and answers the row counts — or, for the page, a bare
 * @fastify/static serving the same file. On the rate-limited routes (notices, fund disclosure,
 * certificate check) a third run adds to the replay the counter update the app's limiter makes on
 * PostgreSQL (pgCounterStore, "+counter"), to show what that costs. Load from a child process (bench/portal-load.ts), every
 * simulated client with its own X-Forwarded-For address (a new one every 20 requests: the public
 * look-ups allow 30–120 a minute per address), requests compressed as a browser asks.
 *
 * Since 2026-12-03 the catalogue, institutions, notices and fund-disclosure answers come from the
 * public answers cache (platform/http/public-cache.ts, decision 0006) after the first request of
 * each variant; their baseline still replays the statements of an uncached answer, so the ratio
 * shows what the cache saves. The certificate checks are not cached.
 *
 * Bar (the issue names no figure): p95 < 100 ms and no 5xx at 100 concurrent clients.
 *
 *   npm run bench -- portal [--seconds 8] [--concurrency 100] [--pool 10] [--persons 6000]
 *     [--items 2000] [--institutions 3000] [--notices 300] [--cases catalogue,verify-number] [--keep]
 *   (needs TEST_DATABASE_URL or DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/postgres)
 */
import { freshDatabase, machineLine } from "./fresh-database.ts";
import { fork } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import { sql } from "drizzle-orm";
import Fastify from "fastify";
import pg from "pg";
import { generateBulk } from "../server/scripts/demo/bulk.ts";
import { generateDemo } from "../server/scripts/demo/generate.ts";
import { buildApp } from "../server/src/app.ts";
import { postTransaction } from "../server/src/modules/funds/index.ts";
import { systemActor } from "../server/src/platform/auth/actor.ts";
import { systemClock, TestClock } from "../server/src/platform/clock.ts";
import { loadConfig } from "../server/src/platform/config.ts";
import type { Ctx, Deps } from "../server/src/platform/context.ts";
import { createDataCrypto } from "../server/src/platform/crypto.ts";
import { type Database, openPostgres } from "../server/src/platform/db/db.ts";
import { pgCounterStore } from "../server/src/platform/http/rate-limit.ts";
import { prepareDatabase } from "../server/src/setup.ts";
import type { PortalJob, PortalResult } from "./portal-load.ts";
import { type Figure, record } from "./results.ts";

const args = process.argv.slice(2);
const opt = (name: string, dflt: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const SECONDS = opt("seconds", 8);
const CONCURRENCY = opt("concurrency", 100);
const POOL = opt("pool", 10);
const PERSONS = opt("persons", 6000);
const ITEMS = opt("items", 2000);
const INSTITUTIONS = opt("institutions", 3000);
const NOTICES = opt("notices", 300);
const ONLY = args.includes("--cases") ? args[args.indexOf("--cases") + 1]!.split(",") : null;
/** leave the database in place (to EXPLAIN its queries); `--cases none` seeds only */
const KEEP = args.includes("--keep");
const ROTATE = 20;
const BAR_P95_MS = 100;

const rowsOf = <T>(r: unknown): T[] => (r as { rows: T[] }).rows;
const secs = (t: number) => `${((performance.now() - t) / 1000).toFixed(1)} s`;
/** md5 as a version-4 uuid, like the demo's bulk rows (the API's z.uuid() refuses other bits) */
const uuidSql = (expr: string) => `overlay(overlay(md5(${expr}) placing '4' from 13) placing '8' from 17)::uuid`;

async function columns(db: Database["db"], table: string): Promise<string[]> {
  return rowsOf<{ c: string }>(await db.execute(sql`select column_name as c from information_schema.columns where table_schema = 'public' and table_name = ${table} order by ordinal_position`)).map(
    (r) => r.c,
  );
}

/** INSERT … SELECT of every column of `table` from `from`, with some columns replaced by expressions */
async function copyRows(db: Database["db"], table: string, from: string, set: Record<string, string>) {
  const cols = await columns(db, table);
  const exprs = cols.map((c) => set[c] ?? `src.${c}`);
  const r = await db.execute(sql.raw(`insert into ${table} (${cols.join(", ")}) select ${exprs.join(", ")} from ${from}`));
  return (r as unknown as { rowCount: number }).rowCount;
}

async function seed(database: Database, deps: Deps) {
  const db = database.db;
  const t0 = performance.now();
  const now = new Date();
  const today = now.toISOString().slice(0, 10);
  const year = now.getUTCFullYear();
  const clock = new TestClock(now);
  const demoDeps: Deps = { ...deps, clock };
  await generateDemo(demoDeps, clock, { seed: 2019, scale: "tiny", now });
  console.log(`  demo province (tiny) in ${secs(t0)}`);
  let t = performance.now();
  const b = await generateBulk(demoDeps, {
    seed: 2019,
    size: { persons: PERSONS, years: [year - 1, year], classesPerYear: Math.ceil(PERSONS / 70), roster: [30, 40], days: [3, 5] },
    now,
  });
  console.log(`  bulk: ${b.persons.toLocaleString("en")} persons, ${b.classes} classes, ${b.enrollments.toLocaleString("en")} enrollments, ${b.certificates.toLocaleString("en")} certificates in ${secs(t)}`);

  // ── catalogue items (with versions and standards) and institutions (with programs, qualifications) ──
  t = performance.now();
  const [items] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from catalogue_items where status = 'published'`));
  const itemCopies = Math.max(0, Math.ceil((ITEMS - items!.n) / Math.max(1, items!.n)));
  if (itemCopies > 0) {
    const id = (src: string) => uuidSql(`'item-copy-' || ${src} || '-' || g`);
    const gen = `generate_series(1, ${itemCopies}) g`;
    await copyRows(db, "catalogue_items", `catalogue_items src cross join ${gen} where src.status = 'published'`, {
      id: id("src.id"),
      code: `src.code || '-' || g`,
      project_name: `coalesce(src.project_name, '培训项目') || '（' || g || '）'`,
    });
    await copyRows(db, "catalogue_item_versions", `catalogue_item_versions src join catalogue_items i on i.id = src.item_id and i.status = 'published' cross join ${gen}`, {
      id: uuidSql(`'ver-copy-' || src.id || '-' || g`),
      item_id: id("src.item_id"),
    });
    await copyRows(db, "subsidy_standards", `subsidy_standards src join catalogue_items i on i.id = src.item_id and i.status = 'published' cross join ${gen}`, {
      id: uuidSql(`'std-copy-' || src.id || '-' || g`),
      item_id: id("src.item_id"),
    });
  }
  const [inst] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from institutions where status = 'approved' and agreement_valid_until >= ${today}`));
  const instCopies = Math.max(0, Math.ceil((INSTITUTIONS - inst!.n) / Math.max(1, inst!.n)));
  if (instCopies > 0) {
    const id = (src: string) => uuidSql(`'inst-copy-' || ${src} || '-' || g`);
    const gen = `generate_series(1, ${instCopies}) g`;
    const listed = `i.status = 'approved' and i.agreement_valid_until >= '${today}'`;
    const counties = rowsOf<{ code: string }>(await db.execute(sql`select code from regions where level = 'county' order by code`)).map((r) => `'${r.code}'`);
    await copyRows(db, "institutions", `institutions src cross join ${gen} where src.status = 'approved' and src.agreement_valid_until >= '${today}'`, {
      id: id("src.id"),
      credit_code: `left(src.credit_code, 8) || upper(left(md5(src.id::text || g), 10))`,
      name: `src.name || '（第' || g || '分校）'`,
      region_code: `(array[${counties.join(",")}])[1 + (abs(hashtext(src.id::text || g)) % ${counties.length})]`,
    });
    for (const table of ["institution_programs", "institution_qualifications"]) {
      const cols = await columns(db, table);
      await copyRows(db, table, `${table} src join institutions i on i.id = src.institution_id and ${listed} cross join ${gen}`, {
        institution_id: id("src.institution_id"),
        ...(cols.includes("id") ? { id: uuidSql(`'${table}-' || src.id || '-' || g`) } : {}),
      });
    }
  }
  console.log(`  copies: catalogue items ×${itemCopies}, institutions ×${instCopies} in ${secs(t)}`);

  // ── approved claims of assessed classes, their lines, notices publishing them ──
  t = performance.now();
  await db.execute(sql.raw(`create temp table bench_claims as
    select row_number() over (order by c.end_date, c.id)::int as n, c.id as class_id, c.institution_id, c.region_code, c.program_code, c.end_date, i.name as payee_name
    from classes c join institutions i on i.id = c.institution_id
    where c.status = 'assessed' and exists (select 1 from certificates x where x.class_id = c.id)
      -- the demo files claims of its own (npm run demo): those classes keep theirs
      and not exists (select 1 from subsidy_claims s where s.class_id = c.id and s.subsidy_type = 'training')`));
  const iso = now.toISOString();
  await db.execute(sql.raw(`insert into subsidy_claims (id, code, class_id, institution_id, region_code, subsidy_type, status, total_fen, standard, policy_version, approved_at, created_at, updated_at)
    select ${uuidSql(`'claim-' || b.class_id`)}, 'BZ-BENCH-' || b.n, b.class_id, b.institution_id, b.region_code, 'training', 'approved', 0, '{"amountFen": 120000}'::jsonb, 'bench', '${iso}', '${iso}', '${iso}'
    from bench_claims b`));
  await db.execute(sql.raw(`insert into subsidy_claim_lines (id, claim_id, person_id, certificate_id, eligible, reason, checks, inputs, policy_version, amount_fen, payee_type, payee_id, payee_name, approved_at)
    select ${uuidSql(`'line-' || x.id`)}, ${uuidSql(`'claim-' || b.class_id`)}, x.person_id, x.id, true, '符合条件', '[]'::jsonb, '{}'::jsonb, 'bench', 120000, 'institution', b.institution_id, b.payee_name, '${iso}'
    from bench_claims b join certificates x on x.class_id = b.class_id`));
  await db.execute(sql.raw(`update subsidy_claims c set total_fen = s.t from (select claim_id, sum(amount_fen) t from subsidy_claim_lines group by claim_id) s where s.claim_id = c.id and c.policy_version = 'bench'`));
  const [{ claims } = { claims: 0 }] = rowsOf<{ claims: number }>(await db.execute(sql`select count(*)::int as claims from bench_claims`));
  const perNotice = Math.max(1, Math.ceil(claims / NOTICES));
  // notices spread over the last year, the newest still running (5 days shown as 7 calendar days)
  await db.execute(sql.raw(`insert into subsidy_notices (id, code, title, region_code, starts_on, ends_on, published_at)
    select ${uuidSql(`'notice-' || k`)}, 'GS-BENCH-' || k, r.name || '职业技能培训补贴公示（第' || k || '批）', left(min(b.region_code), 4) || '00',
      d, d + 7, d::timestamptz + interval '9 hours'
    from (select (n - 1) / ${perNotice} + 1 as k, region_code from bench_claims) b
    cross join lateral (select date '${today}' - (365 * (${claims} - ((k - 1) * ${perNotice})) / ${Math.max(1, claims)})::int as d) dd
    join regions r on r.code = left(b.region_code, 4) || '00'
    group by k, d, r.name`));
  await db.execute(sql.raw(`insert into subsidy_notice_lines (notice_id, line_id)
    select ${uuidSql(`'notice-' || ((b.n - 1) / ${perNotice} + 1)`)}, l.id
    from bench_claims b join subsidy_claim_lines l on l.claim_id = ${uuidSql(`'claim-' || b.class_id`)}`));

  // ── the money: a budget for each county with claims, then one settlement per claim ──
  const ctx: Ctx = { actor: systemActor, requestId: "bench", clientIp: null };
  const paid = rowsOf<{ class_id: string; region_code: string; program_code: string | null; total: number; end_date: string }>(
    await db.execute(sql`select b.class_id, b.region_code, b.program_code, c.total_fen::float8 as total, b.end_date::text as end_date
      from bench_claims b join subsidy_claims c on c.class_id = b.class_id order by b.n`),
  );
  const byCounty = new Map<string, number>();
  for (const p of paid) byCounty.set(p.region_code, (byCounty.get(p.region_code) ?? 0) + p.total);
  for (const [county, total] of byCounty) {
    await db.transaction((tx) =>
      postTransaction(tx, ctx, systemClock, {
        kind: "allocation",
        idempotencyKey: `bench-alloc-${county}`,
        fundSource: "special_account",
        regionCode: county,
        valueDate: `${year - 1}-03-01`,
        memo: "基准测试 下达县级预算",
        postings: [
          { account: { kind: "budget", fundSource: "special_account", regionCode: county }, amountFen: total * 2 },
          { account: { kind: "source", fundSource: "special_account", regionCode: "220000" }, amountFen: -total * 2 },
        ],
      }),
    );
  }
  for (const p of paid) {
    // the class's end, within the budget year and never after today
    const valueDate = [`${year - 1}-03-01`, p.end_date, today].sort()[1]!;
    await db.transaction((tx) =>
      postTransaction(tx, ctx, systemClock, {
        kind: "settlement",
        idempotencyKey: `bench-settle-${p.class_id}`,
        fundSource: "special_account",
        regionCode: p.region_code,
        programCode: p.program_code,
        subsidyType: "training",
        referenceType: "claim",
        referenceId: null,
        valueDate,
        memo: "基准测试 清算",
        postings: [
          { account: { kind: "expense", fundSource: "special_account", regionCode: p.region_code }, amountFen: p.total },
          { account: { kind: "budget", fundSource: "special_account", regionCode: p.region_code }, amountFen: -p.total },
        ],
      }),
    );
  }
  await db.execute(sql`analyze`);
  const [sizes] = rowsOf<Record<string, number>>(
    await db.execute(sql`select (select count(*)::int from catalogue_items where status = 'published') as items,
      (select count(*)::int from institutions where status = 'approved' and agreement_valid_until >= ${today}) as institutions,
      (select count(*)::int from certificates) as certificates, (select count(*)::int from persons) as persons,
      (select count(*)::int from subsidy_notices) as notices, (select count(*)::int from subsidy_notice_lines) as notice_lines,
      (select count(*)::int from ledger_transactions) as ledger_transactions`),
  );
  console.log(`  claims, notices and ledger in ${secs(t)}; whole seed ${secs(t0)}`);
  console.log(`  sizes: ${JSON.stringify(sizes)}`);
  return sizes!;
}

interface Case {
  name: string;
  label: string;
  paths: string[];
  /** the route has a per-address rate limit (a counter update per request on PostgreSQL) */
  limited?: boolean;
}

async function cases(db: Database["db"], hasWeb: boolean): Promise<Case[]> {
  const year = new Date().getUTCFullYear();
  const cities = rowsOf<{ code: string }>(await db.execute(sql`select code from regions where level = 'city' order by code`)).map((r) => r.code);
  const counties = rowsOf<{ code: string }>(await db.execute(sql`select code from regions where level = 'county' order by code`)).map((r) => r.code);
  const types = rowsOf<{ t: string }>(await db.execute(sql`select distinct training_type as t from catalogue_items where status = 'published' order by 1`)).map((r) => r.t);
  const certs = rowsOf<{ number: string; name: string; token: string }>(
    await db.execute(sql`select x.number, p.name, x.verify_token as token from certificates x join persons p on p.id = x.person_id order by md5(x.id::text) limit 300`),
  );
  const q = (base: string, p: Record<string, string | number>) => `${base}?${new URLSearchParams(Object.entries(p).map(([k, v]) => [k, String(v)])).toString()}`;
  const all: Case[] = [
    { name: "catalogue", label: "GET /api/public/catalogue (pages 1–5)", paths: [1, 2, 3, 4, 5].map((page) => q("/api/public/catalogue", { page })) },
    {
      name: "catalogue-filtered",
      label: "GET /api/public/catalogue?regionCode&trainingType&q",
      paths: cities.flatMap((regionCode, i) => [
        q("/api/public/catalogue", { regionCode, trainingType: types[i % types.length] ?? "employment" }),
        q("/api/public/catalogue", { regionCode, q: ["车工", "焊工", "电工", "育婴员", "养老护理员", "电子商务"][i % 6]! }),
      ]),
    },
    { name: "institutions", label: "GET /api/public/institutions?regionCode", paths: [...cities, ...counties.filter((_, i) => i % 6 === 0)].map((regionCode) => q("/api/public/institutions", { regionCode })) },
    { name: "notices", limited: true, label: "GET /api/public/notices", paths: [q("/api/public/notices", {}), q("/api/public/notices", { page: 2 }), q("/api/public/notices", { state: "running" }), q("/api/public/notices", { q: "长春" })] },
    {
      name: "funds", limited: true,
      label: "GET /api/public/funds/spending?year",
      paths: [year - 1, year].flatMap((y) => [q("/api/public/funds/spending", { year: y }), ...cities.slice(0, 4).map((regionCode) => q("/api/public/funds/spending", { year: y, regionCode }))]),
    },
    {
      name: "verify-number", limited: true,
      label: "GET /api/public/certificates/verify?number&name",
      // one in ten with a wrong name (answers 404, like an unknown number)
      paths: certs.map((c, i) => q("/api/public/certificates/verify", { number: c.number, name: i % 10 === 9 ? "王某某" : c.name })),
    },
    { name: "verify-token", limited: true, label: "GET /api/public/certificates/:verifyToken", paths: certs.map((c) => `/api/public/certificates/${c.token}`) },
  ];
  if (hasWeb) all.push({ name: "page", label: "GET /portal (the portal's index.html)", paths: ["/portal", "/portal/catalogue", "/portal/institutions", "/portal/verify"] });
  return all.filter((c) => !ONLY || ONLY.includes(c.name));
}

// ── capture what the app sends for a request, to replay it as the baseline ──
interface Captured {
  text: string;
  values: unknown[];
}
let capture: Captured[] | null = null;
const origQuery = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...a: unknown[]) {
  if (capture) {
    const qy = a[0] as string | { text: string; values?: unknown[] };
    const text = typeof qy === "string" ? qy : qy.text;
    // drizzle sends (config, values); a config may also carry its own values
    const values = (typeof qy === "string" ? undefined : qy.values) ?? (Array.isArray(a[1]) ? (a[1] as unknown[]) : []);
    // transaction control and the rate limiter's counters are the app's own bookkeeping
    if (!/^(begin|commit|rollback|savepoint|release)/i.test(text.trim()) && !/\bcounters\b/.test(text)) capture.push({ text, values });
  }
  return (origQuery as (...x: unknown[]) => unknown).apply(this, a);
} as typeof pg.Client.prototype.query;

function load(job: PortalJob): Promise<PortalResult> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(new URL("./portal-load.ts", import.meta.url)), [], { execArgv: ["--import", "tsx"] });
    child.once("message", (r) => resolve(r as PortalResult));
    child.once("error", reject);
    child.send(job);
  });
}

interface Stats {
  rate: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  statuses: Record<string, number>;
  errors: Record<string, number>;
  kbPerReq: number;
}

function stats(r: PortalResult): Stats {
  const l = Float64Array.from(r.latenciesMs).sort();
  const pct = (p: number) => (l.length ? l[Math.min(l.length - 1, Math.floor((p / 100) * l.length))]! : Number.NaN);
  return { rate: r.sent / (r.elapsedMs / 1000), p50: pct(50), p95: pct(95), p99: pct(99), max: l[l.length - 1] ?? Number.NaN, statuses: r.statuses, errors: r.errors, kbPerReq: r.bytes / Math.max(1, r.sent) / 1024 };
}

function line(label: string, s: Stats) {
  console.log(
    `    ${label.padEnd(9)} ${Math.round(s.rate).toLocaleString("en").padStart(6)} req/s  p50 ${s.p50.toFixed(1).padStart(6)}  p95 ${s.p95.toFixed(1).padStart(6)}  p99 ${s.p99.toFixed(1).padStart(6)}  max ${s.max.toFixed(0).padStart(5)} ms` +
      `  ${s.kbPerReq.toFixed(1)} KB/req  statuses ${JSON.stringify(s.statuses)}${Object.keys(s.errors).length ? `  errors ${JSON.stringify(s.errors)}` : ""}`,
  );
}

async function main() {
  const url = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  if (!url) {
    console.error("portal benchmark: set TEST_DATABASE_URL or DATABASE_URL to a PostgreSQL server (a fresh database is created and dropped)");
    process.exit(2);
  }
  console.log(`portal benchmark — ${new Date().toISOString()}`);
  console.log(`  ${machineLine()}`);
  console.log(`  load: ${CONCURRENCY} concurrent keep-alive clients (child process), own X-Forwarded-For each (new every ${ROTATE} requests), ${SECONDS} s per run, pool ${POOL}`);
  const fresh = await freshDatabase(url, `jl_bench_portal_${process.pid}`, POOL);
  const { database, version } = fresh;
  console.log(`  PostgreSQL ${version} on the same machine`);
  const raw = new pg.Pool({ connectionString: fresh.url, max: POOL });
  raw.on("error", () => {}); // DROP DATABASE … WITH (FORCE) ends connections still being closed
  try {
    const config = { ...loadConfig({ TRUST_PROXY: "127.0.0.1", ADMIN_PASSWORD: "Jilin-Skills#2026x" }), webDist: path.resolve(fileURLToPath(new URL("../web/dist", import.meta.url))) };
    const deps: Deps = { db: database.db, dbKind: "postgres", clock: systemClock, config, crypto: createDataCrypto("bench-key") };
    await prepareDatabase(database, deps);
    const sizes = await seed(database, deps);
    const hasWeb = fs.existsSync(path.join(config.webDist, "index.html"));
    if (!hasWeb) console.log("  web/dist not built (npm run build:web): the portal page case is skipped");
    const app = await buildApp(deps, { serveWeb: true, logger: false });
    await app.ready();
    const list = await cases(database.db, hasWeb);

    // the statements of every path, one request at a time, each from its own address
    const replay = new Map<string, Captured[]>();
    let k = 0;
    for (const c of list) {
      if (c.name === "page") continue;
      for (const [i, p] of c.paths.entries()) {
        capture = [];
        const res = await app.inject({ method: "GET", url: p, remoteAddress: `192.0.2.${k++ % 250}`, headers: { "x-forwarded-for": `198.18.${k >> 8}.${k & 255}` } });
        replay.set(`${c.name}/${i}`, capture);
        capture = null;
        if (res.statusCode >= 500 || res.statusCode === 429) throw new Error(`${p}: ${res.statusCode} ${res.body.slice(0, 300)}`);
        // every answer but the deliberate wrong names (1 in 10 of the certificate check by number) is a 200
        const expected = c.name === "verify-number" && i % 10 === 9 ? 404 : 200;
        if (res.statusCode !== expected) throw new Error(`${p}: ${res.statusCode}, expected ${expected}: ${res.body.slice(0, 300)}`);
      }
    }
    await database.db.execute(sql`delete from counters`);

    const bare = Fastify({ logger: false });
    bare.get("/bare/:key/:i", async (req) => {
      const { key, i } = req.params as { key: string; i: string };
      const stmts = replay.get(`${key}/${i}`)!;
      // the rows are read and parsed like the app's; only their counts are sent (the app sends a small page)
      return { rows: await Promise.all(stmts.map(async (s) => (await raw.query(s.text, s.values)).rowCount)) };
    });
    // the same replay plus the rate limiter's counter update the app makes on the limited routes
    // (pgCounterStore: one short write transaction on the counters table) — what that costs
    const counterDb = await openPostgres(fresh.url, POOL);
    const counters = pgCounterStore(counterDb.db);
    bare.get("/bare-counted/:key/:i", async (req) => {
      const { key, i } = req.params as { key: string; i: string };
      const now = Date.now();
      await counters.hit(`window|bare-${key}|${String(req.headers["x-forwarded-for"])}`, now, 60_000);
      const stmts = replay.get(`${key}/${i}`)!;
      return { rows: await Promise.all(stmts.map(async (s) => (await raw.query(s.text, s.values)).rowCount)) };
    });
    if (hasWeb) await bare.register(fastifyStatic, { root: config.webDist, wildcard: false, preCompressed: true });
    if (hasWeb) bare.get("/page/*", (_req, reply) => reply.sendFile("index.html"));
    await bare.listen({ host: "127.0.0.1", port: 0 });
    const barePort = (bare.server.address() as { port: number }).port;
    await app.listen({ host: "127.0.0.1", port: 0 });
    const appPort = (app.server.address() as { port: number }).port;

    console.log("\nresults (app, then baseline; latencies in ms):");
    const figures: Figure[] = [];
    const verdicts: string[] = [];
    let run = 0;
    for (const c of list) {
      const job = { concurrency: CONCURRENCY, durationMs: SECONDS * 1000, forwardedFor: true, rotateEvery: ROTATE, acceptEncoding: "gzip, deflate, br" };
      const real = stats(await load({ ...job, port: appPort, paths: c.paths, run: run++ }));
      const barePaths = c.name === "page" ? c.paths.map((p) => `/page${p}`) : c.paths.map((_, i) => `/bare/${c.name}/${i}`);
      const base = stats(await load({ ...job, port: barePort, paths: barePaths, run: run++ }));
      const counted = c.limited ? stats(await load({ ...job, port: barePort, paths: c.paths.map((_, i) => `/bare-counted/${c.name}/${i}`), run: run++ })) : null;
      console.log(`  ${c.label}  (${c.paths.length} variants${c.name === "page" ? "" : `, ${(c.paths.reduce((s, _, i) => s + (replay.get(`${c.name}/${i}`)?.length ?? 0), 0) / c.paths.length).toFixed(1)} statements a request`})`);
      line("app", real);
      line("baseline", base);
      if (counted) line("+counter", counted);
      if (Object.keys(base.statuses).some((st) => st !== "200")) console.log(`    ✖ the baseline answered ${JSON.stringify(base.statuses)}: its figures are not comparable`);
      const five = Object.entries(real.statuses).filter(([s]) => s.startsWith("5")).reduce((n, [, v]) => n + v, 0);
      const limited = real.statuses["429"] ?? 0;
      const met = real.p95 < BAR_P95_MS && five === 0;
      verdicts.push(`${c.name}: p95 ${real.p95.toFixed(1)} ms, 5xx ${five}, 429 ${limited} → ${met ? "MET" : "MISSED"}`);
      figures.push({
        name: `${c.name} p95`,
        value: real.p95,
        baseline: base.p95,
        unit: "ms",
        extra: { rate: Math.round(real.rate), baselineRate: Math.round(base.rate), p50: real.p50, p99: real.p99, baselineP50: base.p50, baselineP99: base.p99, statuses: real.statuses, baselineStatuses: base.statuses, status429: limited, status5xx: five, kbPerReq: real.kbPerReq, note: met ? "bar met" : "bar missed" },
        goal: `p95 < ${BAR_P95_MS} ms, no 5xx`,
        met,
      });
      figures.push({ name: `${c.name} throughput`, value: real.rate, baseline: base.rate, unit: "req/s", ...(counted ? { extra: { baselineWithCounterRate: Math.round(counted.rate), baselineWithCounterP95: counted.p95 } } : {}) });
    }
    await bare.close();
    await counterDb.close();
    await app.close();
    console.log(`\n  bar: p95 < ${BAR_P95_MS} ms and no 5xx at ${CONCURRENCY} concurrent clients`);
    for (const v of verdicts) console.log(`    ${v}`);
    record("portal", figures, { postgres: version, sizes, concurrency: CONCURRENCY, seconds: SECONDS, pool: POOL });
  } finally {
    await raw.end();
    if (KEEP) {
      await database.close();
      console.log(`  --keep: database ${fresh.url} left in place (drop it when done)`);
    } else await fresh.drop();
  }
}

main().then(
  // the fresh database's admin connection stays open when the database is kept
  () => KEEP && process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
