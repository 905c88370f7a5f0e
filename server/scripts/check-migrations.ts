/**
 * `npm run db:check`: fails when the *.table.ts schema and the committed migrations disagree.
 * Runs drizzle-kit generate into a scratch copy of server/migrations; any new file means drift.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), "../..");
const committed = path.join(root, "server/migrations");
// drizzle-kit resolves `out` relative to the working directory, so the scratch copy lives inside it
fs.mkdirSync(path.join(root, ".tmp"), { recursive: true });
const scratch = fs.mkdtempSync(path.join(root, ".tmp", "migcheck-"));
fs.cpSync(committed, scratch, { recursive: true });
const before = new Set(fs.readdirSync(scratch));
try {
  const out = execFileSync(path.join(root, "node_modules/.bin/drizzle-kit"), ["generate", "--config", "server/drizzle.config.ts", "--name", "drift"], {
    cwd: root,
    env: { ...process.env, MIGRATIONS_OUT: path.relative(root, scratch) },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  const added = fs.readdirSync(scratch).filter((f) => !before.has(f));
  if (added.length) {
    const sqlFile = added.find((f) => f.endsWith(".sql"));
    console.error("✖ The schema (*.table.ts) differs from the committed migrations. Run `npm run db:generate -- --name <change>` and commit the result.");
    if (sqlFile) console.error(fs.readFileSync(path.join(scratch, sqlFile), "utf8"));
    process.exitCode = 1;
  } else if (!/No schema changes/i.test(out)) {
    console.error(`✖ drizzle-kit did not confirm the schema matches:\n${out}`);
    process.exitCode = 1;
  } else {
    console.log(`✓ migrations match the schema (${[...before].filter((f) => f.endsWith(".sql")).length} migrations)`);
    if (process.env.VERBOSE) console.log(out);
  }
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}
