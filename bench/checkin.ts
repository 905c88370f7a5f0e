/**
 * Check-in benchmark: the real app over real HTTP on 127.0.0.1 against a fresh PostgreSQL
 * database (created for the run, dropped after), loaded by a child process with keep-alive
 * connections. Seeds 200 classes × 1 session × 250 enrolled trainees (50,000 trainee accounts
 * logged in through rows of the sessions table — no password hashing), with the session windows
 * open around the real clock; the load generator computes the current code like a phone that
 * scanned the screen. Then the same load against a bench-only bare Fastify route doing the same
 * guarded INSERT (no session, no validation), for the ratio.
 *
 * Goal (issue 11): ≥ 2,000 check-ins/s with p99 < 50 ms, and real / bare throughput ≥ 0.7.
 * Figures go to bench/results/<date>.json (bench/results.ts).
 *
 *   npm run bench -- checkin [--seconds 20] [--concurrency 50] [--pool 10]
 *   (needs TEST_DATABASE_URL or DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/postgres)
 */
import { backendCpuSeconds, freshDatabase, machineLine } from "./fresh-database.ts";
import { fork } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import Fastify from "fastify";
import { buildApp } from "../server/src/app.ts";
import { seedReference } from "../server/src/modules/reference/index.ts";
import { systemClock } from "../server/src/platform/clock.ts";
import { loadConfig } from "../server/src/platform/config.ts";
import type { Deps } from "../server/src/platform/context.ts";
import { createDataCrypto } from "../server/src/platform/crypto.ts";
import type { Database, } from "../server/src/platform/db/db.ts";
import { queryPrepared } from "../server/src/platform/db/prepared.ts";
import type { LoadJob, LoadResult } from "./checkin-load.ts";
import { record } from "./results.ts";

const args = process.argv.slice(2);
const opt = (name: string, dflt: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const SECONDS = opt("seconds", 20);
const CONCURRENCY = opt("concurrency", 50);
const POOL = opt("pool", 10);
/** trainees last seen 5 minutes ago: every first request also refreshes last_seen_at (one UPDATE) */
const STALE = args.includes("--stale-sessions");
const CLASSES = 200;
const PER_CLASS = 250;
const TRAINEES = CLASSES * PER_CLASS;
/** issue 11's goal */
const GOAL_RATE = 2000;
const GOAL_P99_MS = 50;
const GOAL_RATIO = 0.7;
const SITE = { lat: 43.8868, lng: 125.3245 };

const rowsOf = <T>(r: unknown): T[] => (r as { rows: T[] }).rows;
const uuidOf = (s: string) => {
  const h = createHash("md5").update(s).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};
const sessionIdOf = (token: string) => createHash("sha256").update(token).digest("base64url");

interface Seed {
  tokens: string[];
  personIds: string[];
  sessionIds: string[];
  secrets: string[];
}

async function seed(database: Database): Promise<Seed> {
  const db = database.db;
  const now = new Date();
  const t = performance.now();
  const tokens = Array.from({ length: TRAINEES }, (_, i) => `bench-${i}-${randomBytes(8).toString("hex")}`);
  const personIds = Array.from({ length: TRAINEES }, (_, i) => uuidOf(`person-${i}`));
  const userIds = Array.from({ length: TRAINEES }, (_, i) => uuidOf(`user-${i}`));
  const sessionIds = Array.from({ length: CLASSES }, (_, i) => uuidOf(`session-${i}`));
  const classIds = Array.from({ length: CLASSES }, (_, i) => uuidOf(`class-${i}`));
  const secrets = Array.from({ length: CLASSES }, () => randomBytes(32).toString("hex"));
  const inst = uuidOf("institution");
  const item = uuidOf("item");
  // windows: the session ends 28 minutes from now, so check-in (until the end) and check-out
  // (from 30 minutes before the end) are both open for the whole run
  const endsAt = new Date(now.getTime() + 28 * 60_000);
  const startsAt = new Date(endsAt.getTime() - 4 * 3_600_000);
  const lastSeen = now.toISOString();
  const iso = now.toISOString();
  await db.execute(sql`insert into institutions (id, credit_code, name, type, role, status, region_code, address, licence_no, licence_valid_until, contact_name, contact_phone,
    bank_account_name, bank_name, bank_account_encrypted, bank_account_last4, created_at, updated_at)
    values (${inst}, '52220102BENCH00001', '基准测试培训学校', 'private_school', 'training', 'approved', '220102', '长春', 'L1', '2030-12-31', '王', '1', '王', '银行', 'x', '0000', ${iso}, ${iso})`);
  await db.execute(sql`insert into catalogue_items (id, code, project_name, training_type, certificate_types, status, created_at, updated_at)
    values (${item}, 'BENCH', '基准测试项目', 'employment', '{training}', 'published', ${iso}, ${iso})`);
  await db.execute(sql`insert into classes (id, code, institution_id, region_code, catalogue_item_id, program_code, title, training_type, certificate_type, mode, address, lat, lng,
      geofence_radius_m, start_date, end_date, capacity, assessment_plan, status, created_at, updated_at)
    select c.id, 'KB-BENCH-' || c.n, ${inst}, '220102', ${item}, 'K1', '基准测试班', 'employment', 'training', 'offline', '长春', ${SITE.lat}, ${SITE.lng}, 300,
      '2026-01-01', '2026-12-31', ${PER_CLASS}, '考核', 'in_progress', ${iso}, ${iso}
    from unnest(${sql.param(classIds)}::uuid[]) with ordinality as c(id, n)`);
  await db.execute(sql`insert into class_sessions (id, class_id, date, starts_at, ends_at, content, theory_minutes, practice_minutes, place, code_secret, require_check_out, created_at)
    select s.id, s.class_id, ${startsAt.toISOString().slice(0, 10)}, ${startsAt.toISOString()}, ${endsAt.toISOString()}, '实操', 120, 120, '车间', s.secret, true, ${iso}
    from unnest(${sql.param(sessionIds)}::uuid[], ${sql.param(classIds)}::uuid[], ${sql.param(secrets)}::text[]) as s(id, class_id, secret)`);
  await db.execute(sql`insert into users (id, username, display_name, password_hash, region_code, created_at, updated_at)
    select u.id, 'bench' || u.n, '学员' || u.n, 'not-a-hash', '220102', ${iso}, ${iso} from unnest(${sql.param(userIds)}::uuid[]) with ordinality as u(id, n)`);
  await db.execute(sql`insert into role_assignments (id, user_id, role, scope_type, created_at)
    select gen_random_uuid(), u.id, 'trainee', 'self', ${iso} from unnest(${sql.param(userIds)}::uuid[]) as u(id)`);
  await db.execute(sql`insert into persons (id, id_number_encrypted, id_number_hash, id_number_masked, name, gender, birth_year, residence_region_code, user_id, created_at, updated_at)
    select p.id, 'x', 'bench-' || p.n, '220**************0', '学员' || p.n, 'male', 1990, '220102', p.user_id, ${iso}, ${iso}
    from unnest(${sql.param(personIds)}::uuid[], ${sql.param(userIds)}::uuid[]) with ordinality as p(id, user_id, n)`);
  await db.execute(sql`insert into class_enrollments (id, class_id, person_id, status, enrolled_at)
    select gen_random_uuid(), (${sql.param(classIds)}::uuid[])[((p.n - 1) / ${PER_CLASS}) + 1], p.id, 'enrolled', ${iso}
    from unnest(${sql.param(personIds)}::uuid[]) with ordinality as p(id, n)`);
  await db.execute(sql`insert into sessions (id, user_id, created_at, last_seen_at)
    select s.id, s.user_id, ${lastSeen}, ${lastSeen} from unnest(${sql.param(tokens.map(sessionIdOf))}::text[], ${sql.param(userIds)}::uuid[]) as s(id, user_id)`);
  await db.execute(sql`analyze`);
  console.log(`  seeded ${CLASSES} sessions × ${PER_CLASS} trainees (${TRAINEES.toLocaleString("en")} logged-in accounts) in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  return { tokens, personIds, sessionIds, secrets };
}

/** check-ins of every (session, trainee) first, interleaved across sessions; then the check-outs */
function ops(s: Seed, withToken: boolean): LoadJob["ops"] {
  const out: LoadJob["ops"] = [];
  for (const kind of ["in", "out"] as const) {
    for (let j = 0; j < PER_CLASS; j++) {
      for (let c = 0; c < CLASSES; c++) {
        const t = c * PER_CLASS + j;
        const body: Record<string, unknown> = { sessionId: s.sessionIds[c], lat: SITE.lat + 0.0005, lng: SITE.lng, accuracy: 20, kind };
        if (!withToken) body.personId = s.personIds[t];
        out.push({ token: withToken ? s.tokens[t]! : "", session: c, body });
      }
    }
  }
  return out;
}

function load(job: LoadJob): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(new URL("./checkin-load.ts", import.meta.url)), [], { execArgv: ["--import", "tsx"] });
    child.once("message", (r) => resolve(r as LoadResult));
    child.once("error", reject);
    child.send(job);
  });
}

/** CPU milliseconds per request of this process (the app) and of the database's backends during one load */
interface Cost {
  appMs: number;
  dbMs: number | null;
}

async function measured(database: Database, job: LoadJob): Promise<{ r: LoadResult; cost: Cost }> {
  const db0 = await backendCpuSeconds(database);
  const app0 = process.cpuUsage();
  const r = await load(job);
  const app = process.cpuUsage(app0);
  const db1 = await backendCpuSeconds(database);
  const n = Math.max(1, r.sent);
  console.log(`  (app CPU: user ${(app.user / 1000 / n).toFixed(3)} ms, system ${(app.system / 1000 / n).toFixed(3)} ms per request)`);
  return { r, cost: { appMs: (app.user + app.system) / 1000 / n, dbMs: db0 === null || db1 === null ? null : ((db1 - db0) * 1000) / n } };
}

function report(label: string, r: LoadResult, cost: Cost) {
  const l = Float64Array.from(r.latenciesMs).sort();
  const pct = (p: number) => (l.length ? l[Math.min(l.length - 1, Math.floor((p / 100) * l.length))]! : Number.NaN);
  const rate = r.sent / (r.elapsedMs / 1000);
  console.log(
    `  ${label.padEnd(30)} ${r.sent.toLocaleString("en").padStart(7)} req in ${(r.elapsedMs / 1000).toFixed(1)} s = ${Math.round(rate).toLocaleString("en").padStart(6)}/s` +
      `  p50 ${pct(50).toFixed(1)} ms  p95 ${pct(95).toFixed(1)} ms  p99 ${pct(99).toFixed(1)} ms  max ${l[l.length - 1]?.toFixed(1)} ms`,
  );
  console.log(`  ${"".padEnd(30)} statuses ${JSON.stringify(r.statuses)}  errors ${JSON.stringify(r.errors)}`);
  console.log(`  ${"".padEnd(30)} per second: ${r.perSecond.join(" ")}`);
  console.log(`  ${"".padEnd(30)} CPU per request: app ${cost.appMs.toFixed(3)} ms, PostgreSQL ${cost.dbMs === null ? "?" : cost.dbMs.toFixed(3)} ms`);
  return { rate, p50: pct(50), p95: pct(95), p99: pct(99), ...cost };
}

async function main() {
  const url = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  if (!url) {
    console.error("check-in benchmark: set TEST_DATABASE_URL or DATABASE_URL to a PostgreSQL server (a fresh database is created and dropped)");
    process.exit(2);
  }
  console.log(`check-in benchmark — ${new Date().toISOString()}`);
  console.log(`  ${machineLine()}`);
  console.log(`  load: ${CONCURRENCY} concurrent keep-alive clients (child process), ${SECONDS} s per run, app pool ${POOL} connections${STALE ? ", stale sessions (each first request refreshes last_seen_at)" : ""}`);
  const fresh = await freshDatabase(url, `jl_bench_checkin_${process.pid}`, POOL);
  const database = fresh.database;
  console.log(`  PostgreSQL ${fresh.version} on the same machine`);
  try {
    await database.migrate();
    await seedReference(database.db);
    const s = await seed(database);
    const deps: Deps = { db: database.db, dbKind: "postgres", clock: systemClock, config: loadConfig({}), crypto: createDataCrypto("bench-key") };

    // 1. the bare route: the same guarded INSERT (also a prepared statement), nothing else — bench only, never in the app
    const bare = Fastify({ logger: false });
    bare.post("/bare", async (req) => {
      const b = req.body as { sessionId: string; personId: string; kind: string; lat: number; lng: number; accuracy: number };
      const r = await queryPrepared<{ id: string }>(database.db, "bench_bare_insert", sql`
        insert into attendance_checkins (id, session_id, class_id, person_id, kind, at, lat, lng, accuracy, distance_m, user_id, user_agent, client_ip)
        select gen_random_uuid(), s.id, s.class_id, e.person_id, ${b.kind}, now(), ${b.lat}::float8, ${b.lng}::float8, ${b.accuracy}::float8, 55, null, ${req.headers["user-agent"] ?? null}, ${req.ip}
        from class_sessions s
        join classes c on c.id = s.class_id and c.status in ('approved', 'in_progress')
        join class_enrollments e on e.class_id = s.class_id and e.person_id = ${b.personId}::uuid and e.status = 'enrolled'
        where s.id = ${b.sessionId}::uuid and s.status = 'planned'
        on conflict (session_id, person_id, kind) do nothing
        returning id`);
      return { id: r[0]?.id ?? null };
    });
    await bare.listen({ host: "127.0.0.1", port: 0 });
    const barePort = (bare.server.address() as { port: number }).port;
    const app = await buildApp(deps, { serveWeb: false, logger: false });
    await app.listen({ host: "127.0.0.1", port: 0 });
    const appPort = (app.server.address() as { port: number }).port;

    console.log("\nresults:");
    const bareRun = await measured(database, { port: barePort, path: "/bare", concurrency: CONCURRENCY, durationMs: SECONDS * 1000, ops: ops(s, false), secrets: s.secrets });
    const b = report("bare INSERT route", bareRun.r, bareRun.cost);
    await bare.close();
    // start the real run from empty tables (the append-only triggers are lifted in this throwaway
    // database only; the attempts reference the check-ins, so both go together)
    for (const t of ["attendance_checkins", "attendance_checkin_attempts"]) await database.db.execute(sql`alter table ${sql.identifier(t)} disable trigger user`);
    await database.db.execute(sql`truncate attendance_checkin_attempts, attendance_checkins`);
    for (const t of ["attendance_checkins", "attendance_checkin_attempts"]) await database.db.execute(sql`alter table ${sql.identifier(t)} enable trigger user`);
    // phones that just logged in (or, with --stale-sessions, were last seen 5 minutes ago)
    await database.db.execute(sql`update sessions set last_seen_at = now() - ${STALE ? "5 minutes" : "0 minutes"}::interval`);
    const realRun = await measured(database, {
      port: appPort,
      path: "/api/attendance/check-in",
      concurrency: CONCURRENCY,
      durationMs: SECONDS * 1000,
      ops: ops(s, true),
      secrets: s.secrets,
    });
    const real = report("POST /api/attendance/check-in", realRun.r, realRun.cost);
    const [count] = rowsOf<{ n: number; dup: number }>(
      await database.db.execute(sql`select count(*)::int as n, (count(*) - count(distinct (session_id, person_id, kind)))::int as dup from attendance_checkins`),
    );
    console.log(`  rows written by the real run: ${count?.n.toLocaleString("en")} (duplicates: ${count?.dup})`);
    const ratio = real.rate / b.rate;
    const rateMet = real.rate >= GOAL_RATE;
    const p99Met = real.p99 < GOAL_P99_MS;
    const ratioMet = ratio >= GOAL_RATIO;
    console.log(`\n  ratio real / bare throughput: ${ratio.toFixed(2)}`);
    console.log(`  goal ≥ ${GOAL_RATE.toLocaleString("en")}/s: ${rateMet ? "MET" : "MISSED"}   p99 < ${GOAL_P99_MS} ms: ${p99Met ? "MET" : "MISSED"}   real / bare ≥ ${GOAL_RATIO}: ${ratioMet ? "MET" : "MISSED"}`);
    record(
      "checkin",
      [
        { name: "throughput (real vs bare route)", value: real.rate, baseline: b.rate, unit: "req/s", goal: `≥ ${GOAL_RATE.toLocaleString("en")}/s, ≥ ${GOAL_RATIO}× bare`, met: rateMet && ratioMet },
        { name: "p99 latency (real vs bare route)", value: real.p99, baseline: b.p99, unit: "ms", goal: `< ${GOAL_P99_MS} ms`, met: p99Met },
        { name: "p50 latency (real vs bare route)", value: real.p50, baseline: b.p50, unit: "ms", extra: { p95: real.p95, bareP95: b.p95 } },
        // CPU per request holds better than throughput when the machine is busy with other work
        { name: "app CPU per check-in (real vs bare route)", value: real.appMs, baseline: b.appMs, unit: "ms" },
        ...(real.dbMs !== null && b.dbMs !== null
          ? [{ name: "PostgreSQL CPU per check-in (real vs bare route)", value: real.dbMs, baseline: b.dbMs, unit: "ms" }]
          : []),
      ],
      { postgres: fresh.version, seconds: SECONDS, concurrency: CONCURRENCY, pool: POOL, staleSessions: STALE, rowsWritten: count?.n, duplicates: count?.dup },
    );
    await app.close();
  } finally {
    await fresh.drop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
