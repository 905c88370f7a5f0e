import { index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/** Background imports: status and counts survive the process; live progress is kept in memory (and, on PostgreSQL, written with the heartbeat). */
export const importJobs = pgTable(
  "import_jobs",
  {
    id: uuid("id").primaryKey(),
    kind: text("kind").notNull(),
    /** the uploaded file's name as the browser sent it (null for jobs queued before it was kept) */
    filename: text("filename"),
    status: text("status", { enum: ["queued", "running", "succeeded", "failed"] }).notNull(),
    total: integer("total").notNull().default(0),
    processed: integer("processed").notNull().default(0),
    created: integer("created").notNull().default(0),
    updated: integer("updated").notNull().default(0),
    unchanged: integer("unchanged").notNull().default(0),
    problemCount: integer("problem_count").notNull().default(0),
    /** the first PROBLEM_CAP problems */
    problems: jsonb("problems").notNull().default([]),
    errorCode: text("error_code"),
    errorMessage: text("error_message"),
    createdBy: uuid("created_by"),
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull(),
    startedAt: timestamp("started_at", { withTimezone: true, mode: "date" }),
    finishedAt: timestamp("finished_at", { withTimezone: true, mode: "date" }),
    /** the app process running it (several may share one PostgreSQL); null while queued */
    runner: text("runner"),
    /** PostgreSQL: refreshed by the running process; a job whose heartbeat stops was interrupted */
    heartbeatAt: timestamp("heartbeat_at", { withTimezone: true, mode: "date" }),
  },
  // the console list and the to-do: one user's jobs, newest first
  (t) => [index("import_jobs_created_by_idx").on(t.createdBy, t.createdAt)],
);
