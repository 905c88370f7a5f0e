import { randomBytes, randomUUID } from "node:crypto";
import os from "node:os";
import { and, count, desc, eq, gt, gte, inArray, or, type SQL, sql } from "drizzle-orm";
import type { Ctx, Deps } from "../context.ts";
import type { Db } from "../db/db.ts";
import { faultPoint } from "../faults.ts";
import { AppError } from "../http/errors.ts";
import { importJobs } from "./jobs.table.ts";

export { IMPORT_LOOKBACK_DAYS } from "../../../../shared/src/contracts/home.ts";

/** How many problems a job keeps; the count is always exact. */
export const PROBLEM_CAP = 1000;

export interface JobCounts {
  total: number;
  processed: number;
  created: number;
  updated: number;
  unchanged: number;
  problemCount: number;
  problems: unknown[];
}

export interface JobHandle {
  readonly id: string;
  /** Records progress in memory (cheap; safe to call inside a transaction). */
  progress(p: Partial<JobCounts>): void;
  /**
   * Marks the job succeeded with `counts` in the caller's transaction — the one that writes the
   * job's work — so its row commits with the work. Without it, a process killed between that commit
   * and the runner's own update left a job whose work was in marked failed ("请重新提交") at the
   * restart (server/test/kill.slow.db.test.ts).
   */
  succeedIn(tx: Db, counts: Partial<JobCounts>): Promise<void>;
}

/** The work: runs as the submitting user's ctx; returns the final counts. */
export type JobFn = (job: JobHandle) => Promise<Partial<JobCounts>>;

export type JobRow = typeof importJobs.$inferSelect;

/** How often a PostgreSQL runner refreshes its jobs' heartbeat (and writes their progress). */
export const HEARTBEAT_MS = 5_000;
/** A queued or running job whose heartbeat is older than this was interrupted (its process died). */
export const STALE_AFTER_MS = 60_000;

/**
 * In-process runner: jobs run one after another, in the process that accepted them (the uploaded
 * file is in its memory). Several processes may share one PostgreSQL, so a job is claimed with a
 * conditional UPDATE (queued → running, only by the runner that queued it): it runs at most once,
 * and a job failed meanwhile (see `failInterruptedJobs`) is not started. Live progress stays in
 * memory — writing it from inside the job's own transaction would wait for that transaction on
 * PGlite — and on PostgreSQL a heartbeat writes it to the row every HEARTBEAT_MS, so any process
 * shows it, and a job whose heartbeat stops is known to be dead.
 */
class Runner {
  private chain: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  readonly live = new Map<string, Partial<JobCounts> & { status: JobRow["status"] }>();
  readonly name = `${os.hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;

  enqueue(deps: Deps, id: string, fn: JobFn): void {
    this.live.set(id, { status: "queued" });
    if (deps.dbKind === "postgres" && !this.timer) {
      this.timer = setInterval(() => void this.heartbeat(deps.db).catch((e) => console.error("job heartbeat failed", e)), HEARTBEAT_MS);
      this.timer.unref();
    }
    this.chain = this.chain.then(() => this.run(deps, id, fn));
  }

  idle(): Promise<void> {
    return this.chain;
  }

  private async heartbeat(db: Db): Promise<void> {
    for (const [id, state] of this.live) {
      const counts = state.status === "running" ? countsOf(state) : {};
      await db
        .update(importJobs)
        .set({ ...counts, heartbeatAt: sql`clock_timestamp()` })
        .where(and(eq(importJobs.id, id), eq(importJobs.runner, this.name), inArray(importJobs.status, ["queued", "running"])));
    }
  }

  private async run(deps: Deps, id: string, fn: JobFn): Promise<void> {
    const { db, clock } = deps;
    const state = this.live.get(id)!;
    try {
      const claimed = await db
        .update(importJobs)
        .set({ status: "running", startedAt: clock.now(), heartbeatAt: sql`clock_timestamp()` })
        .where(and(eq(importJobs.id, id), eq(importJobs.runner, this.name), eq(importJobs.status, "queued")))
        .returning({ id: importJobs.id });
      if (claimed.length === 0) {
        this.forget(id);
        return;
      }
    } catch (e) {
      console.error(`job ${id} could not start`, e);
      this.forget(id);
      return;
    }
    state.status = "running";
    const handle: JobHandle = {
      id,
      progress: (p) => Object.assign(state, p),
      succeedIn: async (tx, counts) => {
        Object.assign(state, counts);
        await tx
          .update(importJobs)
          .set({ status: "succeeded", ...countsOf(state), finishedAt: clock.now() })
          .where(eq(importJobs.id, id));
      },
    };
    let patch: Partial<typeof importJobs.$inferInsert>;
    try {
      const result = await fn(handle);
      // the job's work has committed; its row does not say so yet
      await faultPoint("job:finished");
      Object.assign(state, result);
      patch = { status: "succeeded", ...countsOf(state) };
    } catch (e) {
      const app = e instanceof AppError ? e : null;
      const details = (app?.details ?? {}) as { problems?: unknown[]; problemCount?: number };
      if (details.problems) Object.assign(state, { problems: details.problems, problemCount: details.problemCount ?? details.problems.length });
      if (!app) console.error(`job ${id} failed`, e);
      patch = {
        status: "failed",
        ...countsOf(state),
        errorCode: app?.code ?? "internal.error",
        errorMessage: app?.message ?? "系统内部错误",
      };
    }
    try {
      await db
        .update(importJobs)
        .set({ ...patch, finishedAt: clock.now() })
        .where(eq(importJobs.id, id));
    } catch (e) {
      // never let it reject: `chain` would stay rejected and no later job of this process would run;
      // the row stays running and the sweep (PostgreSQL) or the next start fails it — unless the job
      // already marked itself succeeded in its own transaction (succeedIn)
      console.error(`job ${id}: its final state could not be written`, e);
    } finally {
      this.forget(id);
    }
  }

  private forget(id: string): void {
    this.live.delete(id);
    if (this.live.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }
}

function countsOf(s: Partial<JobCounts>): Partial<typeof importJobs.$inferInsert> {
  return {
    total: s.total ?? 0,
    processed: s.processed ?? 0,
    created: s.created ?? 0,
    updated: s.updated ?? 0,
    unchanged: s.unchanged ?? 0,
    problemCount: s.problemCount ?? 0,
    problems: (s.problems ?? []).slice(0, PROBLEM_CAP),
  };
}

const runners = new WeakMap<Db, Runner>();
function runnerOf(db: Db): Runner {
  let r = runners.get(db);
  if (!r) {
    r = new Runner();
    runners.set(db, r);
  }
  return r;
}

/** Queues `fn` as a background job owned by the ctx's user; returns the job id at once. */
export async function enqueueJob(deps: Deps, ctx: Ctx, kind: string, fn: JobFn, meta: { filename?: string } = {}): Promise<string> {
  const id = randomUUID();
  const runner = runnerOf(deps.db);
  await deps.db.insert(importJobs).values({ id, kind, filename: meta.filename ?? null, status: "queued", createdBy: ctx.actor.userId, createdAt: deps.clock.now(), runner: runner.name, heartbeatAt: sql`clock_timestamp()` });
  runner.enqueue(deps, id, fn);
  return id;
}

/**
 * A job as stored, with live progress merged in while it runs. Only the user who started it
 * (or `kinds` filter mismatches) ⇒ not found.
 */
export async function findJob(db: Db, id: string, opts: { createdBy: string | null; kinds?: string[] }): Promise<JobRow | undefined> {
  const conds: SQL[] = [eq(importJobs.id, id)];
  if (opts.kinds) conds.push(inArray(importJobs.kind, opts.kinds));
  const [row] = await db
    .select()
    .from(importJobs)
    .where(and(...conds))
    .limit(1);
  if (!row || (opts.createdBy !== null && row.createdBy !== opts.createdBy)) return undefined;
  const live = runnerOf(db).live.get(id);
  if (!live || row.status === "succeeded" || row.status === "failed") return row;
  return { ...row, ...countsOf({ ...row, ...live } as Partial<JobCounts>), status: live.status } as JobRow;
}

/** Resolves when every queued job of this database has finished (tests, shutdown). */
export function jobsIdle(db: Db): Promise<void> {
  return runnerOf(db).idle();
}

/**
 * Jobs that were queued or running when their process stopped will never finish: mark them failed.
 * PGlite (one process per data folder): at start-up, every unfinished job. PostgreSQL (several
 * processes may share it): only jobs whose heartbeat is older than STALE_AFTER_MS — run at start
 * and every minute by each process (`startJobSweeper`), so a killed process's jobs are failed
 * within about a minute and a live process's are never touched. Returns how many were failed.
 */
export async function failInterruptedJobs(deps: Deps): Promise<number> {
  const unfinished = inArray(importJobs.status, ["queued", "running"]);
  const where = deps.dbKind === "postgres" ? and(unfinished, sql`coalesce(${importJobs.heartbeatAt}, '-infinity') < clock_timestamp() - make_interval(secs => ${STALE_AFTER_MS / 1000})`) : unfinished;
  const failed = await deps.db
    .update(importJobs)
    .set({ status: "failed", errorCode: "internal.error", errorMessage: "服务重启，任务已中断，请重新提交", finishedAt: deps.clock.now() })
    .where(where)
    .returning({ id: importJobs.id });
  return failed.length;
}

/** PostgreSQL: fails other processes' dead jobs every `everyMs`; returns the stop function. */
export function startJobSweeper(deps: Deps, everyMs = 60_000): () => void {
  if (deps.dbKind !== "postgres") return () => {};
  const timer = setInterval(() => void failInterruptedJobs(deps).catch((e) => console.error("job sweep failed", e)), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * Background imports the user started that finished since `since` and need a look: failed, or
 * finished with problem rows (a dry run that found problems, a commit that was refused).
 */
function withProblemsSince(since: Date): SQL {
  return and(gte(importJobs.createdAt, since), or(eq(importJobs.status, "failed"), and(eq(importJobs.status, "succeeded"), gt(importJobs.problemCount, 0)))) as SQL;
}

/** The home to-do: what `listJobs` with the same `problemsSince` totals. */
export async function countJobsWithProblems(db: Db, createdBy: string, since: Date): Promise<number> {
  const [r] = await db
    .select({ n: count() })
    .from(importJobs)
    .where(and(eq(importJobs.createdBy, createdBy), withProblemsSince(since)));
  return r?.n ?? 0;
}

/** The job queue's depth: jobs queued or running, in every process on this database. */
export async function countJobsByStatus(db: Db): Promise<{ queued: number; running: number }> {
  const list = await db
    .select({ status: importJobs.status, n: count() })
    .from(importJobs)
    .where(inArray(importJobs.status, ["queued", "running"]))
    .groupBy(importJobs.status);
  const of = (s: string) => list.find((r) => r.status === s)?.n ?? 0;
  return { queued: of("queued"), running: of("running") };
}

/**
 * One user's jobs of `kinds`, newest first, paged (live progress merged in); `problemsSince` keeps
 * the ones countJobsWithProblems counts. Jobs are their starter's alone: nobody else lists them.
 */
export async function listJobs(
  db: Db,
  opts: { createdBy: string; kinds: string[]; status?: JobRow["status"] | undefined; problemsSince?: Date | undefined; page: number; pageSize: number },
): Promise<{ rows: JobRow[]; total: number }> {
  const where = and(
    eq(importJobs.createdBy, opts.createdBy),
    inArray(importJobs.kind, opts.kinds),
    opts.status ? eq(importJobs.status, opts.status) : undefined,
    opts.problemsSince ? withProblemsSince(opts.problemsSince) : undefined,
  );
  const [t] = await db.select({ n: count() }).from(importJobs).where(where);
  const total = t?.n ?? 0;
  if (total === 0) return { rows: [], total };
  const rows = await db
    .select()
    .from(importJobs)
    .where(where)
    .orderBy(desc(importJobs.createdAt), desc(importJobs.id))
    .limit(opts.pageSize)
    .offset((opts.page - 1) * opts.pageSize);
  const live = runnerOf(db).live;
  return {
    rows: rows.map((row) => {
      const l = live.get(row.id);
      if (!l || row.status === "succeeded" || row.status === "failed") return row;
      return { ...row, ...countsOf({ ...row, ...l } as Partial<JobCounts>), status: l.status } as JobRow;
    }),
    total,
  };
}
