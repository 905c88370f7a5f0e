import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { buildApp } from "../src/app.ts";
import { nextIdNumber } from "../src/modules/trainees/trainees.factory.ts";
import { anchorHead, resolveAuditSigner } from "../src/platform/audit/anchor.ts";
import { systemClock } from "../src/platform/clock.ts";
import { loadConfig } from "../src/platform/config.ts";
import { tableFingerprints } from "../src/platform/db/backup.ts";
import { type Database, openPglite, openPostgres } from "../src/platform/db/db.ts";
import { makeDeps, prepareDatabase } from "../src/setup.ts";
import { login } from "./harness.ts";
import { freshPostgres, platformSecrets, runScript } from "./processes.ts";

/**
 * `npm run backup` then `npm run restore` into an empty target gives back every table, row for row,
 * and an audit chain (with its signed heads) that `npm run audit:verify` accepts; a damaged file, a
 * file without its manifest, and a non-empty target without --force are refused with their own
 * exit codes. On the store the project runs on (PGlite in `db`, PostgreSQL in `db-postgres`).
 */
const onPostgres = process.env.TEST_DB === "postgres";
const secrets = platformSecrets();
const work = fs.mkdtempSync(path.join(os.tmpdir(), "jl-backup-"));
const cleanup: (() => Promise<void>)[] = [];
/** each step runs two or three Node processes (tsx start-up) on a possibly busy machine */
const STEP = 300_000;

/** where the source lives and how scripts reach it; the restore target likewise */
let sourceEnv: Record<string, string>;
let targetEnv: Record<string, string>;
let openSource: () => Promise<Database>;
let openTarget: () => Promise<Database>;

async function emptyPostgres(suffix: string): Promise<string> {
  const base = process.env.TEST_DATABASE_URL!;
  const name = `${inject("pgTemplate").replace("jl_tpl_", "jl_t_")}_${suffix}_${process.pid}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  cleanup.push(async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  });
  const u = new URL(base);
  u.pathname = `/${name}`;
  return u.toString();
}

async function roster(rows: number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("花名册");
  ws.addRow(["身份证号", "姓名", "性别", "手机号", "居住地区划代码", "文化程度", "人员类别", "证明方式", "名册名称或承诺书编号", "证明日期"]);
  for (let i = 0; i < rows; i++) ws.addRow([nextIdNumber({ birthYear: 1980 + i }), `备份${i}`, "", `136${String(i).padStart(8, "0")}`, "220102", "初中", "农村转移就业劳动者", "承诺书", `BK-${i}`, "2026-02-01"]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

beforeAll(async () => {
  let source: Database;
  if (onPostgres) {
    const fresh = await freshPostgres();
    cleanup.push(fresh.drop);
    sourceEnv = { DATABASE_URL: fresh.url, ...secrets };
    targetEnv = { DATABASE_URL: await emptyPostgres("restore"), ...secrets };
    openSource = () => openPostgres(sourceEnv.DATABASE_URL!, 2);
    openTarget = () => openPostgres(targetEnv.DATABASE_URL!, 2);
    source = await openSource();
  } else {
    const srcDir = path.join(work, "source");
    sourceEnv = { DATA_DIR: srcDir, ...secrets };
    targetEnv = { DATA_DIR: path.join(work, "target"), ...secrets };
    openSource = () => openPglite(srcDir);
    openTarget = () => openPglite(targetEnv.DATA_DIR!);
    fs.mkdirSync(srcDir);
    source = await openPglite(srcDir, { loadDataDir: new Blob([fs.readFileSync(inject("pgliteTemplate"))]) });
  }
  // a little history through the app: the administrator, a login, a failed one, an import, a signed head
  const config = loadConfig({ ...sourceEnv, DATA_DIR: sourceEnv.DATA_DIR ?? work });
  const deps = makeDeps(source, config, systemClock);
  await prepareDatabase(source, deps);
  const app = await buildApp(deps, { serveWeb: false });
  await app.inject({ method: "POST", url: "/api/auth/login", payload: { username: "admin", password: "wrong-password-1" } });
  const admin = await login(app, "admin", secrets.ADMIN_PASSWORD!);
  const imported = await admin.request({
    method: "POST",
    url: "/api/trainee-imports?mode=commit&filename=roster.xlsx",
    payload: await roster(12),
    headers: { "content-type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
  });
  expect(imported.statusCode).toBe(200);
  await anchorHead(deps.db, resolveAuditSigner(secrets.AUDIT_SIGNING_KEY, work, source.kind), systemClock);
  await app.close();
  await source.close();
}, 180_000);

afterAll(async () => {
  for (const c of cleanup) await c();
  fs.rmSync(work, { recursive: true, force: true });
});

describe(`backup and restore (${onPostgres ? "PostgreSQL: pg_dump / pg_restore" : "embedded: PGlite's data-folder dump"})`, () => {
  const file = path.join(work, onPostgres ? "b.dump" : "b.tar.gz");

  it("backs up with a manifest, restores into an empty target with every table equal, and audit:verify passes there", async () => {
    const backup = await runScript("server/scripts/backup.ts", ["--out", file], sourceEnv);
    expect(backup.out).toContain("backup written");
    expect(backup.status).toBe(0);
    const manifest = JSON.parse(fs.readFileSync(`${file}.manifest.json`, "utf8"));
    expect(manifest).toMatchObject({ format: "jilin-backup/1", store: onPostgres ? "postgres" : "pglite", bytes: fs.statSync(file).size });
    expect(manifest.sha256).toMatch(/^[0-9a-f]{64}$/);

    const restored = await runScript("server/scripts/restore.ts", [file], targetEnv);
    expect(restored.out).toContain("restored");
    expect(restored.status).toBe(0);

    const src = await openSource();
    const before = await tableFingerprints(src.db);
    await src.close();
    const dst = await openTarget();
    const after = await tableFingerprints(dst.db);
    await dst.close();
    expect(Object.keys(before).length).toBeGreaterThan(20);
    expect(before["public.persons"]!.rows).toBeGreaterThanOrEqual(12);
    expect(before["public.audit_anchors"]!.rows).toBeGreaterThan(0);
    expect(after).toEqual(before);
    expect(manifest.tables["public.audit_log"]).toBe(before["public.audit_log"]!.rows);

    const verified = await runScript("server/scripts/audit-verify.ts", [], targetEnv);
    expect(verified.out).toMatch(/audit chain OK: \d+ entries verified/);
    expect(verified.out).toMatch(/audit anchors OK: [1-9]\d* signed heads verified/);
    expect(verified.status).toBe(0);
  }, STEP);

  it("refuses a target that already holds a database unless --force", async () => {
    const again = await runScript("server/scripts/restore.ts", [file], targetEnv);
    expect(again.status).toBe(5);
    expect(again.out).toContain("--force");
    const forced = await runScript("server/scripts/restore.ts", [file, "--force"], targetEnv);
    expect(forced.status).toBe(0);
    if (!onPostgres) expect(forced.out).toContain("pg.replaced-"); // the old one is kept aside, not deleted
    const dst = await openTarget();
    expect((await tableFingerprints(dst.db))["public.persons"]!.rows).toBeGreaterThanOrEqual(12);
    await dst.close();
  }, STEP);

  it("refuses a file that does not match its manifest's checksum, or has no manifest, and restores nothing", async () => {
    const bad = path.join(work, `bad${path.extname(file)}`);
    const bytes = fs.readFileSync(file);
    bytes.writeUInt8(bytes.readUInt8(bytes.length >> 1) ^ 0xff, bytes.length >> 1);
    fs.writeFileSync(bad, bytes);
    fs.copyFileSync(`${file}.manifest.json`, `${bad}.manifest.json`);
    const env = onPostgres ? { ...targetEnv, DATABASE_URL: await emptyPostgres("bad") } : { ...targetEnv, DATA_DIR: path.join(work, "bad-target") };
    const refused = await runScript("server/scripts/restore.ts", [bad, "--force"], env);
    expect(refused.status).toBe(4);
    expect(refused.out).toContain("checksum");
    fs.rmSync(`${bad}.manifest.json`);
    const unmanifested = await runScript("server/scripts/restore.ts", [bad], env);
    expect(unmanifested.status).toBe(4);
    expect(unmanifested.out).toContain("manifest");
    if (!onPostgres) expect(fs.existsSync(path.join(work, "bad-target", "pg"))).toBe(false);
  }, STEP);
});
