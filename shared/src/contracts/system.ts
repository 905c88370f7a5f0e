import { z } from "zod";

/** GET /api/system/status: what an operator checks first (province administrators). */
export const systemStatus = z.object({
  database: z.enum(["pglite", "postgres"]),
  replica: z.object({
    /** DATABASE_REPLICA_URL is set: statistics, reports, dashboard aggregates and the fund disclosure read it */
    configured: z.boolean(),
    /** null when not configured; false when it did not answer */
    reachable: z.boolean().nullable(),
    /** the replica is a standby in recovery (pg_is_in_recovery); null when not configured or unreachable */
    standby: z.boolean().nullable(),
    /** seconds behind the primary: 0 when everything received is replayed, else the age of the last replayed transaction; null when not a standby */
    lagSeconds: z.number().nullable(),
  }),
  /** whether an acknowledged commit survives a power cut (PostgreSQL's fsync, synchronous_commit, full_page_writes) */
  durability: z.object({ fsync: z.boolean(), synchronousCommit: z.string(), fullPageWrites: z.boolean(), durable: z.boolean() }),
  /** background jobs (imports) waiting or running, in every process on this database */
  jobs: z.object({ queued: z.number().int(), running: z.number().int(), depth: z.number().int() }),
});
export type SystemStatus = z.infer<typeof systemStatus>;
