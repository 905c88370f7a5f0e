/** `npm run audit:verify`: recomputes the audit hash chain; exits 1 naming the first bad row. */
import { verifyAuditChain } from "../src/platform/audit/audit.ts";
import { loadConfig } from "../src/platform/config.ts";
import { openDatabase } from "../src/platform/db/db.ts";

const config = loadConfig();
const database = await openDatabase(config);
try {
  const r = await verifyAuditChain(database.db);
  if (r.ok) {
    console.log(`audit chain OK: ${r.checked} entries verified`);
  } else {
    console.error(`audit chain BROKEN at seq ${r.firstBad!.seq}: ${r.firstBad!.reason} (${r.checked} entries before it are intact)`);
    process.exitCode = 1;
  }
} finally {
  await database.close();
}
