/**
 * `npm run audit:verify [-- --anchors <published.json>] [-- --public-key <file>]`
 *
 * Recomputes the audit hash chain and checks every signed head (anchor): its signature under the
 * public key from configuration (never from the database), that the chain still holds the signed
 * hash at that row (a chain recomputed after an edit fails), and that the log still reaches it (a
 * cut tail fails). `--anchors` adds a copy saved from /api/public/audit/anchors, so anchors
 * rewritten in the database are caught too.
 *
 * Exit codes: 0 intact · 1 chain or anchors broken · 2 usage or configuration · 3 the data folder
 * is held by a running server (stop it first; nothing was checked).
 */
import fs from "node:fs";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { type PublishedAnchor, resolveVerifyKey, verifyAnchors } from "../src/platform/audit/anchor.ts";
import { verifyAuditChain } from "../src/platform/audit/audit.ts";
import { loadConfig } from "../src/platform/config.ts";
import { type Database, openDatabase } from "../src/platform/db/db.ts";
import { AppError } from "../src/platform/http/errors.ts";

const EXIT = { ok: 0, broken: 1, usage: 2, inUse: 3 } as const;

function fail(code: number, message: string): never {
  console.error(message);
  process.exit(code);
}

let args: { anchors?: string | undefined; "public-key"?: string | undefined };
try {
  args = parseArgs({ options: { anchors: { type: "string" }, "public-key": { type: "string" } }, allowPositionals: false }).values;
} catch (e) {
  fail(EXIT.usage, `${(e as Error).message}\nusage: npm run audit:verify [-- --anchors <file from /api/public/audit/anchors>] [--public-key <PEM file>]`);
}

let published: PublishedAnchor[] = [];
if (args.anchors) {
  try {
    const json = JSON.parse(fs.readFileSync(args.anchors, "utf8")) as { items?: PublishedAnchor[] } | PublishedAnchor[];
    published = Array.isArray(json) ? json : (json.items ?? []);
  } catch (e) {
    fail(EXIT.usage, `cannot read the anchors file ${args.anchors}: ${(e as Error).message}`);
  }
}

const config = loadConfig();
let database: Database;
try {
  database = await openDatabase(config);
} catch (e) {
  if (e instanceof AppError && e.code === "db.locked") {
    fail(EXIT.inUse, `✖ audit:verify did not run: ${e.message}\n  (exit ${EXIT.inUse}: the folder is in use — this says nothing about the audit chain)`);
  }
  fail(EXIT.usage, `cannot open the database: ${(e as Error).message}`);
}

let key: ReturnType<typeof resolveVerifyKey>;
try {
  key = resolveVerifyKey({ publicKeyFile: args["public-key"], configured: config.auditSigningKey, dataDir: config.dataDir, kind: database.kind });
} catch (e) {
  await database.close();
  fail(EXIT.usage, `cannot read the audit signing key: ${(e as Error).message}`);
}
if (!key) {
  await database.close();
  fail(EXIT.usage, "no public key to check the anchors with: pass --public-key <file> or set AUDIT_SIGNING_KEY (the key is never read from the database)");
}

let code: number = EXIT.ok;
try {
  const chain = await verifyAuditChain(database.db);
  if (chain.ok) {
    console.log(`audit chain OK: ${chain.checked} entries verified`);
  } else {
    console.error(`audit chain BROKEN at seq ${chain.firstBad!.seq}: ${chain.firstBad!.reason} (${chain.checked} entries before it are intact)`);
    code = EXIT.broken;
  }

  const found = (await database.db.execute(sql`select to_regclass('public.audit_anchors')::text as t`)) as unknown as { rows: { t: string | null }[] };
  const hasTable = found.rows[0]?.t;
  if (!hasTable) {
    console.error("no audit_anchors table (the database predates anchoring: start the server once to migrate); a recomputed or truncated chain cannot be detected");
    if (published.length > 0) code = EXIT.broken;
  } else {
    const anchors = await verifyAnchors(database.db, key, published);
    if (anchors.ok && anchors.checked === 0) {
      console.warn("no signed heads yet: a recomputed or truncated chain cannot be detected until the server has signed one");
    } else if (anchors.ok) {
      console.log(`audit anchors OK: ${anchors.checked} signed heads verified${published.length ? ` (${published.length} from ${args.anchors})` : ""}`);
    } else {
      for (const p of anchors.problems) console.error(`audit anchors BROKEN: ${p.reason}`);
      code = EXIT.broken;
    }
  }
} finally {
  await database.close();
}
process.exit(code);
