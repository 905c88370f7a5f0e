/**
 * Every list, search and detail endpoint on a generated province (npm run demo -- --scale province
 * or three-years on PostgreSQL): p50/p95 at concurrency 4 through the real app (buildApp, access
 * hook, scope, presenters; requests by inject, no sockets) against the same SQL in the same run —
 * the reads one request issued, captured from the pg client and replayed at the same concurrency —
 * and the plan of every captured statement, flagging a Seq Scan of a table over 50,000 rows.
 *
 *   DATABASE_URL=… DATA_KEY=… npm run bench -- lists [--requests 60] [--label after] [--only REGEX] [--plans]
 *
 * `--only` measures the cases whose name matches; `--plans` prints EXPLAIN (ANALYZE, BUFFERS) of
 * every statement. Excel downloads and templates are left out (not lists); dashboards and reports
 * are bench/reports.ts. Logs in by inserting rows of the sessions table for the demo's accounts
 * (deleted at the end); writes nothing else.
 */
import { createHash, randomBytes } from "node:crypto";
import os from "node:os";
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
/** only the cases whose name matches this regular expression (re-measuring after a fix) */
const ONLY = new RegExp(opt("--only", ""), "i");
/** print EXPLAIN (ANALYZE, BUFFERS) of every statement a measured request sends */
const PLANS = args.includes("--plans");
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
    // drizzle sends (config, values); a config may also carry its own values
    const values = (typeof q === "string" ? undefined : q.values) ?? (Array.isArray(a[1]) ? (a[1] as unknown[]) : []);
    // transaction control and the rate limiter's counters are the app's own bookkeeping
    if (!/^(begin|commit|rollback|savepoint|release)/i.test(text.trim()) && !/\bcounters\b/.test(text)) capture.push({ text, values });
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
    "select (select count(*) from persons) persons, (select count(*) from classes) classes, (select count(*) from class_sessions) sessions, (select count(*) from class_enrollments) enrollments, (select count(*) from attendance_checkins) checkins, (select count(*) from certificates) certificates, (select count(*) from person_regions) person_regions, (select count(*) from audit_log) audit_log",
  );
  const big = new Set((await q1<{ relname: string }>("select relname from pg_class where relkind = 'r' and reltuples > 50000")).map((r) => r.relname));
  const pick = async (text: string) => ((await q1<{ v: string }>(text))[0]?.v ?? "");
  // the demo's ids each probe reads: bulk rows where the data is large (a county's person, class)
  const person = await pick("select id::text as v from persons where residence_region_code = '220102' order by id limit 1");
  const klass = await pick("select id::text as v from classes where region_code = '220102' and status = 'assessed' order by code limit 1");
  const running = await pick("select id::text as v from classes where region_code = '220102' and status = 'in_progress' order by code limit 1");
  const classCode = await pick("select code as v from classes where region_code = '220102' order by code desc limit 1");
  const [cert] = await q1<{ number: string; name: string; token: string }>(
    "select z.number, p.name, z.verify_token as token from certificates z join persons p on p.id = z.person_id order by z.number limit 1",
  );
  const name3 = await pick("select name as v from persons where residence_region_code = '220102' and char_length(name) = 3 order by id limit 1");
  const name2 = name3.slice(0, 2);
  const surname = name3.slice(0, 1);
  const category = await pick("select category as v from person_categories group by 1 order by count(*) limit 1");
  const institution = await pick(`select institution_id::text as v from role_assignments where user_id = (select id from users where username = 'school.staff')`);
  // the phone pages' trainee (the demo's one without a pending password change)
  const trainee = await pick("select u.username as v from users u join persons p on p.user_id = u.id where not u.must_change_password order by u.username limit 1");
  const claim = await pick("select id::text as v from subsidy_claims where region_code like '2201%' order by created_at desc limit 1");
  const notice = await pick("select id::text as v from subsidy_notices order by published_at desc limit 1");
  const batch = await pick("select id::text as v from payment_batches order by created_at desc limit 1");
  const changeRequest = await pick("select c.id::text as v from person_change_requests c join persons p on p.id = c.person_id where p.residence_region_code like '220102%' order by c.filed_at desc limit 1");
  const importJob = await pick(`select id::text as v from import_jobs where created_by = (select id from users where username = 'school.staff') order by created_at desc limit 1`);
  const occupation = await pick("select id::text as v from occupations order by id limit 1");
  const item = await pick("select id::text as v from catalogue_items where status = 'published' order by id limit 1");
  const standard = await pick("select id::text as v from subsidy_standards order by id limit 1");
  const userId = await pick("select id::text as v from users where username = 'school.staff'");
  const year = await pick("select max(extract(year from start_date))::int::text as v from classes where code like 'PX%'");
  const probes: { name: string; who: string; url: string; skip?: boolean }[] = [
    // persons (trainees module): the largest table a list reads
    { name: "county persons list", who: "ng.officer", url: "/api/persons?page=1&pageSize=20" },
    { name: "county persons list, page 100", who: "ng.officer", url: "/api/persons?page=100&pageSize=20" },
    { name: "county name search (3 chars)", who: "ng.officer", url: `/api/persons?q=${encodeURIComponent(name3)}` },
    { name: "county name search (2 chars)", who: "ng.officer", url: `/api/persons?q=${encodeURIComponent(name2)}` },
    { name: "county persons by category", who: "ng.officer", url: `/api/persons?category=${category}` },
    { name: "city persons list", who: "cc.officer", url: "/api/persons?page=1&pageSize=20" },
    { name: "city persons of a county", who: "cc.officer", url: "/api/persons?regionCode=220102" },
    { name: "province persons list", who: "admin", url: "/api/persons?page=1&pageSize=20" },
    { name: "province name search (3 chars)", who: "admin", url: `/api/persons?q=${encodeURIComponent(name3)}` },
    { name: "province surname search (1 char)", who: "admin", url: `/api/persons?q=${encodeURIComponent(surname)}` },
    { name: "institution persons list", who: "school.staff", url: "/api/persons?page=1&pageSize=20" },
    { name: "institution name search (2 chars)", who: "school.staff", url: `/api/persons?q=${encodeURIComponent(name2)}` },
    { name: "person detail", who: "ng.officer", url: `/api/persons/${person}` },
    { name: "person change requests", who: "ng.officer", url: "/api/person-change-requests" },
    { name: "person change request detail", who: "ng.officer", url: `/api/person-change-requests/${changeRequest}`, skip: !changeRequest },
    { name: "trainee imports list", who: "school.staff", url: "/api/trainee-imports" },
    { name: "trainee import detail", who: "school.staff", url: `/api/trainee-imports/${importJob}`, skip: !importJob },
    // classes, attendance, certificates
    { name: "county classes list", who: "ng.officer", url: "/api/classes?page=1&pageSize=20" },
    { name: "province classes list", who: "admin", url: "/api/classes?page=1&pageSize=20" },
    { name: "province classes in progress", who: "admin", url: "/api/classes?status=in_progress" },
    { name: "province class search (code)", who: "admin", url: `/api/classes?q=${encodeURIComponent(classCode)}` },
    { name: "province class search (title words)", who: "admin", url: `/api/classes?q=${encodeURIComponent(`${year} 年第 1 期`)}` },
    { name: "institution classes list", who: "school.staff", url: "/api/classes?page=1&pageSize=20" },
    { name: "class detail", who: "ng.officer", url: `/api/classes/${klass}` },
    { name: "class detail, in progress", who: "ng.officer", url: `/api/classes/${running}`, skip: !running },
    { name: "class changes", who: "ng.officer", url: `/api/classes/${klass}/changes` },
    { name: "class certificates", who: "ng.officer", url: `/api/classes/${klass}/certificates` },
    { name: "attendance summary", who: "ng.officer", url: `/api/attendance/classes/${klass}/summary` },
    { name: "class attendance corrections", who: "ng.officer", url: `/api/attendance/classes/${klass}/corrections` },
    { name: "attendance corrections (county)", who: "ng.officer", url: "/api/attendance/corrections" },
    { name: "certificate check (number + name)", who: "", url: `/api/public/certificates/verify?number=${encodeURIComponent(cert?.number ?? "")}&name=${encodeURIComponent(cert?.name ?? "")}` },
    { name: "certificate check (QR token)", who: "", url: `/api/public/certificates/${cert?.token ?? ""}` },
    // home pages and the trainee's phone pages
    { name: "county to-do", who: "ng.officer", url: "/api/home/todos" },
    { name: "city to-do", who: "cc.officer", url: "/api/home/todos" },
    { name: "institution to-do", who: "school.staff", url: "/api/home/todos" },
    { name: "institution class rates", who: "school.staff", url: "/api/home/classes" },
    { name: "trainee: me", who: trainee, url: "/api/me" },
    { name: "trainee: my classes", who: trainee, url: "/api/my/classes" },
    { name: "trainee: my attendance", who: trainee, url: "/api/my/attendance" },
    { name: "trainee: my subsidies", who: trainee, url: "/api/my/subsidies" },
    { name: "trainee: my profile", who: trainee, url: "/api/my/profile" },
    { name: "trainee: my change requests", who: trainee, url: "/api/my/person-change-requests" },
    // institutions
    { name: "institutions list", who: "cc.officer", url: "/api/institutions?page=1&pageSize=20" },
    { name: "institutions search", who: "admin", url: `/api/institutions?q=${encodeURIComponent("职业")}` },
    { name: "institution detail", who: "cc.officer", url: `/api/institutions/${institution}` },
    { name: "institutions expiring", who: "cc.officer", url: "/api/institutions/expiring" },
    { name: "public institutions", who: "", url: "/api/public/institutions" },
    { name: "public institution detail", who: "", url: `/api/public/institutions/${institution}` },
    // subsidies and payments
    { name: "county claims list", who: "ng.officer", url: "/api/claims" },
    { name: "county claims awaiting", who: "ng.officer", url: "/api/claims?awaiting=true" },
    { name: "city claims overdue", who: "cc.officer", url: "/api/claims?overdue=true" },
    { name: "claim detail", who: "cc.officer", url: `/api/claims/${claim}`, skip: !claim },
    { name: "notices (officer)", who: "ng.officer", url: "/api/notices" },
    { name: "notice preview", who: "ng.officer", url: "/api/notices/preview" },
    { name: "objections", who: "ng.officer", url: "/api/notices/objections" },
    { name: "public notices", who: "", url: "/api/public/notices" },
    { name: "public notice detail", who: "", url: `/api/public/notices/${notice}`, skip: !notice },
    { name: "payments: claims", who: "finance", url: "/api/payments/claims" },
    { name: "payments: claim detail", who: "finance", url: `/api/payments/claims/${claim}`, skip: !claim },
    { name: "payments: orders", who: "finance", url: "/api/payments/orders" },
    { name: "payments: batches", who: "finance", url: "/api/payments/batches" },
    { name: "payments: batch detail", who: "finance", url: `/api/payments/batches/${batch}`, skip: !batch },
    { name: "payments: receivables", who: "finance", url: "/api/payments/receivables" },
    { name: "payee accounts", who: "finance", url: "/api/payee-accounts" },
    { name: "fund accounts", who: "finance", url: "/api/funds/accounts" },
    { name: "fund spending", who: "finance", url: `/api/funds/spending?year=${year}` },
    { name: "public fund spending", who: "", url: `/api/public/funds/spending?year=${year}` },
    // audit, users, statistics drill-down, catalogue
    { name: "audit log", who: "auditor", url: "/api/audit" },
    { name: "audit log of a person", who: "auditor", url: `/api/audit?entityId=${person}` },
    { name: "users list", who: "admin", url: "/api/users" },
    { name: "user detail", who: "admin", url: `/api/users/${userId}` },
    { name: "stats records (certificates)", who: "cc.officer", url: `/api/stats/records?measure=certificates&period=${year}` },
    { name: "occupations", who: "admin", url: "/api/occupations" },
    { name: "occupation detail", who: "admin", url: `/api/occupations/${occupation}` },
    { name: "catalogue items", who: "cc.officer", url: "/api/catalogue/items" },
    { name: "catalogue item detail", who: "cc.officer", url: `/api/catalogue/items/${item}` },
    { name: "standards", who: "cc.officer", url: "/api/standards" },
    { name: "standard detail", who: "cc.officer", url: `/api/standards/${standard}` },
    { name: "public catalogue", who: "", url: "/api/public/catalogue" },
  ];
  const logins = [...new Set(probes.map((p) => p.who).filter(Boolean))];
  const cookie: Record<string, string> = {};
  for (const username of logins) {
    const token = `bench-${randomBytes(12).toString("hex")}`;
    await database.db.execute(
      sql`insert into sessions (id, user_id, created_at, last_seen_at) select ${createHash("sha256").update(token).digest("base64url")}, id, now(), now() from users where username = ${username}`,
    );
    cookie[username] = `${SESSION_COOKIE}=${token}`;
  }
  console.log(`load average ${os.loadavg().map((x) => x.toFixed(2)).join(" / ")} at ${new Date().toISOString()}`);
  console.log(`lists benchmark (${LABEL}): PostgreSQL ${version}; ${Object.entries(sizes!).map(([k, v]) => `${k} ${Number(v).toLocaleString("en")}`).join(", ")}; ${REQUESTS} requests per figure at concurrency ${CONCURRENCY}`);
  const figures: Figure[] = [];
  const failed: string[] = [];
  let anon = 0;
  /** one case: warm, capture one request's statements, check their plans, time app and replay */
  const measure = async (p: (typeof probes)[number]) => {
    const inject = async () => {
      // anonymous probes come from distinct addresses: the public routes' per-address limit is not what is measured
      const r = await app.inject({ method: "GET", url: p.url, headers: p.who ? { cookie: cookie[p.who]! } : {}, remoteAddress: p.who ? "127.0.0.1" : `10.9.${(++anon >> 8) & 255}.${anon & 255}` });
      if (r.statusCode !== 200) throw new Error(`${p.name}: ${r.statusCode} ${r.body.slice(0, 200)}`);
    };
    await inject(); // warm
    capture = [];
    await inject();
    const statements = capture;
    capture = null;
    // the replay is the request's reads; its writes are left out: the bench writes no business data
    const reads = statements.filter((s) => /^\s*(select|with)/i.test(s.text));
    const writes = statements.length - reads.length;
    // the plan of each statement: a Seq Scan of a large table is what the goal forbids
    const seq = new Set<string>();
    for (const s of reads) {
      const plan = (await q1<{ "QUERY PLAN": string }>(`explain ${s.text}`, s.values)).map((r) => r["QUERY PLAN"]).join("\n");
      for (const m of plan.matchAll(/Seq Scan on (\w+)/g)) if (big.has(m[1]!)) seq.add(m[1]!);
      if (PLANS) {
        const analyzed = (await q1<{ "QUERY PLAN": string }>(`explain (analyze, buffers) ${s.text}`, s.values)).map((r) => r["QUERY PLAN"]).join("\n    ");
        console.log(`  -- ${p.name}: ${s.text}\n     ${JSON.stringify(s.values)}\n    ${analyzed}`);
      }
    }
    const replay = async () => {
      for (const s of reads) await raw.query(s.text, s.values);
    };
    const appTimes = await atConcurrency(REQUESTS, inject);
    const sqlTimes = await atConcurrency(REQUESTS, replay);
    const f: Figure = {
      name: `${p.name} p50`,
      value: pct(appTimes, 50),
      baseline: pct(sqlTimes, 50),
      unit: "ms",
      extra: {
        url: p.url.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ":id"),
        p95: pct(appTimes, 95),
        sqlP95: pct(sqlTimes, 95),
        statements: reads.length,
        writes,
        seqScans: [...seq],
        note: seq.size ? `Seq Scan: ${[...seq].join(", ")}` : `${reads.length} reads${writes ? ` + ${writes} writes` : ""}, p95 ${pct(appTimes, 95).toFixed(0)} ms`,
      },
    };
    figures.push(f);
    console.log(
      `  ${p.name.padEnd(38)} p50 ${f.value.toFixed(1).padStart(7)} ms  p95 ${pct(appTimes, 95).toFixed(1).padStart(7)} ms  | same SQL p50 ${f.baseline.toFixed(1).padStart(7)} p95 ${pct(sqlTimes, 95).toFixed(1).padStart(7)} ms  ${reads.length}+${writes} stmts  ${seq.size ? `SEQ SCAN ${[...seq].join(", ")}` : ""}`,
    );
  };
  try {
    for (const p of probes) {
      if (p.skip || !ONLY.test(p.name)) continue;
      try {
        await measure(p);
      } catch (e) {
        failed.push(p.name);
        console.log(`  ${p.name.padEnd(38)} FAILED ${(e as Error).message.slice(0, 200)}`);
      }
    }
    record(`lists-${LABEL}`, figures, { postgres: version, sizes, concurrency: CONCURRENCY, requests: REQUESTS, failed });
    console.log(`load average ${os.loadavg().map((x) => x.toFixed(2)).join(" / ")} at ${new Date().toISOString()}`);
    if (failed.length) console.log(`failed: ${failed.join(", ")}`);
  } finally {
    const ids = Object.values(cookie).map((c) => createHash("sha256").update(c.split("=")[1]!).digest("base64url"));
    await database.db.execute(sql`delete from sessions where id in (${sql.join(ids, sql`, `)})`);
    await app.close();
    await raw.end();
    await database.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
